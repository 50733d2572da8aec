package dev.feedhandler.protocol;

import dev.feedhandler.orderbook.testing.FuzzRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer's SBE decoding fuzzed with corrupted packets of the real publisher ({@link ConsumerFuzzBench}).
 * {@code -Dfuzz.inputs=N} corrupted packets per test (the {@code fuzz} profile: 1,000,000); {@code -Dseed=N} replays
 * a scenario.
 */
class ConsumerFuzzTest
{
    private static final long DEFAULT_INPUTS = 6_000;
    private static final int INPUTS_PER_SCENARIO = 2_000;

    /**
     * Packets a consumer can tell are broken: each rejected for its reason, nothing else changes, trustworthy books
     * always exact, and every book trustworthy and exact once the corruption stops and snapshot cycles pass.
     */
    @Test
    void shouldRejectEveryMalformedPacketForItsReasonAndRecoverOnceTheCorruptionStops()
    {
        final FuzzRun run = FuzzRun.run("consumer, malformed packets", DEFAULT_INPUTS, INPUTS_PER_SCENARIO,
            (random, budget, tally) -> new ConsumerFuzzBench(random, tally, true).run(budget));

        assertThat(run.outcomes().keySet()).noneMatch(outcome -> outcome.startsWith("taken"));
    }

    /** Any corruption, bit flips included: nothing thrown, each rejection counted once, books internally valid. */
    @Test
    void shouldNeverThrowOnArbitrarilyCorruptedPackets()
    {
        final FuzzRun run = FuzzRun.run("consumer, any corruption", DEFAULT_INPUTS, INPUTS_PER_SCENARIO,
            (random, budget, tally) -> new ConsumerFuzzBench(random, tally, false).run(budget));

        assertThat(run.outcomes().keySet()).anyMatch(outcome -> outcome.startsWith("taken"));
    }
}
