package dev.feedhandler.benchmarks.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlotsTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPlotLatencyFilesUnderTheirLabels(@TempDir final Path dir) throws IOException
    {
        final Path floor = write(dir.resolve("floor.hgrm"), Hgrm.text(Hgrm.uniformMicros(1_000, 1), false));
        final Path daemon = write(dir.resolve("daemon.hgrm"), Hgrm.text(Hgrm.uniformMicros(1_000, 3), false));
        final Path png = dir.resolve("latency.png");

        assertThat(run("latency", png.toString(), "floor 10k msg/s=" + floor, "daemon 10k msg/s=" + daemon)).isZero();

        Png.assertPng(png, Plots.WIDTH, Plots.HEIGHT);
        assertThat(out()).isEqualTo("wrote " + png + System.lineSeparator());
        assertThat(err()).isEmpty();
    }

    @Test
    void shouldPlotApplyScalingIntoADirectory(@TempDir final Path dir) throws IOException
    {
        final Path json = write(dir.resolve("jmh-apply.json"), jmhJson(
            Results.apply(List.of("update"), List.of("top"), List.of(20, 1000), List.of(10, 10000))));

        assertThat(run("apply", dir.resolve("plots").toString(), json.toString())).isZero();

        assertThat(out()).contains("apply-update-top-by-instruments.png", "apply-update-top-by-levels.png");
        Png.assertPng(dir.resolve("plots/apply-update-top-by-levels.png"), Plots.WIDTH, Plots.HEIGHT);
    }

    @Test
    void shouldPlotTheDecodeComparison(@TempDir final Path dir) throws IOException
    {
        final Path json = write(dir.resolve("jmh-decode.json"), jmhJson(List.of(
            Results.result("FloorByteScanBenchmark.countQuotes", Map.of("corpus", "binanceSpot"), 77, 2),
            Results.result("DecodeBenchmark.decode", Map.of("corpus", "binanceSpot"), 240, 9))));
        final Path png = dir.resolve("decode.png");

        assertThat(run("decode", png.toString(), json.toString())).isZero();

        Png.assertPng(png, Plots.WIDTH, Plots.HEIGHT);
    }

    @Test
    void shouldExitTwoWithUsageOnABadCommandLine()
    {
        assertThat(run()).isEqualTo(2);
        assertThat(run("decode", "out.png")).isEqualTo(2);
        assertThat(run("decode", "out.png", "a.json", "b.json")).isEqualTo(2);
        assertThat(run("apply", "dir")).isEqualTo(2);
        assertThat(run("latency", "out.png", "no-label.hgrm")).isEqualTo(2);
        assertThat(run("latency", "out.png", "=no-label.hgrm")).isEqualTo(2);
        assertThat(run("latency", "out.png", "no-file=")).isEqualTo(2);
        assertThat(run("histogram", "out.png", "x.json")).isEqualTo(2);
        assertThat(err()).contains("usage: Plots latency OUT.png LABEL=FILE.hgrm")
            .contains("want LABEL=FILE.hgrm: no-label.hgrm")
            .contains("unknown chart: histogram");
        assertThat(out()).isEmpty();
    }

    @Test
    void shouldExitTwoOnALabelGivenTwice(@TempDir final Path dir) throws IOException
    {
        final Path hgrm = write(dir.resolve("a.hgrm"), Hgrm.text(Hgrm.uniformMicros(100, 1), false));

        assertThat(run("latency", dir.resolve("x.png").toString(), "a=" + hgrm, "a=" + hgrm)).isEqualTo(2);
        assertThat(err()).contains("label given twice: a");
        assertThat(dir.resolve("x.png")).doesNotExist();
    }

    @Test
    void shouldExitOneNamingTheInputThatCannotBePlotted(@TempDir final Path dir) throws IOException
    {
        final Path missing = dir.resolve("missing.hgrm");
        assertThat(run("latency", dir.resolve("x.png").toString(), "a=" + missing)).isEqualTo(1);
        assertThat(err()).contains(missing.toString());

        final Path notApply = write(dir.resolve("decode.json"), jmhJson(List.of(
            Results.result("DecodeBenchmark.decode", Map.of("corpus", "okx"), 6677, 100))));
        assertThat(run("apply", dir.resolve("plots").toString(), notApply.toString())).isEqualTo(1);
        assertThat(err()).contains("no BookApplyBenchmark results");
        assertThat(dir.resolve("plots")).doesNotExist();
    }

    private int run(final String... args)
    {
        return Plots.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static Path write(final Path file, final String text) throws IOException
    {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The fields of JMH's JSON layout the reader uses. */
    private static String jmhJson(final List<JmhResult> results)
    {
        final StringBuilder json = new StringBuilder("[\n");
        for (final JmhResult result : results)
        {
            final StringBuilder params = new StringBuilder();
            result.params().forEach((name, value) ->
                params.append(params.length() == 0 ? "" : ", ").append('"').append(name).append("\" : \"")
                    .append(value).append('"'));
            json.append(json.length() > 2 ? ",\n" : "").append(String.format(Locale.ROOT,
                "{ \"benchmark\" : \"%s\", \"mode\" : \"%s\", \"params\" : { %s }, " +
                "\"primaryMetric\" : { \"score\" : %s, \"scoreError\" : %s, \"scoreUnit\" : \"%s\" } }",
                result.benchmark(), result.mode(), params, result.score(), result.scoreError(), result.unit()));
        }
        return json.append("\n]\n").toString();
    }
}
