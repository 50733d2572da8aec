package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.OrderBook;
import org.agrona.ExpandableArrayBuffer;

import java.util.Arrays;

/**
 * What a venue reset (a snapshot in the stream while the book is live: a service restart, a planned connection
 * rotation switching at the new connection's snapshot) does to a live book, as one diff for downstream books: every
 * level the book had, deleted, then every level of the snapshot, set (a price in both: the later wins). Consumers
 * that are in sync ignore snapshots, so without this a reset that removed levels would leave them in consumer books
 * that still look exact. Rare path: the arrays grow as needed.
 */
final class ResetDelta
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(BookEvent.lengthFor(64));
    private final BookEvent event = new BookEvent();
    private long[] oldBids = new long[32];
    private long[] oldAsks = new long[32];
    private int oldBidCount;
    private int oldAskCount;
    private long oldLastUpdateId;

    /** Remember the levels and the update id of the book about to be replaced. */
    void captureBefore(final OrderBook book)
    {
        oldBids = prices(book.bids(), oldBids);
        oldBidCount = book.bids().depth();
        oldAsks = prices(book.asks(), oldAsks);
        oldAskCount = book.asks().depth();
        oldLastUpdateId = book.lastUpdateId();
    }

    /** The diff from the captured book to {@code book}, which now holds {@code snapshot}, carrying its ids. */
    BookEvent build(final OrderBook book, final BookEvent snapshot)
    {
        final BookSide bids = book.bids();
        final BookSide asks = book.asks();
        final int bidCount = oldBidCount + bids.depth();
        final int askCount = oldAskCount + asks.depth();
        buffer.checkLimit(BookEvent.lengthFor(bidCount + askCount));
        final BookEvent diff = event.wrapForWrite(buffer, 0);
        diff.resetHeader(book.instrumentId(), BookEvent.TYPE_DIFF)
            .firstUpdateId(snapshot.lastUpdateId())
            .lastUpdateId(snapshot.lastUpdateId())
            .prevUpdateId(oldLastUpdateId)
            .exchangeTimeMs(snapshot.exchangeTimeMs())
            .ingressTimeNs(snapshot.ingressTimeNs())
            .ringTimeNs(snapshot.ringTimeNs())
            .bidCount(bidCount)
            .askCount(askCount);
        int index = 0;
        index = put(diff, index, oldBids, oldBidCount, bids);
        put(diff, index, oldAsks, oldAskCount, asks);
        return event.wrap(buffer, 0);
    }

    private static int put(
        final BookEvent diff, final int from, final long[] oldPrices, final int oldCount, final BookSide side)
    {
        int index = from;
        for (int i = 0; i < oldCount; i++)
        {
            diff.putLevel(index++, oldPrices[i], 0);
        }
        for (int level = 0, depth = side.depth(); level < depth; level++)
        {
            diff.putLevel(index++, side.priceAt(level), side.quantityAt(level));
        }
        return index;
    }

    private static long[] prices(final BookSide side, final long[] into)
    {
        final int depth = side.depth();
        final long[] prices = into.length >= depth ? into : Arrays.copyOf(into, Math.max(depth, 2 * into.length));
        for (int level = 0; level < depth; level++)
        {
            prices[level] = side.priceAt(level);
        }
        return prices;
    }
}
