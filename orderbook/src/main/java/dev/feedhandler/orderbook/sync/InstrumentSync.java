package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.checksum.BookChecksum;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

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
 * <p>
 * Venues whose snapshot comes in the stream itself ({@link Venue.Bootstrap#STREAM_SNAPSHOT}: Bybit, OKX, Kraken,
 * Coinbase) skip the buffering: diffs before the snapshot are dropped (the snapshot that follows a (re)subscription
 * includes them), the snapshot makes the book LIVE at once, and a snapshot while LIVE replaces the book (a venue
 * reset, counted). Where the venue sends a checksum it is compared with ours after every snapshot and diff; a
 * mismatch breaks the book like a gap. Where the instrument has a book depth (Kraken) each side is truncated to it
 * after every diff, and the levels cut are passed on as deletions so downstream books stay equal.
 * Owned by the book thread.
 */
public final class InstrumentSync
{
    private final OrderBook book;
    private final SequenceRule rule;
    private final SyncListener listener;
    private final PendingEvents pending;
    private final SyncCounters counters;
    private final BookEvent event = new BookEvent();
    private final BookEvent pendingEvent = new BookEvent();
    private final boolean snapshotInStream;
    private final BookChecksum checksum;
    private final int bookDepth;
    /** Deletions of levels cut by truncation, published after the diff that pushed them out (rare; grows). */
    private final ExpandableArrayBuffer truncationBuffer;
    private final BookEvent truncationEvent = new BookEvent();
    private boolean truncationPending;
    /** Stream-snapshot venues: a reset of the live book, passed on as a diff (null for REST-bootstrapped venues). */
    private final ResetDelta resetDelta;
    private final SequenceGap lastGap = new SequenceGap();
    private SyncState state = SyncState.AWAITING_SNAPSHOT;

    /** An instrument synced by its venue's rules: sequence rule, bootstrap, checksum, book depth. */
    public InstrumentSync(final Instrument instrument, final SyncListener listener, final BookLimits limits)
    {
        this(instrument, listener, limits, new SyncCounters());
    }

    /** As above, counting into {@code counters} (the instrument's counters in the counters file). */
    public InstrumentSync(
        final Instrument instrument, final SyncListener listener, final BookLimits limits, final SyncCounters counters)
    {
        this(instrument.id(), instrument.venue().sequenceRule(), instrument.venue().bootstrap(),
            BookChecksum.forInstrument(instrument), instrument.bookDepth(), instrument.venue().tracksLevelFormats(),
            listener, limits, counters);
    }

    /** A REST-bootstrapped instrument with no checksum and no truncation (Binance). */
    public InstrumentSync(
        final int instrumentId, final SequenceRule rule, final SyncListener listener, final BookLimits limits)
    {
        this(instrumentId, rule, Venue.Bootstrap.REST_SNAPSHOT, null, 0, false, listener, limits);
    }

    /**
     * @param checksum     the venue checksum to verify after every event that carries one, or null.
     * @param bookDepth    levels per side to truncate to after every diff, or 0 for none.
     * @param trackFormats keep each level's text format (for a checksum over the original strings).
     */
    public InstrumentSync(
        final int instrumentId,
        final SequenceRule rule,
        final Venue.Bootstrap bootstrap,
        final BookChecksum checksum,
        final int bookDepth,
        final boolean trackFormats,
        final SyncListener listener,
        final BookLimits limits)
    {
        this(instrumentId, rule, bootstrap, checksum, bookDepth, trackFormats, listener, limits, new SyncCounters());
    }

    /** As above, counting into {@code counters}. */
    public InstrumentSync(
        final int instrumentId,
        final SequenceRule rule,
        final Venue.Bootstrap bootstrap,
        final BookChecksum checksum,
        final int bookDepth,
        final boolean trackFormats,
        final SyncListener listener,
        final BookLimits limits,
        final SyncCounters counters)
    {
        this.counters = counters;
        this.book = new OrderBook(instrumentId, limits.initialLevels(), limits.maxLevels(), trackFormats);
        this.rule = rule;
        this.listener = listener;
        this.pending = new PendingEvents(limits.pendingInitialBytes(), limits.pendingMaxBytes());
        this.snapshotInStream = bootstrap == Venue.Bootstrap.STREAM_SNAPSHOT;
        this.checksum = checksum;
        this.bookDepth = bookDepth;
        this.truncationBuffer = bookDepth > 0 ? new ExpandableArrayBuffer(BookEvent.lengthFor(2 * bookDepth)) : null;
        this.resetDelta = snapshotInStream ? new ResetDelta() : null;
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

    /** The last sequence gap's ids (read on the book thread, e.g. when its resync request goes out). */
    public SequenceGap lastGap()
    {
        return lastGap;
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
            counters.badInputs.incrementRelease();
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
                    counters.duplicates.incrementRelease();
                }
                else if (rule.bridges(book.lastUpdateId(), diff))
                {
                    // Overlaps what is applied and reaches past it (two connections during a planned rotation
                    // batch updates differently). Quantities are absolute, so it carries every level it touches
                    // as of its last id: applying it is exact.
                    counters.overlaps.incrementRelease();
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
                if (snapshotInStream)
                {
                    counters.diffsDropped.incrementRelease(); // the snapshot on its way includes it
                }
                else
                {
                    bufferDiff(diff);
                }
                break;
        }
    }

    private void onBridgingDiff(final BookEvent diff)
    {
        final long snapshotId = book.lastUpdateId();
        if (rule.isCoveredBySnapshot(snapshotId, diff))
        {
            counters.diffsDropped.incrementRelease();
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
        final boolean reset = state.isTrustworthy();
        if (reset)
        {
            if (!snapshotInStream)
            {
                counters.unexpectedSnapshots.incrementRelease();
                return;
            }
            counters.resets.incrementRelease(); // the venue replaced the book
            resetDelta.captureBefore(book);
        }

        book.clear();
        if (!loadSnapshotLevels(snapshot))
        {
            return;
        }
        book.lastUpdateId(snapshot.lastUpdateId());
        if (bookDepth > 0)
        {
            book.bids().truncate(bookDepth);
            book.asks().truncate(bookDepth);
        }
        book.markSnapshotBoundary();
        if (book.isCrossed())
        {
            counters.crossedBooks.incrementRelease();
            rejectSnapshot(SyncReason.CROSSED_BOOK);
            return;
        }
        if (snapshotInStream)
        {
            applyStreamSnapshot(snapshot, reset);
        }
        else
        {
            drainPending(snapshot);
        }
    }

    /**
     * A snapshot from the stream itself: it is exactly current, so the book is LIVE once its checksum agrees. A reset
     * of a live book goes downstream as the diff from the old book to the new one (in-sync consumers ignore snapshots).
     */
    private void applyStreamSnapshot(final BookEvent snapshot, final boolean reset)
    {
        if (checksum != null && snapshot.checksum() != BookEvent.NULL_CHECKSUM && !checksumMatches(snapshot))
        {
            rejectSnapshot(SyncReason.CHECKSUM);
            return;
        }
        counters.diffsDropped.getAndAddRelease(pending.count());
        pending.clear();
        counters.snapshotsApplied.incrementRelease();
        transition(SyncState.LIVE, SyncReason.SNAPSHOT_APPLIED);
        listener.onBookUpdated(book, reset ? resetDelta.build(book, snapshot) : snapshot);
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
            counters.diffsDropped.incrementRelease();
            position = pending.next(position);
        }

        if (position == pending.limit())
        {
            pending.clear();
            counters.snapshotsApplied.incrementRelease();
            transition(SyncState.BRIDGING, SyncReason.SNAPSHOT_APPLIED);
            listener.onBookUpdated(book, snapshot);
            return;
        }

        if (!rule.bridges(snapshotId, diff))
        {
            final int bridge = laterBridge(snapshotId, position);
            if (bridge < 0)
            {
                // The buffered diffs start after the snapshot ends: keep them and ask for a newer snapshot.
                pending.discardBefore(lastRunStart(position));
                counters.snapshotsTooOld.incrementRelease();
                book.clear();
                requestSnapshot(SyncReason.SNAPSHOT_TOO_OLD);
                return;
            }
            position = bridge;
            pending.wrapAt(position, diff);
        }

        counters.snapshotsApplied.incrementRelease();
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
                counters.duplicates.incrementRelease();
            }
            else
            {
                // Keep the diffs from the gap on: a new snapshot may bridge them.
                lastGap.record(lastUpdateId, diff);
                pending.discardBefore(position);
                counters.gaps.incrementRelease();
                goStale(SyncReason.GAP);
                return;
            }
        }
        pending.clear();
    }

    /**
     * Rare path: the first buffered diff after the snapshot does not bridge it, yet a later one does. Ids only rise in
     * a stream, so the ones before it are out of order (a corrupt id, or the wrong stream): they cannot follow the
     * snapshot and would otherwise hold every later snapshot off as too old. Drop them.
     *
     * @return the position of the bridging diff, or -1 when none bridges.
     */
    private int laterBridge(final long snapshotId, final int position)
    {
        final BookEvent diff = this.pendingEvent;
        int skipped = 1;
        for (int p = pending.next(position); p < pending.limit(); p = pending.next(p))
        {
            pending.wrapAt(p, diff);
            if (rule.bridges(snapshotId, diff))
            {
                counters.diffsDropped.getAndAddRelease(skipped);
                return p;
            }
            skipped++;
        }
        return -1;
    }

    /**
     * Rare path, a snapshot too old: where the last run of buffered diffs that follow one another starts. Diffs before
     * a break in continuity can never be applied (a snapshot that one of them bridges would meet the break), and an
     * out-of-order one at the head would make every later snapshot look too old: drop them. A buffer in order is one
     * run, kept whole.
     */
    private int lastRunStart(final int position)
    {
        final BookEvent diff = this.pendingEvent;
        int runStart = position;
        int skipped = 0;
        int runLength = 1;
        pending.wrapAt(position, diff);
        long previousLastId = diff.lastUpdateId();
        for (int p = pending.next(position); p < pending.limit(); p = pending.next(p))
        {
            pending.wrapAt(p, diff);
            if (!rule.follows(previousLastId, diff))
            {
                runStart = p;
                skipped += runLength;
                runLength = 0;
            }
            runLength++;
            previousLastId = diff.lastUpdateId();
        }
        counters.diffsDropped.getAndAddRelease(skipped);
        return runStart;
    }

    /** @return false when the book broke (and went STALE) while applying. */
    private boolean applyDiff(final BookEvent diff)
    {
        if (!loadLevels(diff))
        {
            return false;
        }
        book.lastUpdateId(diff.lastUpdateId());
        if (bookDepth > 0 && (book.bids().depth() > bookDepth || book.asks().depth() > bookDepth))
        {
            truncate(diff);
        }
        if (book.isCrossed())
        {
            counters.crossedBooks.incrementRelease();
            breakBook(SyncReason.CROSSED_BOOK);
            return false;
        }
        if (checksum != null && diff.checksum() != BookEvent.NULL_CHECKSUM && !checksumMatches(diff))
        {
            breakBook(SyncReason.CHECKSUM);
            return false;
        }
        counters.diffsApplied.incrementRelease();
        listener.onBookUpdated(book, diff);
        if (truncationPending)
        {
            publishTruncation();
        }
        return true;
    }

    /** Compare the venue's checksum with ours; counts both outcomes. The caller breaks the book on false. */
    private boolean checksumMatches(final BookEvent event)
    {
        counters.checksumsVerified.incrementRelease();
        if (checksum.compute(book) == event.checksum())
        {
            return true;
        }
        counters.checksumMismatches.incrementRelease();
        return false;
    }

    /**
     * Cut each side to the book depth, recording the cut levels as deletions (a diff with the same ids as the one
     * that pushed them out) to publish after it: the venue sends no delete for them, but downstream books must
     * lose them too.
     */
    private void truncate(final BookEvent diff)
    {
        final BookSide bids = book.bids();
        final BookSide asks = book.asks();
        final int bidCut = Math.max(0, bids.depth() - bookDepth);
        final int askCut = Math.max(0, asks.depth() - bookDepth);
        final ExpandableArrayBuffer buffer = truncationBuffer;
        final int length = BookEvent.lengthFor(bidCut + askCut);
        buffer.checkLimit(length);
        final BookEvent cut = truncationEvent.wrapForWrite(buffer, 0);
        cut.resetHeader(book.instrumentId(), BookEvent.TYPE_DIFF)
            .firstUpdateId(diff.firstUpdateId())
            .lastUpdateId(diff.lastUpdateId())
            .prevUpdateId(diff.prevUpdateId())
            .exchangeTimeMs(diff.exchangeTimeMs())
            .ingressTimeNs(diff.ingressTimeNs())
            .ringTimeNs(diff.ringTimeNs())
            .bidCount(bidCut)
            .askCount(askCut);
        int index = 0;
        for (int level = bookDepth; level < bookDepth + bidCut; level++)
        {
            cut.putLevel(index++, bids.priceAt(level), 0);
        }
        for (int level = bookDepth; level < bookDepth + askCut; level++)
        {
            cut.putLevel(index++, asks.priceAt(level), 0);
        }
        bids.truncate(bookDepth);
        asks.truncate(bookDepth);
        counters.levelsTruncated.getAndAddRelease(bidCut + askCut);
        truncationPending = true;
    }

    private void publishTruncation()
    {
        truncationPending = false;
        listener.onBookUpdated(book, truncationEvent.wrap(truncationBuffer, 0));
    }

    /**
     * Apply an event's levels in order (a price repeated within one event: the later wins).
     *
     * @return false when a side would exceed its maximum depth (the book is then broken).
     */
    private boolean loadLevels(final BookEvent event)
    {
        if (event.hasLevelFormats())
        {
            return loadLevelsWithFormats(event);
        }
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

    /** As {@link #loadLevels}, keeping each level's text format (OKX). */
    private boolean loadLevelsWithFormats(final BookEvent event)
    {
        final OrderBook book = this.book;
        final DirectBuffer buffer = event.buffer();
        boolean ok = true;
        int at = event.bidLevelsOffset();
        int formatAt = event.bidFormatsOffset();
        for (int i = 0, n = event.bidCount(); i < n; i++, at += BookEvent.LEVEL_LENGTH, formatAt += BookEvent.FORMAT_LENGTH)
        {
            ok &= book.bids().set(buffer.getLong(at), buffer.getLong(at + Long.BYTES), buffer.getInt(formatAt));
        }
        at = event.askLevelsOffset();
        formatAt = event.askFormatsOffset();
        for (int i = 0, n = event.askCount(); i < n; i++, at += BookEvent.LEVEL_LENGTH, formatAt += BookEvent.FORMAT_LENGTH)
        {
            ok &= book.asks().set(buffer.getLong(at), buffer.getLong(at + Long.BYTES), buffer.getInt(formatAt));
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
        final boolean formats = event.hasLevelFormats();
        boolean ok = true;
        final int bidCount = event.bidCount();
        int at = event.bidLevelsOffset() + (bidCount - 1) * BookEvent.LEVEL_LENGTH;
        int formatAt = formats ? event.bidFormatsOffset() + (bidCount - 1) * BookEvent.FORMAT_LENGTH : 0;
        for (int i = 0; i < bidCount; i++, at -= BookEvent.LEVEL_LENGTH, formatAt -= BookEvent.FORMAT_LENGTH)
        {
            ok &= book.bids().set(buffer.getLong(at), buffer.getLong(at + Long.BYTES),
                formats ? buffer.getInt(formatAt) : 0);
        }
        final int askCount = event.askCount();
        at = event.askLevelsOffset() + (askCount - 1) * BookEvent.LEVEL_LENGTH;
        formatAt = formats ? event.askFormatsOffset() + (askCount - 1) * BookEvent.FORMAT_LENGTH : 0;
        for (int i = 0; i < askCount; i++, at -= BookEvent.LEVEL_LENGTH, formatAt -= BookEvent.FORMAT_LENGTH)
        {
            ok &= book.asks().set(buffer.getLong(at), buffer.getLong(at + Long.BYTES),
                formats ? buffer.getInt(formatAt) : 0);
        }
        if (!ok)
        {
            counters.booksTooDeep.incrementRelease();
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
        counters.booksTooDeep.incrementRelease();
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
        counters.bufferOverflows.incrementRelease();
        counters.diffsDropped.getAndAddRelease(pending.count());
        pending.clear();
        if (!pending.add(diff.buffer(), diff.offset(), diff.length()))
        {
            counters.diffsDropped.incrementRelease();
        }
        goStale(SyncReason.BUFFER_OVERFLOW);
    }

    /** Rare path: a diff that does not follow. Buffer it: the next snapshot may bridge it. */
    private void onGap(final BookEvent diff)
    {
        lastGap.record(book.lastUpdateId(), diff);
        counters.gaps.incrementRelease();
        counters.diffsDropped.getAndAddRelease(pending.count());
        pending.clear();
        goStale(SyncReason.GAP);
        if (snapshotInStream)
        {
            counters.diffsDropped.incrementRelease(); // the resubscription's snapshot includes it
        }
        else
        {
            bufferDiff(diff);
        }
    }

    /** The book is wrong and nothing buffered can be trusted: clear everything and resync. */
    private void breakBook(final SyncReason reason)
    {
        counters.diffsDropped.getAndAddRelease(pending.count());
        pending.clear();
        goStale(reason);
    }

    private void goStale(final SyncReason reason)
    {
        truncationPending = false; // the diff that cut them is not published either
        book.clear();
        transition(SyncState.STALE, reason);
        requestSnapshot(reason);
    }

    private void requestSnapshot(final SyncReason reason)
    {
        counters.snapshotRequests.incrementRelease();
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
