package dev.feedhandler.feeder.metrics;

import dev.feedhandler.orderbook.processor.StageLatency;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.util.ArrayList;
import java.util.List;

/**
 * The book thread's stage latencies: ingress (the I/O thread's read timestamp) to applied, and applied to published;
 * with ring timestamps on, also ingress to ring (the ingest's commit to the event ring) and ring to applied.
 * Recording allocates nothing; the clock is the daemon's one {@link OffsetEpochNanoClock} ({@code System.nanoTime}
 * plus an offset, no {@code Instant} per call), the one the ingest stamps events with.
 * <p>
 * Readers: the Prometheus endpoint takes interval samples ({@link StageHistogram#sample()}); an in-process tool (the
 * latency harness) can instead {@link #markWindow() mark} a start and take {@link #window copies} of what was
 * recorded since. Both drain the same recorders: a window misses nothing, but the endpoint's next quantiles would
 * miss what a window read drained, so the daemon itself never reads windows.
 */
public final class LatencyHistograms implements StageLatency
{
    /** The stages, by their metric names ({@code feeder_latency_<name>_seconds}). */
    public enum Stage
    {
        INGRESS_TO_RING("ingress_to_ring"),
        RING_TO_APPLIED("ring_to_applied"),
        INGRESS_TO_APPLIED("ingress_to_applied"),
        APPLIED_TO_PUBLISHED("applied_to_published");

        private final String metricName;

        Stage(final String metricName)
        {
            this.metricName = metricName;
        }

        public String metricName()
        {
            return metricName;
        }
    }

    private final EpochNanoClock clock;
    private final StageHistogram ingressToApplied = new StageHistogram(Stage.INGRESS_TO_APPLIED.metricName());
    private final StageHistogram appliedToPublished = new StageHistogram(Stage.APPLIED_TO_PUBLISHED.metricName());
    /** Null unless ring timestamps are on: no memory for stages nothing would record. */
    private final StageHistogram ingressToRing;
    private final StageHistogram ringToApplied;

    /** Ingress to applied and applied to published only, on a clock of its own (tests). */
    public LatencyHistograms()
    {
        this(new OffsetEpochNanoClock(), false);
    }

    /**
     * @param clock      the clock of the events' ingress (and ring) timestamps.
     * @param ringStages whether the ingest stamps ring commits, so ingress to ring and ring to applied are recorded.
     */
    public LatencyHistograms(final EpochNanoClock clock, final boolean ringStages)
    {
        this.clock = clock;
        this.ingressToRing = ringStages ? new StageHistogram(Stage.INGRESS_TO_RING.metricName()) : null;
        this.ringToApplied = ringStages ? new StageHistogram(Stage.RING_TO_APPLIED.metricName()) : null;
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

    /** Called only for events with a ring time, which exist only with ring stages on; ignored otherwise. */
    public void recordIngressToRing(final long nanos)
    {
        if (ingressToRing != null)
        {
            ingressToRing.record(nanos);
        }
    }

    public void recordRingToApplied(final long nanos)
    {
        if (ringToApplied != null)
        {
            ringToApplied.record(nanos);
        }
    }

    /** Whether ingress to ring and ring to applied are recorded. */
    public boolean hasRingStages()
    {
        return ingressToRing != null;
    }

    /**
     * Start a measurement window on every stage: {@link #window} leaves out what was recorded before. Reader side
     * (not the book thread); values being recorded during the call land on either side of the mark.
     */
    public void markWindow()
    {
        for (final StageHistogram stage : stages())
        {
            stage.markWindow();
        }
    }

    /**
     * A copy of what {@code stage} recorded since {@link #markWindow()}, in ns (values above 60 s as 60 s); null for
     * a ring stage with ring stages off. Reader side; allocates.
     *
     * @throws IllegalStateException before the first {@link #markWindow()}.
     */
    public Histogram window(final Stage stage)
    {
        final StageHistogram histogram = histogram(stage);
        return histogram == null ? null : histogram.windowCopy();
    }

    /** The recorded stages, in pipeline order (the Prometheus endpoint's summaries). */
    List<StageHistogram> stages()
    {
        final List<StageHistogram> stages = new ArrayList<>(4);
        for (final Stage stage : Stage.values())
        {
            final StageHistogram histogram = histogram(stage);
            if (histogram != null)
            {
                stages.add(histogram);
            }
        }
        return stages;
    }

    StageHistogram ingressToApplied()
    {
        return ingressToApplied;
    }

    StageHistogram appliedToPublished()
    {
        return appliedToPublished;
    }

    private StageHistogram histogram(final Stage stage)
    {
        return switch (stage)
        {
            case INGRESS_TO_RING -> ingressToRing;
            case RING_TO_APPLIED -> ringToApplied;
            case INGRESS_TO_APPLIED -> ingressToApplied;
            case APPLIED_TO_PUBLISHED -> appliedToPublished;
        };
    }
}
