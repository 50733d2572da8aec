package dev.feedhandler.feeder.e2e;

import dev.feedhandler.feeder.config.ConfigLoader;
import dev.feedhandler.feeder.daemon.Daemon;
import dev.feedhandler.orderbook.metrics.CounterType;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four stream venues (Bybit v5, OKX, Kraken v2, Coinbase Advanced Trade) end to end: the simulator speaking each
 * venue's format on real WebSockets → the daemon (all four venues at once, one instrument per connection) → Aeron
 * multicast on loopback → a consumer. A clean run must leave every consumer book equal to the simulator's truth with
 * zero feed gaps; each fault aimed at one instrument of one venue must take that instrument STALE with the right
 * reason and back to LIVE, equal to the truth, while every other instrument keeps its trust.
 * <p>
 * Kraken and Coinbase have no venue update ids, so books are compared by pausing the simulator, letting the feed
 * drain, and waiting until the consumer's book equals the truth (for Kraken: its top-N view).
 * <p>
 * The daemon runs with {@code [processor] idle = "wake"} (the other end-to-end tests use {@code backoff}): the book
 * thread parks between events and the I/O threads write the ring through the {@code WakingRingBuffer}, so this is
 * that mode's end-to-end test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamVenuesEndToEndTest
{
    private static final long TIMEOUT_SECONDS = 60;
    /** venue, symbol; ids on the wire follow this order. */
    private static final String[][] INSTRUMENTS = {
        {"bybit", "BTCUSDT"}, {"bybit", "ETHUSDT"},
        {"okx", "BTC-USDT"}, {"okx", "ETH-USDT"},
        {"kraken", "BTC/USD"}, {"kraken", "ETH/USD"},
        {"coinbase", "BTC-USD"}, {"coinbase", "ETH-USD"}};

    private static final String[] VENUES = {"bybit", "okx", "kraken", "coinbase"};

    @TempDir
    static Path temp;

    private static VenueSimulator simulator;
    private static Daemon daemon;
    private static FeedWatcher feed;
    private static CounterValues counters;

    @BeforeAll
    static void start() throws Exception
    {
        final SimulatorConfig simulatorConfig = new SimulatorConfig()
            .ratePerSecond(4_000)
            .levels(60)
            .seed(ThreadLocalRandom.current().nextLong());
        for (final String venue : VENUES)
        {
            simulatorConfig.instruments(venue, symbolsOf(venue));
        }
        simulator = VenueSimulator.start(simulatorConfig);
        final String channel = "aeron:udp?endpoint=239.255.42.11:" +
            ThreadLocalRandom.current().nextInt(41_000, 49_000) + "|interface=127.0.0.1";
        final Path config = temp.resolve("stream-e2e.toml");
        Files.writeString(config, config(channel));
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
    void shouldRebuildEveryBookOfEveryVenueEqualToTheTruthWithZeroGaps() throws Exception
    {
        feed.awaitAllTrusted();
        feed.awaitCondition("20,000 depth events published by the daemon",
            () -> daemon.publisher().deltaStream().counters().sent() >= 20_000);

        assertAllBooksEqualTheTruth();
        feed.assertNoDeltaGaps(daemon.publisher());
        assertThat(daemon.publisher().deltaStream().counters().dropped()).as("publisher drops").isZero();
        for (int id = 0; id < INSTRUMENTS.length; id++)
        {
            assertThat(feed.trustLost(id)).as("%s %s lost trust in a clean run", INSTRUMENTS[id][0],
                INSTRUMENTS[id][1]).isEmpty();
        }
    }

    static Stream<Arguments> faults()
    {
        final List<Arguments> faults = new ArrayList<>();
        for (final String venue : VENUES)
        {
            faults.add(Arguments.of(venue, FaultType.DROP, venue.equals("kraken") ? SoakTest.KRAKEN_LOSS : "GAP"));
            faults.add(Arguments.of(venue, FaultType.MALFORMED, "BAD_INPUT"));
            faults.add(Arguments.of(venue, FaultType.ABSURD_NUMBER, "BAD_INPUT"));
            faults.add(Arguments.of(venue, FaultType.WRONG_TYPE, "BAD_INPUT"));
            faults.add(Arguments.of(venue, FaultType.CLOSE, "RECONNECT"));
            faults.add(Arguments.of(venue, FaultType.RESET, "RECONNECT"));
            faults.add(Arguments.of(venue, FaultType.STALL, "RECONNECT"));
        }
        faults.add(Arguments.of("okx", FaultType.OVERSIZED, "RECONNECT"));
        faults.add(Arguments.of("okx", FaultType.CORRUPT_CHECKSUM, "CHECKSUM"));
        faults.add(Arguments.of("kraken", FaultType.CORRUPT_CHECKSUM, "CHECKSUM"));
        faults.add(Arguments.of("bybit", FaultType.REORDER, "GAP"));
        faults.add(Arguments.of("okx", FaultType.REORDER, "GAP"));
        faults.add(Arguments.of("coinbase", FaultType.REORDER, "GAP"));
        return faults.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("faults")
    @Order(2)
    void shouldResyncTheAffectedInstrumentOnlyAndEndEqualToTheTruth(
        final String venue, final FaultType type, final String reason) throws Exception
    {
        final int target = firstOf(venue);
        feed.awaitAllTrusted();
        final int[] lostBefore = feed.lostCounts();
        final int statusesBefore = feed.statuses(target).size();
        final FaultCounter counted = FaultCounter.of(venue, type, target);
        final long countBefore = counted.read(counters);

        if (type.scope() == FaultType.Scope.CONNECTION)
        {
            feed.awaitOneConnection(simulator, venue, INSTRUMENTS[target][1]);
        }
        simulator.injectFault(venue, INSTRUMENTS[target][1], faultFor(venue, type));

        feed.awaitCondition(venue + " " + type + ": the target went STALE with reason " + reason,
            () -> feed.wentStaleSince(target, statusesBefore, reason));
        feed.awaitAllTrusted();
        assertAllBooksEqualTheTruth();
        for (int id = 0; id < INSTRUMENTS.length; id++)
        {
            if (id != target)
            {
                assertThat(feed.trustLost(id).size()).as("%s %s: instrument %d lost trust: %s, statuses %s", venue, type,
                    id, feed.trustLost(id), feed.statuses(id)).isEqualTo(lostBefore[id]);
            }
        }
        feed.assertNoDeltaGaps(daemon.publisher());
        assertThat(counted.read(counters) - countBefore).as("%s %s counted once as %s", venue, type, counted.what())
            .isOne();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    @Order(3)
    void shouldLeaveTheBookExactAfterADuplicatedUpdateWithoutLosingTrust(final String venue) throws Exception
    {
        final int target = firstOf(venue);
        feed.awaitAllTrusted();
        final int[] lostBefore = feed.lostCounts();
        final long duplicatesBefore = counters.instrument(CounterType.SYNC_DUPLICATES, target);
        final long gapsBefore = counters.total(CounterType.SYNC_GAPS) + counters.total(CounterType.INGEST_CONNECTION_GAPS);
        final long appliedBefore = simulator.stats().instrument(venue, INSTRUMENTS[target][1])
            .faultsApplied(FaultType.DUPLICATE);

        simulator.injectFault(venue, INSTRUMENTS[target][1], FaultType.DUPLICATE, 1);
        feed.awaitCondition(venue + ": the duplicate was sent", () -> simulator.stats()
            .instrument(venue, INSTRUMENTS[target][1]).faultsApplied(FaultType.DUPLICATE) > appliedBefore);

        assertAllBooksEqualTheTruth();
        assertThat(feed.lostCounts()).as("%s: no instrument lost trust", venue).isEqualTo(lostBefore);
        // Bybit and OKX see the repeated id and ignore it; Kraken's and Coinbase's absolute quantities make the
        // repeat a no-op (Coinbase numbers the copy as a new frame).
        final boolean sequenced = venue.equals("bybit") || venue.equals("okx");
        assertThat(counters.instrument(CounterType.SYNC_DUPLICATES, target) - duplicatesBefore)
            .as("%s duplicates ignored", venue).isEqualTo(sequenced ? 1 : 0);
        assertThat(counters.total(CounterType.SYNC_GAPS) + counters.total(CounterType.INGEST_CONNECTION_GAPS))
            .as("%s: no gap", venue).isEqualTo(gapsBefore);
    }

    /**
     * A venue reset mid-stream (a fresh snapshot to every subscriber; Bybit: a service restart, u from 1): the book
     * is replaced without going STALE, and in-sync consumers, which ignore snapshots, follow it through the diff the
     * daemon publishes for it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    @Order(4)
    void shouldFollowAVenueResetWithoutLosingTrust(final String venue) throws Exception
    {
        final int target = firstOf(venue);
        feed.awaitAllTrusted();
        final int[] lostBefore = feed.lostCounts();
        final long resetsBefore = counters.instrument(CounterType.SYNC_RESETS, target);

        simulator.injectFault(venue, INSTRUMENTS[target][1], FaultType.RESNAPSHOT, 1);
        feed.awaitCondition(venue + ": the reset counted", () ->
            counters.instrument(CounterType.SYNC_RESETS, target) > resetsBefore);

        assertAllBooksEqualTheTruth();
        assertThat(feed.lostCounts()).as("%s: no instrument lost trust: %s", venue, feed.allStatuses())
            .isEqualTo(lostBefore);
        assertThat(counters.instrument(CounterType.SYNC_RESETS, target) - resetsBefore).isOne();
        feed.assertNoDeltaGaps(daemon.publisher());
    }

    static Stream<String> venues()
    {
        return Stream.of(VENUES);
    }

    /**
     * One of each, except a dropped Kraken update: only the checksum can reveal it, and a single dropped update can
     * leave the book exact (an insert whose level the next update deletes again), so nothing is lost and nothing is
     * reported. Five dropped updates in a row cannot all cancel out in practice.
     */
    private static Fault faultFor(final String venue, final FaultType type)
    {
        if (type == FaultType.STALL)
        {
            return Fault.stall(1, 5_000);
        }
        return Fault.of(type, venue.equals("kraken") && type == FaultType.DROP ? 5 : 1);
    }

    private static String[] symbolsOf(final String venue)
    {
        final List<String> symbols = new ArrayList<>();
        for (final String[] instrument : INSTRUMENTS)
        {
            if (instrument[0].equals(venue))
            {
                symbols.add(instrument[1]);
            }
        }
        return symbols.toArray(new String[0]);
    }

    private static int firstOf(final String venue)
    {
        for (int id = 0; id < INSTRUMENTS.length; id++)
        {
            if (INSTRUMENTS[id][0].equals(venue))
            {
                return id;
            }
        }
        throw new IllegalArgumentException(venue);
    }

    private static void assertAllBooksEqualTheTruth()
    {
        feed.awaitBooksEqualTheTruth(simulator, INSTRUMENTS);
    }

    private static String config(final String channel)
    {
        final StringBuilder toml = new StringBuilder("""
            [processor]
            idle = "wake"
            [io]
            read_idle_timeout_ms = 2000
            max_frame_bytes = 262144
            [publisher]
            channel = "%s"
            snapshot_interval_ms = 1000
            """.formatted(channel));
        final int port = simulator.port();
        venue(toml, "bybit", "ws://127.0.0.1:" + port + "/bybit/v5/public/spot", "depth = 50\n");
        venue(toml, "okx", "ws://127.0.0.1:" + port + "/okx/ws/v5/public", "");
        venue(toml, "kraken", "ws://127.0.0.1:" + port + "/kraken/v2", "depth = 10\n");
        venue(toml, "coinbase", "ws://127.0.0.1:" + port + "/coinbase", "");
        return toml.toString();
    }

    private static void venue(final StringBuilder toml, final String venue, final String url, final String extra)
    {
        toml.append("[[venues]]\nname = \"").append(venue).append("\"\nws_url = \"").append(url).append("\"\n")
            .append("instruments_per_connection = 1\nresync_min_interval_ms = 200\n").append(extra)
            .append("instruments = [\n");
        for (final String symbol : symbolsOf(venue))
        {
            final BookTruth truth = simulator.truth(venue, symbol);
            toml.append("    { symbol = \"").append(symbol).append("\", price_scale = ").append(truth.priceScale())
                .append(", qty_scale = ").append(truth.qtyScale()).append(" },\n");
        }
        toml.append("]\n");
    }
}
