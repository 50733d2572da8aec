package dev.feedhandler.protocol.aeron;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * Idle strategies by the names used in config files and on command lines.
 */
public final class IdleStrategies
{
    /** The names {@link #byName} accepts. */
    public static final String NAMES = "spin, noop, yield, backoff, sleep";

    private IdleStrategies()
    {
    }

    /**
     * {@code spin} (busy spin: lowest latency, burns its core), {@code noop}, {@code yield}, {@code backoff} (spin,
     * then yield, then park up to 1 ms: for laptops and CI), {@code sleep} (1 ms sleeps).
     *
     * @throws IllegalArgumentException naming the accepted names.
     */
    public static IdleStrategy byName(final String name)
    {
        switch (name)
        {
            case "spin":
                return new BusySpinIdleStrategy();
            case "noop":
                return new NoOpIdleStrategy();
            case "yield":
                return new YieldingIdleStrategy();
            case "backoff":
                return new BackoffIdleStrategy();
            case "sleep":
                return new SleepingMillisIdleStrategy(1);
            default:
                throw new IllegalArgumentException("unknown idle strategy '" + name + "', expected one of: " + NAMES);
        }
    }
}
