package dev.feedhandler.protocol.consumer;

import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.protocol.sbe.InstrumentState;
import dev.feedhandler.protocol.sbe.StatusReason;
import org.agrona.ExpandableArrayBuffer;

/**
 * A consumer's copy of one instrument's book, with what the feed said about it. Read it on the polling thread.
 * <p>
 * {@link #isTrustworthy()} is the one question a consumer asks: the consumer is in sync with the stream (it applied a
 * snapshot and every delta since) and the publisher says its own book is exact.
 */
public final class ConsumerBook
{
    final OrderBook book;
    String venueSymbol;
    String normalizedSymbol;
    int venueId;
    int priceScale = -1;
    int qtyScale = -1;
    InstrumentState publisherState = InstrumentState.SYNCING;
    StatusReason publisherReason = StatusReason.NONE;
    boolean hasStatus;
    long statusSequence;

    boolean synced;
    /** A snapshot must include at least this delta-stream sequence to be usable. */
    long minSnapshotSequence;
    /** Deltas at or below this sequence are already in the applied snapshot. */
    long skipThrough;
    long venueSequence;
    boolean midUpdate;
    /** What the listener was last told by onTrustChanged (initially: not trustworthy). */
    boolean announcedTrust;

    final ExpandableArrayBuffer pending = new ExpandableArrayBuffer(0);
    int pendingLimit;

    ConsumerBook(final int instrumentId, final int initialLevels, final int maxLevels)
    {
        this.book = new OrderBook(instrumentId, initialLevels, maxLevels);
    }

    public int instrumentId()
    {
        return book.instrumentId();
    }

    /** The rebuilt book. Between the parts of a multi-part update it is mid-update: see {@link #isTrustworthy()}. */
    public OrderBook book()
    {
        return book;
    }

    /** Null until the instrument's definition arrived. */
    public String venueSymbol()
    {
        return venueSymbol;
    }

    public String normalizedSymbol()
    {
        return normalizedSymbol;
    }

    /** The wire venue id, 0 until defined. */
    public int venueId()
    {
        return venueId;
    }

    /** -1 until defined. */
    public int priceScale()
    {
        return priceScale;
    }

    /** -1 until defined. */
    public int qtyScale()
    {
        return qtyScale;
    }

    public boolean isDefined()
    {
        return priceScale >= 0;
    }

    /** What the publisher last said about its own book. */
    public InstrumentState publisherState()
    {
        return publisherState;
    }

    public StatusReason publisherReason()
    {
        return publisherReason;
    }

    /** The consumer applied a snapshot and every delta since. */
    public boolean isSynced()
    {
        return synced;
    }

    /** Synced, the publisher's book is LIVE, and no multi-part update is half applied. */
    public boolean isTrustworthy()
    {
        return synced && !midUpdate && publisherState == InstrumentState.LIVE;
    }

    /** The venue's last update id reflected in this book. */
    public long venueSequence()
    {
        return venueSequence;
    }
}
