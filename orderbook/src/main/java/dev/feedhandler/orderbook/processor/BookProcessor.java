package dev.feedhandler.orderbook.processor;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.metrics.CounterFactory;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.InstrumentSync;
import dev.feedhandler.orderbook.sync.SequenceGap;
import dev.feedhandler.orderbook.sync.SyncCounters;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.List;

/**
 * The book processor: one thread owns every book. Each duty cycle it drains the event ring into the instruments'
 * {@link InstrumentSync}s, writes their snapshot requests to the command ring for the ingest side, and runs the
 * publisher's periodic work. Sync events go on to the downstream listener (the feed publisher).
 * <p>
 * A snapshot request that finds the command ring full is remembered and retried on the next duty cycle, so none is
 * lost. Runs under an Agrona {@code AgentRunner}; step it with {@code AgentInvoker} in tests.
 */
public final class BookProcessor implements Agent, SyncListener
{
    private static final int EVENTS_PER_CYCLE = 256;

    private final RingBuffer events;
    private final RingBuffer commands;
    private final InstrumentSync[] syncs;
    private final SyncListener downstream;
    private final DutyCycleWork dutyCycleWork;
    private final NanoClock clock;
    private final ProcessorCounters counters;
    /** Null when latency is not recorded. */
    private final StageLatency latency;
    private final MutableDirectBuffer commandScratch = new UnsafeBuffer(new byte[RingMessages.REQUEST_LENGTH]);
    /** Created once: a method reference per duty cycle would allocate. */
    private final MessageHandler handler = this::onMessage;
    /** Per instrument: the reason code of a snapshot request still to be written (0 = none). */
    private final int[] pendingRequests;
    private int pendingRequestCount;

    /**
     * @param instruments   dense ids from 0, in order.
     * @param downstream    told of every sync event (the feed publisher).
     * @param dutyCycleWork run once per duty cycle (the feed publisher's doWork).
     */
    public BookProcessor(
        final RingBuffer events,
        final RingBuffer commands,
        final List<Instrument> instruments,
        final BookLimits limits,
        final SyncListener downstream,
        final DutyCycleWork dutyCycleWork,
        final NanoClock clock)
    {
        this(events, commands, instruments, limits, downstream, dutyCycleWork, clock, CounterFactory.detached(), null);
    }

    /**
     * As above, with the processor's and every instrument's counters allocated from {@code counterFactory} (the
     * counters file) and, unless {@code latency} is null, per-update stage latencies recorded.
     */
    public BookProcessor(
        final RingBuffer events,
        final RingBuffer commands,
        final List<Instrument> instruments,
        final BookLimits limits,
        final SyncListener downstream,
        final DutyCycleWork dutyCycleWork,
        final NanoClock clock,
        final CounterFactory counterFactory,
        final StageLatency latency)
    {
        this.latency = latency;
        this.counters = counterFactory.isDetached() ?
            new ProcessorCounters(instruments.size()) : new ProcessorCounters(counterFactory, instruments);
        this.events = events;
        this.commands = commands;
        this.downstream = downstream;
        this.dutyCycleWork = dutyCycleWork;
        this.clock = clock;
        this.syncs = new InstrumentSync[instruments.size()];
        this.pendingRequests = new int[instruments.size()];
        for (int i = 0; i < syncs.length; i++)
        {
            final Instrument instrument = instruments.get(i);
            if (instrument.id() != i)
            {
                throw new IllegalArgumentException("instrument ids must be dense from 0: index " + i + " has id " +
                    instrument.id() + " (" + instrument.symbol() + ")");
            }
            syncs[i] = new InstrumentSync(instrument, this, limits, counterFactory.isDetached() ?
                new SyncCounters() : new SyncCounters(counterFactory, instrument));
        }
    }

    public String roleName()
    {
        return "book-processor";
    }

    public ProcessorCounters counters()
    {
        return counters;
    }

    /** An instrument's sync; read it only on the processor thread (or when the processor is stopped). */
    public InstrumentSync sync(final int instrumentId)
    {
        return syncs[instrumentId];
    }

    public int instrumentCount()
    {
        return syncs.length;
    }

    /** Request every instrument's first snapshot: the agent runner calls this on the processor thread first. */
    public void onStart()
    {
        for (final InstrumentSync sync : syncs)
        {
            sync.start();
        }
    }

    public int doWork()
    {
        int work = events.read(handler, EVENTS_PER_CYCLE);
        if (pendingRequestCount > 0)
        {
            work += retryPendingRequests();
        }
        return work + dutyCycleWork.doWork(clock.nanoTime());
    }

