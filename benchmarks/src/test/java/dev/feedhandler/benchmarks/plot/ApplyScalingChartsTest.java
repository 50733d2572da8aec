package dev.feedhandler.benchmarks.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.feedhandler.benchmarks.plot.Results.applyScore;
import static dev.feedhandler.benchmarks.plot.Results.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApplyScalingChartsTest
{
    private static final List<Integer> LEVELS = List.of(20, 1000, 5000);
    private static final List<Integer> INSTRUMENTS = List.of(10, 1000, 10000);

    @Test
    void shouldPlotScoreAgainstInstrumentsWithOneSeriesPerLevels()
    {
        final List<JmhResult> results = Results.apply(List.of("update"), List.of("top"), LEVELS, INSTRUMENTS);

        final XYChart chart = ApplyScalingCharts.chart(results, "t", "instruments", "levels", 800, 500);

        assertThat(chart.getSeriesMap().keySet()).containsExactly("20 levels", "1,000 levels", "5,000 levels");
        for (final int levels : LEVELS)
        {
            final XYSeries series = chart.getSeriesMap().get(String.format("%,d levels", levels));
            assertThat(series.getXData()).containsExactly(10, 1000, 10000);
            assertThat(series.getYData()).containsExactly(
                applyScore("update", levels, 10), applyScore("update", levels, 1000), applyScore("update", levels, 10000));
            assertThat(series.getExtraValues()).containsExactly(
                applyScore("update", levels, 10) / 10, applyScore("update", levels, 1000) / 10,
                applyScore("update", levels, 10000) / 10);
        }
        assertThat(chart.getXAxisTitle()).isEqualTo("instruments");
        assertThat(chart.getYAxisTitle()).isEqualTo("ns/op");
        assertThat(chart.getStyler().isXAxisLogarithmic()).isTrue();
        assertThat(chart.getStyler().isYAxisLogarithmic()).isTrue(); // 21 to 6,001 ns
    }

    @Test
    void shouldPlotScoreAgainstLevelsWithOneSeriesPerInstruments()
    {
        final List<JmhResult> results = Results.apply(List.of("update"), List.of("top"), LEVELS, INSTRUMENTS);

        final XYChart chart = ApplyScalingCharts.chart(results, "t", "levels", "instruments", 800, 500);

        assertThat(chart.getSeriesMap().keySet())
            .containsExactly("10 instruments", "1,000 instruments", "10,000 instruments");
        final XYSeries series = chart.getSeriesMap().get("1,000 instruments");
        assertThat(series.getXData()).containsExactly(20, 1000, 5000);
        assertThat(series.getYData()).containsExactly(
            applyScore("update", 20, 1000), applyScore("update", 1000, 1000), applyScore("update", 5000, 1000));
    }

    @Test
    void shouldKeepALinearScoreAxisWhenTheScoresAreClose()
    {
        final List<JmhResult> results = List.of(
            apply("update", "top", 20, 10, 10.0, 1.0), apply("update", "top", 20, 1000, 12.0, 1.0));

        assertThat(ApplyScalingCharts.chart(results, "t", "instruments", "levels", 800, 500)
            .getStyler().isYAxisLogarithmic()).isFalse();
    }

    @Test
    void shouldDrawNoErrorBarWhereTheIntervalReachesZero()
    {
        assertThat(ApplyScalingCharts.drawableError(apply("update", "top", 20, 10, 10.0, 2.5))).isEqualTo(2.5);
        assertThat(ApplyScalingCharts.drawableError(apply("update", "top", 20, 10, 10.0, 10.0))).isZero();
        assertThat(ApplyScalingCharts.drawableError(apply("update", "top", 20, 10, 10.0, 45.0))).isZero();
        assertThat(ApplyScalingCharts.drawableError(apply("update", "top", 20, 10, 10.0, Double.NaN))).isZero();
    }

    @Test
    void shouldWriteTwoChartsPerMethodAndPosition(@TempDir final Path dir) throws IOException
    {
        final List<JmhResult> results = new ArrayList<>(
            Results.apply(List.of("update", "deleteInsert"), List.of("top", "deep"), LEVELS, INSTRUMENTS));
        results.add(result("RingHopBenchmark.writeRead", Map.of("ringBytes", "65536"), 30.0, 1.0));

        final List<Path> written = ApplyScalingCharts.write(results, dir.resolve("plots"), 700, 400);

        assertThat(written).containsExactly(
            dir.resolve("plots/apply-update-top-by-instruments.png"),
            dir.resolve("plots/apply-update-top-by-levels.png"),
            dir.resolve("plots/apply-update-deep-by-instruments.png"),
            dir.resolve("plots/apply-update-deep-by-levels.png"),
            dir.resolve("plots/apply-deleteInsert-top-by-instruments.png"),
            dir.resolve("plots/apply-deleteInsert-top-by-levels.png"),
            dir.resolve("plots/apply-deleteInsert-deep-by-instruments.png"),
            dir.resolve("plots/apply-deleteInsert-deep-by-levels.png"));
        for (final Path file : written)
        {
            Png.assertPng(file, 700, 400);
        }
    }

    @Test
    void shouldSkipAChartWhoseXHasOneValue(@TempDir final Path dir) throws IOException
    {
        final List<JmhResult> oneLevels = Results.apply(List.of("update"), List.of("top"), List.of(20), INSTRUMENTS);

        assertThat(ApplyScalingCharts.write(oneLevels, dir, 700, 400))
            .containsExactly(dir.resolve("apply-update-top-by-instruments.png"));
    }

    @Test
    void shouldChartTheHugePagesVariantApartFromThePlainOne(@TempDir final Path dir) throws IOException
    {
        final List<JmhResult> results = new ArrayList<>(
            Results.apply(List.of("update"), List.of("top"), List.of(20), INSTRUMENTS));
        for (final JmhResult plain : Results.apply(List.of("update"), List.of("top"), List.of(20), INSTRUMENTS))
        {
            // Same parameters, another class: were the two mixed, the chart would find two results per point.
            results.add(result("BookApplyHugePagesBenchmark.update", plain.params(), plain.score() / 2,
                plain.scoreError() / 2));
        }

        assertThat(ApplyScalingCharts.write(results, dir, 700, 400)).containsExactly(
            dir.resolve("apply-update-top-by-instruments.png"),
            dir.resolve("apply-hugepages-update-top-by-instruments.png"));
    }

    @Test
    void shouldRefuseResultsWithNothingToPlotAgainst(@TempDir final Path dir) throws Exception
    {
        final List<JmhResult> real = JmhJsonReader.read(JmhJsonReaderTest.sample()); // one parameter set

        assertThatThrownBy(() -> ApplyScalingCharts.write(real, dir, 700, 400))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("nothing to plot");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void shouldRejectResultsWithoutBookApplyAndDuplicates()
    {
        assertThatThrownBy(() -> ApplyScalingCharts.write(
            List.of(result("RingHopBenchmark.writeRead", Map.of(), 30.0, 1.0)), Path.of("unused"), 700, 400))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no BookApplyBenchmark results");
        final List<JmhResult> twice = List.of(
            apply("update", "top", 20, 10, 10.0, 1.0), apply("update", "top", 20, 10, 11.0, 1.0));
        assertThatThrownBy(() -> ApplyScalingCharts.chart(twice, "t", "instruments", "levels", 700, 400))
            .hasMessageContaining("two results");
    }

    private static JmhResult apply(final String method, final String position, final int levels,
        final int instruments, final double score, final double error)
    {
        return result("BookApplyBenchmark." + method, Map.of(
            "position", position, "levels", Integer.toString(levels), "instruments", Integer.toString(instruments)),
            score, error);
    }
}
