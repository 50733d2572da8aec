package dev.feedhandler.benchmarks.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PngWriterTest
{
    private static final Color SERIES_COLOUR = new Color(200, 30, 40);

    @Test
    void shouldRunHeadless()
    {
        assertThat(GraphicsEnvironment.isHeadless()).isTrue();
    }

    @Test
    void shouldWriteAPngOfTheChartsSizeAtExactlyThePathGiven(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("sub/dir/chart.image"); // no .png: XChart's own file methods would add one

        PngWriter.write(chart(640, 360), file);

        final BufferedImage image = Png.assertPng(file, 640, 360);
        assertThat(file.getParent().toFile().list()).containsExactly("chart.image");
        assertThat(Png.pixelsOf(image, SERIES_COLOUR.getRGB() & 0xFFFFFF)).as("the series' line").isGreaterThan(100);
    }

    @Test
    void shouldReplaceAnExistingFile(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("chart.png");
        Files.writeString(file, "x".repeat(1_000_000));

        PngWriter.write(chart(300, 200), file);

        Png.assertPng(file, 300, 200);
        assertThat(Files.size(file)).isLessThan(1_000_000);
    }

    private static XYChart chart(final int width, final int height)
    {
        final XYChart chart = new XYChart(width, height);
        chart.setTitle("µs");
        final XYSeries series = chart.addSeries("line", new double[]{1, 2, 3}, new double[]{1, 4, 9});
        series.setLineColor(SERIES_COLOUR);
        series.setLineWidth(4f);
        return chart;
    }
}
