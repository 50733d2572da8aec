package dev.feedhandler.feeder.e2e;

import dev.feedhandler.feeder.config.ConfigLoader;
import dev.feedhandler.feeder.daemon.Daemon;
import dev.feedhandler.orderbook.metrics.CounterType;
import dev.feedhandler.sim.BookTruth;
import dev.feedhandler.sim.SimulatorConfig;
import dev.feedhandler.sim.VenueSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event ring full, end to end: the book processor is stopped on purpose (as a long GC pause would) while the
 * simulator keeps sending to a daemon with the smallest ring (64 KiB). Frames that find the ring full are counted and
 * lost; the connections are never blocked or dropped; every instrument that lost a frame goes STALE with
 * BUFFER_OVERFLOW (its stale notice waits for room, and every notice written reaches the processor), resyncs by its venue's rule (REST snapshot for Binance,
 * resubscribe for Bybit), and every book ends equal to the truth with no feed gap.
 */
class RingFullEndToEndTest
{
    private static final String[][] INSTRUMENTS = {
        {"binance-spot", "BTCUSDT"}, {"binance-spot", "ETHUSDT"}, {"bybit", "SOLUSDT"}};

    @TempDir
    Path temp;

    @Test
    void shouldCountLostFramesResyncEveryAffectedInstrumentOnceAndEndEqualToTheTruth() throws Exception
    {
        final String channel = "aeron:udp?endpoint=239.255.42.11:" +
            ThreadLocalRandom.current().nextInt(41_000, 49_000) + "|interface=127.0.0.1";
        try (VenueSimulator simulator = VenueSimulator.start(new SimulatorConfig()
            .instruments("binance-spot", "BTCUSDT", "ETHUSDT")
            .instruments("bybit", "SOLUSDT")
            .ratePerSecond(2_000)
            .levels(60)
            .seed(ThreadLocalRandom.current().nextLong())))
        {
            final Path config = temp.resolve("ring-full.toml");
            Files.writeString(config, config(simulator, channel));
            final FeedWatcher feed = new FeedWatcher(channel, INSTRUMENTS.length);
            final Daemon daemon = Daemon.start(ConfigLoader.load(config));
            try
            {
                final CounterValues counters = CounterValues.of(daemon);
                feed.awaitAllTrusted();
                final int[] statusesBefore = new int[INSTRUMENTS.length];
                for (int id = 0; id < INSTRUMENTS.length; id++)
                {
                    statusesBefore[id] = feed.statuses(id).size();
                }
                // A ring this small can overflow already while the processor warms up: count from here.
                final long noticesBefore = counters.total(CounterType.INGEST_STALE_NOTICES);
                final long spotLostBefore = counters.venue(CounterType.INGEST_RING_FULL, "binance-spot", "");
                final long bybitLostBefore = counters.venue(CounterType.INGEST_RING_FULL, "bybit", "");

                daemon.pauseProcessorFor(Duration.ofSeconds(3));
                feed.awaitCondition("frames lost to the full ring on both venues", () ->
                    counters.venue(CounterType.INGEST_RING_FULL, "binance-spot", "") > spotLostBefore &&
                    counters.venue(CounterType.INGEST_RING_FULL, "bybit", "") > bybitLostBefore);

                feed.awaitCondition("every instrument STALE with BUFFER_OVERFLOW", () ->
                {
                    for (int id = 0; id < INSTRUMENTS.length; id++)
                    {
                        if (!feed.statusesSince(id, statusesBefore[id]).contains("STALE:BUFFER_OVERFLOW"))
                        {
                            return false;
                        }
                    }
                    return true;
                });
                feed.awaitAllTrusted();
                feed.awaitBooksEqualTheTruth(simulator, INSTRUMENTS);

                int overflowStatuses = 0;
                for (int id = 0; id < INSTRUMENTS.length; id++)
                {
                    overflowStatuses += (int)feed.statusesSince(id, statusesBefore[id]).stream()
                        .filter("STALE:BUFFER_OVERFLOW"::equals).count();
                }
                // While the processor drains the backlog the ring fills again at once, so an instrument can lose
                // frames (and get a notice) several times while it is STALE; consumers see it go STALE once.
                assertThat(counters.total(CounterType.INGEST_STALE_NOTICES) - noticesBefore)
                    .as("a stale notice behind every BUFFER_OVERFLOW the consumer saw")
                    .isGreaterThanOrEqualTo(overflowStatuses);
                assertThat(counters.total(CounterType.PROCESSOR_STALE_NOTICES))
                    .as("every notice written reached the processor")
                    .isEqualTo(counters.total(CounterType.INGEST_STALE_NOTICES));
                assertThat(counters.total(CounterType.INGEST_DISCONNECTS)).as("no connection blocked or dropped")
                    .isZero();
                feed.assertNoDeltaGaps(daemon.publisher());
            }
            finally
            {
                daemon.close();
                feed.close();
            }
        }
    }

    private static String config(final VenueSimulator simulator, final String channel)
    {
        final BookTruth sol = simulator.truth("bybit", "SOLUSDT");
        return """
            [processor]
            idle = "backoff"
            event_ring_bytes = 65536
            [io]
            read_idle_timeout_ms = 5000
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
            name = "bybit"
            ws_url = "ws://127.0.0.1:%1$d/bybit/v5/public/spot"
            depth = 50
            resync_min_interval_ms = 200
            instruments = [
                { symbol = "SOLUSDT", price_scale = %3$d, qty_scale = %4$d },
            ]
            """.formatted(simulator.port(), channel, sol.priceScale(), sol.qtyScale());
    }
}
