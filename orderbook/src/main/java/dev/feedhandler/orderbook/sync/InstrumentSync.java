package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.OrderBook;
import org.agrona.DirectBuffer;

/**
 * Keeps one instrument's {@link OrderBook} exact against a venue stream of snapshots and diffs, following the venue's
 * {@link SequenceRule}:
 * <ol>
 *   <li>{@link SyncState#AWAITING_SNAPSHOT} / {@link SyncState#STALE}: diffs are buffered (bounded) and a snapshot
 *   is requested.</li>
 *   <li>A snapshot arrives: buffered diffs it covers are dropped; the first remaining one must bridge it (else the
 *   snapshot is too old and another is requested); the rest must follow in sequence. With no diff left to apply the
 *   state is {@link SyncState#BRIDGING} until the first new diff bridges it.</li>
 *   <li>{@link SyncState#LIVE}: each diff must follow the last one. Repeats are ignored. Anything else is a gap: the
 *   book is cleared, the state becomes STALE, and a snapshot is requested.</li>
 * </ol>
 * A crossed book or one deeper than its limit after any update is broken in the same way. The hot path is
 * {@link #onEvent} for a LIVE diff that follows; everything else is out of line.
 * Owned by the book thread.
 */
public final class InstrumentSync
{
    private final OrderBook book;
    private final SequenceRule rule;
    private final SyncListener listener;
    private final PendingEvents pending;
    private final SyncCounters counters = new SyncCounters();
    private final BookEvent event = new BookEvent();
    private final BookEvent pendingEvent = new BookEvent();
    private SyncState state = SyncState.AWAITING_SNAPSHOT;

    public InstrumentSync(
        final int instrumentId, final SequenceRule rule, final SyncListener listener, final BookLimits limits)
    {
        this.book = new OrderBook(instrumentId, limits.initialLevels(), limits.maxLevels());
        this.rule = rule;
        this.listener = listener;
        this.pending = new PendingEvents(limits.pendingInitialBytes(), limits.pendingMaxBytes());
    }

    public int instrumentId()
    {
        return book.instrumentId();
    }

    public OrderBook book()
    {
        return book;
    }

    public SyncState state()
    {
        return state;
    }

    public SyncCounters counters()
    {
        return counters;
    }

    /** Diffs waiting for a snapshot. */
    public int pendingDiffs()
    {
        return pending.count();
    }

    /** Begin: request the first snapshot. Diffs arriving before it are buffered. */
    public void start()
    {
        requestSnapshot(SyncReason.STARTED);
    }

    /**
     * Apply one {@link BookEvent} for this instrument.
     */
    public void onEvent(final DirectBuffer buffer, final int offset)
    {
        final BookEvent event = this.event.wrap(buffer, offset);
        final short type = event.type();
        if (type == BookEvent.TYPE_DIFF)
        {
            if (state == SyncState.LIVE && rule.follows(book.lastUpdateId(), event))
            {
                applyDiff(event);
            }
            else
            {
                onOutOfLineDiff(event);
            }
        }
        else if (type == BookEvent.TYPE_SNAPSHOT)
        {
            onSnapshot(event);
        }
    }

    /**
     * Something outside the stream says the book may be wrong (a frame for it failed to decode, its connection
     * dropped): if it was in sync it goes STALE and a snapshot is requested.
     */
    public void markStale(final SyncReason reason)
    {
        if (reason == SyncReason.BAD_INPUT)
        {
            counters.badInputs++;
        }
        if (state.isTrustworthy())
        {
            breakBook(reason);
        }
    }

    private void onOutOfLineDiff(final BookEvent diff)
    {
        switch (state)
        {
            case LIVE:
                if (rule.isDuplicate(book.lastUpdateId(), diff))
                {
                    counters.duplicates++;
                }
                else if (rule.bridges(book.lastUpdateId(), diff))
                {
                    // Overlaps what is applied and reaches past it (two connections during a planned rotation
                    // batch updates differently). Quantities are absolute, so it carries every level it touches
                    // as of its last id: applying it is exact.
                    counters.overlaps++;
                    applyDiff(diff);
                }
                else
                {
                    onGap(diff);
                }
                break;

            case BRIDGING:
                onBridgingDiff(diff);
                break;

            default:
                bufferDiff(diff);
                break;
        }
    }

