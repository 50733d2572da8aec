package dev.feedhandler.feeder.venue.okx;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;

import java.util.ArrayList;
import java.util.List;

/** Records what an InstrumentSync reports: state changes, snapshot requests and applied events' ids, in order. */
final class RecordingListener implements SyncListener
{
    final List<String> log = new ArrayList<>();

    public void onStateChange(final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
    {
        log.add(from + "->" + to + " " + reason);
    }

    public void onSnapshotRequest(final int instrumentId, final SyncReason reason)
    {
        log.add("request " + reason);
    }

    public void onBookUpdated(final OrderBook book, final BookEvent event)
    {
        log.add((event.type() == BookEvent.TYPE_SNAPSHOT ? "snapshot " : "diff ") + event.lastUpdateId());
    }
}
