package dev.feedhandler.feeder.e2e;

import dev.feedhandler.feeder.config.ConfigLoader;
import dev.feedhandler.feeder.daemon.Daemon;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.protocol.aeron.AeronFeed;
import dev.feedhandler.protocol.aeron.FeedChannels;
import dev.feedhandler.protocol.aeron.FeedSubscriber;
import dev.feedhandler.protocol.consumer.BookConsumer;
import dev.feedhandler.protocol.consumer.BookConsumerListener;
import dev.feedhandler.protocol.consumer.ConsumerBook;
import dev.feedhandler.protocol.consumer.ConsumerConfig;
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
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
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
    private static final String SPOT = "binance-spot";
    private static final String USDM = "binance-usdm";
    private static final String[][] INSTRUMENTS = {{SPOT, "BTCUSDT"}, {SPOT, "ETHUSDT"}, {USDM, "BTCUSDT"}, {USDM, "ETHUSDT"}};
    /** The instrument every fault is aimed at (id 0 on the wire). */
    private static final int TARGET = 0;
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    static Path temp;

    private static VenueSimulator simulator;
    private static Daemon daemon;
    private static AeronFeed consumerFeed;
    private static FeedSubscriber subscriber;
    private static BookConsumer consumer;
    private static Thread poller;
    private static final AtomicBoolean running = new AtomicBoolean(true);
    /** Per instrument: "STATE:REASON" for every publisher status seen, and every loss of trust. */
    private static final List<List<String>> statuses = new ArrayList<>();
    private static final List<List<String>> trustLost = new ArrayList<>();

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
        for (int i = 0; i < INSTRUMENTS.length; i++)
        {
            statuses.add(Collections.synchronizedList(new ArrayList<>()));
            trustLost.add(Collections.synchronizedList(new ArrayList<>()));
        }

        consumer = new BookConsumer(new BookConsumerListener()
        {
            public void onPublisherStatus(final ConsumerBook book)
            {
                statuses.get(book.instrumentId()).add(book.publisherState() + ":" + book.publisherReason());
            }

            public void onTrustChanged(final ConsumerBook book)
            {
                if (!book.isTrustworthy())
                {
                    trustLost.get(book.instrumentId()).add(book.publisherState() + ":" + book.publisherReason());
                }
            }
        }, ConsumerConfig.DEFAULT);
        consumerFeed = AeronFeed.connect(FeedChannels.DEFAULT.withChannel(channel));
        subscriber = new FeedSubscriber(consumerFeed, consumer);
        poller = new Thread(() ->
        {
            while (running.get())
            {
                if (pollOnce() == 0)
                {
                    LockSupport.parkNanos(100_000);
                }
            }
        }, "e2e-consumer");
        poller.start();
        daemon = Daemon.start(ConfigLoader.load(config));
    }

    @AfterAll
    static void stop() throws Exception
    {
        running.set(false);
        if (poller != null)
        {
            poller.join(10_000);
        }
        if (daemon != null)
        {
            daemon.close();
        }
        if (subscriber != null)
        {
            subscriber.close();
        }
        if (consumerFeed != null)
        {
            consumerFeed.close();
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
        awaitAllTrusted();
        awaitCondition("200,000 depth events published by the daemon",
            () -> daemon.publisher().deltaStream().counters().sent() >= 200_000);

        assertAllBooksEqualTheTruth();
        assertThat(consumerCounter(c -> c.deltaGaps())).as("delta-stream gaps").isZero();
        assertThat(daemon.publisher().deltaStream().counters().dropped()).as("publisher drops").isZero();
        for (int id = 0; id < INSTRUMENTS.length; id++)
        {
            assertThat(trustLost.get(id)).as("instrument %d lost trust in a clean run", id).isEmpty();
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
        awaitAllTrusted();
        final int[] lostBefore = lostCounts();
        final int statusesBefore = statuses.get(TARGET).size();

        simulator.injectFault(SPOT, "BTCUSDT", type == FaultType.STALL ? Fault.stall(1, 5_000) : Fault.of(type, 1));

        awaitCondition(type + ": the target went STALE with reason " + reason,
            () -> statusesSince(TARGET, statusesBefore).contains("STALE:" + reason));
        awaitAllTrusted();
        assertAllBooksEqualTheTruth();
        for (int id = 0; id < INSTRUMENTS.length; id++)
        {
            if (id != TARGET)
            {
                assertThat(trustLost.get(id).size()).as("%s: instrument %d lost trust", type, id)
                    .isEqualTo(lostBefore[id]);
            }
        }
        assertThat(consumerCounter(c -> c.deltaGaps())).as("delta-stream gaps").isZero();
    }

    @Test
    @Order(3)
    void shouldIgnoreADuplicatedDiffWithoutAResync() throws Exception
    {
        awaitAllTrusted();
        final int[] lostBefore = lostCounts();

        simulator.injectFault(SPOT, "BTCUSDT", FaultType.DUPLICATE, 1);
        awaitCondition("the duplicate was sent",
            () -> simulator.stats().instrument(SPOT, "BTCUSDT").faultsApplied(FaultType.DUPLICATE) >= 1);

        // A repeat of an applied diff changes nothing: no resync needed, and the book stays exact.
        assertAllBooksEqualTheTruth();
        assertThat(lostCounts()).isEqualTo(lostBefore);
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
        awaitAllTrusted();
        final int[] lostBefore = lostCounts();
        final int statusesBefore = statuses.get(TARGET).size();

        simulator.injectFault(SPOT, "BTCUSDT", snapshotFault);
        simulator.injectFault(SPOT, "BTCUSDT", FaultType.DROP, 1); // the gap makes the daemon ask for a snapshot

        awaitCondition("the target went STALE", () -> statusesSince(TARGET, statusesBefore).contains("STALE:GAP"));
        awaitAllTrusted();
        assertAllBooksEqualTheTruth();
        if (snapshotFault.type() == FaultType.STALE)
        {
            assertThat(statusesSince(TARGET, statusesBefore)).as("statuses after a stale snapshot")
                .contains("RESYNCING:SNAPSHOT_TOO_OLD");
        }
        for (int id = 0; id < INSTRUMENTS.length; id++)
        {
            if (id != TARGET)
            {
                assertThat(trustLost.get(id).size()).isEqualTo(lostBefore[id]);
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
                awaitCondition("instrument " + id + " caught up with update " + truth.updateId(), () ->
                {
                    final ConsumerBook book = consumer.book(instrument);
                    return book != null && book.isTrustworthy() && book.venueSequence() == truth.updateId();
                });
                final ConsumerBook book = consumer.book(id);
                synchronized (consumer)
                {
                    assertSideEquals(id, "bids", book.book().bids(), truth.bids());
                    assertSideEquals(id, "asks", book.book().asks(), truth.asks());
                }
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

    private static void awaitAllTrusted() throws Exception
    {
        awaitCondition("every instrument trusted", () ->
        {
            for (int id = 0; id < INSTRUMENTS.length; id++)
            {
                final ConsumerBook book = consumer.book(id);
                if (book == null || !book.isTrustworthy())
                {
                    return false;
                }
            }
            return true;
        });
    }

    private static int pollOnce()
    {
        synchronized (consumer)
        {
            return subscriber.poll(256);
        }
    }

    private static long consumerCounter(final java.util.function.ToLongFunction<dev.feedhandler.protocol.consumer.ConsumerCounters> counter)
    {
        synchronized (consumer)
        {
            return counter.applyAsLong(consumer.counters());
        }
    }

    private static List<String> statusesSince(final int id, final int from)
    {
        synchronized (statuses.get(id))
        {
            return new ArrayList<>(statuses.get(id).subList(from, statuses.get(id).size()));
        }
    }

    private static int[] lostCounts()
    {
        final int[] counts = new int[INSTRUMENTS.length];
        for (int id = 0; id < counts.length; id++)
        {
            counts[id] = trustLost.get(id).size();
        }
        return counts;
    }

    private static void awaitCondition(final String what, final BooleanSupplier condition) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!evaluate(condition))
        {
            if (System.nanoTime() - deadline >= 0)
            {
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s waiting for " + what +
                    "; statuses " + statuses + "; trust lost " + trustLost);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // poll interval of a deadline wait
        }
    }

    private static boolean evaluate(final BooleanSupplier condition)
    {
        synchronized (consumer)
        {
            return condition.getAsBoolean();
        }
    }

    private static String config(final int port, final String channel)
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