    private void onBridgingDiff(final BookEvent diff)
    {
        final long snapshotId = book.lastUpdateId();
        if (rule.isCoveredBySnapshot(snapshotId, diff))
        {
            counters.diffsDropped++;
        }
        else if (rule.bridges(snapshotId, diff))
        {
            if (applyDiff(diff))
            {
                transition(SyncState.LIVE, SyncReason.BRIDGED);
            }
        }
        else
        {
            onGap(diff);
        }
    }

    private void onSnapshot(final BookEvent snapshot)
    {
        if (state.isTrustworthy())
        {
            counters.unexpectedSnapshots++;
            return;
        }

        book.clear();
        if (!loadSnapshotLevels(snapshot))
        {
            return;
        }
        book.lastUpdateId(snapshot.lastUpdateId());
        book.markSnapshotBoundary();
        if (book.isCrossed())
        {
            counters.crossedBooks++;
            rejectSnapshot(SyncReason.CROSSED_BOOK);
            return;
        }
        drainPending(snapshot);
    }

    /**
     * After a snapshot: drop buffered diffs it covers, bridge with the first remaining one, apply the rest in sequence.
     */
    private void drainPending(final BookEvent snapshot)
    {
        final long snapshotId = book.lastUpdateId();
        final PendingEvents pending = this.pending;
        final BookEvent diff = this.pendingEvent;
        int position = 0;
        while (position < pending.limit())
        {
            pending.wrapAt(position, diff);
            if (!rule.isCoveredBySnapshot(snapshotId, diff))
            {
                break;
            }
            counters.diffsDropped++;
            position = pending.next(position);
        }

        if (position == pending.limit())
        {
            pending.clear();
            counters.snapshotsApplied++;
            transition(SyncState.BRIDGING, SyncReason.SNAPSHOT_APPLIED);
            listener.onBookUpdated(book, snapshot);
            return;
        }

        if (!rule.bridges(snapshotId, diff))
        {
            // The buffered diffs start after the snapshot ends: keep them and ask for a newer snapshot.
            pending.discardBefore(position);
            counters.snapshotsTooOld++;
            book.clear();
            requestSnapshot(SyncReason.SNAPSHOT_TOO_OLD);
            return;
        }

        counters.snapshotsApplied++;
        listener.onBookUpdated(book, snapshot);
        if (!applyDiff(diff))
        {
            return;
        }
        transition(SyncState.LIVE, SyncReason.BRIDGED);

        for (position = pending.next(position); position < pending.limit(); position = pending.next(position))
        {
            pending.wrapAt(position, diff);
            final long lastUpdateId = book.lastUpdateId();
            if (rule.follows(lastUpdateId, diff))
            {
                if (!applyDiff(diff))
                {
                    return;
                }
            }
            else if (rule.isDuplicate(lastUpdateId, diff))
            {
                counters.duplicates++;
            }
            else
            {
                // Keep the diffs from the gap on: a new snapshot may bridge them.
                pending.discardBefore(position);
                counters.gaps++;
                goStale(SyncReason.GAP);
                return;
            }
        }
        pending.clear();
    }

    /** @return false when the book broke (and went STALE) while applying. */
    private boolean applyDiff(final BookEvent diff)
    {
        if (!loadLevels(diff))
        {
            return false;
        }
        book.lastUpdateId(diff.lastUpdateId());
        if (book.isCrossed())
        {
            counters.crossedBooks++;
            breakBook(SyncReason.CROSSED_BOOK);
            return false;
        }
        counters.diffsApplied++;
        listener.onBookUpdated(book, diff);
        return true;
    }

