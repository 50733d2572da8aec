package dev.feedhandler.feeder.metrics;

import dev.feedhandler.feeder.metrics.LatencyHistograms.Stage;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stages a {@link LatencyHistograms} records, and the window an in-process reader (the latency harness) takes. */
class LatencyHistogramsTest
{
    private long nowNs = 5_000;
    private final LatencyHistograms withRing = new LatencyHistograms(() -> nowNs, true);
    private final LatencyHistograms withoutRing = new LatencyHistograms(() -> nowNs, false);

    @Test
    void shouldRecordTheRingStagesOnlyWhenRingTimestampsAreOn()
    {
        for (final LatencyHistograms latency : new LatencyHistograms[]{withRing, withoutRing})
        {
            latency.markWindow();
            latency.recordIngressToRing(1_000);
            latency.recordRingToApplied(2_000);
            latency.recordIngressToApplied(3_000);
            latency.recordAppliedToPublished(4_000);
        }

        assertThat(withRing.hasRingStages()).isTrue();
        assertThat(withRing.stages()).extracting(StageHistogram::name)
            .containsExactly("ingress_to_ring", "ring_to_applied", "ingress_to_applied", "applied_to_published");
        assertThat(withRing.window(Stage.INGRESS_TO_RING).getMaxValue()).isBetween(999L, 1_001L);
        assertThat(withRing.window(Stage.RING_TO_APPLIED).getMaxValue()).isBetween(1_999L, 2_001L);

        assertThat(withoutRing.hasRingStages()).isFalse();
        assertThat(withoutRing.stages()).extracting(StageHistogram::name)
            .containsExactly("ingress_to_applied", "applied_to_published");
        assertThat(withoutRing.window(Stage.INGRESS_TO_RING)).as("no histogram: nothing recorded").isNull();
        assertThat(withoutRing.window(Stage.RING_TO_APPLIED)).isNull();
        assertThat(withoutRing.window(Stage.INGRESS_TO_APPLIED).getTotalCount()).isOne();
        assertThat(withoutRing.epochNanos()).isEqualTo(5_000);
    }

    @Test
    void shouldKeepOnlyWhatWasRecordedSinceTheMarkInTheWindow()
    {
        withRing.recordRingToApplied(1_000_000); // warm-up: left out
        withRing.recordRingToApplied(2_000_000);
        withRing.markWindow();
        withRing.recordRingToApplied(700);
        withRing.recordRingToApplied(900);

        final Histogram first = withRing.window(Stage.RING_TO_APPLIED);
        withRing.recordRingToApplied(800);
        final Histogram second = withRing.window(Stage.RING_TO_APPLIED);

        assertThat(first.getTotalCount()).isEqualTo(2);
        assertThat(first.getMaxValue()).isLessThan(1_000);
        assertThat(second.getTotalCount()).as("a window read takes nothing away from the next").isEqualTo(3);
        assertThat(withRing.window(Stage.INGRESS_TO_RING).getTotalCount()).isZero();
    }

    @Test
    void shouldCountWindowedValuesInTheEndpointsTotals()
    {
        withRing.recordIngressToApplied(1_000);
        withRing.markWindow();
        withRing.recordIngressToApplied(2_000);
        withRing.window(Stage.INGRESS_TO_APPLIED);

        final StageHistogram.Sample sample = withRing.ingressToApplied().sample();

        assertThat(sample.totalCount()).isEqualTo(2);
        assertThat(sample.count()).as("the window read drained this interval").isZero();
    }

    @Test
    void shouldRefuseAWindowThatWasNeverMarked()
    {
        withRing.recordIngressToApplied(1_000);

        assertThatThrownBy(() -> withRing.window(Stage.INGRESS_TO_APPLIED))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("ingress_to_applied");
    }
}
