package dev.feedhandler.benchmarks.throughput;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateSearchTest
{
    private static final int MAX_RATE = 2_000_000;

    @Test
    void shouldDoubleFromTheStartThenBisectThenConfirmTheHighestRateThatHeld()
    {
        final RateSearch search = defaultSearch();

        final List<String> probes = run(search, rate -> rate <= 300_000, rate -> rate <= 300_000);

        assertThat(probes).containsExactly(
            "SEARCH 10000 held", "SEARCH 20000 held", "SEARCH 40000 held", "SEARCH 80000 held",
            "SEARCH 160000 held", "SEARCH 320000 failed", "SEARCH 240000 held", "SEARCH 280000 held",
            "SEARCH 300000 held", "SEARCH 310000 failed", "CONFIRM 300000 held");
        assertThat(search.confirmedRate()).isEqualTo(300_000);
        assertThat(search.lowestFailed()).isEqualTo(310_000);
        assertThat(search.next()).isNull();
    }

    @Test
    void shouldHalveWhenTheStartRateFailsThenBisectUpwards()
    {
        final RateSearch search = defaultSearch();

        final List<String> probes = run(search, rate -> rate <= 3_000, rate -> rate <= 3_000);

        assertThat(probes).containsExactly(
            "SEARCH 10000 failed", "SEARCH 5000 failed", "SEARCH 3000 held", "SEARCH 4000 failed",
            "CONFIRM 3000 held");
        assertThat(search.confirmedRate()).isEqualTo(3_000);
    }

    @Test
    void shouldStopDoublingAtTheMaximumRate()
    {
        final RateSearch search = new RateSearch(10_000, 100_000, 1_000, 0.05, 12, 3, 0.1);

        final List<String> probes = run(search, rate -> true, rate -> true);

        assertThat(probes).containsExactly(
            "SEARCH 10000 held", "SEARCH 20000 held", "SEARCH 40000 held", "SEARCH 80000 held",
            "SEARCH 100000 held", "CONFIRM 100000 held");
        assertThat(search.lowestFailed()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void shouldConfirmLowerAfterAFailedConfirmation()
    {
        final RateSearch search = defaultSearch();

        // Short probes hold up to 300k, but the full-length run only up to 250k.
        final List<String> probes = run(search, rate -> rate <= 300_000, rate -> rate <= 250_000);

        assertThat(probes).endsWith("CONFIRM 300000 failed", "CONFIRM 270000 failed", "CONFIRM 243000 held");
        assertThat(search.confirmedRate()).isEqualTo(243_000);
    }

    @Test
    void shouldGiveUpAfterTheLastConfirmationAttempt()
    {
        final RateSearch search = defaultSearch();

        final List<String> probes = run(search, rate -> rate <= 300_000, rate -> false);

        assertThat(probes).endsWith("CONFIRM 300000 failed", "CONFIRM 270000 failed", "CONFIRM 243000 failed");
        assertThat(search.confirmedRate()).isZero();
        assertThat(search.next()).isNull();
    }

    @Test
    void shouldEndWithoutConfirmingWhenNothingHolds()
    {
        final RateSearch search = defaultSearch();

        final List<String> probes = run(search, rate -> false, rate -> false);

        assertThat(probes).containsExactly("SEARCH 10000 failed", "SEARCH 5000 failed", "SEARCH 3000 failed",
            "SEARCH 2000 failed", "SEARCH 1000 failed");
        assertThat(search.confirmedRate()).isZero();
        assertThat(search.highestHeld()).isZero();
    }

    @Test
    void shouldConfirmAfterTheMaximumNumberOfSearchProbes()
    {
        final RateSearch search = new RateSearch(10_000, MAX_RATE, 1_000, 0.05, 3, 3, 0.1);

        final List<String> probes = run(search, rate -> true, rate -> true);

        assertThat(probes).containsExactly("SEARCH 10000 held", "SEARCH 20000 held", "SEARCH 40000 held",
            "CONFIRM 40000 held");
    }

    @Test
    void shouldConvergeWithinThePrecisionOfAnyCapacityInBoundedProbes()
    {
        final long seed = Long.getLong("seed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        for (int iteration = 0; iteration < 2_000; iteration++)
        {
            final int capacity = random.nextInt(1_000, MAX_RATE);
            final RateSearch search = new RateSearch(10_000, MAX_RATE, 1_000, 0.05, 20, 3, 0.1);

            final List<String> probes = run(search, rate -> rate <= capacity, rate -> rate <= capacity);

            final String context = "seed " + seed + " (rerun with -Dseed), capacity " + capacity + ": " + probes;
            assertThat(search.confirmedRate()).as(context).isPositive().isLessThanOrEqualTo(capacity);
            assertThat(capacity - search.confirmedRate()).as(context)
                .isLessThanOrEqualTo(Math.max(1_000, (int)(0.05 * capacity)) + 1_000);
            assertThat(probes).as(context).hasSizeLessThanOrEqualTo(21);
        }
    }

    @Test
    void shouldRefuseAResultForAProbeItDidNotGive()
    {
        final RateSearch search = defaultSearch();
        search.next();

        assertThatThrownBy(() -> search.onResult(new RateSearch.Probe(RateSearch.Phase.SEARCH, 12_345), true))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRoundRatesToTheGranularityAndAtLeastOneStep()
    {
        assertThat(RateSearch.round(2_499, 1_000)).isEqualTo(2_000);
        assertThat(RateSearch.round(2_500, 1_000)).isEqualTo(3_000);
        assertThat(RateSearch.round(10, 1_000)).isEqualTo(1_000);
    }

    private static RateSearch defaultSearch()
    {
        return new RateSearch(10_000, MAX_RATE, 1_000, 0.05, 12, 3, 0.1);
    }

    /** Runs the search to its end against the given capacities; the probes as "PHASE rate held|failed". */
    private static List<String> run(final RateSearch search, final IntPredicate holdsShort, final IntPredicate holdsLong)
    {
        final List<String> probes = new ArrayList<>();
        for (RateSearch.Probe probe = search.next(); probe != null; probe = search.next())
        {
            final boolean held = probe.phase() == RateSearch.Phase.SEARCH ?
                holdsShort.test(probe.rate()) : holdsLong.test(probe.rate());
            probes.add(probe.phase() + " " + probe.rate() + (held ? " held" : " failed"));
            search.onResult(probe, held);
            assertThat(probes).as("bounded").hasSizeLessThan(100);
        }
        return probes;
    }
}
