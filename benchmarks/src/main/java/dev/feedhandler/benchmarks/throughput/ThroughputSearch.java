package dev.feedhandler.benchmarks.throughput;

import dev.feedhandler.benchmarks.Corpora;
import dev.feedhandler.benchmarks.latency.DaemonLatencyHarness;
import dev.feedhandler.benchmarks.latency.FloorLatencyHarness;
import dev.feedhandler.benchmarks.latency.LoadRunResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The sustained-throughput search: the highest offered rate the real daemon (or the transport floor) holds with
 * nothing lost, no gap, the sender on schedule and the pipeline keeping up ({@link HoldCriteria}). Short probes step
 * the rate up and bisect ({@link RateSearch}), then the best rate is confirmed for the full duration. Every probe is
 * a fresh run of {@link DaemonLatencyHarness} (or {@link FloorLatencyHarness}): a new venue, daemon and media driver,
 * all closed before the next probe. Bounded (probe counts are capped) and exits by itself: 0 when a rate was
 * confirmed, 1 when none was, 2 for bad arguments.
 */
@Command(
    name = "throughput-search",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Finds the highest offered rate the daemon (or the transport floor) holds: every message " +
        "received, no gap, the sender on schedule, no message later than --max-latency-ms.")
public final class ThroughputSearch implements Callable<Integer>
{
    /** A harness run at one rate. */
    @FunctionalInterface
    interface LoadTarget
    {
        LoadRunResult run(int rate, int warmupSeconds, int durationSeconds) throws Exception;
    }

    /** A run's start-up, drain and shutdown, beyond warm-up and duration: for the time estimate only. */
    private static final int OVERHEAD_SECONDS = 15;

    @Option(names = "--target", defaultValue = "daemon", paramLabel = "daemon|floor|both",
        description = "what to search: the daemon, the transport floor, or both (then the ratio; default daemon)")
    private String target;

    @Option(names = "--probe-seconds", defaultValue = "10", description = "length of a search probe (default 10)")
    private int probeSeconds;

    @Option(names = "--confirm-seconds", defaultValue = "60",
        description = "length of the confirmation at the best rate (default 60)")
    private int confirmSeconds;

    @Option(names = "--warmup-seconds", defaultValue = "5",
        description = "warm-up before every probe and confirmation, not judged (default 5)")
    private int warmupSeconds;

    @Option(names = "--start-rate", defaultValue = "10000", description = "first rate, msg/s (default 10000)")
    private int startRate;

    @Option(names = "--max-rate", defaultValue = "2000000", description = "never above this, msg/s (default 2000000)")
    private int maxRate;

    @Option(names = "--granularity", defaultValue = "1000", description = "rates are multiples of this (default 1000)")
    private int granularity;

    @Option(names = "--precision", defaultValue = "0.05",
        description = "stop bisecting within this fraction of the best rate (default 0.05)")
    private double precision;

    @Option(names = "--max-probes", defaultValue = "12", description = "search probes at most (default 12)")
    private int maxProbes;

    @Option(names = "--confirm-attempts", defaultValue = "3",
        description = "confirmations at most, each --confirm-backoff lower than the failed one (default 3)")
    private int confirmAttempts;

    @Option(names = "--confirm-backoff", defaultValue = "0.1", description = "(default 0.1: 10%% lower)")
    private double confirmBackoff;

    @Option(names = "--max-sender-lag-ms", defaultValue = "10",
        description = "the sender may fall this far behind its schedule, else the rate was not offered (default 10)")
    private double maxSenderLagMs;

    @Option(names = "--max-latency-ms", defaultValue = "1000",
        description = "no message later than this after its intended send time (default 1000)")
    private double maxLatencyMs;

    @Option(names = "--max-p99-us", defaultValue = "0", description = "p99 latency bound in us (default 0: none)")
    private double maxP99Us;

    @Option(names = "--levels", defaultValue = "1000", description = "daemon: book levels per side (default 1000)")
    private int levels;

