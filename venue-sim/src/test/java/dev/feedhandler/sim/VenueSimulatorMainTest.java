package dev.feedhandler.sim;

import dev.feedhandler.sim.testing.Http;
import dev.feedhandler.sim.testing.Json;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as scripts run it: one listening line on stderr, serving until --duration, then exit 0.
 */
class VenueSimulatorMainTest
{
    private static final Pattern LISTENING = Pattern.compile("venue-sim: listening on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void shouldPrintTheListeningLineServeAndExitAfterTheDuration() throws Exception
    {
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Process process = new ProcessBuilder(java.toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), VenueSimulatorMain.class.getName(),
            "--port", "0", "--duration", "2s", "--rate", "500", "--levels", "20", "--seed", "9",
            "--ping-interval", "5s",
            "--instruments", "binance-spot:BTCUSDT,NKNUSDT/8/8/0.35",
            "--instruments", "binance-usdm:SUSHIUSDT/4/0/7.6").start();
        try
        {
            final BufferedReader stderr = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            final String line = stderr.readLine();
            assertThat(line).matches(LISTENING);
            final Matcher matcher = LISTENING.matcher(line);
            assertThat(matcher.matches()).isTrue();
            final String url = "http://127.0.0.1:" + matcher.group(1);

            final Map<String, Object> truth = Http.getJson(url + "/truth?venue=binance-spot&symbol=NKNUSDT");
            assertThat(truth).containsEntry("symbol", "NKNUSDT");
            final Map<String, Object> snapshot = Http.getJson(url + "/usdm/fapi/v1/depth?symbol=SUSHIUSDT&limit=5");
            assertThat(((List<?>)((List<?>)snapshot.get("bids")).get(0)).get(0).toString()).matches("\\d+\\.\\d{4}");

            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits by itself").isTrue();
            assertThat(process.exitValue()).isZero();
            final List<String> rest = new ArrayList<>();
            for (String more = stderr.readLine(); more != null; more = stderr.readLine())
            {
                rest.add(more);
            }
            assertThat(rest).as("nothing else on stderr").isEmpty();
            final String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            final Map<String, Object> stats = Json.object(stdout);
            assertThat((List<?>)stats.get("instruments")).hasSize(3);
            assertThat(stats).containsEntry("engineErrors", BigDecimal.ZERO);
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    @Test
    void shouldExitTwoOnBadArguments() throws IOException
    {
        assertThat(run("--rate", "-5").exitCode).isEqualTo(2);
        final Result unknownVenue = run("--instruments", "kraken:XBTUSD");
        assertThat(unknownVenue.exitCode).isEqualTo(2);
        assertThat(unknownVenue.err).contains("unknown venue 'kraken', expected one of: binance-spot, binance-usdm");
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
