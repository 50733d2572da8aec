package dev.feedhandler.benchmarks.plot;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.style.CategoryStyler;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decode comparison as a bar chart from JMH results: per {@code corpus}, the byte-scan floor, our decode, our
 * decode + apply and XChange's decode + apply, on a logarithmic y axis so their ratios read as distances. Bars carry
 * their score. Benchmarks that are none of these (e.g. {@code RingHop} in the same file) are ignored; a corpus one
 * of them did not run on (XChange has only the Binance corpora) has no bar there.
 * <p>
 * No error bars: XChart draws them wrongly on a logarithmic bar chart (as {@code log10} of the error).
 */
public final class DecodeChart
{
    /** Bar labels in whole ns: the decimals of a mean are noise at this scale. */
    private static final String BAR_LABEL_PATTERN = "#,##0";
    private static final int MAX_LEVEL_CORPUS_NAMES = 6;
    private static final int CORPUS_NAME_ROTATION = 30;
    static final String TITLE = "Per frame: floor, decode, decode + apply, XChange";
    static final String CORPUS = "corpus";

    /** The compared benchmarks, in bar order. */
    enum Kind
    {
        FLOOR("floor (byte scan)"),
        DECODE("decode"),
        DECODE_APPLY("decode + apply"),
        XCHANGE("XChange decode + apply");

        final String label;

        Kind(final String label)
        {
            this.label = label;
        }

        /**
         * @param result a JMH result.
         * @return which compared benchmark it is, or null if none.
         */
        static Kind of(final JmhResult result)
        {
            final String name = result.simpleName();
            if (name.contains("Floor"))
            {
                return FLOOR;
            }
            switch (name)
            {
                case "DecodeBenchmark.decode":
                case "BinanceDecodeBenchmark.decode": // its name before the other venues' corpora were added
                    return DECODE;
                case "DecodeApplyBenchmark.decodeApply":
                    return DECODE_APPLY;
                case "XChangeBinanceBenchmark.decodeApply":
                    return XCHANGE;
                default:
                    return null;
            }
        }
    }

    private DecodeChart()
    {
    }

    /**
     * @param results JMH results.
     * @param width   image width in pixels.
     * @param height  image height in pixels.
     * @return the chart: categories are the corpora in order of first appearance, one series per {@link Kind} that
     *     ran, a null value where it did not run on a corpus.
     * @throws IllegalArgumentException if no result is one of the compared benchmarks, one has no {@code corpus}
     *                                  parameter, a benchmark appears twice for a corpus, their units differ or a
     *                                  score is not above 0.
     */
    public static CategoryChart chart(final List<JmhResult> results, final int width, final int height)
    {
        final Map<Kind, Map<String, JmhResult>> byKind = new EnumMap<>(Kind.class);
        final List<String> corpora = new ArrayList<>();
        for (final JmhResult result : results)
        {
            final Kind kind = Kind.of(result);
            if (kind == null)
            {
                continue;
            }
            final String corpus = result.param(CORPUS);
            if (!corpora.contains(corpus))
            {
                corpora.add(corpus);
            }
            if (byKind.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(corpus, result) != null)
            {
                throw new IllegalArgumentException("two results for " + result.benchmark() + " corpus=" + corpus);
            }
        }
        if (byKind.isEmpty())
        {
            throw new IllegalArgumentException(
                "no floor, decode, decode + apply or XChange results (run JMH with 'Floor|Decode|XChange' -rf json)");
        }

        final CategoryChart chart = new CategoryChart(width, height);
        chart.setTitle(TITLE);
        chart.setXAxisTitle(CORPUS);
        final List<JmhResult> compared = new ArrayList<>();
        byKind.values().forEach(byCorpus -> compared.addAll(byCorpus.values()));
        chart.setYAxisTitle(JmhResult.commonUnit(compared));
        final CategoryStyler styler = chart.getStyler();
        ChartStyle.apply(styler);
        styler.setYAxisLogarithmic(true);
        styler.setLabelsVisible(true);
        styler.setYAxisDecimalPattern(BAR_LABEL_PATTERN); // ticks and bar labels
        if (corpora.size() > MAX_LEVEL_CORPUS_NAMES)
        {
            styler.setXAxisLabelRotation(CORPUS_NAME_ROTATION); // side by side they would overlap
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (final Map.Entry<Kind, Map<String, JmhResult>> kind : byKind.entrySet())
        {
            final List<Double> scores = new ArrayList<>(corpora.size());
            for (final String corpus : corpora)
            {
                final JmhResult result = kind.getValue().get(corpus);
                scores.add(result == null ? null : result.score());
                if (result != null)
                {
                    min = Math.min(min, result.score());
                    max = Math.max(max, result.score());
                }
            }
            chart.addSeries(kind.getKey().label, corpora, scores);
        }
        if (!(min > 0.0))
        {
            throw new IllegalArgumentException("a score <= 0 cannot go on a logarithmic axis: " + min);
        }
        // XChart starts bars at 0 unless told otherwise, which a log axis cannot show: whole decades around the scores
        final double bottom = Math.pow(10, Math.floor(Math.log10(min)));
        styler.setYAxisMin(bottom);
        styler.setYAxisMax(Math.max(bottom * 10, Math.pow(10, Math.ceil(Math.log10(max)))));
        return chart;
    }
}
