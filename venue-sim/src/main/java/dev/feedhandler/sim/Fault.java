package dev.feedhandler.sim;

/**
 * A fault to inject: its type, how many occurrences, and its parameter.
 *
 * @param type       what happens.
 * @param count      occurrences, at least 1.
 * @param delayMs    for {@link FaultType#SLOW} the response delay (default 1000 ms), for {@link FaultType#STALL} how
 *                   long the connection stays silent (0: until it is closed); ignored otherwise.
 * @param eventsBack for {@link FaultType#STALE} how many events older than the current book the snapshot is (0: the
 *                   oldest the history holds); ignored otherwise.
 */
public record Fault(FaultType type, int count, long delayMs, int eventsBack)
{
    /** Delay a slow snapshot gets when none is given. */
    public static final long DEFAULT_SLOW_DELAY_MS = 1000;

    public Fault
    {
        if (type == null)
        {
            throw new IllegalArgumentException("fault type is required");
        }
        if (count < 1)
        {
            throw new IllegalArgumentException("fault count " + count + " < 1");
        }
        if (delayMs < 0 || delayMs > 3_600_000)
        {
            throw new IllegalArgumentException("delayMs " + delayMs + " out of range 0..3600000");
        }
        if (eventsBack < 0)
        {
            throw new IllegalArgumentException("eventsBack " + eventsBack + " < 0");
        }
        if (type == FaultType.SLOW && delayMs == 0)
        {
            delayMs = DEFAULT_SLOW_DELAY_MS;
        }
    }

    public static Fault of(final FaultType type, final int count)
    {
        return new Fault(type, count, 0, 0);
    }

    public static Fault slow(final int count, final long delayMs)
    {
        return new Fault(FaultType.SLOW, count, delayMs, 0);
    }

    public static Fault stall(final int count, final long delayMs)
    {
        return new Fault(FaultType.STALL, count, delayMs, 0);
    }

    public static Fault stale(final int count, final int eventsBack)
    {
        return new Fault(FaultType.STALE, count, 0, eventsBack);
    }
}
