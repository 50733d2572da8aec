package dev.feedhandler.sim.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Wait for a condition with a deadline instead of sleeping.
 */
public final class Poll
{
    private Poll()
    {
    }

    /** Poll {@code condition} until it holds; fail with {@code description} when the deadline passes. */
    public static void until(final Duration timeout, final BooleanSupplier condition, final Supplier<String> description)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + description.get());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    public static void until(final Duration timeout, final BooleanSupplier condition, final String description)
    {
        until(timeout, condition, () -> description);
    }
}
