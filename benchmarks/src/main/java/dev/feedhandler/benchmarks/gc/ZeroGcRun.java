package dev.feedhandler.benchmarks.gc;

import dev.feedhandler.benchmarks.latency.DaemonLatencyHarness;
import dev.feedhandler.benchmarks.latency.LoadRunResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The zero-GC run: {@link DaemonLatencyHarness} (loopback venue -> real daemon -> Aeron IPC -> consumer) for a long
 * time at a high rate in a JVM started with GC logging, then the GC log is read and every collection that started
 * after the warm-up (and before the run's shutdown) is reported. The measured window comes from the harness itself
 * (the intended send time of the first message after the warm-up, to the end of the drain), converted to JVM uptime,
 * the clock of the log's {@code [12.345s]} decoration.
 * <p>
 * Beside the GC log: every thread's allocated bytes in the window (exact, {@link ThreadAllocationSampler}) and, when a
 * collection happened, JFR's allocation samples in the window by thread, class and stack ({@link AllocationProfile}).
 * The JVM running this must log GC to the file given as {@code --gc-log} ({@code scripts/bench zero-gc} does it).
 * Exit code: 0 no collection after the warm-up; 1 at least one; 2 bad arguments; 3 the run lost messages or saw gaps
 * (its GC count is then no evidence).
 */
@Command(
    name = "zero-gc",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Runs the daemon latency harness with GC logging and fails if any collection happened after the " +
        "warm-up; reports what allocated.")
public final class ZeroGcRun implements Callable<Integer>
{
    private static final int STACK_DEPTH = 6;

    @Option(names = "--minutes", defaultValue = "10", description = "measured time after the warm-up (default 10)")
    private double minutes;

    @Option(names = "--rate", defaultValue = "100000", description = "offered rate, msg/s (default 100000)")
    private int rate;

    @Option(names = "--warmup-seconds", defaultValue = "30", description = "warm-up, not judged (default 30)")
    private int warmupSeconds;

    @Option(names = "--levels", defaultValue = "1000", description = "book levels per side (default 1000)")
    private int levels;

    @Option(names = "--idle", defaultValue = "backoff", description = "book processor idle strategy (default backoff)")
    private String idle;

    @Option(names = "--gc-log", required = true, paramLabel = "FILE",
        description = "the file this JVM logs GC to: start it with -Xlog:gc*:file=FILE")
    private Path gcLog;

    @Option(names = "--jfr", defaultValue = "true", negatable = true,
        description = "record JFR allocation samples for the report (default on; --no-jfr: GC log and per-thread " +
            "bytes only)")
    private boolean jfr;

    @Option(names = "--jfr-file", paramLabel = "FILE",
        description = "where the allocation samples go (default allocations.jfr beside the GC log)")
    private Path jfrFile;

    @Option(names = "--jfr-throttle", defaultValue = "150/s", description = "JFR's sample rate (default 150/s)")
    private String jfrThrottle;

    @Option(names = "--profile-always", description = "print the JFR allocation summary even with no collection")
    private boolean profileAlways;

    @Option(names = "--top", defaultValue = "12", description = "threads and allocation sources listed (default 12)")
    private int top;

    private final PrintStream out;

    ZeroGcRun(final PrintStream out)
    {
        this.out = out;
    }

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new ZeroGcRun(System.out)).execute(args));
    }

    public Integer call() throws Exception
    {
        final int seconds = (int)Math.max(1, Math.round(minutes * 60));
        if (rate < 1 || warmupSeconds < 0 || minutes <= 0 || levels < 20 || levels > 5000 || top < 1)
        {
            throw new CommandLine.ParameterException(new CommandLine(this),
                "need rate >= 1, warm-up >= 0, minutes > 0, levels 20..5000, top >= 1");
        }
        if (!Files.isRegularFile(gcLog))
        {
            throw new CommandLine.ParameterException(new CommandLine(this), "no GC log at " + gcLog +
                ": start this JVM with -Xlog:gc*:file=" + gcLog + " (scripts/bench zero-gc does)");
        }
        out.printf(Locale.ROOT, "zero-gc: %,d msg/s for %d s after a %d s warm-up; GC log %s%n", rate, seconds,
            warmupSeconds, gcLog);
        final ThreadAllocationSampler sampler = new ThreadAllocationSampler(1, TimeUnit.SECONDS);
        final AllocationProfile profile = jfr ? new AllocationProfile(jfrFile != null ? jfrFile :
            gcLog.toAbsolutePath().resolveSibling("allocations.jfr"), jfrThrottle) : null;
        final LoadRunResult result;
        try
        {
            sampler.start();
            if (profile != null)
            {
                profile.start();
            }
            result = DaemonLatencyHarness.run(rate, warmupSeconds, seconds, levels, idle, null);
        }
        finally
        {
            sampler.stop();
            if (profile != null)
            {
                profile.stop();
            }
        }
        final Window window = Window.of(result);
        final List<GcLog.GcEvent> collections = GcLog.read(gcLog);
        final List<GcLog.GcEvent> measured = GcLog.between(collections, window.fromUptimeMs, window.toUptimeMs);
        final int duringWarmup = GcLog.between(collections, 0, window.fromUptimeMs - 1e-3).size();
        final int afterwards = collections.size() - measured.size() - duringWarmup;
        out.printf(Locale.ROOT, "measured window: JVM uptime %.3f s to %.3f s (the log's [x.xxxs]); run %s%n",
            window.fromUptimeMs / 1e3, window.toUptimeMs / 1e3, result.complete() ? "complete" :
                "INCOMPLETE: received " + result.received() + " of " + result.expected() + ", gaps " + result.gaps());
        printAllocations(sampler, result);
        out.printf(Locale.ROOT, "collections: %d during start-up and warm-up, %d after the warm-up, %d in shutdown%n",
            duringWarmup, measured.size(), afterwards);
        for (final GcLog.GcEvent event : measured)
        {
            out.printf(Locale.ROOT, "  [%.3fs] %s%n", event.uptimeMs() / 1e3, event.description());
        }
        if (profile != null && (!measured.isEmpty() || profileAlways))
        {
            profile.printTop(out, window.fromInstant, window.toInstant, top, STACK_DEPTH);
        }
        if (profile != null)
        {
            profile.close();
        }
        out.println(measured.isEmpty() ? "zero-gc: PASS, no collection after the warm-up" :
            "zero-gc: FAIL, " + measured.size() + " collection(s) after the warm-up");
        return !result.complete() ? 3 : measured.isEmpty() ? 0 : 1;
    }

    private void printAllocations(final ThreadAllocationSampler sampler, final LoadRunResult result)
    {
        final List<ThreadAllocationSampler.ThreadBytes> threads =
            sampler.allocatedBetween(result.measuredFromNs(), result.measuredToNs());
        final double seconds = sampler.spanBetween(result.measuredFromNs(), result.measuredToNs()) / 1e9;
        final double messages = result.rate() * seconds;
        long total = 0;
        for (final ThreadAllocationSampler.ThreadBytes thread : threads)
        {
            total += thread.bytes();
        }
        out.printf(Locale.ROOT, "allocated after the warm-up (%.0f s between per-thread samples): %,d bytes in all, " +
            "%.1f bytes per message%n", seconds, total, messages > 0 ? total / messages : 0.0);
        final Map<String, Long> byOwner = new TreeMap<>();
        for (int i = 0; i < threads.size(); i++)
        {
            final ThreadAllocationSampler.ThreadBytes thread = threads.get(i);
            final String role = ThreadRole.of(thread.thread());
            byOwner.merge(ThreadRole.owner(role), thread.bytes(), Long::sum);
            if (i < top)
            {
                out.printf(Locale.ROOT, "  %,16d bytes %10.2f B/msg  %-34s %s%n", thread.bytes(),
                    messages > 0 ? thread.bytes() / messages : 0.0, abbreviate(thread.thread()), role);
            }
        }
        final List<Map.Entry<String, Long>> owners = new ArrayList<>(byOwner.entrySet());
        owners.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        for (final Map.Entry<String, Long> owner : owners)
        {
            out.printf(Locale.ROOT, "  %,16d bytes %10.2f B/msg  all %s threads%n", owner.getValue(),
                messages > 0 ? owner.getValue() / messages : 0.0, owner.getKey());
        }
        final long daemonBytes = byOwner.getOrDefault(ThreadRole.DAEMON, 0L);
        out.println(daemonBytes == 0 ? "daemon threads: nothing allocated after the warm-up" : String.format(Locale.ROOT,
            "daemon threads: %,d bytes allocated after the warm-up (see the daemon's rows above)", daemonBytes));
    }

    private static String abbreviate(final String thread)
    {
        return thread.length() <= 34 ? thread : thread.substring(0, 31) + "...";
    }

    /** The measured window on the GC log's clock (JVM uptime) and JFR's (wall clock). */
    private record Window(double fromUptimeMs, double toUptimeMs, Instant fromInstant, Instant toInstant)
    {
        static Window of(final LoadRunResult result)
        {
            final long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
            final Instant now = Instant.now();
            final long nowNs = System.nanoTime();
            return new Window(
                uptimeMs + (result.measuredFromNs() - nowNs) / 1e6,
                uptimeMs + (result.measuredToNs() - nowNs) / 1e6,
                now.plusNanos(result.measuredFromNs() - nowNs),
                now.plusNanos(result.measuredToNs() - nowNs));
        }
    }
}
