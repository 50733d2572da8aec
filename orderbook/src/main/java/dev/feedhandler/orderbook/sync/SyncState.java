package dev.feedhandler.orderbook.sync;

/**
 * Where an instrument's book stands against the venue's stream.
 */
public enum SyncState
{
    /** Never synced: diffs are buffered while a snapshot is on its way. The book is empty. */
    AWAITING_SNAPSHOT,
    /** A snapshot is applied and every buffered diff was older; waiting for the first diff that bridges it. */
    BRIDGING,
    /** In sync: every diff since the snapshot applied in sequence. */
    LIVE,
    /** Was or might have been wrong (gap, crossed book, bad input, ...): book cleared, diffs buffered, resync asked. */
    STALE;

    /** True when the book may be published as exact. */
    public boolean isTrustworthy()
    {
        return this == LIVE || this == BRIDGING;
    }
}
