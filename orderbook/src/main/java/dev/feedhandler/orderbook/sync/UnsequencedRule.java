package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;

/**
 * Venues without per-instrument sequence numbers (Kraken v2, whose checksum detects loss; Coinbase Advanced Trade,
 * whose {@code sequence_num} is per connection and checked by the ingest): every diff follows the last one.
 */
public final class UnsequencedRule implements SequenceRule
{
    public static final UnsequencedRule INSTANCE = new UnsequencedRule();

    private UnsequencedRule()
    {
    }

    public boolean isCoveredBySnapshot(final long snapshotId, final BookEvent diff)
    {
        return false;
    }

    public boolean bridges(final long snapshotId, final BookEvent diff)
    {
        return true;
    }

    public boolean follows(final long lastUpdateId, final BookEvent diff)
    {
        return true;
    }

    public boolean isDuplicate(final long lastUpdateId, final BookEvent diff)
    {
        return false;
    }
}
