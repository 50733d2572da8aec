package dev.feedhandler.sim.engine;

import dev.feedhandler.sim.FaultType;
import dev.feedhandler.sim.InstrumentCounter;
import dev.feedhandler.sim.book.DiffBatch;
import dev.feedhandler.sim.format.StreamType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One stream of one instrument ({@code btcusdt@depth@100ms}): its subscribers and, for depth streams, the merge of
 * base events into the stream's interval, the {@code pu} chain and the stream-level faults. Engine thread only, except
 * the subscriber list, which network threads change.
 */
public final class SimStream
{
    private final InstrumentState instrument;
    private final StreamType type;
    private final String name;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final DiffBatch merged = new DiffBatch();
    private int mergedBudgetMs;
    private long lastEmittedId;
    private ByteBuf held;

    SimStream(final InstrumentState instrument, final StreamType type, final String name, final long initialId)
    {
        this.instrument = instrument;
        this.type = type;
        this.name = name;
        this.lastEmittedId = initialId;
    }

    public String name()
    {
        return name;
    }

    public StreamType type()
    {
        return type;
    }

    public InstrumentState instrument()
    {
        return instrument;
    }

    public List<Subscriber> subscribers()
    {
        return subscribers;
    }

    public void subscribe(final Subscriber subscriber)
    {
        if (!subscribers.contains(subscriber))
        {
            subscribers.add(subscriber);
        }
    }

    public void unsubscribe(final Subscriber subscriber)
    {
        subscribers.remove(subscriber);
    }

    /** A base event happened: emit it, or merge it until this stream's interval is full. */
    void onBaseEvent(final DiffBatch event, final Dispatch dispatch)
    {
        if (type.intervalMs() == StreamType.BASE_INTERVAL_MS)
        {
            emit(event, dispatch);
            return;
        }
        merged.merge(event);
        mergedBudgetMs += StreamType.BASE_INTERVAL_MS;
        if (mergedBudgetMs >= type.intervalMs())
        {
            mergedBudgetMs -= type.intervalMs();
            emit(merged, dispatch);
            merged.clear();
        }
    }

    /** Emit what a slower stream has merged so far (on pause, so clients can catch up with the truth). */
    void flushMerged(final Dispatch dispatch)
    {
        if (!merged.isEmpty())
        {
            emit(merged, dispatch);
            merged.clear();
        }
        mergedBudgetMs = 0;
    }

    void close()
    {
        releaseHeld();
    }

    private void emit(final DiffBatch diff, final Dispatch dispatch)
    {
        diff.previousLastId(lastEmittedId);
        lastEmittedId = diff.lastId();
        if (subscribers.isEmpty())
        {
            releaseHeld();
            return;
        }
        final ByteBuf payload = ByteBufAllocator.DEFAULT.buffer(128 + 48 * diff.levelCount());
        instrument.format().renderDiff(payload, instrument.spec(), diff, dispatch.nowMs(),
            dispatch.nowMs() - 1 - (diff.lastId() & 7));
        deliverWithFaults(payload, dispatch);
    }

    private void deliverWithFaults(final ByteBuf payload, final Dispatch dispatch)
    {
        final FaultSwitches faults = instrument.faults();
        if (held != null)
        {
            final ByteBuf earlier = held;
            held = null;
            deliver(payload, false, dispatch);
            deliver(earlier, false, dispatch);
            earlier.release();
            payload.release();
            faults.markApplied(FaultType.REORDER);
            return;
        }
        if (faults.tryConsume(FaultType.DROP))
        {
            faults.markApplied(FaultType.DROP);
            payload.release();
            return;
        }
        if (faults.tryConsume(FaultType.MALFORMED))
        {
            deliver(payload, true, dispatch);
            faults.markApplied(FaultType.MALFORMED);
            payload.release();
            return;
        }
        if (faults.tryConsume(FaultType.REORDER))
        {
            held = payload;
            return;
        }
        deliver(payload, false, dispatch);
        if (faults.tryConsume(FaultType.DUPLICATE))
        {
            deliver(payload, false, dispatch);
            faults.markApplied(FaultType.DUPLICATE);
        }
        payload.release();
    }

    /** Send to every subscriber, wrapped for combined connections; {@code truncate} cuts each frame in half. */
    void deliver(final ByteBuf payload, final boolean truncate, final Dispatch dispatch)
    {
        ByteBuf combined = null;
        int frames = 0;
        int stalled = 0;
        for (final Subscriber subscriber : subscribers)
        {
            if (!subscriber.isLive())
            {
                continue;
            }
            if (subscriber.isStalled(dispatch.nowNs()))
            {
                stalled++;
                continue;
            }
            final ByteBuf source;
            if (subscriber.combined())
            {
                if (combined == null)
                {
                    combined = ByteBufAllocator.DEFAULT.buffer(payload.readableBytes() + name.length() + 24);
                    instrument.format().renderCombined(combined, name, payload);
                }
                source = combined;
            }
            else
            {
                source = payload;
            }
            final ByteBuf frame = truncate ?
                source.retainedSlice(source.readerIndex(), source.readableBytes() / 2) : source.retainedDuplicate();
            dispatch.enqueue(subscriber, frame);
            frames++;
        }
        if (combined != null)
        {
            combined.release();
        }
        final InstrumentCounter framesCounter = type.kind() == StreamType.Kind.DEPTH ?
            InstrumentCounter.FRAMES_SENT : InstrumentCounter.TICKERS_SENT;
        instrument.add(framesCounter, frames);
        if (stalled > 0)
        {
            instrument.add(InstrumentCounter.FRAMES_STALLED, stalled);
        }
        if (type.kind() == StreamType.Kind.DEPTH && frames > 0)
        {
            instrument.add(InstrumentCounter.EVENTS_SENT, 1);
        }
    }

    private void releaseHeld()
    {
        if (held != null)
        {
            held.release();
            held = null;
        }
    }
}
