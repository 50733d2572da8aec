package dev.feedhandler.feeder.e2e;

import dev.feedhandler.feeder.config.ConfigLoader;
import dev.feedhandler.feeder.daemon.Daemon;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.metrics.CounterType;
import dev.feedhandler.protocol.consumer.ConsumerBook;
import dev.feedhandler.sim.BookTruth;
import dev.feedhandler.sim.Fault;
import dev.feedhandler.sim.FaultType;
import dev.feedhandler.sim.InstrumentCounter;
import dev.feedhandler.sim.SimulatorConfig;
import dev.feedhandler.sim.VenueSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Simulator → daemon → Aeron multicast → consumer, with real sockets (Netty WebSocket and HTTP on loopback, UDP
 * multicast on loopback) in one JVM. After a clean run every consumer book must equal the simulator's truth with zero
 * gaps; with each fault switch on, the affected instrument goes STALE for the right reason, recovers to LIVE and ends
 * equal to the truth, while the other instruments keep flowing without losing trust. (Planned rotations are proved
 * separately in {@link DaemonRotationEndToEndTest}.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonEndToEndTest
{
    static final String SPOT = "binance-spot";
    static final String USDM = "binance-usdm";
    /** The instruments of {@link #config}, in wire-id order. */
    static final String[][] INSTRUMENTS = {{SPOT, "BTCUSDT"}, {SPOT, "ETHUSDT"}, {USDM, "BTCUSDT"}, {USDM, "ETHUSDT"}};
    /** The instrument every fault is aimed at (id 0 on the wire). */
    private static final int TARGET = 0;
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    static Path temp;

    private static VenueSimulator simulator;
    private static Daemon daemon;
    private static FeedWatcher feed;
    private static CounterValues counters;

    @BeforeAll
    static void start() throws Exception
    {
        simulator = VenueSimulator.start(new SimulatorConfig()
            .instruments(SPOT, "BTCUSDT", "ETHUSDT")
            .instruments(USDM, "BTCUSDT", "ETHUSDT")
            .ratePerSecond(20_000)
            .levels(100)
            .seed(ThreadLocalRandom.current().nextLong()));
        final String channel = "aeron:udp?endpoint=239.255.42.11:" + ThreadLocalRandom.current().nextInt(41_000, 49_000) +
            "|interface=127.0.0.1";
        final Path config = temp.resolve("e2e.toml");
        Files.writeString(config, config(simulator.port(), channel));
        feed = new FeedWatcher(channel, INSTRUMENTS.length);
        daemon = Daemon.start(ConfigLoader.load(config));
        counters = CounterValues.of(daemon);
    }

    @AfterAll
    static void stop() throws Exception
    {
        if (daemon != null)
        {
            daemon.close();
        }
        if (feed != null)
        {
            feed.close();
        }
        if (simulator != null)
        {
            simulator.close();
        }
    }

    @Test
    @Order(1)
    void shouldRebuildEveryBookEqualToTheTruthAfterHundredsOfThousandsOfUpdatesWithZeroGaps() throws Exception
    {
        feed.awaitAllTrusted();
        feed.awaitCondition("200,000 depth events published by the daemon",
            () -> daemon.publisher().deltaStream().counters().sent() >= 200_000);

        assertAllBooksEqualTheTruth();
        feed.assertNoDeltaGaps(daemon.publisher());
        assertThat(daemon.publisher().deltaStream().counters().dropped()).as("publisher drops").isZero();
        for (int id = 0; id < INSTRUMENTS.length; id++)
        {
            assertThat(feed.trustLost(id)).as("instrument %d lost trust in a clean run", id).isEmpty();
        }
    }

    static Stream<Arguments> faults()
    {
        return Stream.of(
            Arguments.of(FaultType.DROP, "GAP"),
            Arguments.of(FaultType.REORDER, "GAP"),
            Arguments.of(FaultType.MALFORMED, "BAD_INPUT"),
            Arguments.of(FaultType.ABSURD_NUMBER, "BAD_INPUT"),
            Arguments.of(FaultType.WRONG_TYPE, "BAD_INPUT"),
            Arguments.of(FaultType.OVERSIZED, "RECONNECT"),
            Arguments.of(FaultType.CLOSE, "RECONNECT"),
            Arguments.of(FaultType.RESET, "RECONNECT"),
            Arguments.of(FaultType.STALL, "RECONNECT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    @Order(2)
    void shouldResyncTheAffectedInstrumentOnlyAndEndEqualToTheTruth(final FaultType type, final String reason)
        throws Exception
    {
        feed.awaitAllTrusted();
        final int[] lostBefore = feed.lostCounts();
        final int statusesBefore = feed.statuses(TARGET).size();
        final FaultCounter counted = FaultCounter.of(SPOT, type, TARGET);
        final long countBefore = counted.read(counters);

        if (type.scope() == FaultType.Scope.CONNECTION)
        {
            feed.awaitOneConnection(simulator, SPOT, "BTCUSDT");
        }
        simulator.injectFault(SPOT, "BTCUSDT", type == FaultType.STALL ? Fault.stall(1, 5_000) : Fault.of(type, 1));

        feed.awaitCondition(type + ": the target went STALE with reason " + reason,
            () -> feed.statusesSince(TARGET, statusesBefore).contains("STALE:" + reason));
        feed.awaitAllTrusted();
        assertAllBooksEqualTheTruth();
        for (int id = 0; id < INSTRUMENTS.length; id++)
        {
            if (id != TARGET)
            {
                assertThat(feed.trustLost(id).size()).as("%s: instrument %d lost trust", type, id)
                    .isEqualTo(lostBefore[id]);
            }
        }
        feed.assertNoDeltaGaps(daemon.publisher());
        assertThat(counted.read(counters) - countBefore).as("%s counted once as %s", type, counted.what()).isOne();
    }

    @Test
    @Order(3)
    void shouldIgnoreADuplicatedDiffWithoutAResync() throws Exception
    {
        feed.awaitAllTrusted();
        final int[] lostBefore = feed.lostCounts();
        final long duplicatesBefore = counters.instrument(CounterType.SYNC_DUPLICATES, TARGET);

        simulator.injectFault(SPOT, "BTCUSDT", FaultType.DUPLICATE, 1);
        feed.awaitCondition("the duplicate was sent",
            () -> simulator.stats().instrument(SPOT, "BTCUSDT").faultsApplied(FaultType.DUPLICATE) >= 1);

        // A repeat of an applied diff changes nothing: no resync needed, and the book stays exact.
        assertAllBooksEqualTheTruth();
        assertThat(feed.lostCounts()).isEqualTo(lostBefore);
        assertThat(counters.instrument(CounterType.SYNC_DUPLICATES, TARGET) - duplicatesBefore)
            .as("the duplicate counted once").isOne();
    }

    static Stream<Arguments> snapshotFaults()
    {
        return Stream.of(
            Arguments.of(Fault.slow(1, 500), false, 0),            // slow, within snapshot_timeout_ms: not a fault
            Arguments.of(Fault.slow(1, 3_000), true, 0),           // a timeout
            Arguments.of(Fault.stale(1, 0), true, 0),
            Arguments.of(Fault.of(FaultType.HTTP429, 1), true, 1_000),
            Arguments.of(Fault.of(FaultType.HTTP418, 1), true, 2_000),
            Arguments.of(Fault.of(FaultType.HTTP500, 1), true, 0));
    }

    /**
     * A gap makes the daemon ask for a snapshot, and that snapshot request meets the fault. The instrument must
     * recover, the fault be counted once, and after a 429 (Retry-After: 1) or a 418 (the venue's ban: at least
     * {@code snapshot_max_backoff_ms}, 2 s here) no request for the venue may come sooner than that.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshotFaults")
    @Order(4)
    void shouldRecoverThroughAFaultySnapshotAfterAGap(
        final Fault snapshotFault, final boolean counted, final long minimumBackoffMs) throws Exception
    {
        feed.awaitAllTrusted();
        final int[] lostBefore = feed.lostCounts();
        final int statusesBefore = feed.statuses(TARGET).size();
        final FaultCounter countedAs = FaultCounter.of(SPOT, snapshotFault.type(), TARGET);
        final long countBefore = countedAs.read(counters);
        final long appliedBefore = simulator.stats().instrument(SPOT, "BTCUSDT").faultsApplied(snapshotFault.type());

        simulator.injectFault(SPOT, "BTCUSDT", snapshotFault);
        simulator.injectFault(SPOT, "BTCUSDT", FaultType.DROP, 1); // the gap makes the daemon ask for a snapshot

        feed.awaitCondition("the target went STALE", () -> feed.statusesSince(TARGET, statusesBefore).contains("STALE:GAP"));
        if (minimumBackoffMs > 0)
        {
            feed.awaitCondition("the " + snapshotFault.type() + " answer", () ->
                simulator.stats().instrument(SPOT, "BTCUSDT").faultsApplied(snapshotFault.type()) > appliedBefore);
            final long answeredNs = System.nanoTime();
            final long requestsAtAnswer = requests();
            feed.awaitCondition("the next snapshot request", () -> requests() > requestsAtAnswer);
            // Both times are seen by polling, late by a poll interval or so each: allow 100 ms of that.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answeredNs))
                .as("the retry after %s waited", snapshotFault.type()).isGreaterThanOrEqualTo(minimumBackoffMs - 100);
        }
        feed.awaitAllTrusted();
        assertAllBooksEqualTheTruth();
        if (snapshotFault.type() == FaultType.STALE)
        {
            assertThat(feed.statusesSince(TARGET, statusesBefore)).as("statuses after a stale snapshot")
                .contains("RESYNCING:SNAPSHOT_TOO_OLD");
        }
        assertThat(countedAs.read(counters) - countBefore).as("%s counted as %s", snapshotFault.type(),
            countedAs.what()).isEqualTo(counted ? 1 : 0);
        for (int id = 0; id < INSTRUMENTS.length; id++)
        {
            if (id != TARGET)
            {
                assertThat(feed.trustLost(id).size()).isEqualTo(lostBefore[id]);
            }
        }
    }

    /** Depth requests the simulator has received for the target. */
    private static long requests()
    {
        return simulator.stats().instrument(SPOT, "BTCUSDT").counter(InstrumentCounter.SNAPSHOT_REQUESTS);
    }

    /** Pause the venue, let everything drain, and compare every book level by level with the truth. */
    private static void assertAllBooksEqualTheTruth() throws Exception
    {
        simulator.pause();
        try
        {
            for (int id = 0; id < INSTRUMENTS.length; id++)
            {
                final int instrument = id;
                final BookTruth truth = simulator.truth(INSTRUMENTS[id][0], INSTRUMENTS[id][1]);
                feed.awaitCondition("instrument " + id + " caught up with update " + truth.updateId(), () ->
                {
                    final ConsumerBook book = feed.book(instrument);
                    return book != null && book.isTrustworthy() && book.venueSequence() == truth.updateId();
                });
                final int checked = id;
                feed.locked(() ->
                {
                    final ConsumerBook book = feed.book(checked);
                    assertSideEquals(checked, "bids", book.book().bids(), truth.bids());
                    assertSideEquals(checked, "asks", book.book().asks(), truth.asks());
                });
            }
        }
        finally
        {
            simulator.resume();
        }
    }

    private static void assertSideEquals(
        final int id, final String name, final BookSide side, final List<BookTruth.Level> truth)
    {
        assertThat(side.depth()).as("instrument %d %s depth", id, name).isEqualTo(truth.size());
        for (int level = 0; level < truth.size(); level++)
        {
            assertThat(side.priceAt(level)).as("instrument %d %s price at %d", id, name, level)
                .isEqualTo(truth.get(level).price());
            assertThat(side.quantityAt(level)).as("instrument %d %s qty at %d", id, name, level)
                .isEqualTo(truth.get(level).quantity());
        }
    }

    /** Both Binance venues of the simulator at {@code port}, two instruments each, publishing on {@code channel}. */
    static String config(final int port, final String channel)
    {
        return """
            [processor]
            idle = "backoff"
            [io]
            read_idle_timeout_ms = 2000
            max_frame_bytes = 262144
            snapshot_timeout_ms = 1000
            [publisher]
            channel = "%2$s"
            snapshot_interval_ms = 1000
            [[venues]]
            name = "binance-spot"
            ws_url = "ws://127.0.0.1:%1$d/spot/stream"
            rest_depth_url = "http://127.0.0.1:%1$d/spot/api/v3/depth"
            snapshot_limit = 1000
            streams_per_connection = 1
            snapshot_max_backoff_ms = 2000
            planned_lifetime_ms = 0
            instruments = [
                { symbol = "BTCUSDT", price_scale = 2, qty_scale = 8 },
                { symbol = "ETHUSDT", price_scale = 2, qty_scale = 8 },
            ]
            [[venues]]
            name = "binance-usdm"
            ws_url = "ws://127.0.0.1:%1$d/usdm/stream"
            rest_depth_url = "http://127.0.0.1:%1$d/usdm/fapi/v1/depth"
            snapshot_limit = 1000
            streams_per_connection = 1
            snapshot_max_backoff_ms = 2000
            planned_lifetime_ms = 0
            instruments = [
                { symbol = "BTCUSDT", price_scale = 2, qty_scale = 3 },
                { symbol = "ETHUSDT", price_scale = 2, qty_scale = 3 },
            ]
            """.formatted(port, channel);
    }
}
