package dev.feedhandler.protocol.monitor;

import dev.feedhandler.protocol.consumer.BookConsumerListener;
import dev.feedhandler.protocol.consumer.ConsumerBook;
import dev.feedhandler.protocol.sbe.BookDeltaDecoder;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.EpochNanoClock;

/**
 * What the monitor measures from consumer callbacks: gaps (with their sizes) and latency histograms, publish → receive
 * and venue ingress → receive, in nanoseconds. Records without allocating.
 */
final class MonitorStats implements BookConsumerListener
{
    /** One minute: anything slower is recorded as a minute. */
    static final long MAX_TRACKED_NS = 60_000_000_000L;

    final Histogram publishToReceive = new Histogram(MAX_TRACKED_NS, 3);
    final Histogram ingressToReceive = new Histogram(MAX_TRACKED_NS, 3);
    private final EpochNanoClock clock;
    long updates;
    long negativeLatencies;
    long deltaGaps;
    long deltaGapMessages;
    long largestDeltaGap;
    long snapshotGaps;
    long snapshotGapMessages;
    long restarts;
    long trustChanges;

    MonitorStats(final EpochNanoClock clock)
    {
        this.clock = clock;
    }

    public void onBookUpdated(final ConsumerBook book, final long ingressTimeNs, final long publishTimeNs)
    {
        final long nowNs = clock.nanoTime();
        updates++;
        record(publishToReceive, nowNs - publishTimeNs);
        if (ingressTimeNs != BookDeltaDecoder.ingressTimeNsNullValue())
        {
            record(ingressToReceive, nowNs - ingressTimeNs);
        }
    }

    public void onTrustChanged(final ConsumerBook book)
    {
        trustChanges++;
    }

    public void onGap(final boolean snapshotStream, final long fromSequence, final long toSequence)
    {
        final long size = toSequence - fromSequence + 1;
        if (snapshotStream)
        {
            snapshotGaps++;
            snapshotGapMessages += size;
        }
        else
        {
            deltaGaps++;
            deltaGapMessages += size;
            largestDeltaGap = Math.max(largestDeltaGap, size);
        }
    }

    public void onNewSession(final long previousEpoch, final long epoch)
    {
        restarts++;
    }

    /** Clocks on two hosts can disagree: a negative latency is counted, not recorded. */
    private void record(final Histogram histogram, final long latencyNs)
    {
        if (latencyNs < 0)
        {
            negativeLatencies++;
            return;
        }
        histogram.recordValue(Math.min(latencyNs, MAX_TRACKED_NS));
    }
}
