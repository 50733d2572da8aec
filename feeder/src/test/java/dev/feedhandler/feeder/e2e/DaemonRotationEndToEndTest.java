package dev.feedhandler.feeder.e2e;

import dev.feedhandler.feeder.config.ConfigLoader;
import dev.feedhandler.feeder.daemon.Daemon;
import dev.feedhandler.feeder.daemon.IngestCounters;
import dev.feedhandler.sim.BookTruth;
import dev.feedhandler.sim.SimulatorConfig;
import dev.feedhandler.sim.VenueSimulator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Planned connection rotation end to end: every connection is replaced every 2.5 s (1 s overlap) at full rate, on
 * the Binance venues (the new connection takes over once its buffered diffs chain on) and on the four stream venues
 * (each instrument switches at the new connection's snapshot). Every rotation must switch in sync, no instrument may
 * lose trust, the feed may have no gap and no connection may be lost unplanned, and every book ends equal to the
 * truth.
 */
class DaemonRotationEndToEndTest
{
    private static final String[][] BINANCE = {{"binance-spot", "BTCUSDT"}, {"binance-spot", "ETHUSDT"},
        {"binance-usdm", "BTCUSDT"}, {"binance-usdm", "ETHUSDT"}};
    private static final String[][] STREAM = {{"bybit", "BTCUSDT"}, {"okx", "BTC-USDT"}, {"kraken", "BTC/USD"},
        {"coinbase", "BTC-USD"}};

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"binance", "stream venues"})
    void shouldRotateEveryConnectionRepeatedlyWithoutLosingAnUpdate(final String family) throws Exception
    {
        final String[][] instruments = family.equals("binance") ? BINANCE : STREAM;
        final SimulatorConfig simulatorConfig = new SimulatorConfig().ratePerSecond(5_000).levels(100)
            .seed(ThreadLocalRandom.current().nextLong());
        for (final String[] instrument : instruments)
        {
            simulatorConfig.instruments(instrument[0], instrument[1]);
        }
        final String channel = "aeron:udp?endpoint=239.255.42.11:" + ThreadLocalRandom.current().nextInt(41_000, 49_000) +
            "|interface=127.0.0.1";
        try (VenueSimulator simulator = VenueSimulator.start(simulatorConfig))
        {
            final Path config = temp.resolve("rotation.toml");
            Files.writeString(config, config(simulator, channel, instruments));
            final FeedWatcher feed = new FeedWatcher(channel, instruments.length);
            final Daemon daemon = Daemon.start(ConfigLoader.load(config));
            try
            {
                feed.awaitAllTrusted();
                final int[] lostBefore = feed.lostCounts(); // start-up is not a rotation
                feed.awaitCondition("at least three rotations per connection",
                    () -> daemon.ingest().rotations() >= 3 * instruments.length);

                long inSync = 0;
                long outOfSync = 0;
                for (final IngestCounters counters : daemon.ingest().counters())
                {
                    inSync += counters.rotationsInSync();
                    outOfSync += counters.rotationsOutOfSync();
                }
                System.out.printf("%s rotations: %d, switched in sync: %d, out of sync: %d%n", family,
                    daemon.ingest().rotations(), inSync, outOfSync);
                assertThat(inSync).as("rotations that switched once in sync").isPositive();
                assertThat(feed.lostCounts()).as("trust lost during rotations: %s", feed.allStatuses())
                    .isEqualTo(lostBefore);
                assertThat(daemon.ingest().reconnects()).as("unplanned reconnects").isZero();

                feed.awaitBooksEqualTheTruth(simulator, instruments);
                feed.assertNoDeltaGaps(daemon.publisher());
            }
            finally
            {
                daemon.close();
                feed.close();
            }
        }
    }

    private static String config(final VenueSimulator simulator, final String channel, final String[][] instruments)
    {
        final int port = simulator.port();
        final StringBuilder toml = new StringBuilder("""
            [publisher]
            channel = "%s"
            snapshot_interval_ms = 1000
            """.formatted(channel));
        String open = "";
        for (final String[] instrument : instruments)
        {
            final String venue = instrument[0];
            if (!venue.equals(open))
            {
                if (!open.isEmpty())
                {
                    toml.append("]\n");
                }
                open = venue;
                toml.append("[[venues]]\nname = \"").append(venue).append("\"\nws_url = \"ws://127.0.0.1:")
                    .append(port).append(path(venue)).append("\"\n")
                    .append("planned_lifetime_ms = 2500\nrotation_overlap_ms = 1000\n");
                if (venue.startsWith("binance"))
                {
                    toml.append("rest_depth_url = \"http://127.0.0.1:").append(port)
                        .append(venue.equals("binance-spot") ? "/spot/api/v3/depth" : "/usdm/fapi/v1/depth")
                        .append("\"\nstreams_per_connection = 1\n");
                }
                else
                {
                    toml.append("instruments_per_connection = 1\n")
                        .append(venue.equals("kraken") ? "depth = 10\n" : venue.equals("bybit") ? "depth = 50\n" : "");
                }
                toml.append("instruments = [\n");
            }
            final BookTruth truth = simulator.truth(venue, instrument[1]);
            toml.append("    { symbol = \"").append(instrument[1]).append("\", price_scale = ").append(truth.priceScale())
                .append(", qty_scale = ").append(truth.qtyScale()).append(" },\n");
        }
        return toml.append("]\n").toString();
    }

    private static String path(final String venue)
    {
        return switch (venue)
        {
            case "binance-spot" -> "/spot/stream";
            case "binance-usdm" -> "/usdm/stream";
            case "bybit" -> "/bybit/v5/public/spot";
            case "okx" -> "/okx/ws/v5/public";
            case "kraken" -> "/kraken/v2";
            default -> "/coinbase";
        };
    }
}
