package dev.feedhandler.feeder.config;

import dev.feedhandler.feeder.venue.StreamSubscription;
import dev.feedhandler.orderbook.Venue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest
{
    private static final Path CONFIG_DIR =
        Path.of(System.getProperty("fixtures.dir", "../fixtures")).getParent().resolve("config");

    private static final String VENUE = """
        [[venues]]
        name = "binance-spot"
        ws_url = "ws://127.0.0.1:1/spot/stream"
        rest_depth_url = "http://127.0.0.1:1/spot/api/v3/depth"
        instruments = [ { symbol = "BTCUSDT", price_scale = 2, qty_scale = 8 } ]
        """;

    private static final String STREAM_VENUE = """
        [[venues]]
        name = "bybit"
        ws_url = "ws://127.0.0.1:1/bybit/v5/public/spot"
        instruments = [ { symbol = "BTCUSDT", price_scale = 2, qty_scale = 6 } ]
        """;

    @TempDir
    Path temp;

    @Test
    void shouldLoadTheShippedProductionConfigWithRealEndpoints()
    {
        final DaemonConfig config = ConfigLoader.load(CONFIG_DIR.resolve("feeder.toml"));

        assertThat(config.venues()).extracting(DaemonConfig.VenueSettings::venue)
            .containsExactly(Venue.BINANCE_SPOT, Venue.BINANCE_USDM, Venue.BYBIT, Venue.OKX, Venue.KRAKEN,
                Venue.COINBASE);
        assertThat(config.venues().get(0).wsUrl().toString()).isEqualTo("wss://stream.binance.com:9443/stream");
        assertThat(config.venues().get(1).restDepthUrl().getHost()).isEqualTo("fapi.binance.com");
        assertThat(config.venues().get(1).instruments()).extracting(DaemonConfig.InstrumentSettings::id)
            .containsExactly(2, 3);
        assertThat(config.venues().get(2).wsUrl().getHost()).isEqualTo("stream.bybit.com");
        assertThat(config.venues().get(3).wsUrl().getHost()).isEqualTo("ws.okx.com");
        assertThat(config.venues().get(4).wsUrl().getHost()).isEqualTo("ws.kraken.com");
        assertThat(config.venues().get(4).subscription()).isEqualTo(new StreamSubscription("book", 10));
        assertThat(config.venues().get(5).wsUrl().getHost()).isEqualTo("advanced-trade-ws.coinbase.com");
        assertThat(config.venues().get(5).instruments()).extracting(DaemonConfig.InstrumentSettings::id)
            .containsExactly(10, 11);
        assertThat(config.publisher().channels().isEmbeddedDriver()).isTrue();
    }

    @Test
    void shouldApplyTheStreamVenueDefaults() throws Exception
    {
        final DaemonConfig config = ConfigLoader.load(write(VENUE + STREAM_VENUE));

        final DaemonConfig.VenueSettings bybit = config.venues().get(1);
        assertThat(bybit.subscription()).isEqualTo(new StreamSubscription("orderbook", 50));
        assertThat(bybit.streamsPerConnection()).isEqualTo(50);
        assertThat(bybit.resyncMinInterval()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(bybit.plannedLifetime()).isZero();
        assertThat(bybit.restDepthUrl()).isNull();
        assertThat(bybit.instruments().get(0).id()).isEqualTo(1);
    }

    @Test
    void shouldLoadTheShippedDemoConfigPointingAtTheSimulator()
    {
        final DaemonConfig config = ConfigLoader.load(CONFIG_DIR.resolve("demo.toml"));

        assertThat(config.venues()).allSatisfy(venue -> assertThat(venue.wsUrl().getHost()).isEqualTo("127.0.0.1"));
        assertThat(config.venues().get(0).instruments().get(0).normalizedSymbol()).isEqualTo("BTC-USDT");
    }

    @Test
    void shouldApplyLaptopDefaultsWhenSectionsAreOmitted() throws Exception
    {
        final DaemonConfig config = ConfigLoader.load(write(VENUE));

        assertThat(config.processor().core()).isEqualTo(-1);
        assertThat(config.processor().idleStrategy()).isEqualTo("backoff");
        assertThat(config.io().threads()).isEqualTo(1);
        assertThat(config.venues().get(0).snapshotLimit()).isEqualTo(1000);
        assertThat(config.venues().get(0).instruments().get(0).id()).isZero();
        assertThat(config.publisher().driverTimeoutMs()).as("Aeron's default").isEqualTo(10_000);
    }

    @Test
    void shouldTakeTheProcessorsOwnWakeOnDataIdleStrategy() throws Exception
    {
        final DaemonConfig config = ConfigLoader.load(write("[processor]\nidle = \"wake\"\n" + VENUE));

        assertThat(config.processor().idleStrategy()).isEqualTo("wake");
    }

    static Stream<Arguments> invalidConfigs()
    {
        return Stream.of(
            Arguments.of("unknown top-level key", "colour = \"blue\"\n" + VENUE, ":1: 'colour' is not a known setting"),
            Arguments.of("unknown key in a section", "[processor]\ncores = 2\n" + VENUE,
                ":2: 'processor.cores' is not a known setting of [processor]"),
            Arguments.of("unknown key in an instrument",
                VENUE.replace("qty_scale = 8 }", "qty_scale = 8, tick = 1 }"), "'venues[0].instruments[0].tick' is not"),
            Arguments.of("wrong type", "[io]\nthreads = \"two\"\n" + VENUE, ":2: 'io.threads' must be an integer"),
            Arguments.of("out of range", "[io]\nthreads = 0\n" + VENUE, "'io.threads' must be within 1..64, got 0"),
            Arguments.of("ring not a power of two", "[processor]\nevent_ring_bytes = 100000\n" + VENUE,
                "'processor.event_ring_bytes' must be a power of two"),
            Arguments.of("unknown idle strategy", "[processor]\nidle = \"nap\"\n" + VENUE,
                "'processor.idle' unknown idle strategy 'nap', expected one of: spin, noop, yield, backoff, sleep, wake"),
            Arguments.of("unknown venue", VENUE.replace("binance-spot", "nasdaq"), "'venues[0].name' unknown venue"),
            Arguments.of("venue twice", VENUE + VENUE, "'venues[1].name' names a venue already configured"),
            Arguments.of("bad websocket scheme", VENUE.replace("ws://127", "http://127"),
                "'venues[0].ws_url' must use one of ws, wss"),
            Arguments.of("symbol twice", VENUE.replace("qty_scale = 8 }", "qty_scale = 8 }, { symbol = \"BTCUSDT\" }"),
                "'venues[0].instruments[1].symbol' is listed twice"),
            Arguments.of("scale too large", VENUE.replace("price_scale = 2", "price_scale = 19"),
                "'venues[0].instruments[0].price_scale' must be within 0..18"),
            Arguments.of("no instruments", VENUE.replace(
                "instruments = [ { symbol = \"BTCUSDT\", price_scale = 2, qty_scale = 8 } ]", ""),
                "'venues[0].instruments' must list at least one instrument"),
            Arguments.of("no venues", "[io]\nthreads = 1\n", "no [[venues]]"),
            Arguments.of("budget smaller than one snapshot", VENUE.replace("instruments =", "request_weight_per_minute = 60\ninstruments ="),
                "'venues[0].request_weight_per_minute' must be at least 100"),
            Arguments.of("malformed channel", "[publisher]\nchannel = \"udp://x\"\n" + VENUE,
                "'publisher.channel' channel must be an Aeron URI"),
            Arguments.of("invalid TOML", "[io\nthreads = 1\n" + VENUE, ":1: not valid TOML"),
            Arguments.of("a driver timeout within the driver's heartbeat", "[publisher]\ndriver_timeout_ms = 1000\n" + VENUE,
                "'publisher.driver_timeout_ms' must be within 2000..600000, got 1000"),
            Arguments.of("a Binance key on a stream venue",
                STREAM_VENUE.replace("instruments =", "snapshot_limit = 100\ninstruments ="),
                "'venues[0].snapshot_limit' is not a known setting"),
            Arguments.of("a depth the venue does not offer", STREAM_VENUE.replace("instruments =", "depth = 20\ninstruments ="),
                "'venues[0].depth' bybit offers depths [1, 50, 200, 1000], got 20"),
            Arguments.of("more instruments per connection than the venue allows",
                STREAM_VENUE.replace("instruments =", "instruments_per_connection = 100000\ninstruments ="),
                "'venues[0].instruments_per_connection' must be within 1.."),
            Arguments.of("a channel the venue does not have",
                STREAM_VENUE.replace("instruments =", "channel = \"trades\"\ninstruments ="), "'venues[0].channel'"),
            Arguments.of("a rotation overlap as long as the lifetime", VENUE.replace("instruments =",
                "planned_lifetime_ms = 60000\nrotation_overlap_ms = 60000\ninstruments ="),
                "'venues[0].rotation_overlap_ms' must be shorter than planned_lifetime_ms (60000), got 60000"),
            Arguments.of("a stream venue's rotation overlap longer than its lifetime", STREAM_VENUE.replace(
                "instruments =", "planned_lifetime_ms = 1000\nrotation_overlap_ms = 5000\ninstruments ="),
                "'venues[0].rotation_overlap_ms' must be shorter than planned_lifetime_ms (1000), got 5000"),
            Arguments.of("a snapshot timeout below the floor", "[io]\nsnapshot_timeout_ms = 10\n" + VENUE,
                "'io.snapshot_timeout_ms' must be within 100.."),
            Arguments.of("a Kraken symbol without its slash",
                STREAM_VENUE.replace("bybit\"", "kraken\"").replace("BTCUSDT", "XBTUSD"),
                "kraken symbols are BASE/QUOTE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigs")
    void shouldStopWithAnErrorNamingFileLineKeyAndReason(final String name, final String toml, final String expected)
        throws Exception
    {
        final Path file = write(toml);

        assertThatThrownBy(() -> ConfigLoader.load(file))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(file.toString())
            .hasMessageContaining(expected);
    }

    @Test
    void shouldNameTheFileWhenItCannotBeRead()
    {
        final Path missing = temp.resolve("absent.toml");

        assertThatThrownBy(() -> ConfigLoader.load(missing)).isInstanceOf(ConfigException.class)
            .hasMessageContaining(missing.toString()).hasMessageContaining("cannot read");
    }

    private Path write(final String toml) throws Exception
    {
        final Path file = Files.createTempFile(temp, "feeder", ".toml");
        Files.writeString(file, toml);
        return file;
    }
}
