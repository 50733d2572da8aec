package dev.feedhandler.sim.book;

/**
 * The levels one stream message lists, per side best first: what changed in a stream's view of the book.
 */
public final class WindowDelta
{
    private final LevelList bids = new LevelList();
    private final LevelList asks = new LevelList();

    public LevelList bids()
    {
        return bids;
    }

    public LevelList asks()
    {
        return asks;
    }

    public LevelList side(final Side side)
    {
        return side == Side.BID ? bids : asks;
    }

    public boolean isEmpty()
    {
        return bids.size() == 0 && asks.size() == 0;
    }

    public void clear()
    {
        bids.clear();
        asks.clear();
    }

    /** Every level an event touched (a whole-book stream): bids high to low, asks low to high. */
    public void fromEvent(final DiffBatch event)
    {
        clear();
        final LevelChanges eventBids = event.bids();
        for (int i = eventBids.size() - 1; i >= 0; i--)
        {
            bids.add(eventBids.priceAscending(i), eventBids.quantityAscending(i));
        }
        final LevelChanges eventAsks = event.asks();
        for (int i = 0; i < eventAsks.size(); i++)
        {
            asks.add(eventAsks.priceAscending(i), eventAsks.quantityAscending(i));
        }
    }
}
