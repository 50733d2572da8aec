package dev.feedhandler.feeder.metrics;

import dev.feedhandler.orderbook.processor.StageLatency;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

/**
 * The book thread's stage latencies: ingress (the I/O thread's read timestamp) to applied, and applied to published.
 * Recording allocates nothing; the clock is {@link OffsetEpochNanoClock} ({@code System.nanoTime} plus an offset,
 * no {@code Instant} per call).
 */
public final class LatencyHistograms implements StageLatency
{
    private final EpochNanoClock clock;
    private final StageHistogram ingressToApplied = new StageHistogram("ingress_to_applied");
    private final StageHistogram appliedToPublished = new StageHistogram("applied_to_published");

    public LatencyHistograms()
    {
        this(new OffsetEpochNanoClock());
    }

    LatencyHistograms(final EpochNanoClock clock)
    {
        this.clock = clock;
    }

    public long epochNanos()
    {
        return clock.nanoTime();
    }

    public void recordIngressToApplied(final long nanos)
    {
        ingressToApplied.record(nanos);
    }

    public void recordAppliedToPublished(final long nanos)
    {
        appliedToPublished.record(nanos);
    }

    StageHistogram ingressToApplied()
    {
        return ingressToApplied;
    }

    StageHistogram appliedToPublished()
    {
        return appliedToPublished;
    }
}
