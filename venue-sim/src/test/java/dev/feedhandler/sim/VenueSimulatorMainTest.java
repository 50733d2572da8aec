package dev.feedhandler.sim;

import dev.feedhandler.sim.testing.Http;
import dev.feedhandler.sim.testing.Json;
import dev.feedhandler.sim.testing.Poll;
import dev.feedhandler.sim.testing.StreamVenueClient;
import dev.feedhandler.sim.testing.StreamVenues;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as scripts run it: one listening line on stderr, serving until --duration (or POST /control/stop),
 * then exit 0.
 */
class VenueSimulatorMainTest
{
    private static final Pattern LISTENING = Pattern.compile("venue-sim: listening on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void shouldPrintTheListeningLineAndExitAfterTheDuration() throws Exception
    {
        final Process process = start("--duration", "1500ms", "--rate", "500", "--levels", "20",
            "--instruments", "binance-spot:BTCUSDT,NKNUSDT/8/8/0.35", "--instruments", "binance-usdm:SUSHIUSDT/4/0/7.6");
        try
        {
            final BufferedReader stderr = stderr(process);
            assertThat(stderr.readLine()).matches(LISTENING);

            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits by itself").isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(remainingLines(stderr)).as("nothing else on stderr").isEmpty();
            final Map<String, Object> stats = Json.object(
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            assertThat((List<?>)stats.get("instruments")).hasSize(3);
            assertThat(stats).containsEntry("engineErrors", BigDecimal.ZERO);
            final long events = ((List<?>)stats.get("instruments")).stream()
                .mapToLong(instrument -> ((BigDecimal)((Map<?, ?>)instrument).get("eventsGenerated")).longValue())
                .sum();
            assertThat(events).as("at most 1.5 s at 500 events/s").isPositive().isLessThanOrEqualTo(760L);
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    @Test
    void shouldServeTheConfiguredInstrumentsUntilStopped() throws Exception
    {
        final Process process = start("--port", "0", "--duration", "5m", "--rate", "200", "--seed", "9",
            "--ping-interval", "5s", "--instruments", "binance-spot:BTCUSDT,NKNUSDT/8/8/0.35",
            "--instruments", "binance-usdm:SUSHIUSDT/4/0/7.6");
        try
        {
            final BufferedReader stderr = stderr(process);
            final Matcher matcher = LISTENING.matcher(String.valueOf(stderr.readLine()));
            assertThat(matcher.matches()).isTrue();
            final String url = "http://127.0.0.1:" + matcher.group(1);

            assertThat(Http.getJson(url + "/truth?venue=binance-spot&symbol=NKNUSDT")).containsEntry("symbol", "NKNUSDT");
            final Map<String, Object> snapshot = Http.getJson(url + "/usdm/fapi/v1/depth?symbol=SUSHIUSDT&limit=5");
            assertThat(((List<?>)((List<?>)snapshot.get("bids")).get(0)).get(0).toString()).matches("\\d+\\.\\d{4}");
            assertThat(((List<?>)((List<?>)snapshot.get("bids")).get(0)).get(1).toString()).matches("\\d+");
            assertThat(Http.get(url + "/spot/api/v3/depth?symbol=SUSHIUSDT").statusCode()).isEqualTo(400);

            assertThat(Http.post(url + "/control/stop").body()).isEqualTo("{\"stopping\":true}");
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits when stopped").isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(remainingLines(stderr)).isEmpty();
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    @Test
    void shouldServeTheStreamVenues() throws Exception
    {
        final Process process = start("--port", "0", "--duration", "5m", "--rate", "200", "--seed", "3",
            "--instruments", "bybit:BTCUSDT", "--instruments", "okx:BTC-USDT",
            "--instruments", "kraken:BTC/USD/1/8/30000,ETH/USD", "--instruments", "coinbase:BTC-USD");
        try
        {
            final BufferedReader stderr = stderr(process);
            final Matcher matcher = LISTENING.matcher(String.valueOf(stderr.readLine()));
            assertThat(matcher.matches()).isTrue();
            final String url = "http://127.0.0.1:" + matcher.group(1);

            final Map<String, Object> kraken = Http.getJson(url + "/truth?venue=kraken&symbol=BTC/USD");
            assertThat((List<?>)kraken.get("bids")).hasSize(10);
            final String bestBid = ((List<?>)((List<?>)kraken.get("bids")).get(0)).get(0).toString();
            assertThat(bestBid).as("near 30000 at one decimal").matches("(2|3)\\d{4}(\\.\\d)?");
            assertThat(Http.getJson(url + "/truth?venue=okx&symbol=BTC-USDT")).containsEntry("symbol", "BTC-USDT");
            assertThat(Http.getJson(url + "/truth?venue=bybit&symbol=BTCUSDT&depth=5").get("asks")).asList().hasSize(5);
            try (StreamVenueClient client = new StreamVenueClient("coinbase",
                "ws://127.0.0.1:" + matcher.group(1) + "/coinbase", 2, 8))
            {
                client.send(StreamVenues.subscribe("coinbase", "BTC-USD"));
                Poll.until(Duration.ofSeconds(10), () -> client.snapshots("BTC-USD") == 1 &&
                    client.updates("BTC-USD") > 5, "coinbase snapshot and updates");
                assertThat(client.gaps()).isZero();
            }

            assertThat(Http.post(url + "/control/stop").body()).isEqualTo("{\"stopping\":true}");
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits when stopped").isTrue();
            assertThat(process.exitValue()).isZero();
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    private static Process start(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), VenueSimulatorMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    private static BufferedReader stderr(final Process process)
    {
        return new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    }

    private static List<String> remainingLines(final BufferedReader reader) throws IOException
    {
        final List<String> lines = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine())
        {
            lines.add(line);
        }
        return lines;
    }

    @Test
    void shouldExitTwoOnBadArguments() throws IOException
    {
        assertThat(run("--rate", "-5").exitCode).isEqualTo(2);
        final Result unknownVenue = run("--instruments", "bitget:BTCUSDT");
        assertThat(unknownVenue.exitCode).isEqualTo(2);
        assertThat(unknownVenue.err).contains("unknown venue 'bitget', expected one of: binance-spot, binance-usdm, " +
            "bybit, okx, kraken, coinbase");
        assertThat(run("--instruments", "kraken:BTC/usd/x").exitCode).isEqualTo(2);
        assertThat(run("--duration", "soon").exitCode).isEqualTo(2);
        assertThat(run("--levels", "20000", "--instruments", "binance-spot:BTCUSDT/0/8").err)
            .contains("initial mid");
        assertThat(run("--help").out).contains("--instruments", "--rate", "--levels", "--seed", "--duration",
            "--ping-interval", "--port");
    }

    @Test
    void shouldParseDurations()
    {
        final VenueSimulatorMain.DurationConverter converter = new VenueSimulatorMain.DurationConverter();
        assertThat(converter.convert("500ms").toMillis()).isEqualTo(500);
        assertThat(converter.convert("30s").toMillis()).isEqualTo(30_000);
        assertThat(converter.convert("1.5").toMillis()).isEqualTo(1500);
        assertThat(converter.convert("10m").toMinutes()).isEqualTo(10);
        assertThat(converter.convert("2h").toHours()).isEqualTo(2);
        assertThat(converter.convert("PT3S").toMillis()).isEqualTo(3000);
        assertThat(converter.convert("0").isZero()).isTrue();
    }

    private static Result run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = VenueSimulatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String out, String err)
    {
    }
}
