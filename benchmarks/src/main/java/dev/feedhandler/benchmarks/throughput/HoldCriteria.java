package dev.feedhandler.benchmarks.throughput;

import dev.feedhandler.benchmarks.latency.LoadRunResult;

import java.util.Locale;

/**
 * When a run "held" its offered rate: every message received, no gap, the sender on schedule (so the rate was really
 * offered), the pipeline keeping up (no message later than {@code maxLatencyNs}: a pipeline slower than the offered
 * rate builds a backlog, and the last messages arrive ever later), and optionally the 99th percentile under a bound.
 *
 * @param maxSenderLagNs the sender may fall at most this far behind its schedule.
 * @param maxLatencyNs   no message may arrive later than this after its intended send time.
 * @param maxP99Ns       the 99th percentile latency bound, or 0 for none.
 */
public record HoldCriteria(long maxSenderLagNs, long maxLatencyNs, long maxP99Ns)
{
    public HoldCriteria
    {
        if (maxSenderLagNs <= 0 || maxLatencyNs <= 0 || maxP99Ns < 0)
        {
            throw new IllegalArgumentException("bounds must be > 0 (p99: >= 0, 0 for none): " + maxSenderLagNs + ", " +
                maxLatencyNs + ", " + maxP99Ns);
        }
    }

    /** True if the run held its rate. */
    public boolean held(final LoadRunResult result)
    {
        return failures(result).isEmpty();
    }

    /** Every reason the run did not hold, separated by "; ", or an empty string when it held. */
    public String failures(final LoadRunResult result)
    {
        final StringBuilder reasons = new StringBuilder();
        if (!result.senderKeptUp(maxSenderLagNs))
        {
            add(reasons, "sender behind schedule by %s (rate not offered)", millis(result.senderMaxLagNs()));
        }
        if (result.received() < result.expected())
        {
            add(reasons, "lost %d of %d", result.expected() - result.received(), result.expected());
        }
        if (result.gaps() > 0)
        {
            add(reasons, "%d gaps", result.gaps());
        }
        if (result.maxNs() > maxLatencyNs)
        {
            add(reasons, "fell behind (max latency %s)", millis(result.maxNs()));
        }
        if (maxP99Ns > 0 && result.p99Ns() > maxP99Ns)
        {
            add(reasons, "p99 %s over %s", millis(result.p99Ns()), millis(maxP99Ns));
        }
        return reasons.toString();
    }

    private static void add(final StringBuilder reasons, final String format, final Object... values)
    {
        reasons.append(reasons.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, format, values));
    }

    static String millis(final long nanos)
    {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
