package dev.feedhandler.orderbook;

/**
 * An L2 book for one instrument: bids and asks as {@link BookSide}s, plus the id of the last venue update applied.
 * <p>
 * It also remembers how far a snapshot reached: a venue snapshot is truncated to its requested depth, and levels
 * beyond its worst price are unknown until they change. {@link #trustedBidDepth()} and
 * {@link #trustedAskDepth()} count the levels that are known exactly. Owned by one thread.
 */
public final class OrderBook
{
    /** Boundary meaning "every level is known" (no snapshot truncation). */
    private static final long NO_BOUNDARY = -1;

    private final int instrumentId;
    private final BookSide bids;
    private final BookSide asks;
    private long lastUpdateId;
    private long bidBoundary = NO_BOUNDARY;
    private long askBoundary = NO_BOUNDARY;

    public OrderBook(final int instrumentId, final int initialLevels, final int maxLevels)
    {
        this(instrumentId, initialLevels, maxLevels, false);
    }

    /**
     * @param trackFormats keep each level's {@link LevelFormat} (venues whose checksum runs over original text).
     */
    public OrderBook(final int instrumentId, final int initialLevels, final int maxLevels, final boolean trackFormats)
    {
        this.instrumentId = instrumentId;
        this.bids = new BookSide(true, initialLevels, maxLevels, trackFormats);
        this.asks = new BookSide(false, initialLevels, maxLevels, trackFormats);
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    public BookSide bids()
    {
        return bids;
    }

    public BookSide asks()
    {
        return asks;
    }

    public long lastUpdateId()
    {
        return lastUpdateId;
    }

    public void lastUpdateId(final long lastUpdateId)
    {
        this.lastUpdateId = lastUpdateId;
    }

    /** @return false when a new level would exceed the side's maximum depth. */
    public boolean set(final boolean isBid, final long price, final long quantity)
    {
        return (isBid ? bids : asks).set(price, quantity);
    }

    /** Best bid at or above best ask: impossible in a correct book, so the book is broken. */
    public boolean isCrossed()
    {
        return !bids.isEmpty() && !asks.isEmpty() && bids.bestPrice() >= asks.bestPrice();
    }

    /** Empty both sides and forget the snapshot boundary. */
    public void clear()
    {
        bids.clear();
        asks.clear();
        lastUpdateId = 0;
        bidBoundary = NO_BOUNDARY;
        askBoundary = NO_BOUNDARY;
    }

    /**
     * Record the current worst level of each side as the edge of what a (possibly truncated) snapshot covered. Call
     * right after loading a snapshot.
     */
    public void markSnapshotBoundary()
    {
        bidBoundary = bids.isEmpty() ? NO_BOUNDARY : bids.priceAt(bids.depth() - 1);
        askBoundary = asks.isEmpty() ? NO_BOUNDARY : asks.priceAt(asks.depth() - 1);
    }

    /** Bid levels known exactly: those at or above the snapshot's worst bid. */
    public int trustedBidDepth()
    {
        return bidBoundary == NO_BOUNDARY ? bids.depth() : bids.depthAtOrBetter(bidBoundary);
    }

    /** Ask levels known exactly: those at or below the snapshot's worst ask. */
    public int trustedAskDepth()
    {
        return askBoundary == NO_BOUNDARY ? asks.depth() : asks.depthAtOrBetter(askBoundary);
    }
}
