package dev.feedhandler.benchmarks.processor;

import dev.feedhandler.orderbook.processor.RingMessages;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for the I/O threads: writes diffs into the event ring as fast as the ring takes them (claim, copy,
 * commit, as the ingest does), instruments round-robin, each instrument's update ids rising by one from
 * {@code firstId}. A full ring is waited out with a backoff (so the other threads on its core get to run) and
 * counted: full rings mean the processor, not this thread, set the pace.
 */
final class RingProducer implements Runnable
{
    private final RingBuffer ring;
    private final SyntheticBookStream stream;
    private final int instruments;
    private final long firstId;
    private final IdleStrategy whenFull = new BackoffIdleStrategy();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong ringFull = new AtomicLong();
    private volatile boolean running = true;

    RingProducer(final RingBuffer ring, final SyntheticBookStream stream, final int instruments, final long firstId)
    {
        this.ring = ring;
        this.stream = stream;
        this.instruments = instruments;
        this.firstId = firstId;
    }

    public void run()
    {
        final int length = stream.diffLength();
        long id = firstId;
        int instrument = 0;
        int template = 0;
        long count = 0;
        long full = 0;
        while (running)
        {
            final int index = ring.tryClaim(RingMessages.BOOK_EVENT, length);
            if (index < 0)
            {
                ringFull.lazySet(++full);
                whenFull.idle();
                continue;
            }
            whenFull.reset();
            stream.copyDiff(template++, ring.buffer(), index, instrument, id);
            ring.commit(index);
            written.lazySet(++count);
            if (++instrument == instruments)
            {
                instrument = 0;
                id++;
            }
        }
    }

    void stop()
    {
        running = false;
    }

    /** Diffs written so far. */
    long written()
    {
        return written.get();
    }

    /** Claims refused because the ring was full. */
    long ringFull()
    {
        return ringFull.get();
    }
}