    /**
     * Apply an event's levels in order (a price repeated within one event: the later wins).
     *
     * @return false when a side would exceed its maximum depth (the book is then broken).
     */
    private boolean loadLevels(final BookEvent event)
    {
        final OrderBook book = this.book;
        final DirectBuffer buffer = event.buffer();
        boolean ok = true;
        int at = event.bidLevelsOffset();
        for (int i = 0, n = event.bidCount(); i < n; i++, at += BookEvent.LEVEL_LENGTH)
        {
            ok &= book.bids().set(buffer.getLong(at), buffer.getLong(at + Long.BYTES));
        }
        at = event.askLevelsOffset();
        for (int i = 0, n = event.askCount(); i < n; i++, at += BookEvent.LEVEL_LENGTH)
        {
            ok &= book.asks().set(buffer.getLong(at), buffer.getLong(at + Long.BYTES));
        }
        return ok || onTooDeep();
    }

    /**
     * Load a snapshot into the cleared book. Venues list snapshot levels best first; applying them worst first puts
     * every insert at the best end of the side, where nothing has to move (best first would shift the whole side on
     * each insert: quadratic for a deep snapshot). A snapshot lists each price once, so the order does not matter.
     */
    private boolean loadSnapshotLevels(final BookEvent event)
    {
        final OrderBook book = this.book;
        final DirectBuffer buffer = event.buffer();
        boolean ok = true;
        final int bidCount = event.bidCount();
        int at = event.bidLevelsOffset() + (bidCount - 1) * BookEvent.LEVEL_LENGTH;
        for (int i = 0; i < bidCount; i++, at -= BookEvent.LEVEL_LENGTH)
        {
            ok &= book.bids().set(buffer.getLong(at), buffer.getLong(at + Long.BYTES));
        }
        final int askCount = event.askCount();
        at = event.askLevelsOffset() + (askCount - 1) * BookEvent.LEVEL_LENGTH;
        for (int i = 0; i < askCount; i++, at -= BookEvent.LEVEL_LENGTH)
        {
            ok &= book.asks().set(buffer.getLong(at), buffer.getLong(at + Long.BYTES));
        }
        if (!ok)
        {
            counters.booksTooDeep++;
            rejectSnapshot(SyncReason.BOOK_TOO_DEEP);
        }
        return ok;
    }

    /**
     * Rare path: the snapshot itself is unusable (crossed, too deep). The buffered diffs are still good for the next
     * one, so keep them; clear the book and ask again.
     */
    private void rejectSnapshot(final SyncReason reason)
    {
        book.clear();
        transition(SyncState.STALE, reason);
        requestSnapshot(reason);
    }

    /** Rare path: a side hit its maximum depth. Always false. */
    private boolean onTooDeep()
    {
        counters.booksTooDeep++;
        breakBook(SyncReason.BOOK_TOO_DEEP);
        return false;
    }

    private void bufferDiff(final BookEvent diff)
    {
        if (!pending.add(diff.buffer(), diff.offset(), diff.length()))
        {
            onBufferOverflow(diff);
        }
    }

    /** Rare path: the buffer is full; start again from this diff and ask for a fresh snapshot. */
    private void onBufferOverflow(final BookEvent diff)
    {
        counters.bufferOverflows++;
        counters.diffsDropped += pending.count();
        pending.clear();
        if (!pending.add(diff.buffer(), diff.offset(), diff.length()))
        {
            counters.diffsDropped++;
        }
        goStale(SyncReason.BUFFER_OVERFLOW);
    }

    /** Rare path: a diff that does not follow. Buffer it: the next snapshot may bridge it. */
    private void onGap(final BookEvent diff)
    {
        counters.gaps++;
        counters.diffsDropped += pending.count();
        pending.clear();
        goStale(SyncReason.GAP);
        bufferDiff(diff);
    }

    /** The book is wrong and nothing buffered can be trusted: clear everything and resync. */
    private void breakBook(final SyncReason reason)
    {
        counters.diffsDropped += pending.count();
        pending.clear();
        goStale(reason);
    }

    private void goStale(final SyncReason reason)
    {
        book.clear();
        transition(SyncState.STALE, reason);
        requestSnapshot(reason);
    }

    private void requestSnapshot(final SyncReason reason)
    {
        counters.snapshotRequests++;
        listener.onSnapshotRequest(book.instrumentId(), reason);
    }

    private void transition(final SyncState to, final SyncReason reason)
    {
        final SyncState from = state;
        if (from != to)
        {
            state = to;
            listener.onStateChange(book.instrumentId(), from, to, reason);
        }
    }
}
