package dev.feedhandler.feeder.e2e;

import dev.feedhandler.feeder.config.ConfigLoader;
import dev.feedhandler.feeder.daemon.Daemon;
import dev.feedhandler.feeder.daemon.IngestCounters;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.protocol.aeron.AeronFeed;
import dev.feedhandler.protocol.aeron.FeedChannels;
import dev.feedhandler.protocol.aeron.FeedSubscriber;
import dev.feedhandler.protocol.consumer.BookConsumer;
import dev.feedhandler.protocol.consumer.BookConsumerListener;
import dev.feedhandler.protocol.consumer.ConsumerBook;
import dev.feedhandler.protocol.consumer.ConsumerConfig;
import dev.feedhandler.sim.BookTruth;
import dev.feedhandler.sim.SimulatorConfig;
import dev.feedhandler.sim.VenueSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Planned connection rotation end to end: every connection is replaced every two seconds (the new one opened
 * first, switched to only once in sync) while the simulator streams at full rate. No instrument may ever lose trust,
 * the feed has no gap, and every book ends equal to the truth.
 */
class DaemonRotationEndToEndTest
{
    private static final String[][] INSTRUMENTS = {{"binance-spot", "BTCUSDT"}, {"binance-spot", "ETHUSDT"},
        {"binance-usdm", "BTCUSDT"}, {"binance-usdm", "ETHUSDT"}};
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path temp;

    private final Object lock = new Object();

    @Test
    void shouldRotateEveryConnectionRepeatedlyWithoutLosingAnUpdate() throws Exception
    {
        final List<String> trustLost = Collections.synchronizedList(new ArrayList<>());
        final BookConsumer consumer = new BookConsumer(new BookConsumerListener()
        {
            public void onTrustChanged(final ConsumerBook book)
            {
                if (!book.isTrustworthy() && book.isDefined())
                {
                    trustLost.add(book.instrumentId() + ":" + book.publisherState() + ":" + book.publisherReason());
                }
            }
        }, ConsumerConfig.DEFAULT);
        final String channel = "aeron:udp?endpoint=239.255.42.11:" + ThreadLocalRandom.current().nextInt(41_000, 49_000) +
            "|interface=127.0.0.1";
        final AtomicBoolean running = new AtomicBoolean(true);
        try (VenueSimulator simulator = VenueSimulator.start(new SimulatorConfig()
                .instruments("binance-spot", "BTCUSDT", "ETHUSDT")
                .instruments("binance-usdm", "BTCUSDT", "ETHUSDT")
                .ratePerSecond(5_000)
                .levels(100)
                .seed(ThreadLocalRandom.current().nextLong()));
             AeronFeed feed = AeronFeed.connect(FeedChannels.DEFAULT.withChannel(channel));
             FeedSubscriber subscriber = new FeedSubscriber(feed, consumer))
        {
            final Thread poller = new Thread(() ->
            {
                while (running.get())
                {
                    final int read;
                    synchronized (lock)
                    {
                        read = subscriber.poll(256);
                    }
                    if (read == 0)
                    {
                        LockSupport.parkNanos(100_000);
                    }
                }
            }, "rotation-consumer");
            poller.start();
            final Path config = temp.resolve("rotation.toml");
            Files.writeString(config, config(simulator.port(), channel));
            try (Daemon daemon = Daemon.start(ConfigLoader.load(config)))
            {
                await("every instrument trusted", () -> allTrusted(consumer));
                trustLost.clear(); // start-up is not a rotation
                await("at least three rotations per connection",
                    () -> daemon.ingest().rotations() >= 3 * INSTRUMENTS.length);

                long inSync = 0;
                long outOfSync = 0;
                for (final IngestCounters counters : daemon.ingest().counters())
                {
                    inSync += counters.rotationsInSync();
                    outOfSync += counters.rotationsOutOfSync();
                }
                System.out.printf("rotations: %d, switched in sync: %d, out of sync: %d%n",
                    daemon.ingest().rotations(), inSync, outOfSync);
                assertThat(inSync).as("rotations that switched once in sync").isPositive();
                assertThat(trustLost).as("trust lost during rotations").isEmpty();
                assertThat(daemon.ingest().reconnects()).as("unplanned reconnects").isZero();

                simulator.pause();
                for (int id = 0; id < INSTRUMENTS.length; id++)
                {
                    final int instrument = id;
                    final BookTruth truth = simulator.truth(INSTRUMENTS[id][0], INSTRUMENTS[id][1]);
                    await("instrument " + id + " at the truth's update " + truth.updateId(), () ->
                        consumer.book(instrument).isTrustworthy() &&
                            consumer.book(instrument).venueSequence() == truth.updateId());
                    synchronized (lock)
                    {
                        assertSideEquals(consumer.book(id).book().bids(), truth.bids());
                        assertSideEquals(consumer.book(id).book().asks(), truth.asks());
                    }
                }
                synchronized (lock)
                {
                    assertThat(consumer.counters().deltaGaps()).isZero();
                }
            }
            finally
            {
                running.set(false);
                poller.join(10_000);
            }
        }
    }

    private static boolean allTrusted(final BookConsumer consumer)
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
    }

    private static void assertSideEquals(final BookSide side, final List<BookTruth.Level> truth)
    {
        assertThat(side.depth()).isEqualTo(truth.size());
        for (int level = 0; level < truth.size(); level++)
        {
            assertThat(side.priceAt(level)).isEqualTo(truth.get(level).price());
            assertThat(side.quantityAt(level)).isEqualTo(truth.get(level).quantity());
        }
    }

    private void await(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true)
        {
            synchronized (lock)
            {
                if (condition.getAsBoolean())
                {
                    return;
                }
            }
            if (System.nanoTime() - deadline >= 0)
            {
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // poll interval of a deadline wait
        }
    }

    private static String config(final int port, final String channel)
    {
        return """
            [publisher]
            channel = "%2$s"
            snapshot_interval_ms = 1000
            [[venues]]
            name = "binance-spot"
            ws_url = "ws://127.0.0.1:%1$d/spot/stream"
            rest_depth_url = "http://127.0.0.1:%1$d/spot/api/v3/depth"
            streams_per_connection = 1
            planned_lifetime_ms = 2000
            rotation_overlap_ms = 500
            instruments = [
                { symbol = "BTCUSDT", price_scale = 2, qty_scale = 8 },
                { symbol = "ETHUSDT", price_scale = 2, qty_scale = 8 },
            ]
            [[venues]]
            name = "binance-usdm"
            ws_url = "ws://127.0.0.1:%1$d/usdm/stream"
            rest_depth_url = "http://127.0.0.1:%1$d/usdm/fapi/v1/depth"
            streams_per_connection = 1
            planned_lifetime_ms = 2000
            rotation_overlap_ms = 500
            instruments = [
                { symbol = "BTCUSDT", price_scale = 2, qty_scale = 3 },
                { symbol = "ETHUSDT", price_scale = 2, qty_scale = 3 },
            ]
            """.formatted(port, channel);
    }
}
