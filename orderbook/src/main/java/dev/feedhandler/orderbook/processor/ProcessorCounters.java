package dev.feedhandler.orderbook.processor;

import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.metrics.CounterFactory;
import dev.feedhandler.orderbook.metrics.CounterType;
import dev.feedhandler.orderbook.sync.SyncState;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.List;

/**
 * What the book processor did, and how many instruments are in each {@link SyncState}, as Agrona counters (in the
 * counters file when the daemon runs). Written by the processor's thread only (release increments); read by anyone.
 */
public final class ProcessorCounters
{
    final AtomicCounter events;
    final AtomicCounter staleNotices;
    final AtomicCounter unknownInstruments;
    final AtomicCounter unknownMessages;
    final AtomicCounter snapshotRequests;
    final AtomicCounter commandRingFull;
    private final AtomicCounter[] byState = new AtomicCounter[SyncState.values().length];
    /** Per instrument id: its state's ordinal. */
    private final AtomicCounter[] instrumentState;

    /** Counters no tool sees. */
    public ProcessorCounters(final int instrumentCount)
    {
        this(CounterFactory.detached(), null, instrumentCount);
    }

    /** Allocated from {@code factory} (the counters file), with a state gauge per instrument. */
    public ProcessorCounters(final CounterFactory factory, final List<Instrument> instruments)
    {
        this(factory, instruments, instruments.size());
    }

    private ProcessorCounters(final CounterFactory factory, final List<Instrument> instruments, final int count)
    {
        events = factory.processor(CounterType.PROCESSOR_EVENTS);
        staleNotices = factory.processor(CounterType.PROCESSOR_STALE_NOTICES);
        unknownInstruments = factory.processor(CounterType.PROCESSOR_UNKNOWN_INSTRUMENTS);
        unknownMessages = factory.processor(CounterType.PROCESSOR_UNKNOWN_MESSAGES);
        snapshotRequests = factory.processor(CounterType.PROCESSOR_SNAPSHOT_REQUESTS);
        commandRingFull = factory.processor(CounterType.PROCESSOR_COMMAND_RING_FULL);
        for (final SyncState state : SyncState.values())
        {
            byState[state.ordinal()] = factory.detail(CounterType.INSTRUMENTS_BY_STATE, state.ordinal(), state.name());
        }
        byState[SyncState.AWAITING_SNAPSHOT.ordinal()].setRelease(count);
        instrumentState = new AtomicCounter[count];
        for (int id = 0; id < count; id++)
        {
            instrumentState[id] = instruments == null ?
                factory.processor(CounterType.INSTRUMENT_STATE) :
                factory.instrument(CounterType.INSTRUMENT_STATE, instruments.get(id));
            instrumentState[id].setRelease(SyncState.AWAITING_SNAPSHOT.ordinal());
        }
    }

    /** Book events applied or buffered. */
    public long events()
    {
        return events.get();
    }

    /** Stale notices from the ingest side. */
    public long staleNotices()
    {
        return staleNotices.get();
    }

    /** Records naming an instrument id the processor does not have. */
    public long unknownInstruments()
    {
        return unknownInstruments.get();
    }

    public long unknownMessages()
    {
        return unknownMessages.get();
    }

    /** Snapshot requests written to the command ring. */
    public long snapshotRequests()
    {
        return snapshotRequests.get();
    }

    /** Times the command ring was full; the request is retried on the next duty cycle. */
    public long commandRingFull()
    {
        return commandRingFull.get();
    }

    /** Instruments now in {@code state}. */
    public long instrumentsIn(final SyncState state)
    {
        return byState[state.ordinal()].get();
    }

    void onStateChange(final int instrumentId, final SyncState from, final SyncState to)
    {
        byState[from.ordinal()].decrementRelease();
        byState[to.ordinal()].incrementRelease();
        if (instrumentId >= 0 && instrumentId < instrumentState.length)
        {
            instrumentState[instrumentId].setRelease(to.ordinal());
        }
    }
}
