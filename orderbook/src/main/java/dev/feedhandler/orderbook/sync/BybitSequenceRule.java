package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;

/**
 * Bybit v5 order book: the snapshot and every delta carry the update id {@code u} (as first and last update id),
 * rising by exactly one per delta. A repeated or older {@code u} is ignored. (A snapshot, or {@code u == 1} after a
 * service restart, replaces the book: the decoder marks both as snapshots.)
 */
public final class BybitSequenceRule implements SequenceRule
{
    public static final BybitSequenceRule INSTANCE = new BybitSequenceRule();

    private BybitSequenceRule()
    {
    }

    public boolean isCoveredBySnapshot(final long snapshotId, final BookEvent diff)
    {
        return diff.lastUpdateId() <= snapshotId;
    }

    public boolean bridges(final long snapshotId, final BookEvent diff)
    {
        return diff.lastUpdateId() == snapshotId + 1;
    }

    public boolean follows(final long lastUpdateId, final BookEvent diff)
    {
        return diff.lastUpdateId() == lastUpdateId + 1;
    }

    public boolean isDuplicate(final long lastUpdateId, final BookEvent diff)
    {
        return diff.lastUpdateId() <= lastUpdateId;
    }
}
