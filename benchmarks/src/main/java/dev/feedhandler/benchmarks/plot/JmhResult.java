package dev.feedhandler.benchmarks.plot;

import java.util.Collection;
import java.util.Map;

/**
 * One entry of JMH's JSON results ({@code -rf json}): a benchmark method with one set of parameters and its primary
 * metric.
 *
 * @param benchmark  the full name, {@code package.Class.method}.
 * @param mode       JMH's mode, e.g. {@code avgt}.
 * @param params     the {@code @Param} values by name (empty when the benchmark has none).
 * @param score      the primary metric's score (for {@code avgt}, the mean over all measured iterations).
 * @param scoreError the half-width of JMH's 99.9% confidence interval; NaN when JMH could not compute one.
 * @param unit       the score's unit, e.g. {@code ns/op}.
 */
public record JmhResult(
    String benchmark, String mode, Map<String, String> params, double score, double scoreError, String unit)
{
    public JmhResult
    {
        params = Map.copyOf(params);
    }

    /**
     * @param results results to go on one axis.
     * @return the unit they all share.
     * @throws IllegalArgumentException if there are none or their units differ (one axis cannot show both).
     */
    public static String commonUnit(final Collection<JmhResult> results)
    {
        String unit = null;
        for (final JmhResult result : results)
        {
            if (unit == null)
            {
                unit = result.unit();
            }
            else if (!unit.equals(result.unit()))
            {
                throw new IllegalArgumentException("results in " + unit + " and in " + result.unit() + " (" +
                    result.benchmark() + "): run them with the same -tu");
            }
        }
        if (unit == null)
        {
            throw new IllegalArgumentException("no results");
        }
        return unit;
    }

    /**
     * @return {@code Class.method}, without the package.
     */
    public String simpleName()
    {
        final int method = benchmark.lastIndexOf('.');
        final int type = method > 0 ? benchmark.lastIndexOf('.', method - 1) : -1;
        return benchmark.substring(type + 1);
    }

    /**
     * @return the method name alone.
     */
    public String method()
    {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /**
     * @param name a {@code @Param} name.
     * @return its value in this result.
     * @throws IllegalArgumentException if this result has no such parameter.
     */
    public String param(final String name)
    {
        final String value = params.get(name);
        if (value == null)
        {
            throw new IllegalArgumentException(benchmark + " " + params + " has no parameter " + name);
        }
        return value;
    }
}
