package dev.feedhandler.feeder.e2e;

import dev.feedhandler.feeder.config.ConfigLoader;
import dev.feedhandler.feeder.daemon.Daemon;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.protocol.consumer.ConsumerBook;
import dev.feedhandler.sim.BookTruth;
import dev.feedhandler.sim.Fault;
import dev.feedhandler.sim.FaultType;
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
        assertThat(feed.counter(c -> c.deltaGaps())).as("delta-stream gaps").isZero();
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
        assertThat(feed.counter(c -> c.deltaGaps())).as("delta-stream gaps").isZero();
    }

    @Test
    @Order(3)
    void shouldIgnoreADuplicatedDiffWithoutAResync() throws Exception
    {
        feed.awaitAllTrusted();
        final int[] lostBefore = feed.lostCounts();

        simulator.injectFault(SPOT, "BTCUSDT", FaultType.DUPLICATE, 1);
        feed.awaitCondition("the duplicate was sent",
            () -> simulator.stats().instrument(SPOT, "BTCUSDT").faultsApplied(FaultType.DUPLICATE) >= 1);

        // A repeat of an applied diff changes nothing: no resync needed, and the book stays exact.
        assertAllBooksEqualTheTruth();
        assertThat(feed.lostCounts()).isEqualTo(lostBefore);
    }

    static Stream<Arguments> snapshotFaults()
    {
        return Stream.of(
            Arguments.of(Fault.slow(1, 1_500)),
            Arguments.of(Fault.stale(1, 0)),
            Arguments.of(Fault.of(FaultType.HTTP429, 1)),
            Arguments.of(Fault.of(FaultType.HTTP418, 1)),
            Arguments.of(Fault.of(FaultType.HTTP500, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshotFaults")
    @Order(4)
    void shouldRecoverThroughAFaultySnapshotAfterAGap(final Fault snapshotFault) throws Exception
    {
        feed.awaitAllTrusted();
        final int[] lostBefore = feed.lostCounts();
        final int statusesBefore = feed.statuses(TARGET).size();

        simulator.injectFault(SPOT, "BTCUSDT", snapshotFault);
        simulator.injectFault(SPOT, "BTCUSDT", FaultType.DROP, 1); // the gap makes the daemon ask for a snapshot

        feed.awaitCondition("the target went STALE", () -> feed.statusesSince(TARGET, statusesBefore).contains("STALE:GAP"));
        feed.awaitAllTrusted();
        assertAllBooksEqualTheTruth();
        if (snapshotFault.type() == FaultType.STALE)
        {
            assertThat(feed.statusesSince(TARGET, statusesBefore)).as("statuses after a stale snapshot")
                .contains("RESYNCING:SNAPSHOT_TOO_OLD");
        }
        for (int id = 0; id < INSTRUMENTS.length; id++)
        {
            if (id != TARGET)
            {
                assertThat(feed.trustLost(id).size()).isEqualTo(lostBefore[id]);
            }
        }
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
