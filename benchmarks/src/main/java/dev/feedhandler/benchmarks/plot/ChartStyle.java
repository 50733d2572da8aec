package dev.feedhandler.benchmarks.plot;

import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.util.Locale;

/** The look all the charts share, and when an axis goes logarithmic. */
final class ChartStyle
{
    /** An axis whose largest value is at least this many times its smallest goes logarithmic. */
    static final double LOG_SCALE_RATIO = 20.0;
    /**
     * Opaque series colours, told apart with the common colour-vision deficiencies (Okabe and Ito's palette; the
     * yellow last). XChart's own are translucent, so a bar or line never shows its colour exactly.
     */
    static final Color[] SERIES_COLOURS = {
        new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00),
        new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};
    /** Series line width in pixels. */
    static final float LINE_WIDTH = 2.0f;
    /** Axis tick labels: thousands separated, no exponent notation. */
    static final String NUMBER_PATTERN = "#,##0.###";

    private ChartStyle()
    {
    }

    static void apply(final AxesChartStyler styler)
    {
        styler.setLocale(Locale.ROOT);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(220, 220, 220));
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setXAxisDecimalPattern(NUMBER_PATTERN);
        styler.setYAxisDecimalPattern(NUMBER_PATTERN);
        styler.setSeriesColors(SERIES_COLOURS);
        styler.setAntiAlias(true);
    }

    /**
     * @param min the smallest value on the axis.
     * @param max the largest.
     * @return whether a logarithmic axis shows them better: all positive and spanning {@link #LOG_SCALE_RATIO}x
     *     or more.
     */
    static boolean wantsLogScale(final double min, final double max)
    {
        return min > 0.0 && max / min >= LOG_SCALE_RATIO;
    }
}
