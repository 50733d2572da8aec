package dev.feedhandler.benchmarks.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** JMH results made up for the chart tests. */
final class Results
{
    static final String PACKAGE = "dev.feedhandler.benchmarks.";

    private Results()
    {
    }

    static JmhResult result(final String classAndMethod, final Map<String, String> params, final double score,
        final double error)
    {
        return new JmhResult(PACKAGE + classAndMethod, "avgt", params, score, error, "ns/op");
    }

    /** A made-up score that differs for every parameter set: method offset + levels + instruments / 10. */
    static double applyScore(final String method, final int levels, final int instruments)
    {
        return ("update".equals(method) ? 1 : 2) + levels + instruments / 10.0;
    }

    /** BookApplyBenchmark results for every combination given, in a shuffled order, error = score / 10. */
    static List<JmhResult> apply(final List<String> methods, final List<String> positions, final List<Integer> levels,
        final List<Integer> instruments)
    {
        final List<JmhResult> results = new ArrayList<>();
        for (final String method : methods)
        {
            for (final String position : positions)
            {
                for (int l = levels.size() - 1; l >= 0; l--)
                {
                    for (int i = instruments.size() - 1; i >= 0; i--)
                    {
                        final double score = applyScore(method, levels.get(l), instruments.get(i));
                        results.add(result("BookApplyBenchmark." + method, Map.of(
                            "position", position,
                            "levels", levels.get(l).toString(),
                            "instruments", instruments.get(i).toString()), score, score / 10));
                    }
                }
            }
        }
        return results;
    }
}
