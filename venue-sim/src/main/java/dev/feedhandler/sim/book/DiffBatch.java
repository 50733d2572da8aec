package dev.feedhandler.sim.book;

/**
 * One depth event: the update ids it covers and the final quantity of every level it touched.
 */
public final class DiffBatch
{
    /** Sentinel for "no id yet". */
    public static final long NONE = Long.MIN_VALUE;

    private final LevelChanges bids = new LevelChanges();
    private final LevelChanges asks = new LevelChanges();
    private long firstId = NONE;
    private long lastId = NONE;
    private long previousLastId = NONE;

    public LevelChanges bids()
    {
        return bids;
    }

    public LevelChanges asks()
    {
        return asks;
    }

    public LevelChanges side(final Side side)
    {
        return side == Side.BID ? bids : asks;
    }

    /** First update id in this event (Binance {@code U}). */
    public long firstId()
    {
        return firstId;
    }

    /** Last update id in this event (Binance {@code u}). */
    public long lastId()
    {
        return lastId;
    }

    /** Last id of the previous event on the same stream (Binance USD-M {@code pu}). */
    public long previousLastId()
    {
        return previousLastId;
    }

    public void previousLastId(final long previousLastId)
    {
        this.previousLastId = previousLastId;
    }

    public boolean isEmpty()
    {
        return firstId == NONE;
    }

    public void clear()
    {
        bids.clear();
        asks.clear();
        firstId = NONE;
        lastId = NONE;
        previousLastId = NONE;
    }

    /** Record one update. */
    public void add(final long id, final Side side, final long price, final long quantity)
    {
        if (firstId == NONE)
        {
            firstId = id;
        }
        lastId = id;
        side(side).put(price, quantity);
    }

    /** Merge a later event into this one: a slower stream's event covering several base events. */
    public void merge(final DiffBatch later)
    {
        if (firstId == NONE)
        {
            firstId = later.firstId;
        }
        lastId = later.lastId;
        bids.putAll(later.bids);
        asks.putAll(later.asks);
    }

    /** Number of levels listed. */
    public int levelCount()
    {
        return bids.size() + asks.size();
    }
}
