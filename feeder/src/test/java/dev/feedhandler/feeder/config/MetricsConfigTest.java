package dev.feedhandler.feeder.config;

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

/** The {@code [metrics]} section. */
class MetricsConfigTest
{
    private static final String VENUE = """
        [[venues]]
        name = "binance-spot"
        ws_url = "ws://127.0.0.1:1/stream"
        rest_depth_url = "http://127.0.0.1:1/api/v3/depth"
        instruments = [ { symbol = "BTCUSDT", price_scale = 2, qty_scale = 8 } ]
        """;

    @TempDir
    Path temp;

    @Test
    void shouldDefaultToAPerProcessCountersFileNoEndpointAndLatencyHistograms() throws Exception
    {
        final DaemonConfig.Metrics metrics = ConfigLoader.load(write(VENUE)).metrics();

        assertThat(metrics).isEqualTo(DaemonConfig.Metrics.DEFAULT);
        assertThat(metrics.countersFile()).isNull();
        assertThat(metrics.prometheusPort()).isZero();
        assertThat(metrics.prometheusBind()).isEqualTo("127.0.0.1");
        assertThat(metrics.latencyHistograms()).isTrue();
        assertThat(metrics.ringTimestamps()).isFalse();
    }

    @Test
    void shouldReadEveryKeyAndResolveTheCountersFileAgainstTheConfigsDirectory() throws Exception
    {
        final Path file = write("""
            [metrics]
            counters_file = "run/feeder.counters"
            prometheus_port = 9464
            prometheus_bind = "0.0.0.0"
            latency_histograms = false
            """ + VENUE);

        final DaemonConfig.Metrics metrics = ConfigLoader.load(file).metrics();

        assertThat(metrics.countersFile()).isEqualTo(file.toAbsolutePath().getParent().resolve("run/feeder.counters"));
        assertThat(metrics.prometheusPort()).isEqualTo(9464);
        assertThat(metrics.prometheusBind()).isEqualTo("0.0.0.0");
        assertThat(metrics.latencyHistograms()).isFalse();
        assertThat(metrics.ringTimestamps()).isFalse();
    }

    @Test
    void shouldReadRingTimestampsWithTheLatencyHistograms() throws Exception
    {
        final DaemonConfig.Metrics metrics =
            ConfigLoader.load(write("[metrics]\nring_timestamps = true\n" + VENUE)).metrics();

        assertThat(metrics.ringTimestamps()).isTrue();
        assertThat(metrics.latencyHistograms()).isTrue();
    }

    static Stream<Arguments> invalid()
    {
        return Stream.of(
            Arguments.of("port out of range", "[metrics]\nprometheus_port = 70000\n",
                ":2: 'metrics.prometheus_port' must be within 0..65535, got 70000"),
            Arguments.of("port not an integer", "[metrics]\nprometheus_port = \"9464\"\n",
                "'metrics.prometheus_port' must be an integer"),
            Arguments.of("empty bind address", "[metrics]\nprometheus_bind = \"\"\n",
                "'metrics.prometheus_bind' must name an address"),
            Arguments.of("histograms not a boolean", "[metrics]\nlatency_histograms = 1\n",
                "'metrics.latency_histograms' must be true or false, got"),
            Arguments.of("ring timestamps not a boolean", "[metrics]\nring_timestamps = \"yes\"\n",
                "'metrics.ring_timestamps' must be true or false, got"),
            Arguments.of("ring timestamps without histograms",
                "[metrics]\nlatency_histograms = false\nring_timestamps = true\n",
                ":3: 'metrics.ring_timestamps' needs latency_histograms = true"),
            Arguments.of("unknown key", "[metrics]\nport = 1\n", "'metrics.port' is not a known setting of [metrics]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void shouldStopWithAnErrorNamingFileLineKeyAndReason(final String name, final String toml, final String expected)
        throws Exception
    {
        final Path file = write(toml + VENUE);

        assertThatThrownBy(() -> ConfigLoader.load(file))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(file.toString())
            .hasMessageContaining(expected);
    }

    private Path write(final String toml) throws Exception
    {
        final Path file = Files.createTempFile(temp, "feeder", ".toml");
        Files.writeString(file, toml);
        return file;
    }
}