    @Option(names = "--idle", defaultValue = "backoff", description = "daemon: book processor idle strategy")
    private String idle;

    @Option(names = "--corpus", defaultValue = Corpora.BINANCE_SPOT, description = "floor: the corpus it sends")
    private String corpus;

    private final PrintStream out;

    ThroughputSearch(final PrintStream out)
    {
        this.out = out;
    }

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new ThroughputSearch(System.out)).execute(args));
    }

    public Integer call() throws Exception
    {
        if (probeSeconds < 1 || confirmSeconds < 1 || warmupSeconds < 0 || levels < 20 || levels > 5000 ||
            !List.of("daemon", "floor", "both").contains(target))
        {
            throw new CommandLine.ParameterException(new CommandLine(this),
                "need --target daemon, floor or both, probe and confirmation >= 1 s, warm-up >= 0 s, levels 20..5000");
        }
        final HoldCriteria criteria = new HoldCriteria(nanosOfMillis(maxSenderLagMs), nanosOfMillis(maxLatencyMs),
            Math.round(maxP99Us * 1e3));
        final long worstCaseSeconds = (long)maxProbes * (warmupSeconds + probeSeconds + OVERHEAD_SECONDS) +
            (long)confirmAttempts * (warmupSeconds + confirmSeconds + OVERHEAD_SECONDS);
        final boolean both = "both".equals(target);
        out.printf(Locale.ROOT, "throughput search: %s; probes %d s, confirmation %d s, each after %d s warm-up; " +
            "at most %d probes + %d confirmations (~%d min%s)%n", target, probeSeconds, confirmSeconds,
            warmupSeconds, maxProbes, confirmAttempts, TimeUnit.SECONDS.toMinutes(worstCaseSeconds) + 1,
            both ? " each" : "");
        out.printf(Locale.ROOT, "held = every message received, no gap, sender lag <= %s, max latency <= %s%s%n",
            HoldCriteria.millis(criteria.maxSenderLagNs()), HoldCriteria.millis(criteria.maxLatencyNs()),
            criteria.maxP99Ns() > 0 ? ", p99 <= " + HoldCriteria.millis(criteria.maxP99Ns()) : "");

        final int floorRate = "floor".equals(target) || both ? search("floor", floorTarget(), criteria) : 0;
        final int daemonRate = "daemon".equals(target) || both ? search("daemon", daemonTarget(), criteria) : 0;
        if (both && floorRate > 0 && daemonRate > 0)
        {
            out.printf(Locale.ROOT, "ratio: the daemon holds %.2f of the floor's sustained rate (%,d / %,d msg/s)%n",
                (double)daemonRate / floorRate, daemonRate, floorRate);
        }
        return (both ? floorRate > 0 && daemonRate > 0 : floorRate + daemonRate > 0) ? 0 : 1;
    }

    private LoadTarget daemonTarget()
    {
        return (rate, warmup, duration) -> DaemonLatencyHarness.run(rate, warmup, duration, levels, idle, null);
    }

    private LoadTarget floorTarget()
    {
        return (rate, warmup, duration) ->
        {
            final FloorLatencyHarness.Result result =
                FloorLatencyHarness.run(Corpora.byName(corpus), rate, warmup, duration);
            result.print(out);
            return result.summary();
        };
    }

    /** Runs one search to its end, prints its table and answer; returns the confirmed rate or 0. */
    private int search(final String name, final LoadTarget loadTarget, final HoldCriteria criteria) throws Exception
    {
        final RateSearch search = new RateSearch(startRate, Math.max(startRate, maxRate), granularity, precision,
            maxProbes, confirmAttempts, confirmBackoff);
        final List<ProbeRow> rows = new ArrayList<>();
        for (RateSearch.Probe probe = search.next(); probe != null; probe = search.next())
        {
            final int seconds = probe.phase() == RateSearch.Phase.SEARCH ? probeSeconds : confirmSeconds;
            out.printf(Locale.ROOT, "%n== %s %s probe %d: %,d msg/s for %d s%n", name,
                probe.phase().name().toLowerCase(Locale.ROOT), rows.size() + 1, probe.rate(), seconds);
            System.gc(); // the last probe's garbage collected now, not during this one
            final LoadRunResult result = loadTarget.run(probe.rate(), warmupSeconds, seconds);
            final String failures = criteria.failures(result);
            rows.add(new ProbeRow(probe.phase(), seconds, result, failures));
            out.printf(Locale.ROOT, "== %s %,d msg/s: %s%n", name, probe.rate(),
                failures.isEmpty() ? "held" : "failed: " + failures);
            search.onResult(probe, failures.isEmpty());
        }
        printTable(name, rows);
        printAnswer(name, search, rows);
        return search.confirmedRate();
    }

    private void printTable(final String name, final List<ProbeRow> rows)
    {
        out.printf(Locale.ROOT, "%n%s: throughput search%n", name);
        out.printf(Locale.ROOT, "%3s  %-8s %12s %5s %11s %11s %6s %10s %10s %9s %13s  %s%n", "#", "phase", "rate msg/s",
            "s", "expected", "received", "gaps", "p50 us", "p99 us", "max ms", "sender lag ms", "result");
        for (int i = 0; i < rows.size(); i++)
        {
            final ProbeRow row = rows.get(i);
            final LoadRunResult r = row.result();
            out.printf(Locale.ROOT, "%3d  %-8s %,12d %5d %,11d %,11d %6d %,10.1f %,10.1f %,9.1f %,13.2f  %s%n", i + 1,
                row.phase().name().toLowerCase(Locale.ROOT), r.rate(), row.seconds(), r.expected(), r.received(),
                r.gaps(), r.p50Ns() / 1e3, r.p99Ns() / 1e3, r.maxNs() / 1e6, r.senderMaxLagNs() / 1e6,
                row.failures().isEmpty() ? "held" : row.failures());
        }
    }

    private void printAnswer(final String name, final RateSearch search, final List<ProbeRow> rows)
    {
        final ProbeRow lowestFailure = lowestFailure(rows);
        final String failedAt = lowestFailure == null ? "none (the search ended at --max-rate or --max-probes)" : String.format(Locale.ROOT,
            "%,d msg/s (%s)", lowestFailure.result().rate(), lowestFailure.failures());
        if (search.confirmedRate() > 0)
        {
            out.printf(Locale.ROOT, "answer: %s held %,d msg/s for %d s (confirmed); lowest rate that failed: %s%n",
                name, search.confirmedRate(), confirmSeconds, failedAt);
        }
        else
        {
            out.printf(Locale.ROOT, "answer: %s: no rate confirmed for %d s; highest search probe that held: %,d " +
                "msg/s; lowest rate that failed: %s%n", name, confirmSeconds, search.highestHeld(), failedAt);
        }
        if (lowestFailure != null && !lowestFailure.result().senderKeptUp(nanosOfMillis(maxSenderLagMs)))
        {
            out.printf(Locale.ROOT, "note: the harness's sender could not keep to %,d msg/s, so the limit found " +
                "may be the harness's rather than the %s's: give the sender a core of its own and search again%n",
                lowestFailure.result().rate(), name);
        }
    }

    private static ProbeRow lowestFailure(final List<ProbeRow> rows)
    {
        ProbeRow lowest = null;
        for (final ProbeRow row : rows)
        {
            if (!row.failures().isEmpty() && (lowest == null || row.result().rate() < lowest.result().rate()))
            {
                lowest = row;
            }
        }
        return lowest;
    }

    private static long nanosOfMillis(final double millis)
    {
        return Math.round(millis * 1e6);
    }

    private record ProbeRow(RateSearch.Phase phase, int seconds, LoadRunResult result, String failures)
    {
    }
}