    private void onMessage(final int msgTypeId, final DirectBuffer buffer, final int index, final int length)
    {
        final int instrumentId = buffer.getInt(index + RingMessages.INSTRUMENT_ID_OFFSET);
        if (instrumentId < 0 || instrumentId >= syncs.length)
        {
            counters.unknownInstruments.incrementRelease();
            return;
        }
        if (msgTypeId == RingMessages.BOOK_EVENT)
        {
            counters.events.incrementRelease();
            syncs[instrumentId].onEvent(buffer, index);
        }
        else if (msgTypeId == RingMessages.INSTRUMENT_STALE)
        {
            onStaleNotice(instrumentId, buffer.getInt(index + RingMessages.REASON_OFFSET));
        }
        else
        {
            counters.unknownMessages.incrementRelease();
        }
    }

    private void onStaleNotice(final int instrumentId, final int reasonCode)
    {
        counters.staleNotices.incrementRelease();
        syncs[instrumentId].markStale(SyncReason.fromCode(reasonCode));
    }

    public void onStateChange(final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
    {
        counters.onStateChange(instrumentId, from, to);
        downstream.onStateChange(instrumentId, from, to, reason);
    }

    public void onSnapshotRequest(final int instrumentId, final SyncReason reason)
    {
        if (!writeSnapshotRequest(instrumentId, reason.code()))
        {
            onCommandRingFull(instrumentId, reason.code());
        }
        downstream.onSnapshotRequest(instrumentId, reason);
    }

    public void onBookUpdated(final OrderBook book, final BookEvent event)
    {
        if (latency != null)
        {
            onBookUpdatedTimed(book, event);
            return;
        }
        downstream.onBookUpdated(book, event);
    }

    /**
     * Record ingress to applied (now), ingress to ring and ring to applied (when the ingest stamped the ring commit)
     * and applied to published (when the publisher returns). Two clock reads, whether or not the event has a ring
     * time: that one was read by the ingest.
     */
    private void onBookUpdatedTimed(final OrderBook book, final BookEvent event)
    {
        final StageLatency latency = this.latency;
        final long appliedNs = latency.epochNanos();
        final long ingressNs = event.ingressTimeNs();
        if (ingressNs > 0)
        {
            latency.recordIngressToApplied(appliedNs - ingressNs);
        }
        final long ringNs = event.ringTimeNs();
        if (ringNs > 0)
        {
            recordRingStages(latency, ingressNs, ringNs, appliedNs);
        }
        downstream.onBookUpdated(book, event);
        latency.recordAppliedToPublished(latency.epochNanos() - appliedNs);
    }

    private static void recordRingStages(
        final StageLatency latency, final long ingressNs, final long ringNs, final long appliedNs)
    {
        if (ingressNs > 0)
        {
            latency.recordIngressToRing(ringNs - ingressNs);
        }
        latency.recordRingToApplied(appliedNs - ringNs);
    }

    private boolean writeSnapshotRequest(final int instrumentId, final int reasonCode)
    {
        commandScratch.putInt(RingMessages.INSTRUMENT_ID_OFFSET, instrumentId);
        commandScratch.putInt(RingMessages.REASON_OFFSET, reasonCode);
        final boolean gap = reasonCode == SyncReason.GAP.code();
        final SequenceGap lastGap = syncs[instrumentId].lastGap();
        commandScratch.putLong(RingMessages.GAP_BOOK_ID_OFFSET, gap ? lastGap.bookId() : BookEvent.NULL_ID);
        commandScratch.putLong(RingMessages.GAP_DIFF_PREV_OFFSET, gap ? lastGap.diffPrev() : BookEvent.NULL_ID);
        commandScratch.putLong(RingMessages.GAP_DIFF_FIRST_OFFSET, gap ? lastGap.diffFirst() : BookEvent.NULL_ID);
        commandScratch.putLong(RingMessages.GAP_DIFF_LAST_OFFSET, gap ? lastGap.diffLast() : BookEvent.NULL_ID);
        if (commands.write(RingMessages.SNAPSHOT_REQUEST, commandScratch, 0, RingMessages.REQUEST_LENGTH))
        {
            counters.snapshotRequests.incrementRelease();
            return true;
        }
        return false;
    }

    /** Rare path: remember the request; a later one for the same instrument replaces it. */
    private void onCommandRingFull(final int instrumentId, final int reasonCode)
    {
        counters.commandRingFull.incrementRelease();
        if (pendingRequests[instrumentId] == 0)
        {
            pendingRequestCount++;
        }
        pendingRequests[instrumentId] = reasonCode;
    }

    private int retryPendingRequests()
    {
        int written = 0;
        for (int id = 0; id < pendingRequests.length && pendingRequestCount > 0; id++)
        {
            final int reasonCode = pendingRequests[id];
            if (reasonCode != 0)
            {
                if (!writeSnapshotRequest(id, reasonCode))
                {
                    break;
                }
                pendingRequests[id] = 0;
                pendingRequestCount--;
                written++;
            }
        }
        return written;
    }

}
