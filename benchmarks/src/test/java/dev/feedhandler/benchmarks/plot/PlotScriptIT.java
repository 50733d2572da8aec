package dev.feedhandler.benchmarks.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/bench plot} with the shaded {@code benchmarks.jar}: XChart, its fonts and Jackson work from the
 * jar, headless, as they will when the real plots are drawn.
 */
class PlotScriptIT
{
    private static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();

    @Test
    void shouldDrawTheLatencyAndDecodeChartsFromTheScript(@TempDir final Path dir) throws Exception
    {
        assertThat(ROOT.resolve("benchmarks/target/benchmarks.jar")).exists();
        final Path floor = Files.writeString(dir.resolve("floor.hgrm"), Hgrm.text(Hgrm.uniformMicros(10_000, 1), false));
        final Path daemon = Files.writeString(dir.resolve("daemon.hgrm"), Hgrm.text(Hgrm.uniformMicros(10_000, 4), false));
        final Path sample = JmhJsonReaderTest.sample();
        final Path decode = Files.writeString(dir.resolve("decode.json"), Files.readString(sample)
            .replace("BookApplyBenchmark.deleteInsert", "FloorByteScanBenchmark.countQuotes")
            .replace("BookApplyBenchmark.update", "DecodeBenchmark.decode")
            .replace("\"position\" : \"top\"", "\"corpus\" : \"binanceSpot\""));

        final Process latency = run(dir, "plot", "latency", dir.resolve("latency.png").toString(),
            "floor 10k msg/s=" + floor, "daemon 10k msg/s=" + daemon);
        final Process bars = run(dir, "plot", "decode", dir.resolve("decode.png").toString(), decode.toString());

        assertThat(latency.exitValue()).as(errors(dir)).isZero();
        assertThat(bars.exitValue()).as(errors(dir)).isZero();
        Png.assertPng(dir.resolve("latency.png"), Plots.WIDTH, Plots.HEIGHT);
        Png.assertPng(dir.resolve("decode.png"), Plots.WIDTH, Plots.HEIGHT);
    }

    @Test
    void shouldExitTwoOnABadPlotCommand(@TempDir final Path dir) throws Exception
    {
        assertThat(run(dir, "plot", "latency", dir.resolve("x.png").toString()).exitValue()).isEqualTo(2);
        assertThat(errors(dir)).contains("usage: Plots latency");
    }

    private static Process run(final Path dir, final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("scripts/bench").toString());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.txt").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        final Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException("scripts/bench " + String.join(" ", args) + " did not finish in 60 s");
        }
        return process;
    }

    private static String errors(final Path dir) throws IOException
    {
        final Path stderr = dir.resolve("stderr.txt");
        return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
    }
}
