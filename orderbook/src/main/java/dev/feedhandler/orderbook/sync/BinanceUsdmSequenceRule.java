package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;

/**
 * Binance USD-M futures depth stream: drop diffs with {@code u < L}; the first applied must have
 * {@code U <= L <= u}; after that each diff's {@code pu} must equal the previous {@code u} (ids jump on futures, so
 * {@code U == previous u + 1} does not hold).
 */
public final class BinanceUsdmSequenceRule implements SequenceRule
{
    public static final BinanceUsdmSequenceRule INSTANCE = new BinanceUsdmSequenceRule();

    private BinanceUsdmSequenceRule()
    {
    }

    public boolean isCoveredBySnapshot(final long snapshotId, final BookEvent diff)
    {
        return diff.lastUpdateId() < snapshotId;
    }

    public boolean bridges(final long snapshotId, final BookEvent diff)
    {
        return diff.firstUpdateId() <= snapshotId && snapshotId <= diff.lastUpdateId();
    }

    public boolean follows(final long lastUpdateId, final BookEvent diff)
    {
        return diff.prevUpdateId() == lastUpdateId;
    }

    public boolean isDuplicate(final long lastUpdateId, final BookEvent diff)
    {
        return diff.lastUpdateId() <= lastUpdateId;
    }
}
