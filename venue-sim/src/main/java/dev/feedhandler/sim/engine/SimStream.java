package dev.feedhandler.sim.engine;

import dev.feedhandler.sim.FaultType;
import dev.feedhandler.sim.InstrumentCounter;
import dev.feedhandler.sim.book.DiffBatch;
import dev.feedhandler.sim.book.TopView;
import dev.feedhandler.sim.book.WindowDelta;
import dev.feedhandler.sim.format.FrameMutations;
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
    /** The fault switches that replace an update with a bad frame, in the order they are tried. */
    private static final FaultType[] MUTATIONS = {FaultType.ABSURD_NUMBER, FaultType.WRONG_TYPE, FaultType.OVERSIZED};

    private final InstrumentState instrument;
    private final StreamType type;
    private final String name;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final DiffBatch merged = new DiffBatch();
    private int mergedBudgetMs;
    private long lastEmittedId;
    private ByteBuf held;

    /** Stream-snapshot venues: what subscribers hold (valid while {@link #viewLive}), and the stream sequence. */
    private final TopView view;
    private final WindowDelta delta = new WindowDelta();
    private boolean viewLive;
    private long sequence;

    SimStream(final InstrumentState instrument, final StreamType type, final String name, final long initialId)
    {
        this.instrument = instrument;
        this.type = type;
        this.name = name;
        this.lastEmittedId = initialId;
        this.view = new TopView(type.window() == 0 ? Integer.MAX_VALUE : type.window());
        this.sequence = instrument.format().initialStreamSequence(initialId);
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
        if (instrument.format().streamSnapshots())
        {
            emitStreamUpdate(event, dispatch);
            return;
        }
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

    /**
     * Engine thread: subscribe a connection of a stream-snapshot venue and queue its snapshot, so it sees exactly the
     * updates after it.
     */
    void subscribeWithSnapshot(final Subscriber subscriber, final Dispatch dispatch)
    {
        if (!viewLive || type.window() == 0)
        {
            view.reset(instrument.book());
        }
        viewLive = true;
        final ByteBuf payload = ByteBufAllocator.DEFAULT.buffer(256 + 48 * (view.levels(
            dev.feedhandler.sim.book.Side.BID) + view.levels(dev.feedhandler.sim.book.Side.ASK)));
        instrument.format().renderStreamSnapshot(payload, instrument.spec(), type, view, sequence,
            instrument.book().updateId(), dispatch.nowMs());
        instrument.add(InstrumentCounter.SNAPSHOTS_SERVED, 1);
        dispatch.enqueue(subscriber, payload);
        subscribe(subscriber);
    }

    private void emitStreamUpdate(final DiffBatch event, final Dispatch dispatch)
    {
        if (subscribers.isEmpty())
        {
            viewLive = false;
            releaseHeld();
            return;
        }
        if (type.window() == 0)
        {
            delta.fromEvent(event);
        }
        else
        {
            if (!viewLive)
            {
                view.reset(instrument.book());
                viewLive = true;
                return;
            }
            view.advance(instrument.book(), instrument.format().deletesPushedOut(), delta);
        }
        if (delta.isEmpty())
        {
            return;
        }
        final long previous = sequence;
        final FaultSwitches faults = instrument.faults();
        if (faults.tryConsume(FaultType.RESNAPSHOT))
        {
            resnapshot(previous, dispatch);
            return;
        }
        sequence = instrument.format().nextStreamSequence(previous);
        final boolean corrupt = instrument.format().hasChecksum() && faults.tryConsume(FaultType.CORRUPT_CHECKSUM);
        final ByteBuf payload = ByteBufAllocator.DEFAULT.buffer(256 + 48 * (delta.bids().size() + delta.asks().size()));
        instrument.format().renderStreamUpdate(payload, instrument.spec(), type, delta,
            type.window() == 0 ? null : view, sequence, previous, instrument.book().updateId(), dispatch.nowMs(),
            corrupt);
        if (corrupt)
        {
            // Counted before the effect is visible.
            faults.markApplied(FaultType.CORRUPT_CHECKSUM);
        }
        deliverWithFaults(payload, dispatch);
    }

    /** Every subscriber gets the stream's current snapshot instead of this event's update. */
    private void resnapshot(final long previous, final Dispatch dispatch)
    {
        if (type.window() == 0)
        {
            view.reset(instrument.book());
        }
        sequence = instrument.format().restartStreamSequence(previous);
        final ByteBuf payload = ByteBufAllocator.DEFAULT.buffer(256 + 48 * (view.levels(
            dev.feedhandler.sim.book.Side.BID) + view.levels(dev.feedhandler.sim.book.Side.ASK)));
        instrument.format().renderStreamSnapshot(payload, instrument.spec(), type, view, sequence,
            instrument.book().updateId(), dispatch.nowMs());
        instrument.faults().markApplied(FaultType.RESNAPSHOT);
        instrument.add(InstrumentCounter.SNAPSHOTS_SERVED, 1);
        deliver(payload, false, dispatch);
        payload.release();
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
            skipSequence(dispatch);
            return;
        }
        if (faults.tryConsume(FaultType.MALFORMED))
        {
            deliver(payload, true, dispatch);
            faults.markApplied(FaultType.MALFORMED);
            payload.release();
            return;
        }
        if (deliverMutated(payload, dispatch))
        {
            return;
        }
        if (faults.tryConsume(FaultType.REORDER))
        {
            held = payload;
            skipSequence(dispatch);
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

    /**
     * A bad frame instead of this update when one is armed (absurd number, wrong type, oversized); the truth advances
     * as for a malformed frame. An update with no price level cannot carry the first two, so they wait for one that
     * has.
     */
    private boolean deliverMutated(final ByteBuf payload, final Dispatch dispatch)
    {
        final FaultSwitches faults = instrument.faults();
        for (final FaultType type : MUTATIONS)
        {
            if (!faults.isPending(type))
            {
                continue;
            }
            final ByteBuf mutated = switch (type)
            {
                case ABSURD_NUMBER -> FrameMutations.absurdNumber(payload);
                case WRONG_TYPE -> FrameMutations.wrongType(payload);
                default -> FrameMutations.oversized(payload);
            };
            if (mutated == null)
            {
                continue;
            }
            if (!faults.tryConsume(type))
            {
                mutated.release();
                continue;
            }
            deliver(mutated, false, dispatch);
            faults.markApplied(type);
            mutated.release();
            payload.release();
            return true;
        }
        return false;
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

    /**
     * Venues whose frames carry a per-connection sequence: a message not sent now still uses its number, so clients
     * see a jump. An empty frame tells the connection to skip one.
     */
    private void skipSequence(final Dispatch dispatch)
    {
        if (!instrument.format().sequencedPerConnection())
        {
            return;
        }
        for (final Subscriber subscriber : subscribers)
        {
            if (subscriber.isLive())
            {
                dispatch.enqueue(subscriber, io.netty.buffer.Unpooled.EMPTY_BUFFER);
            }
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
