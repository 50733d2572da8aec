package dev.feedhandler.benchmarks.plot;

import org.HdrHistogram.Histogram;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Builds histograms of known samples and their {@code .hgrm} text, as the latency harnesses write it. */
final class Hgrm
{
    private Hgrm()
    {
    }

    /**
     * @param count      how many samples.
     * @param stepMicros the samples are {@code stepMicros, 2 * stepMicros, ..., count * stepMicros} microseconds.
     * @return a histogram of them in nanoseconds, 3 significant digits, as the harnesses record.
     */
    static Histogram uniformMicros(final int count, final long stepMicros)
    {
        final Histogram histogram = new Histogram(60_000_000_000L, 3);
        for (long i = 1; i <= count; i++)
        {
            histogram.recordValue(i * stepMicros * 1000);
        }
        return histogram;
    }

    /**
     * @param histogram a histogram in nanoseconds.
     * @param csv       HdrHistogram's CSV form instead of the plain table.
     * @return its percentile distribution in microseconds, exactly as the harnesses write it.
     */
    static String text(final Histogram histogram, final boolean csv)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            histogram.outputPercentileDistribution(out, 5, 1000.0, csv);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
