package dev.feedhandler.sim;

import dev.feedhandler.sim.format.FrameMutations;
import dev.feedhandler.sim.testing.Frames;
import dev.feedhandler.sim.testing.Json;
import dev.feedhandler.sim.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stream faults, on both venues: each does exactly what it says to the diffs a client receives, and the truth keeps
 * advancing underneath. The simulator is paused and stepped with {@code advance}, so every event is accounted for.
 */
class StreamFaultsTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private VenueSimulator sim;
    private WsClient client;

    @BeforeEach
    void start()
    {
        sim = VenueSimulator.start(new SimulatorConfig()
            .instruments("binance-spot", "BTCUSDT")
            .instruments("binance-usdm", "BTCUSDT")
            .levels(40)
            .seed(11)
            .startPaused(true));
    }

    @AfterEach
    void stop()
    {
        if (client != null)
        {
            client.close();
        }
        sim.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance-spot", "binance-usdm"})
    void shouldDropADiffSoTheClientSeesAContinuityBreak(final String venue)
    {
        final List<Frames.Diff> diffs = runWithFault(venue, FaultType.DROP, 1, 6, 5);

        int breaks = 0;
        for (int i = 1; i < diffs.size(); i++)
        {
            if (!chained(venue, diffs.get(i - 1), diffs.get(i)))
            {
                breaks++;
                assertThat(diffs.get(i).first()).as("ids of the dropped diff are missing")
                    .isGreaterThan(diffs.get(i - 1).last() + 1);
                if (venue.equals("binance-usdm"))
                {
                    assertThat(diffs.get(i).previous()).as("pu names the dropped diff").isGreaterThan(
                        diffs.get(i - 1).last());
                }
            }
        }
        assertThat(breaks).isEqualTo(1);
        assertTruthAdvancedTo(venue, diffs.get(diffs.size() - 1).last());
        assertApplied(venue, FaultType.DROP, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance-spot", "binance-usdm"})
    void shouldSendADiffTwice(final String venue)
    {
        final List<Frames.Diff> diffs = runWithFault(venue, FaultType.DUPLICATE, 1, 4, 5);

        int repeats = 0;
        for (int i = 1; i < diffs.size(); i++)
        {
            if (diffs.get(i).text().equals(diffs.get(i - 1).text()))
            {
                repeats++;
            }
            else
            {
                assertThat(chained(venue, diffs.get(i - 1), diffs.get(i))).isTrue();
            }
        }
        assertThat(repeats).isEqualTo(1);
        assertApplied(venue, FaultType.DUPLICATE, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance-spot", "binance-usdm"})
    void shouldSwapTwoConsecutiveDiffs(final String venue)
    {
        final List<Frames.Diff> diffs = runWithFault(venue, FaultType.REORDER, 1, 6, 6);

        int swaps = 0;
        for (int i = 1; i < diffs.size(); i++)
        {
            if (diffs.get(i).first() < diffs.get(i - 1).first())
            {
                swaps++;
                // Swapped back, the two chain: the earlier one then the later one.
                assertThat(chained(venue, diffs.get(i), diffs.get(i - 1))).isTrue();
                assertThat(chained(venue, diffs.get(i - 2), diffs.get(i))).isTrue();
            }
        }
        assertThat(swaps).isEqualTo(1);
        assertTruthAdvancedTo(venue, diffs.stream().mapToLong(Frames.Diff::last).max().orElseThrow());
        assertApplied(venue, FaultType.REORDER, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance-spot", "binance-usdm"})
    void shouldSendATruncatedFrameInsteadOfADiff(final String venue)
    {
        final List<Frames.Diff> diffs = runWithFault(venue, FaultType.MALFORMED, 1, 6, 6);

        final List<Frames.Diff> garbage = diffs.stream().filter(diff -> !diff.valid()).toList();
        assertThat(garbage).hasSize(1);
        assertThat(Json.isValid(garbage.get(0).text())).isFalse();
        assertThat(garbage.get(0).text()).as("the first half of a real frame")
            .startsWith("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\"");
        final int at = diffs.indexOf(garbage.get(0));
        assertThat(at).isBetween(1, diffs.size() - 2);
        assertThat(chained(venue, diffs.get(at - 1), diffs.get(at + 1))).as("the truth advanced under the garbage")
            .isFalse();
        assertTruthAdvancedTo(venue, diffs.get(diffs.size() - 1).last());
        assertApplied(venue, FaultType.MALFORMED, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance-spot", "binance-usdm"})
    void shouldSendABadButCompleteFrameInsteadOfADiffForEachInputFault(final String venue)
    {
        for (final FaultType type : new FaultType[]{FaultType.ABSURD_NUMBER, FaultType.WRONG_TYPE, FaultType.OVERSIZED})
        {
            final long appliedBefore = sim.stats().instrument(venue, "BTCUSDT").faultsApplied(type);
            final List<Frames.Diff> diffs = runWithFault(venue, type, 1, 6, 6);
            final List<Frames.Diff> bad = diffs.stream().filter(diff -> isBad(type, diff.text())).toList();
            assertThat(bad).as(type.name()).hasSize(1);
            assertThat(Json.isValid(bad.get(0).text())).as("%s: still well-formed JSON", type).isTrue();
            final int at = diffs.indexOf(bad.get(0));
            assertThat(at).isBetween(1, diffs.size() - 2);
            assertThat(chained(venue, diffs.get(at - 1), diffs.get(at + 1))).as("%s: the truth advanced", type)
                .isFalse();
            assertTruthAdvancedTo(venue, diffs.get(diffs.size() - 1).last());
            assertThat(sim.stats().instrument(venue, "BTCUSDT").faultsApplied(type) - appliedBefore).isOne();
            client.close();
        }
    }

    private static boolean isBad(final FaultType type, final String text)
    {
        return switch (type)
        {
            case ABSURD_NUMBER -> text.contains("[[\"" + FrameMutations.ABSURD_DIGITS);
            case WRONG_TYPE -> text.contains("[[{},");
            default -> text.length() > FrameMutations.OVERSIZED_PAD_BYTES;
        };
    }

    /**
     * Connect a combined-stream client, send {@code before} events, arm the fault, send {@code after} more, and
     * return the diffs received once {@code expected} frames arrived.
     */
    private List<Frames.Diff> runWithFault(
        final String venue, final FaultType type, final int count, final int after, final int expectedAfter)
    {
        final String prefix = venue.equals("binance-spot") ? "/spot" : "/usdm";
        client = WsClient.connect(sim.webSocketUrl() + prefix + "/stream?streams=btcusdt@depth@100ms");
        final int before = 3;
        advanceUntilReceived(venue, before, before);
        sim.injectFault(venue, "BTCUSDT", Fault.of(type, count));
        advanceUntilReceived(venue, after, before + expectedAfter);
        assertThat(sim.stats().instrument(venue, "BTCUSDT").faultsPending(type)).isZero();
        final List<Frames.Diff> diffs = Frames.diffs(client.texts());
        assertThat(diffs).hasSize(before + expectedAfter);
        return diffs;
    }

    /** Generate events until {@code events} more of this venue's instrument happened; wait for the frames. */
    private void advanceUntilReceived(final String venue, final int events, final int frames)
    {
        final long target = generated(venue) + events;
        while (generated(venue) < target)
        {
            sim.advance(1);
        }
        client.awaitFrames(frames, TIMEOUT);
    }

    private long generated(final String venue)
    {
        return sim.stats().instrument(venue, "BTCUSDT").counter(InstrumentCounter.EVENTS_GENERATED);
    }

    private static boolean chained(final String venue, final Frames.Diff previous, final Frames.Diff next)
    {
        return venue.equals("binance-spot") ? next.first() == previous.last() + 1 :
            next.previous() == previous.last();
    }

    private void assertTruthAdvancedTo(final String venue, final long lastSent)
    {
        assertThat(sim.truth(venue, "BTCUSDT").updateId()).isEqualTo(lastSent);
    }

    private void assertApplied(final String venue, final FaultType type, final long count)
    {
        assertThat(sim.stats().instrument(venue, "BTCUSDT").faultsApplied(type)).isEqualTo(count);
    }
}
