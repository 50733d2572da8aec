package dev.feedhandler.benchmarks.gc;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Every thread's allocated bytes (HotSpot's exact per-thread counter, {@code ThreadMXBean.getThreadAllocatedBytes}),
 * read once per interval on a thread of its own, so the bytes each thread allocated within a window can be told
 * afterwards without knowing the window in advance. Costs a few small arrays per sample (its own thread shows in the
 * report), nothing on the sampled threads.
 */
final class ThreadAllocationSampler implements Runnable
{
    /** Bytes one thread allocated within a window. */
    record ThreadBytes(String thread, long bytes)
    {
    }

    private record Sample(long nanoTime, long[] ids, long[] bytes)
    {
    }

    static final String THREAD_NAME = "allocation-sampler";

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private final long intervalNs;
    private final List<Sample> samples = new ArrayList<>();
    private final Map<Long, String> names = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ThreadAllocationSampler(final long interval, final TimeUnit unit)
    {
        this.intervalNs = unit.toNanos(interval);
        threads.setThreadAllocatedMemoryEnabled(true);
        thread = new Thread(this, THREAD_NAME);
        thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    public void run()
    {
        while (running)
        {
            sample();
            LockSupport.parkNanos(intervalNs);
        }
    }

    /** Stops sampling, after one last sample. */
    void stop() throws InterruptedException
    {
        running = false;
        LockSupport.unpark(thread);
        thread.join();
        sample();
    }

    void sample()
    {
        final long[] ids = threads.getAllThreadIds();
        final long[] bytes = threads.getThreadAllocatedBytes(ids);
        final long now = System.nanoTime();
        synchronized (samples)
        {
            samples.add(new Sample(now, ids, bytes));
            nameNewThreads(ids);
        }
    }

    private void nameNewThreads(final long[] ids)
    {
        int unnamed = 0;
        for (final long id : ids)
        {
            unnamed += names.containsKey(id) ? 0 : 1;
        }
        if (unnamed == 0)
        {
            return;
        }
        for (final ThreadInfo info : threads.getThreadInfo(ids, 0))
        {
            if (info != null)
            {
                names.putIfAbsent(info.getThreadId(), info.getThreadName());
            }
        }
    }

    /**
     * Per thread, the bytes allocated between the first sample at or after {@code fromNs} and the last at or before
     * {@code toNs} ({@link System#nanoTime()}), most first; threads that started in between count from zero. Empty
     * if fewer than two samples fall in the window.
     */
    List<ThreadBytes> allocatedBetween(final long fromNs, final long toNs)
    {
        synchronized (samples)
        {
            Sample first = null;
            Sample last = null;
            for (final Sample sample : samples)
            {
                if (sample.nanoTime() - fromNs >= 0 && sample.nanoTime() - toNs <= 0)
                {
                    first = first == null ? sample : first;
                    last = sample;
                }
            }
            final List<ThreadBytes> result = new ArrayList<>();
            if (first == null || first == last)
            {
                return result;
            }
            final Map<Long, Long> before = new HashMap<>();
            for (int i = 0; i < first.ids().length; i++)
            {
                before.put(first.ids()[i], first.bytes()[i]);
            }
            for (int i = 0; i < last.ids().length; i++)
            {
                final long allocated = last.bytes()[i] - before.getOrDefault(last.ids()[i], 0L);
                if (last.bytes()[i] >= 0 && allocated > 0)
                {
                    result.add(new ThreadBytes(names.getOrDefault(last.ids()[i], "#" + last.ids()[i]), allocated));
                }
            }
            result.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
            return result;
        }
    }

    /** The time between the samples {@link #allocatedBetween} uses, in ns (0 if it has none). */
    long spanBetween(final long fromNs, final long toNs)
    {
        synchronized (samples)
        {
            long first = 0;
            long last = 0;
            boolean any = false;
            for (final Sample sample : samples)
            {
                if (sample.nanoTime() - fromNs >= 0 && sample.nanoTime() - toNs <= 0)
                {
                    first = any ? first : sample.nanoTime();
                    last = sample.nanoTime();
                    any = true;
                }
            }
            return last - first;
        }
    }
}
