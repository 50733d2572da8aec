package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;

/**
 * Binance spot depth stream: drop diffs with {@code u <= L}; the first applied must have {@code U <= L + 1 <= u};
 * after that each diff must have {@code U == previous u + 1}.
 */
public final class BinanceSpotSequenceRule implements SequenceRule
{
    public static final BinanceSpotSequenceRule INSTANCE = new BinanceSpotSequenceRule();

    private BinanceSpotSequenceRule()
    {
    }

    public boolean isCoveredBySnapshot(final long snapshotId, final BookEvent diff)
    {
        return diff.lastUpdateId() <= snapshotId;
    }

    public boolean bridges(final long snapshotId, final BookEvent diff)
    {
        return diff.firstUpdateId() <= snapshotId + 1 && snapshotId + 1 <= diff.lastUpdateId();
    }

    public boolean follows(final long lastUpdateId, final BookEvent diff)
    {
        return diff.firstUpdateId() == lastUpdateId + 1;
    }

    public boolean isDuplicate(final long lastUpdateId, final BookEvent diff)
    {
        return diff.lastUpdateId() <= lastUpdateId;
    }
}
