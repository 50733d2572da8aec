package dev.feedhandler.orderbook.testing;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Runs a fuzz property over a number of inputs, in scenarios of a fixed size, each with its own seed through
 * {@link PropertyCheck} (so a failure names the seed and {@code -Dseed=N} replays that one scenario), and tallies what
 * became of every input.
 * <p>
 * The number of inputs comes from {@code -Dfuzz.inputs=N} (the {@code fuzz} profile sets 1,000,000), otherwise from
 * the test's default, which is kept small enough for {@code mvn verify}. The report, printed at the end, gives the
 * inputs per second and the outcome counts.
 */
public final class FuzzRun
{
    public static final String INPUTS_PROP_NAME = "fuzz.inputs";

    private final String name;
    private final Map<String, Long> outcomes = new TreeMap<>();
    private long inputs;

    /** One scenario: use at most {@code budget} inputs, tally each in {@code run}, return how many were used. */
    @FunctionalInterface
    public interface Scenario
    {
        long run(SplittableRandom random, long budget, FuzzRun run);
    }

    private FuzzRun(final String name)
    {
        this.name = name;
    }

    /** The inputs a fuzz test should use: {@code -Dfuzz.inputs}, else its default. */
    public static long inputs(final long defaultInputs)
    {
        return Long.getLong(INPUTS_PROP_NAME, defaultInputs);
    }

    /**
     * Run scenarios of {@code inputsPerScenario} inputs until {@link #inputs(long)} are used (one scenario when
     * {@code -Dseed} is given), print the report and return the run for further assertions.
     */
    public static FuzzRun run(
        final String name, final long defaultInputs, final int inputsPerScenario, final Scenario scenario)
    {
        final FuzzRun run = new FuzzRun(name);
        final long total = inputs(defaultInputs);
        final int scenarios = (int)Math.max(1, (total + inputsPerScenario - 1) / inputsPerScenario);
        final long startNs = System.nanoTime();
        PropertyCheck.forAll(name, scenarios, random ->
        {
            if (run.inputs < total) // -Dproperty.scale multiplies the scenarios, not the inputs
            {
                run.inputs += scenario.run(random, Math.min(inputsPerScenario, total - run.inputs), run);
            }
        });
        System.out.println(run.report(System.nanoTime() - startNs));
        return run;
    }

    /** Count one outcome of one input (e.g. {@code accepted}, {@code rejected TRUNCATED}). */
    public void tally(final String outcome)
    {
        outcomes.merge(outcome, 1L, Long::sum);
    }

    public long inputs()
    {
        return inputs;
    }

    public long count(final String outcome)
    {
        return outcomes.getOrDefault(outcome, 0L);
    }

    /** Every outcome counted so far, sorted by name. */
    public Map<String, Long> outcomes()
    {
        return outcomes;
    }

    String report(final long elapsedNs)
    {
        final double seconds = elapsedNs / 1e9;
        final StringBuilder out = new StringBuilder(256)
            .append("fuzz ").append(name).append(": ").append(inputs).append(" inputs in ")
            .append(String.format("%.1f", seconds)).append(" s (")
            .append(String.format("%.0f", inputs / Math.max(seconds, 1e-9))).append(" inputs/s)");
        for (final Map.Entry<String, Long> outcome : outcomes.entrySet())
        {
            out.append("\n    ").append(outcome.getKey()).append(": ").append(outcome.getValue());
        }
        return out.toString();
    }
}
