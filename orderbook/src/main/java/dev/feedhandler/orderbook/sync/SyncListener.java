package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.OrderBook;

/**
 * What an {@link InstrumentSync} tells the rest of the processor. Called on the book thread; must not block or call
 * back into the sync.
 */
public interface SyncListener
{
    /** The instrument moved between states; {@code from == to} never happens. */
    void onStateChange(int instrumentId, SyncState from, SyncState to, SyncReason reason);

    /** Ask the ingest side for a fresh snapshot (or resubscription) of this instrument. */
    void onSnapshotRequest(int instrumentId, SyncReason reason);

    /** A snapshot or a diff was applied; {@code event} is what was applied. */
    void onBookUpdated(OrderBook book, BookEvent event);
}
