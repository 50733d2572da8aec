package dev.feedhandler.orderbook.sync;

/**
 * Sizes for one instrument's book and diff buffer.
 *
 * @param initialLevels       levels per side allocated up front.
 * @param maxLevels           levels per side beyond which the book is treated as broken (BOOK_TOO_DEEP).
 * @param pendingInitialBytes diff buffer allocated up front.
 * @param pendingMaxBytes     diff buffer bound while awaiting a snapshot (beyond it: BUFFER_OVERFLOW).
 */
public record BookLimits(int initialLevels, int maxLevels, int pendingInitialBytes, int pendingMaxBytes)
{
    /** Room for a 5,000-level Binance snapshot without growth, and a few seconds of busy diffs while syncing. */
    public static final BookLimits DEFAULT = new BookLimits(1024, 200_000, 16 * 1024, 4 * 1024 * 1024);

    public BookLimits
    {
        if (initialLevels < 1 || maxLevels < initialLevels)
        {
            throw new IllegalArgumentException(
                "book levels: need 1 <= initialLevels <= maxLevels, got " + initialLevels + " and " + maxLevels);
        }
        if (pendingInitialBytes < 64 || pendingMaxBytes < pendingInitialBytes)
        {
            throw new IllegalArgumentException("diff buffer: need 64 <= pendingInitialBytes <= pendingMaxBytes, got " +
                pendingInitialBytes + " and " + pendingMaxBytes);
        }
    }
}
