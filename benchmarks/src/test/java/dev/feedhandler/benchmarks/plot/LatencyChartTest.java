package dev.feedhandler.benchmarks.plot;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencyChartTest
{
    @Test
    void shouldLabelWholeXAsPercentilesAndLeaveTheRestBlank()
    {
        assertThat(LatencyChart.percentileLabel(0.0)).isEqualTo("0%");
        assertThat(LatencyChart.percentileLabel(1.0)).isEqualTo("90%");
        assertThat(LatencyChart.percentileLabel(2.0)).isEqualTo("99%");
        assertThat(LatencyChart.percentileLabel(3.0)).isEqualTo("99.9%");
        assertThat(LatencyChart.percentileLabel(4.0)).isEqualTo("99.99%");
        assertThat(LatencyChart.percentileLabel(5.0000000001)).isEqualTo("99.999%");
        assertThat(LatencyChart.percentileLabel(0.5)).isEmpty();
        assertThat(LatencyChart.percentileLabel(2.2)).isEmpty();
        assertThat(LatencyChart.percentileLabel(-1.0)).isEmpty();
    }

    @Test
    void shouldPlotEachRunAtLogOfInverseTailLeavingOutTheHundredthPercentile()
    {
        final List<PercentilePoint> fast = HgrmReader.parse(Hgrm.text(Hgrm.uniformMicros(10_000, 1), false));
        final List<PercentilePoint> slow = HgrmReader.parse(Hgrm.text(Hgrm.uniformMicros(10_000, 100), false));
        final Map<String, List<PercentilePoint>> runs = new LinkedHashMap<>();
        runs.put("floor 10k msg/s", fast);
        runs.put("daemon 10k msg/s", slow);

        final XYChart chart = LatencyChart.chart(runs, 800, 500);

        assertThat(chart.getSeriesMap().keySet())
            .containsExactly("floor 10k msg/s (max 10,002.4 µs)", "daemon 10k msg/s (max 1,000,341.5 µs)");
        final XYSeries series = chart.getSeriesMap().get("floor 10k msg/s (max 10,002.4 µs)");
        final List<PercentilePoint> plotted = fast.stream().filter(p -> p.percentile() < 1.0).toList();
        assertThat(plotted).hasSizeLessThan(fast.size());
        assertThat(series.getXData()).hasSize(plotted.size());
        for (int i = 0; i < plotted.size(); i++)
        {
            assertThat(series.getXData()[i]).isCloseTo(-Math.log10(1.0 - plotted.get(i).percentile()), within(1e-9));
            assertThat(series.getYData()[i]).isEqualTo(plotted.get(i).value());
        }
        assertThat(chart.getTitle()).isEqualTo(LatencyChart.TITLE);
        assertThat(chart.getXAxisTitle()).isEqualTo("percentile");
        assertThat(chart.getYAxisTitle()).isEqualTo("latency (µs)");
        assertThat(chart.getStyler().getXAxisMin()).isEqualTo(0.0);
        // the axis ends at the first whole x (percentile label) at or beyond the last row below 100%
        final double lastX = series.getXData()[plotted.size() - 1];
        assertThat(chart.getStyler().getXAxisMax()).isEqualTo(Math.ceil(lastX)).isGreaterThan(lastX);
        assertThat(chart.getStyler().isYAxisLogarithmic()).isTrue();
    }

    @Test
    void shouldDrawValuesBelowTheResolutionAtTheSmallestPositiveOneOnALogAxis()
    {
        final Histogram wide = new Histogram(60_000_000_000L, 3);
        for (int i = 0; i < 1_000; i++)
        {
            // 0 ns up to the median, then 1 us doubling every 25 samples, up to about 1 s
            wide.recordValue(i < 500 ? 0 : 1_000L << ((i - 500) / 25));
        }

        final XYChart chart = LatencyChart.chart(Map.of("wide", HgrmReader.parse(Hgrm.text(wide, false))), 800, 500);

        assertThat(chart.getStyler().isYAxisLogarithmic()).isTrue();
        final double[] y = chart.getSeriesMap().values().iterator().next().getYData();
        assertThat(y[0]).as("the 0%% row, 0 in the file").isPositive();
        assertThat(Arrays.stream(y).min().orElseThrow()).isEqualTo(y[0]);
    }

    @Test
    void shouldKeepALinearLatencyAxisWhenTheRangeIsNarrow()
    {
        final Histogram narrow = new Histogram(60_000_000_000L, 3);
        for (int i = 0; i < 1_000; i++)
        {
            narrow.recordValue(100_000 + i * 10);
        }

        final XYChart chart = LatencyChart.chart(Map.of("narrow", HgrmReader.parse(Hgrm.text(narrow, false))), 800, 500);

        assertThat(chart.getStyler().isYAxisLogarithmic()).isFalse();
    }

    @Test
    void shouldEndTheXAxisAtTheFirstPercentileLabelAtOrBeyondTheLastRow()
    {
        assertThat(xAxisMax(0.999)).isEqualTo(3.0);
        assertThat(xAxisMax(0.9995)).isEqualTo(4.0);
        assertThat(xAxisMax(0.5)).as("at least 99%").isEqualTo(2.0);
    }

    private static double xAxisMax(final double lastPercentileBelowMax)
    {
        final List<PercentilePoint> points = List.of(
            new PercentilePoint(1.0, 0.0, 1),
            new PercentilePoint(2.0, lastPercentileBelowMax, 2),
            new PercentilePoint(3.0, 1.0, 3));
        return LatencyChart.chart(Map.of("run", points), 800, 500).getStyler().getXAxisMax();
    }

    @Test
    void shouldRejectNoRunsAndARunWithOnlyTheHundredthPercentile()
    {
        assertThatThrownBy(() -> LatencyChart.chart(Map.of(), 800, 500)).hasMessageContaining("no latency runs");
        assertThatThrownBy(() -> LatencyChart.chart(Map.of("max only", List.of(new PercentilePoint(5, 1.0, 1))), 800, 500))
            .hasMessageContaining("max only");
    }

    @Test
    void shouldRenderEverySeries(@TempDir final Path dir) throws IOException
    {
        final Map<String, List<PercentilePoint>> runs = new LinkedHashMap<>();
        runs.put("a", HgrmReader.parse(Hgrm.text(Hgrm.uniformMicros(100_000, 1), false)));
        runs.put("b", HgrmReader.parse(Hgrm.text(Hgrm.uniformMicros(100_000, 7), false)));
        final XYChart chart = LatencyChart.chart(runs, 900, 540);
        final Path file = dir.resolve("latency.png");

        PngWriter.write(chart, file);

        final BufferedImage image = Png.assertPng(file, 900, 540);
        for (final XYSeries series : chart.getSeriesMap().values())
        {
            assertThat(Png.pixelsOf(image, series.getLineColor().getRGB() & 0xFFFFFF))
                .as("pixels of %s", series.getName()).isGreaterThan(200);
        }
    }
}
