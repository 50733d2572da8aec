package dev.feedhandler.benchmarks.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The book-apply scaling charts from {@code BookApplyBenchmark}'s JMH results: for each method ({@code update},
 * {@code deleteInsert}) and book {@code position} (top, mid, deep), the score against the number of
 * {@code instruments} with one series per {@code levels} value, and against {@code levels} with one series per
 * {@code instruments} value. Both axes are logarithmic (y only when it spans {@value ChartStyle#LOG_SCALE_RATIO}x).
 * Error bars are JMH's 99.9% confidence interval (score ± error); a point whose interval reaches zero gets none (it
 * cannot be drawn on a log axis, and says the run was too noisy).
 */
public final class ApplyScalingCharts
{
    static final String BENCHMARK = "BookApplyBenchmark";
    /** The same benchmark on 2 MB pages: its charts are written beside, named {@code apply-hugepages-...}. */
    static final String HUGE_PAGES = "BookApplyHugePagesBenchmark";
    static final String POSITION = "position";
    static final String LEVELS = "levels";
    static final String INSTRUMENTS = "instruments";

    private ApplyScalingCharts()
    {
    }

    /**
     * Writes {@code apply-METHOD-POSITION-by-instruments.png} and {@code apply-METHOD-POSITION-by-levels.png} for
     * every method and position in the results; a chart whose x parameter has a single value is skipped.
     *
     * @param results   JMH results; entries of other benchmarks are ignored.
     * @param directory where to write the PNG files.
     * @param width     image width in pixels.
     * @param height    image height in pixels.
     * @return the files written.
     * @throws IOException              if a file cannot be written.
     * @throws IllegalArgumentException if the results hold no {@code BookApplyBenchmark} entry, or none with two
     *                                  values of instruments or levels to plot against.
     */
    public static List<Path> write(
        final List<JmhResult> results, final Path directory, final int width, final int height) throws IOException
    {
        final List<JmhResult> apply = applyResults(results);
        final Set<String> classes = new LinkedHashSet<>();
        final Set<String> methods = new LinkedHashSet<>();
        final Set<String> positions = new LinkedHashSet<>();
        for (final JmhResult result : apply)
        {
            classes.add(className(result));
            methods.add(result.method());
            positions.add(result.param(POSITION));
        }
        final List<Path> written = new ArrayList<>();
        for (final String benchmark : classes)
        {
            for (final String method : methods)
            {
                for (final String position : positions)
                {
                    final List<JmhResult> selected = select(apply, benchmark, method, position);
                    writeIfScaling(selected, benchmark, method, position, INSTRUMENTS, LEVELS, directory, width,
                        height, written);
                    writeIfScaling(selected, benchmark, method, position, LEVELS, INSTRUMENTS, directory, width,
                        height, written);
                }
            }
        }
        if (written.isEmpty())
        {
            throw new IllegalArgumentException("nothing to plot: every " + BENCHMARK +
                " method and position has a single instruments and a single levels value (a run restricted with -p?)");
        }
        return written;
    }

    /**
     * @param results  {@code BookApplyBenchmark} results of one method and position.
     * @param title    the chart title.
     * @param xParam   the parameter on the x axis.
     * @param byParam  the parameter with one series per value.
     * @param width    image width in pixels.
     * @param height   image height in pixels.
     * @return the chart: series named "VALUE BYPARAM" in ascending numeric order, points in ascending x.
     */
    static XYChart chart(
        final List<JmhResult> results,
        final String title,
        final String xParam,
        final String byParam,
        final int width,
        final int height)
    {
        final TreeMap<Long, TreeMap<Long, JmhResult>> bySeries = new TreeMap<>();
        for (final JmhResult result : results)
        {
            final JmhResult previous = bySeries.computeIfAbsent(numeric(result, byParam), k -> new TreeMap<>())
                .put(numeric(result, xParam), result);
            if (previous != null)
            {
                throw new IllegalArgumentException("two results for " + result.benchmark() + " " + result.params());
            }
        }
        final XYChart chart = new XYChart(width, height);
        chart.setTitle(title);
        chart.setXAxisTitle(xParam);
        chart.setYAxisTitle(JmhResult.commonUnit(results));
        final XYStyler styler = chart.getStyler();
        ChartStyle.apply(styler);
        styler.setXAxisLogarithmic(true);
        styler.setErrorBarsColorSeriesColor(true);

        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (final var series : bySeries.entrySet())
        {
            final int n = series.getValue().size();
            final double[] x = new double[n];
            final double[] y = new double[n];
            final double[] error = new double[n];
            int i = 0;
            for (final var point : series.getValue().entrySet())
            {
                final JmhResult result = point.getValue();
                x[i] = point.getKey();
                y[i] = result.score();
                error[i] = drawableError(result);
                minY = Math.min(minY, y[i] - error[i]);
                maxY = Math.max(maxY, y[i] + error[i]);
                i++;
            }
            final XYSeries added = chart.addSeries(String.format(Locale.ROOT, "%,d %s", series.getKey(), byParam), x, y, error);
            added.setLineWidth(ChartStyle.LINE_WIDTH);
        }
        styler.setYAxisLogarithmic(ChartStyle.wantsLogScale(minY, maxY));
        return chart;
    }

    /** JMH's error if the interval stays above zero, else none (see the class comment). */
    static double drawableError(final JmhResult result)
    {
        final double error = result.scoreError();
        return Double.isFinite(error) && error < result.score() ? error : 0.0;
    }

    private static List<JmhResult> applyResults(final List<JmhResult> results)
    {
        final List<JmhResult> apply = new ArrayList<>();
        for (final JmhResult result : results)
        {
            if (result.simpleName().startsWith(BENCHMARK + ".") || result.simpleName().startsWith(HUGE_PAGES + "."))
            {
                apply.add(result);
            }
        }
        if (apply.isEmpty())
        {
            throw new IllegalArgumentException("no " + BENCHMARK + " results (run JMH with BookApply -rf json)");
        }
        return apply;
    }

    private static String className(final JmhResult result)
    {
        return result.simpleName().substring(0, result.simpleName().indexOf('.'));
    }

    private static List<JmhResult> select(
        final List<JmhResult> results, final String benchmark, final String method, final String position)
    {
        final List<JmhResult> selected = new ArrayList<>();
        for (final JmhResult result : results)
        {
            if (className(result).equals(benchmark) && result.method().equals(method) &&
                result.param(POSITION).equals(position))
            {
                selected.add(result);
            }
        }
        return selected;
    }

    private static void writeIfScaling(
        final List<JmhResult> results,
        final String benchmark,
        final String method,
        final String position,
        final String xParam,
        final String byParam,
        final Path directory,
        final int width,
        final int height,
        final List<Path> written) throws IOException
    {
        final Set<Long> xValues = new TreeSet<>();
        for (final JmhResult result : results)
        {
            xValues.add(numeric(result, xParam));
        }
        if (xValues.size() < 2)
        {
            return;
        }
        final String title = String.format(Locale.ROOT, "%s.%s, position=%s: %s vs %s",
            benchmark, method, position, JmhResult.commonUnit(results), xParam);
        final String variant = benchmark.equals(HUGE_PAGES) ? "hugepages-" : "";
        final Path file = directory.resolve("apply-" + variant + method + "-" + position + "-by-" + xParam + ".png");
        PngWriter.write(chart(results, title, xParam, byParam, width, height), file);
        written.add(file);
    }

    private static long numeric(final JmhResult result, final String param)
    {
        final String value = result.param(param);
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(result.benchmark() + ": " + param + "=" + value + " is not a number");
        }
    }
}
