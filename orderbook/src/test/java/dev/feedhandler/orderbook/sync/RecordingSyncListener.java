package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.OrderBook;

import java.util.ArrayList;
import java.util.List;

/**
 * Records what an {@link InstrumentSync} reports, in order: state changes with reasons, snapshot requests with
 * reasons, and book updates with the applied event's type and last update id.
 */
final class RecordingSyncListener implements SyncListener
{
    sealed interface Recorded permits StateChange, SnapshotRequest, BookUpdate
    {
    }

    record StateChange(SyncState from, SyncState to, SyncReason reason) implements Recorded
    {
    }

    record SnapshotRequest(SyncReason reason) implements Recorded
    {
    }

    record BookUpdate(short type, long lastUpdateId) implements Recorded
    {
    }

    private final int instrumentId;
    private final List<Recorded> recorded = new ArrayList<>();

    RecordingSyncListener(final int instrumentId)
    {
        this.instrumentId = instrumentId;
    }

    static StateChange stateChange(final SyncState from, final SyncState to, final SyncReason reason)
    {
        return new StateChange(from, to, reason);
    }

    static SnapshotRequest snapshotRequest(final SyncReason reason)
    {
        return new SnapshotRequest(reason);
    }

    static BookUpdate snapshotApplied(final long lastUpdateId)
    {
        return new BookUpdate(BookEvent.TYPE_SNAPSHOT, lastUpdateId);
    }

    static BookUpdate diffApplied(final long lastUpdateId)
    {
        return new BookUpdate(BookEvent.TYPE_DIFF, lastUpdateId);
    }

    /** Everything recorded since the last call. */
    List<Recorded> drain()
    {
        final List<Recorded> copy = List.copyOf(recorded);
        recorded.clear();
        return copy;
    }

    public void onStateChange(final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
    {
        checkInstrument(instrumentId);
        if (from == to)
        {
            throw new AssertionError("state change to the same state " + to + " (" + reason + ")");
        }
        recorded.add(new StateChange(from, to, reason));
    }

    public void onSnapshotRequest(final int instrumentId, final SyncReason reason)
    {
        checkInstrument(instrumentId);
        recorded.add(new SnapshotRequest(reason));
    }

    public void onBookUpdated(final OrderBook book, final BookEvent event)
    {
        checkInstrument(book.instrumentId());
        if (book.lastUpdateId() != event.lastUpdateId())
        {
            throw new AssertionError("book at " + book.lastUpdateId() + " after applying event " + event.lastUpdateId());
        }
        recorded.add(new BookUpdate(event.type(), event.lastUpdateId()));
    }

    private void checkInstrument(final int reported)
    {
        if (reported != instrumentId)
        {
            throw new AssertionError("instrument " + reported + " reported, expected " + instrumentId);
        }
    }
}
