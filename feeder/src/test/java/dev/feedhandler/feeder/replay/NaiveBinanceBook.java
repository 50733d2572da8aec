package dev.feedhandler.feeder.replay;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The test oracle: the Binance sync rules from venues.md written the plainest possible way, with BigDecimal and
 * TreeMap (acceptable in a test, never in the daemon). Snapshot first, then every diff in file order.
 */
final class NaiveBinanceBook
{
    final NavigableMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Collections.reverseOrder());
    final NavigableMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    int applied;
    int gaps;

    @SuppressWarnings("unchecked")
    static NaiveBinanceBook replay(final boolean futures, final byte[] snapshot, final byte[] frames)
    {
        final NaiveBinanceBook book = new NaiveBinanceBook();
        final Map<String, Object> snap = (Map<String, Object>)NaiveJson.parse(new String(snapshot, StandardCharsets.UTF_8));
        final long snapshotId = ((BigDecimal)snap.get("lastUpdateId")).longValueExact();
        book.apply(book.bids, (List<Object>)snap.get("bids"));
        book.apply(book.asks, (List<Object>)snap.get("asks"));

        long last = -1;
        for (final String line : new String(frames, StandardCharsets.UTF_8).split("\n"))
        {
            if (line.isBlank())
            {
                continue;
            }
            Map<String, Object> message = (Map<String, Object>)NaiveJson.parse(line);
            if (message.containsKey("data"))
            {
                message = (Map<String, Object>)message.get("data");
            }
            if (!"depthUpdate".equals(message.get("e")))
            {
                continue;
            }
            final long first = ((BigDecimal)message.get("U")).longValueExact();
            final long lastId = ((BigDecimal)message.get("u")).longValueExact();
            if (last < 0)
            {
                final boolean covered = futures ? lastId < snapshotId : lastId <= snapshotId;
                if (covered)
                {
                    continue;
                }
                final long target = futures ? snapshotId : snapshotId + 1;
                if (!(first <= target && target <= lastId))
                {
                    book.gaps++;
                    return book;
                }
            }
            else
            {
                final boolean follows = futures ?
                    ((BigDecimal)message.get("pu")).longValueExact() == last : first == last + 1;
                if (!follows)
                {
                    book.gaps++;
                    return book;
                }
            }
            book.apply(book.bids, (List<Object>)message.get("b"));
            book.apply(book.asks, (List<Object>)message.get("a"));
            book.applied++;
            last = lastId;
        }
        return book;
    }

    @SuppressWarnings("unchecked")
    private void apply(final NavigableMap<BigDecimal, BigDecimal> side, final List<Object> levels)
    {
        for (final Object level : levels)
        {
            final List<Object> pair = (List<Object>)level;
            final BigDecimal price = new BigDecimal((String)pair.get(0));
            final BigDecimal qty = new BigDecimal((String)pair.get(1));
            if (qty.signum() == 0)
            {
                side.remove(price);
            }
            else
            {
                side.put(price, qty);
            }
        }
    }
}
