package dev.feedhandler.benchmarks.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.feedhandler.benchmarks.plot.Results.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecodeChartTest
{
    private static final String FLOOR = "FloorByteScanBenchmark.countQuotes";
    private static final String DECODE = "DecodeBenchmark.decode";
    private static final String DECODE_APPLY = "DecodeApplyBenchmark.decodeApply";
    private static final String XCHANGE = "XChangeBinanceBenchmark.decodeApply";

    @Test
    void shouldGroupTheComparedBenchmarksByCorpusInBarOrder()
    {
        final List<JmhResult> results = List.of(
            corpus(XCHANGE, "binanceSpot", 4784),
            corpus(DECODE_APPLY, "binanceSpot", 804),
            corpus(DECODE, "binanceSpot", 642),
            corpus(FLOOR, "binanceSpot", 77),
            corpus(DECODE, "bybit", 5757),
            corpus(FLOOR, "bybit", 701),
            corpus(XCHANGE, "binanceUsdm", 19160),
            corpus(DECODE_APPLY, "binanceUsdm", 1997),
            corpus(DECODE, "binanceUsdm", 1409),
            corpus(FLOOR, "binanceUsdm", 259),
            result("RingHopBenchmark.writeRead", Map.of("ringBytes", "65536"), 30.0, 1.0));

        final CategoryChart chart = DecodeChart.chart(results, 800, 500);

        assertThat(chart.getSeriesMap().keySet())
            .containsExactly("floor (byte scan)", "decode", "decode + apply", "XChange decode + apply");
        assertThat(chart.getSeriesMap().values()).allSatisfy(series ->
            assertThat(new ArrayList<Object>(series.getXData())).containsExactly("binanceSpot", "bybit", "binanceUsdm"));
        assertThat(yData(chart, "floor (byte scan)")).containsExactly(77.0, 701.0, 259.0);
        assertThat(yData(chart, "decode")).containsExactly(642.0, 5757.0, 1409.0);
        assertThat(yData(chart, "decode + apply")).containsExactly(804.0, null, 1997.0);
        assertThat(yData(chart, "XChange decode + apply")).containsExactly(4784.0, null, 19160.0);
        assertThat(chart.getStyler().isYAxisLogarithmic()).isTrue();
        assertThat(chart.getStyler().getYAxisMin()).as("the decade below 77").isEqualTo(10.0);
        assertThat(chart.getStyler().getYAxisMax()).as("the decade above 19,160").isEqualTo(100_000.0);
        assertThat(chart.getYAxisTitle()).isEqualTo("ns/op");
        assertThat(chart.getXAxisTitle()).isEqualTo("corpus");
    }

    @Test
    void shouldTakeTheDecodeBenchmarksOldNameAndLeaveOutKindsThatDidNotRun()
    {
        final CategoryChart chart = DecodeChart.chart(List.of(
            corpus("BinanceDecodeBenchmark.decode", "binanceSpot", 640),
            corpus(FLOOR, "binanceSpot", 77)), 800, 500);

        assertThat(chart.getSeriesMap().keySet()).containsExactly("floor (byte scan)", "decode");
        assertThat(yData(chart, "decode")).containsExactly(640.0);
    }

    @Test
    void shouldRejectResultsWithNothingToCompareOrTwiceTheSameBar()
    {
        assertThatThrownBy(() -> DecodeChart.chart(
            List.of(result("RingHopBenchmark.writeRead", Map.of(), 30.0, 1.0)), 800, 500))
            .hasMessageContaining("no floor, decode");
        assertThatThrownBy(() -> DecodeChart.chart(
            List.of(corpus(DECODE, "okx", 1.0), corpus(DECODE, "okx", 2.0)), 800, 500))
            .hasMessageContaining("two results").hasMessageContaining("corpus=okx");
        assertThatThrownBy(() -> DecodeChart.chart(List.of(result(DECODE, Map.of(), 1.0, 0.1)), 800, 500))
            .hasMessageContaining("no parameter corpus");
        assertThatThrownBy(() -> DecodeChart.chart(List.of(corpus(DECODE, "okx", 0.0)), 800, 500))
            .hasMessageContaining("logarithmic");
        assertThatThrownBy(() -> DecodeChart.chart(List.of(corpus(DECODE, "okx", 6677),
            new JmhResult(Results.PACKAGE + FLOOR, "avgt", Map.of("corpus", "okx"), 0.74, 0.01, "us/op")), 800, 500))
            .hasMessageContaining("us/op");
    }

    @Test
    void shouldRenderABarPerScore(@TempDir final Path dir) throws IOException
    {
        final List<JmhResult> results = new ArrayList<>();
        for (final String corpus : Arrays.asList("binanceSpot", "binanceUsdm", "bybit", "okx", "kraken"))
        {
            results.add(corpus(FLOOR, corpus, 70));
            results.add(corpus(DECODE, corpus, 600));
        }
        final CategoryChart chart = DecodeChart.chart(results, 800, 500);
        final Path file = dir.resolve("decode.png");

        PngWriter.write(chart, file);

        final BufferedImage image = Png.assertPng(file, 800, 500);
        for (final CategorySeries series : chart.getSeriesMap().values())
        {
            assertThat(Png.pixelsOf(image, series.getFillColor().getRGB() & 0xFFFFFF))
                .as("bar pixels of %s", series.getName()).isGreaterThan(1_000);
        }
    }

    private static JmhResult corpus(final String benchmark, final String corpus, final double score)
    {
        return result(benchmark, Map.of("corpus", corpus), score, score / 20);
    }

    private static List<Number> yData(final CategoryChart chart, final String series)
    {
        return new ArrayList<>(chart.getSeriesMap().get(series).getYData());
    }
}
