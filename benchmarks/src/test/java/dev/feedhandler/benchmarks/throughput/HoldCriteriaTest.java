package dev.feedhandler.benchmarks.throughput;

import dev.feedhandler.benchmarks.latency.LoadRunResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HoldCriteriaTest
{
    private static final long MS = 1_000_000;
    private final HoldCriteria criteria = new HoldCriteria(10 * MS, 1_000 * MS, 0);

    @Test
    void shouldHoldWhenEverythingArrivedOnTime()
    {
        assertThat(criteria.failures(result(1_000, 1_000, 0, 5 * MS, 9 * MS))).isEmpty();
        assertThat(criteria.held(result(1_000, 1_000, 0, 5 * MS, 9 * MS))).isTrue();
    }

    @Test
    void shouldNameEveryReasonARunFailed()
    {
        assertThat(criteria.failures(result(1_000, 990, 2, 2_500 * MS, 20 * MS))).isEqualTo(
            "sender behind schedule by 20.0 ms (rate not offered); lost 10 of 1000; 2 gaps; " +
                "fell behind (max latency 2500.0 ms)");
    }

    @Test
    void shouldFailOnTheP99BoundOnlyWhenOneIsSet()
    {
        final LoadRunResult slowTail = result(1_000, 1_000, 0, 50 * MS, 0);

        assertThat(criteria.held(slowTail)).isTrue();
        assertThat(new HoldCriteria(10 * MS, 1_000 * MS, 20 * MS).failures(slowTail)).isEqualTo("p99 40.0 ms over 20.0 ms");
    }

    @Test
    void shouldAcceptBoundsExactlyMet()
    {
        assertThat(criteria.held(result(1_000, 1_000, 0, 1_000 * MS, 10 * MS))).isTrue();
    }

    private static LoadRunResult result(final long expected, final long received, final long gaps, final long maxNs,
        final long senderLagNs)
    {
        return new LoadRunResult("daemon", 10_000, expected, received, gaps, maxNs / 4, maxNs * 4 / 5, maxNs,
            senderLagNs, 0, 0);
    }
}
