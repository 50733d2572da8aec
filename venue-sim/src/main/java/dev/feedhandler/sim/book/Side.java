package dev.feedhandler.sim.book;

/**
 * Book side, with a stable index for arrays.
 */
public enum Side
{
    BID,
    ASK;

    private static final Side[] VALUES = values();

    public static Side of(final int ordinal)
    {
        return VALUES[ordinal];
    }

    public Side opposite()
    {
        return this == BID ? ASK : BID;
    }
}
