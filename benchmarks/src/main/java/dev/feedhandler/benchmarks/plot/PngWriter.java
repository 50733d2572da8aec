package dev.feedhandler.benchmarks.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a chart as a PNG file of the chart's own size, at exactly the path given (XChart's file methods would add
 * {@code .png} to a name without it). Needs no display: run with {@code -Djava.awt.headless=true} (as {@link Plots}
 * does) and any JDK with fontconfig and one font installed renders it.
 */
public final class PngWriter
{
    private PngWriter()
    {
    }

    /**
     * @param chart the chart to render.
     * @param file  where to write it; missing parent directories are created, an existing file is replaced.
     * @throws IOException if the file cannot be written.
     */
    public static void write(final Chart<?, ?> chart, final Path file) throws IOException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file))
        {
            BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
        }
    }
}
