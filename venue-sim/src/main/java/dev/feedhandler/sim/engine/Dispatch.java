package dev.feedhandler.sim.engine;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine's per-cycle context: the time read once per duty cycle, and the subscribers that have frames queued
 * and need a flush at the end of the cycle.
 */
final class Dispatch
{
    private final List<Subscriber> dirty = new ArrayList<>();
    private long nowNs;
    private long nowMs;

    void time(final long nowNs, final long nowMs)
    {
        this.nowNs = nowNs;
        this.nowMs = nowMs;
    }

    long nowNs()
    {
        return nowNs;
    }

    long nowMs()
    {
        return nowMs;
    }

    void enqueue(final Subscriber subscriber, final ByteBuf frame)
    {
        if (subscriber.enqueue(frame))
        {
            dirty.add(subscriber);
        }
    }

    /** @return how many subscribers were flushed. */
    int flush()
    {
        final int count = dirty.size();
        for (int i = 0; i < count; i++)
        {
            dirty.get(i).flush();
        }
        dirty.clear();
        return count;
    }
}
