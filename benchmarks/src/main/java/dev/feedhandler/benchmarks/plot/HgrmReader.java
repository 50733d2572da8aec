package dev.feedhandler.benchmarks.plot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the text {@code Histogram.outputPercentileDistribution} writes (the {@code .hgrm} files of the latency
 * harnesses): the table {@code Value Percentile TotalCount 1/(1-Percentile)}, plain or CSV. The header, blank lines
 * and the {@code #[Mean ...]} summary lines are skipped; the last column is not read (it is recomputed from the
 * percentile, and is absent on the 100% row).
 */
public final class HgrmReader
{
    private static final Pattern FIELD_SEPARATOR = Pattern.compile("[\\s,]+");

    private HgrmReader()
    {
    }

    /**
     * @param file an {@code .hgrm} file.
     * @return its rows in file order.
     * @throws IOException              if the file cannot be read.
     * @throws IllegalArgumentException if it holds no rows, or a row is malformed or out of order (naming the file
     *                                  and line).
     */
    public static List<PercentilePoint> read(final Path file) throws IOException
    {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            return parse(reader, file.toString());
        }
    }

    /**
     * @param text the contents of an {@code .hgrm} file.
     * @return its rows in order.
     */
    public static List<PercentilePoint> parse(final String text)
    {
        try (BufferedReader reader = new BufferedReader(new StringReader(text)))
        {
            return parse(reader, "text");
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("reading a string", ex);
        }
    }

    private static List<PercentilePoint> parse(final BufferedReader reader, final String source) throws IOException
    {
        final List<PercentilePoint> points = new ArrayList<>();
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null)
        {
            lineNumber++;
            final String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.contains("Percentile"))
            {
                continue;
            }
            final PercentilePoint point = parseRow(trimmed, source, lineNumber);
            if (!points.isEmpty())
            {
                checkOrder(points.get(points.size() - 1), point, source, lineNumber);
            }
            points.add(point);
        }
        if (points.isEmpty())
        {
            throw new IllegalArgumentException(source + ": no percentile rows (not an HdrHistogram .hgrm file?)");
        }
        return points;
    }

    private static PercentilePoint parseRow(final String row, final String source, final int lineNumber)
    {
        final String[] fields = FIELD_SEPARATOR.split(row);
        if (fields.length < 3)
        {
            throw malformed(source, lineNumber, "want Value Percentile TotalCount", row);
        }
        try
        {
            final double value = Double.parseDouble(fields[0]);
            final double percentile = Double.parseDouble(fields[1]);
            final long totalCount = Long.parseLong(fields[2]);
            if (!(percentile >= 0.0 && percentile <= 1.0) || totalCount < 0 || !Double.isFinite(value))
            {
                throw malformed(source, lineNumber, "percentile outside 0..1, negative count or bad value", row);
            }
            return new PercentilePoint(value, percentile, totalCount);
        }
        catch (final NumberFormatException ex)
        {
            throw malformed(source, lineNumber, "not a number", row);
        }
    }

    private static void checkOrder(
        final PercentilePoint previous, final PercentilePoint point, final String source, final int lineNumber)
    {
        if (point.percentile() < previous.percentile() || point.value() < previous.value() ||
            point.totalCount() < previous.totalCount())
        {
            throw malformed(source, lineNumber, "row below the previous one", point.toString());
        }
    }

    private static IllegalArgumentException malformed(
        final String source, final int lineNumber, final String reason, final String row)
    {
        return new IllegalArgumentException(source + ":" + lineNumber + ": " + reason + ": " + row);
    }
}
