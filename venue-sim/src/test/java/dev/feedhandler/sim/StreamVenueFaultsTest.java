package dev.feedhandler.sim;

import dev.feedhandler.sim.testing.Poll;
import dev.feedhandler.sim.testing.StreamVenueClient;
import dev.feedhandler.sim.testing.StreamVenues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault switches on Bybit, OKX, Kraken and Coinbase, seen by a client that checks what venues.md says it must: a
 * dropped message is a {@code u} jump (Bybit), a broken {@code prevSeqId} chain (OKX), a checksum mismatch (Kraken) or
 * a {@code sequence_num} jump (Coinbase); connection faults close, reset or silence the connection. The simulator is
 * paused and stepped with {@code advance}, and the client has caught up when it has every frame the simulator sent.
 */
class StreamVenueFaultsTest
{
    private static final Duration TIMEOUT = StreamVenuesTest.TIMEOUT;

    private VenueSimulator sim;
    private StreamVenueClient client;

    @BeforeEach
    void start()
    {
        sim = StreamVenuesTest.startSimulator(17);
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
    @ValueSource(strings = {"bybit", "okx", "kraken", "coinbase"})
    void dropIsDetectedAsTheVenueDetectsIt(final String venue)
    {
        final String symbol = subscribe(venue);
        runWithFault(venue, symbol, FaultType.DROP);
        if (venue.equals("kraken"))
        {
            assertThat(client.checksumMismatches()).as("only the checksum shows a Kraken drop").isPositive();
            assertThat(client.gaps()).isZero();
        }
        else
        {
            assertThat(client.gaps()).as("a sequence break").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bybit", "okx", "kraken", "coinbase"})
    void duplicateIsSentTwice(final String venue)
    {
        final String symbol = subscribe(venue);
        runWithFault(venue, symbol, FaultType.DUPLICATE);
        final List<String> events = client.dataEvents();
        int repeats = 0;
        for (int i = 1; i < events.size(); i++)
        {
            repeats += events.get(i).equals(events.get(i - 1)) ? 1 : 0;
        }
        assertThat(repeats).as("one message twice in a row").isEqualTo(1);
        if (venue.equals("bybit") || venue.equals("okx"))
        {
            assertThat(client.gaps()).as("the repeated id breaks the chain").isEqualTo(1);
        }
        else
        {
            // Absolute quantities: a repeat changes nothing (Coinbase numbers the copy as a new frame).
            assertThat(client.gaps()).isZero();
            assertThat(client.book(symbol).differenceFrom(truth(venue, symbol))).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bybit", "okx", "kraken", "coinbase"})
    void reorderSwapsTwoMessages(final String venue)
    {
        final String symbol = subscribe(venue);
        runWithFault(venue, symbol, FaultType.REORDER);
        if (venue.equals("kraken"))
        {
            assertThat(client.checksumMismatches()).isPositive();
        }
        else
        {
            assertThat(client.gaps()).as("the swap breaks the sequence").isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bybit", "okx", "kraken", "coinbase"})
    void malformedSendsHalfAFrame(final String venue)
    {
        final String symbol = subscribe(venue);
        runWithFault(venue, symbol, FaultType.MALFORMED);
        assertThat(client.malformed()).isEqualTo(1);
        if (!venue.equals("kraken"))
        {
            assertThat(client.gaps()).as("the lost message leaves a sequence break").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"okx", "kraken"})
    void corruptChecksumSendsAWrongChecksumWithTheRightBook(final String venue)
    {
        final String symbol = subscribe(venue);
        runWithFault(venue, symbol, FaultType.CORRUPT_CHECKSUM);
        assertThat(client.checksumMismatches()).isEqualTo(1);
        assertThat(client.gaps()).isZero();
        assertThat(client.book(symbol).differenceFrom(truth(venue, symbol))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bybit", "okx", "kraken", "coinbase"})
    void resnapshotReplacesTheBookMidStream(final String venue)
    {
        final String symbol = subscribe(venue);
        runWithFault(venue, symbol, FaultType.RESNAPSHOT);
        assertThat(client.snapshots(symbol)).isEqualTo(2);
        assertThat(client.gaps()).as("updates chain on from the new snapshot").isZero();
        assertThat(client.checksumMismatches()).isZero();
        assertThat(client.book(symbol).differenceFrom(truth(venue, symbol))).isNull();
        if (venue.equals("bybit"))
        {
            assertThat(client.dataEvents().stream().filter(t -> t.contains("\"type\":\"snapshot\""))
                .skip(1).findFirst().orElseThrow()).as("a service restart").contains("\"u\":1,");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bybit", "okx", "kraken", "coinbase"})
    void closeSendsGoingAway(final String venue)
    {
        subscribe(venue);
        sim.injectFault(venue, StreamVenues.symbols(venue)[0], FaultType.CLOSE, 1);
        assertThat(client.ws().awaitClose(TIMEOUT)).isEqualTo(1001);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bybit", "okx", "kraken", "coinbase"})
    void resetEndsTheConnectionWithoutACloseFrame(final String venue)
    {
        subscribe(venue);
        sim.injectFault(venue, StreamVenues.symbols(venue)[0], FaultType.RESET, 1);
        assertThat(client.ws().awaitClose(TIMEOUT)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bybit", "okx", "kraken", "coinbase"})
    void stallSilencesTheConnection(final String venue)
    {
        final String symbol = subscribe(venue);
        sim.injectFault(venue, symbol, Fault.stall(1, 0));
        Poll.until(TIMEOUT, () -> stats(venue, symbol).faultsApplied(FaultType.STALL) == 1, "stall applied");
        final int frames = client.ws().count();
        sim.advance(200);
        Poll.until(TIMEOUT, () -> stats(venue, symbol).counter(InstrumentCounter.FRAMES_STALLED) > 0,
            "frames held back");
        assertThat(client.ws().count()).as("nothing arrives while stalled").isEqualTo(frames);
        assertThat(client.ws().isClosed()).isFalse();
    }

    /** Connect, subscribe the first symbol, wait for the snapshot. */
    private String subscribe(final String venue)
    {
        client = StreamVenues.connect(sim, venue);
        final String symbol = StreamVenues.symbols(venue)[0];
        client.send(StreamVenues.subscribe(venue, symbol));
        Poll.until(TIMEOUT, () -> client.snapshots(symbol) == 1, venue + " snapshot");
        return symbol;
    }

    /** Some clean traffic, then the fault, then more; returns once the client has every frame sent. */
    private void runWithFault(final String venue, final String symbol, final FaultType type)
    {
        sim.advance(100);
        awaitAllFrames(venue, symbol);
        assertThat(client.gaps()).isZero();
        assertThat(client.checksumMismatches()).isZero();
        sim.injectFault(venue, symbol, type, 1);
        sim.advance(300);
        Poll.until(TIMEOUT, () -> stats(venue, symbol).faultsApplied(type) == 1, type + " applied");
        awaitAllFrames(venue, symbol);
    }

    private void awaitAllFrames(final String venue, final String symbol)
    {
        // The first snapshot is not a stream frame; one sent mid-stream is.
        Poll.until(TIMEOUT, () -> client.updates(symbol) + client.malformed() + client.snapshots(symbol) - 1 ==
            stats(venue, symbol).counter(InstrumentCounter.FRAMES_SENT),
            () -> "all frames: got " + client.updates(symbol) + " + " + client.malformed() + " malformed, sent " +
                stats(venue, symbol).counter(InstrumentCounter.FRAMES_SENT));
    }

    private SimulatorStats.InstrumentStats stats(final String venue, final String symbol)
    {
        return sim.stats().instrument(venue, symbol);
    }

    private BookTruth truth(final String venue, final String symbol)
    {
        return sim.truth(venue, symbol, StreamVenues.depth(venue));
    }
}
