package dev.feedhandler.orderbook.testing;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Runs a property many times, each with its own seed, and names that seed when an iteration fails.
 * <p>
 * A run starts from {@code -Dseed=N} when given (then iteration 0 uses exactly N, so a printed seed reproduces the
 * failing case), otherwise from a fresh random seed. {@code -Dproperty.scale=N} multiplies every property's
 * iteration count (the long-running profile raises it).
 */
public final class PropertyCheck
{
    private PropertyCheck()
    {
    }

    /**
     * True when {@code -Dseed} reruns one case: a test's check over all its iterations (e.g. that enough of them took
     * some path) then has one iteration to judge and should be left out.
     */
    public static boolean reproducing()
    {
        return Long.getLong("seed") != null;
    }

    public static void forAll(final String property, final int defaultIterations, final Consumer<SplittableRandom> body)
    {
        final Long fixedSeed = Long.getLong("seed");
        final int iterations = fixedSeed != null ? 1 : defaultIterations * Integer.getInteger("property.scale", 1);
        final SplittableRandom seeds = new SplittableRandom(fixedSeed != null ? fixedSeed : System.nanoTime());
        for (int i = 0; i < iterations; i++)
        {
            final long seed = fixedSeed != null ? fixedSeed : seeds.nextLong();
            try
            {
                body.accept(new SplittableRandom(seed));
            }
            catch (final Throwable t)
            {
                throw new AssertionError(property + " failed at iteration " + i + " with seed " + seed +
                    " (reproduce with -Dseed=" + seed + "): " + t.getMessage(), t);
            }
        }
    }
}
