package dev.feedhandler.benchmarks;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;

/** A sync listener that does nothing: apply benchmarks measure the book, not what is downstream of it. */
public final class NoOpSyncListener implements SyncListener
{
    public void onStateChange(final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
    {
    }

    public void onSnapshotRequest(final int instrumentId, final SyncReason reason)
    {
    }

    public void onBookUpdated(final OrderBook book, final BookEvent event)
    {
    }
}
