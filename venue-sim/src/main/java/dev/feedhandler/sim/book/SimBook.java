package dev.feedhandler.sim.book;

/**
 * The simulator's book for one instrument: both sides and the id of the last update applied.
 */
public final class SimBook
{
    private final PriceLevels bids;
    private final PriceLevels asks;
    private long updateId;

    public SimBook(final int initialCapacity)
    {
        bids = new PriceLevels(Side.BID, initialCapacity);
        asks = new PriceLevels(Side.ASK, initialCapacity);
    }

    public PriceLevels side(final Side side)
    {
        return side == Side.BID ? bids : asks;
    }

    public PriceLevels bids()
    {
        return bids;
    }

    public PriceLevels asks()
    {
        return asks;
    }

    public long updateId()
    {
        return updateId;
    }

    public void updateId(final long updateId)
    {
        this.updateId = updateId;
    }

    /** @return the previous quantity. */
    public long set(final Side side, final long price, final long quantity)
    {
        return side(side).set(price, quantity);
    }

    public boolean isCrossed()
    {
        return !bids.isEmpty() && !asks.isEmpty() && bids.best() >= asks.best();
    }

    public void copyTo(final SimBook target)
    {
        bids.copyTo(target.bids);
        asks.copyTo(target.asks);
        target.updateId = updateId;
    }

    /** Throw when a side is out of order or the book is crossed. */
    public void validate()
    {
        bids.validate();
        asks.validate();
        if (isCrossed())
        {
            throw new IllegalStateException("crossed book at " + updateId + ": bid " + bids.best() + " >= ask " +
                asks.best());
        }
    }
}
