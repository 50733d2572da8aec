package dev.feedhandler.benchmarks.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Latency by percentile in HdrHistogram's style, several runs on one chart: x is {@code 1 / (1 - percentile)} on a
 * logarithmic scale, labelled 0%, 90%, 99%, 99.9%, ... so the tail gets as much room as the body; y is the latency
 * (logarithmic when it spans {@value ChartStyle#LOG_SCALE_RATIO}x or more). The 100% row (infinite x) is not
 * plotted; each series' legend gives its maximum instead.
 * <p>
 * XChart's logarithmic axis cannot take custom tick labels, so x is plotted linearly as
 * {@code log10(1 / (1 - percentile))} (0 at 0%, 1 at 90%, 2 at 99%) and labelled by {@link #percentileLabel}.
 */
public final class LatencyChart
{
    static final String TITLE = "Latency by percentile";
    static final String X_TITLE = "percentile";
    static final String Y_TITLE = "latency (µs)";
    /** The x axis reaches at least 99% ({@code log10} of 100). */
    private static final double MIN_X_MAX = 2.0;
    private static final double TICK_TOLERANCE = 1e-6;

    private LatencyChart()
    {
    }

    /**
     * @param runs   series label to the run's percentile distribution (microseconds), in legend order.
     * @param width  image width in pixels.
     * @param height image height in pixels.
     * @return the chart.
     * @throws IllegalArgumentException if there are no runs, or a run has no row below 100%.
     */
    public static XYChart chart(final Map<String, List<PercentilePoint>> runs, final int width, final int height)
    {
        if (runs.isEmpty())
        {
            throw new IllegalArgumentException("no latency runs to plot");
        }
        final XYChart chart = new XYChart(width, height);
        chart.setTitle(TITLE);
        chart.setXAxisTitle(X_TITLE);
        chart.setYAxisTitle(Y_TITLE);
        final XYStyler styler = chart.getStyler();
        ChartStyle.apply(styler);
        styler.setxAxisTickLabelsFormattingFunction(LatencyChart::percentileLabel);

        double maxX = MIN_X_MAX;
        double minPositiveY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        final Map<String, double[][]> plotted = new LinkedHashMap<>();
        for (final Map.Entry<String, List<PercentilePoint>> run : runs.entrySet())
        {
            final List<PercentilePoint> points = run.getValue();
            final double[] x = new double[points.size()];
            final double[] y = new double[points.size()];
            int count = 0;
            for (final PercentilePoint point : points)
            {
                if (point.percentile() < 1.0)
                {
                    x[count] = Math.log10(point.inverseTail());
                    y[count] = point.value();
                    maxX = Math.max(maxX, x[count]);
                    minPositiveY = y[count] > 0.0 ? Math.min(minPositiveY, y[count]) : minPositiveY;
                    maxY = Math.max(maxY, y[count]);
                    count++;
                }
            }
            if (count == 0)
            {
                throw new IllegalArgumentException(run.getKey() + ": no percentile below 100% to plot");
            }
            final String label = run.getKey() + " (max " + formatMicros(points.get(points.size() - 1).value()) + ")";
            plotted.put(label, new double[][]{Arrays.copyOf(x, count), Arrays.copyOf(y, count)});
        }
        // A value below the histogram's resolution reads 0; drawn at the smallest positive value instead, so that a
        // wide range can still go on a logarithmic axis (where 0 cannot be drawn).
        final boolean logarithmic = ChartStyle.wantsLogScale(minPositiveY, maxY);
        for (final Map.Entry<String, double[][]> run : plotted.entrySet())
        {
            final double[] y = run.getValue()[1];
            for (int i = 0; logarithmic && i < y.length; i++)
            {
                y[i] = Math.max(y[i], minPositiveY);
            }
            final XYSeries series = chart.addSeries(run.getKey(), run.getValue()[0], y);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineWidth(ChartStyle.LINE_WIDTH);
        }
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(Math.ceil(maxX - TICK_TOLERANCE));
        styler.setYAxisLogarithmic(logarithmic);
        // The curves rise to the right: the top left corner is free for a legend of any length.
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setLegendLayout(Styler.LegendLayout.Vertical);
        return chart;
    }

    /**
     * The x axis label at {@code x = log10(1 / (1 - p))}: "0%", "90%", "99%", "99.9%", ... at whole x, blank between
     * (XChart then widens the tick step until every label is distinct, i.e. to whole x).
     *
     * @param x a position on the x axis.
     * @return its percentile label, or "" where x is not a whole non-negative number.
     */
    static String percentileLabel(final double x)
    {
        final long nines = Math.round(x);
        if (nines < 0 || Math.abs(x - nines) > TICK_TOLERANCE)
        {
            return "";
        }
        if (nines == 0)
        {
            return "0%";
        }
        if (nines == 1)
        {
            return "90%";
        }
        return "99" + (nines > 2 ? "." + "9".repeat((int)(nines - 2)) : "") + "%";
    }

    private static String formatMicros(final double micros)
    {
        return new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(micros) + " µs";
    }
}
