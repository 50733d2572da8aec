package dev.feedhandler.feeder.fuzz;

import dev.feedhandler.orderbook.testing.FuzzRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every venue decoder fuzzed with mutated real and simulated frames ({@link FrameMutator}) through the daemon's
 * decode → ring → sync path ({@link DecoderFuzzBench}): no exception, every rejection a reason, accepted inputs
 * well-formed, the other instrument's book exact throughout, both books recovered once the corruption stops.
 * <p>
 * {@code -Dfuzz.inputs=N} inputs per test (the {@code fuzz} profile: 1,000,000; {@code scripts/fuzz}); a failure names
 * its seed, {@code -Dseed=N} replays that scenario.
 */
class DecoderFuzzTest
{
    /** Per test in {@code mvn verify}: all of them together stay within about 30 s on a loaded 2-core machine. */
    private static final long DEFAULT_INPUTS = 3_000;
    private static final int INPUTS_PER_SCENARIO = 2_500;

    @Test
    void shouldSurviveMutatedBinanceSpotFrames()
    {
        fuzz("binance-spot frames", FuzzVenue.binanceSpot(), false);
    }

    @Test
    void shouldSurviveMutatedBinanceUsdmFrames()
    {
        fuzz("binance-usdm frames", FuzzVenue.binanceUsdm(), false);
    }

    @Test
    void shouldSurviveMutatedBinanceSpotSnapshots()
    {
        fuzz("binance-spot REST snapshots", FuzzVenue.binanceSpot(), true);
    }

    @Test
    void shouldSurviveMutatedBinanceUsdmSnapshots()
    {
        fuzz("binance-usdm REST snapshots", FuzzVenue.binanceUsdm(), true);
    }

    @Test
    void shouldSurviveMutatedBybitFrames()
    {
        fuzz("bybit frames", FuzzVenue.bybit(), false);
    }

    @Test
    void shouldSurviveMutatedOkxFrames()
    {
        fuzz("okx frames", FuzzVenue.okx(), false);
    }

    @Test
    void shouldSurviveMutatedKrakenFrames()
    {
        fuzz("kraken frames", FuzzVenue.kraken(), false);
    }

    @Test
    void shouldSurviveMutatedCoinbaseFrames()
    {
        fuzz("coinbase frames", FuzzVenue.coinbase(), false);
    }

    private static void fuzz(final String name, final FuzzVenue venue, final boolean snapshots)
    {
        final FuzzRun run = FuzzRun.run(name, DEFAULT_INPUTS, INPUTS_PER_SCENARIO,
            (random, budget, tally) -> new DecoderFuzzBench(venue, random, tally, snapshots).run(budget));

        assertThat(run.count("accepted")).as("some mutants are still valid").isPositive();
        assertThat(run.outcomes().keySet()).as("and many are rejected").anyMatch(key -> key.startsWith("rejected"));
    }
}
