package dev.feedhandler.sim.engine;

import dev.feedhandler.sim.Fault;
import dev.feedhandler.sim.FaultType;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The fault switches of one instrument: pending occurrences per type (set from any thread, consumed by the engine or
 * network threads) and how many were applied.
 */
public final class FaultSwitches
{
    private static final int TYPES = FaultType.values().length;

    private final AtomicIntegerArray pending = new AtomicIntegerArray(TYPES);
    private final AtomicLongArray delayMs = new AtomicLongArray(TYPES);
    private final AtomicIntegerArray eventsBack = new AtomicIntegerArray(TYPES);
    private final AtomicLongArray applied = new AtomicLongArray(TYPES);

    /** Add occurrences; the fault's parameter replaces any earlier one of the same type. */
    public void add(final Fault fault)
    {
        final int index = fault.type().ordinal();
        delayMs.set(index, fault.delayMs());
        eventsBack.set(index, fault.eventsBack());
        pending.addAndGet(index, fault.count());
    }

    /** Take one pending occurrence, if any. */
    public boolean tryConsume(final FaultType type)
    {
        final int index = type.ordinal();
        while (true)
        {
            final int current = pending.get(index);
            if (current <= 0)
            {
                return false;
            }
            if (pending.compareAndSet(index, current, current - 1))
            {
                return true;
            }
        }
    }

    public boolean isPending(final FaultType type)
    {
        return pending.get(type.ordinal()) > 0;
    }

    public int pending(final FaultType type)
    {
        return pending.get(type.ordinal());
    }

    public long delayMs(final FaultType type)
    {
        return delayMs.get(type.ordinal());
    }

    public int eventsBack(final FaultType type)
    {
        return eventsBack.get(type.ordinal());
    }

    public void markApplied(final FaultType type)
    {
        applied.incrementAndGet(type.ordinal());
    }

    public long applied(final FaultType type)
    {
        return applied.get(type.ordinal());
    }
}
