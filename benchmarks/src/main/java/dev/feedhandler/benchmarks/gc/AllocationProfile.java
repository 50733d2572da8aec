package dev.feedhandler.benchmarks.gc;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What allocates, by JFR's allocation sampling ({@code jdk.ObjectAllocationSample}: a throttled sample of the
 * allocations that took a new TLAB or went outside one, each weighted by the bytes it stands for, with its stack). A
 * recording of that one event only, started here and written to a file at the end, so {@code jfr print --events
 * jdk.ObjectAllocationSample FILE} shows every sample. The summary groups the samples inside a window by thread,
 * allocated class and top frames.
 */
final class AllocationProfile implements AutoCloseable
{
    private static final String EVENT = "jdk.ObjectAllocationSample";
    /** The JDK's own frames at the top of a stack are left out: the stack is shown from the first caller. */
    private static final String[] JDK_PACKAGES = {"java.", "jdk.", "sun."};

    private final Recording recording = new Recording();
    private final Path file;

    AllocationProfile(final Path file, final String throttle)
    {
        this.file = file;
        recording.setName("zero-gc-allocations");
        recording.enable(EVENT).with("throttle", throttle).withStackTrace();
        recording.setToDisk(true);
    }

    void start()
    {
        recording.start();
    }

    /** Stops the recording and writes it to the file. */
    Path stop() throws IOException
    {
        recording.stop();
        recording.dump(file);
        return file;
    }

    public void close()
    {
        recording.close();
    }

    /**
     * Prints the {@code top} heaviest (thread, class, stack) groups of the samples between the two instants, with
     * {@code depth} frames each.
     */
    void printTop(final PrintStream out, final Instant from, final Instant to, final int top, final int depth)
        throws IOException
    {
        final Map<String, long[]> weights = new HashMap<>();
        long total = 0;
        for (final RecordedEvent event : RecordingFile.readAllEvents(file))
        {
            if (!EVENT.equals(event.getEventType().getName()) || event.getStartTime().isBefore(from) ||
                event.getStartTime().isAfter(to))
            {
                continue;
            }
            final long weight = event.getLong("weight");
            total += weight;
            final long[] sum = weights.computeIfAbsent(key(event, depth), k -> new long[2]);
            sum[0] += weight;
            sum[1]++;
        }
        out.printf(Locale.ROOT, "JFR allocation samples in the window: ~%,d bytes in all (estimated from the " +
            "samples' weights); the %d heaviest sources, [thread] class, from the first frame outside the JDK:%n",
            total, top);
        final List<Map.Entry<String, long[]>> sorted = new ArrayList<>(weights.entrySet());
        sorted.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        for (int i = 0; i < Math.min(top, sorted.size()); i++)
        {
            final Map.Entry<String, long[]> entry = sorted.get(i);
            out.printf(Locale.ROOT, "%5.1f%% ~%,d bytes, %d samples: %s%n", total == 0 ? 0 : 100.0 *
                entry.getValue()[0] / total, entry.getValue()[0], entry.getValue()[1], entry.getKey());
        }
        out.println("all samples: jfr print --events " + EVENT + " " + file);
    }

    private static String key(final RecordedEvent event, final int depth)
    {
        final RecordedThread thread = event.getThread("eventThread");
        final StringBuilder key = new StringBuilder();
        key.append('[').append(thread == null ? "?" : thread.getJavaName()).append("] ")
            .append(event.getClass("objectClass").getName());
        final RecordedStackTrace stack = event.getStackTrace();
        if (stack == null)
        {
            return key.append(" (no stack)").toString();
        }
        final List<RecordedFrame> frames = stack.getFrames();
        int first = 0;
        while (first < frames.size() && isJdk(frames.get(first).getMethod().getType().getName()))
        {
            first++;
        }
        first = first == frames.size() ? 0 : first; // only JDK frames: show them
        for (int i = first; i < Math.min(frames.size(), first + depth); i++)
        {
            final RecordedFrame frame = frames.get(i);
            key.append("\n          at ").append(frame.getMethod().getType().getName()).append('.')
                .append(frame.getMethod().getName()).append(':').append(frame.getLineNumber());
        }
        return key.toString();
    }

    private static boolean isJdk(final String type)
    {
        for (final String prefix : JDK_PACKAGES)
        {
            if (type.startsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }
}
