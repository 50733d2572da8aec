package dev.feedhandler.protocol;

import dev.feedhandler.orderbook.BookEvent;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A venue's truth for one instrument, for feed tests: bids below 10,000, asks above, Binance spot ids; writes random
 * diffs and snapshots of itself as {@link BookEvent}s.
 */
final class TestVenueBook
{
    final TreeMap<Long, Long> bids = new TreeMap<>();
    final TreeMap<Long, Long> asks = new TreeMap<>();
    long lastId;
    final BookEvent event = new BookEvent();

    TestVenueBook(final SplittableRandom random)
    {
        lastId = 1 + random.nextInt(1000);
        for (int i = 0; i < 20; i++)
        {
            bids.put(9_000L + random.nextInt(1000), 1L + random.nextInt(1000));
            asks.put(10_001L + random.nextInt(1000), 1L + random.nextInt(1000));
        }
    }

    void randomDiff(final SplittableRandom random, final UnsafeBuffer buffer, final int id)
    {
        final long first = lastId + 1;
        lastId = first + random.nextInt(3);
        event.wrapForWrite(buffer, 0).resetHeader(id, BookEvent.TYPE_DIFF)
            .firstUpdateId(first).lastUpdateId(lastId).ingressTimeNs(first).exchangeTimeMs(first);
        final int bidChanges = random.nextInt(8);
        final int askChanges = random.nextInt(8);
        int level = 0;
        for (int i = 0; i < bidChanges; i++)
        {
            final long price = 9_000L + random.nextInt(1000);
            final long qty = random.nextInt(3) == 0 ? 0 : 1L + random.nextInt(1000);
            apply(bids, price, qty);
            event.putLevel(level++, price, qty);
        }
        for (int i = 0; i < askChanges; i++)
        {
            final long price = 10_001L + random.nextInt(1000);
            final long qty = random.nextInt(3) == 0 ? 0 : 1L + random.nextInt(1000);
            apply(asks, price, qty);
            event.putLevel(level++, price, qty);
        }
        event.bidCount(bidChanges).askCount(askChanges);
    }

    void snapshot(final UnsafeBuffer buffer, final int id)
    {
        event.wrapForWrite(buffer, 0).resetHeader(id, BookEvent.TYPE_SNAPSHOT).firstUpdateId(lastId).lastUpdateId(lastId);
        int level = 0;
        for (final Map.Entry<Long, Long> e : bids.descendingMap().entrySet())
        {
            event.putLevel(level++, e.getKey(), e.getValue());
        }
        for (final Map.Entry<Long, Long> e : asks.entrySet())
        {
            event.putLevel(level++, e.getKey(), e.getValue());
        }
        event.bidCount(bids.size()).askCount(asks.size());
    }

    private static void apply(final TreeMap<Long, Long> side, final long price, final long qty)
    {
        if (qty == 0)
        {
            side.remove(price);
        }
        else
        {
            side.put(price, qty);
        }
    }
}
