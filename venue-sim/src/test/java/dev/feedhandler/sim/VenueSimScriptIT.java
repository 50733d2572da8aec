package dev.feedhandler.sim;

import dev.feedhandler.sim.testing.BinanceSyncClient;
import dev.feedhandler.sim.testing.Http;
import dev.feedhandler.sim.testing.Poll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/venue-sim} with the shaded jar, as an operator or another test suite starts it: a client syncs
 * against it over loopback and matches the truth; the process exits 0 when stopped.
 */
class VenueSimScriptIT
{
    private static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    private static final Pattern LISTENING = Pattern.compile("venue-sim: listening on (http://127\\.0\\.0\\.1:\\d+)");

    @Test
    void shouldRunFromTheScriptServeASyncingClientAndExitWhenStopped() throws Exception
    {
        final Path script = ROOT.resolve("scripts/venue-sim");
        assertThat(Files.isExecutable(script)).isTrue();
        assertThat(ROOT.resolve("venue-sim/target/venue-sim-all.jar")).exists();
        final ProcessBuilder builder = new ProcessBuilder(script.toString(), "--duration", "5m", "--rate", "300",
            "--levels", "50", "--instruments", "binance-spot:BTCUSDT", "--instruments", "binance-usdm:ETHUSDT");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        final Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try
        {
            final BufferedReader stderr = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            final Matcher matcher = LISTENING.matcher(String.valueOf(stderr.readLine()));
            assertThat(matcher.matches()).isTrue();
            final String url = matcher.group(1);

            try (BinanceSyncClient client = BinanceSyncClient.connect(url, BinanceSyncClient.Rule.SPOT,
                List.of("BTCUSDT"), "@depth@100ms"))
            {
                Poll.until(Duration.ofSeconds(20), () ->
                {
                    client.pump();
                    return client.allLive() && client.book("BTCUSDT").applied > 5;
                }, "client live");
                assertThat(Http.post(url + "/control/pause").statusCode()).isEqualTo(200);
                final Map<String, Object> truth = Http.getJson(url + "/truth?venue=binance-spot&symbol=BTCUSDT");
                final long updateId = ((Number)truth.get("updateId")).longValue();
                Poll.until(Duration.ofSeconds(20), () ->
                {
                    client.pump();
                    return client.book("BTCUSDT").lastId() == updateId;
                }, "client caught up");
                assertThat(client.book("BTCUSDT").bids()).isEqualTo(truth.get("bids"));
                assertThat(client.book("BTCUSDT").asks()).isEqualTo(truth.get("asks"));
            }

            assertThat(Http.post(url + "/control/stop").statusCode()).isEqualTo(200);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits when stopped").isTrue();
            assertThat(process.exitValue()).isZero();
        }
        finally
        {
            process.destroyForcibly();
        }
    }
}
