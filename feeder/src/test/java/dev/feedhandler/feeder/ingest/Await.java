package dev.feedhandler.feeder.ingest;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until a deadline: tests never sleep for a fixed time. */
public final class Await
{
    static final Duration DEFAULT = Duration.ofSeconds(10);

    private Await()
    {
    }

    public static void until(final String what, final BooleanSupplier condition)
    {
        until(what, DEFAULT, condition);
    }

    public static void until(final String what, final Duration timeout, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    public static void until(final String what, final BooleanSupplier condition, final Supplier<String> state)
    {
        try
        {
            until(what, condition);
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError(ex.getMessage() + "; state: " + state.get(), ex);
        }
    }

    public static <T> T next(final BlockingQueue<T> queue, final String what)
    {
        try
        {
            final T value = queue.poll(DEFAULT.toMillis(), TimeUnit.MILLISECONDS);
            if (value == null)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            return value;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, ex);
        }
    }
}
