package dev.feedhandler.feeder.venue.okx;

import dev.feedhandler.feeder.replay.NaiveJson;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.LevelFormat;
import dev.feedhandler.orderbook.OrderBook;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow, obviously-correct OKX book for test oracles, written from venues.md: BigDecimal prices in TreeMaps, each
 * level keeping the price and size strings exactly as OKX sent them, and the checksum built from those strings.
 * It plays the venue too: {@link #message} applies levels to it and renders the OKX frame with its checksum.
 */
final class NaiveOkxBook
{
    private final NavigableMap<BigDecimal, String[]> bids = new TreeMap<>(Collections.reverseOrder());
    private final NavigableMap<BigDecimal, String[]> asks = new TreeMap<>();

    /** Apply one OKX frame (snapshot or update) as text. */
    @SuppressWarnings("unchecked")
    void apply(final String frame)
    {
        final Map<String, Object> message = (Map<String, Object>)NaiveJson.parse(frame);
        if ("snapshot".equals(message.get("action")))
        {
            bids.clear();
            asks.clear();
        }
        for (final Object element : (List<Object>)message.get("data"))
        {
            final Map<String, Object> data = (Map<String, Object>)element;
            apply(asks, (List<Object>)data.get("asks"));
            apply(bids, (List<Object>)data.get("bids"));
        }
    }

    @SuppressWarnings("unchecked")
    private static void apply(final NavigableMap<BigDecimal, String[]> side, final List<Object> levels)
    {
        for (final Object level : levels)
        {
            final List<Object> fields = (List<Object>)level;
            apply(side, (String)fields.get(0), (String)fields.get(1));
        }
    }

    private static void apply(final NavigableMap<BigDecimal, String[]> side, final String price, final String size)
    {
        if (new BigDecimal(size).signum() == 0)
        {
            side.remove(new BigDecimal(price));
        }
        else
        {
            side.put(new BigDecimal(price), new String[]{price, size});
        }
    }

    /** OKX's check string: top 25 of each side, alternating bid and ask per rank, original strings. */
    String checkString()
    {
        final List<String[]> bidLevels = top(bids);
        final List<String[]> askLevels = top(asks);
        final List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.max(bidLevels.size(), askLevels.size()); i++)
        {
            if (i < bidLevels.size())
            {
                parts.add(bidLevels.get(i)[0] + ":" + bidLevels.get(i)[1]);
            }
            if (i < askLevels.size())
            {
                parts.add(askLevels.get(i)[0] + ":" + askLevels.get(i)[1]);
            }
        }
        return String.join(":", parts);
    }

    int checksum()
    {
        final CRC32 crc = new CRC32();
        crc.update(checkString().getBytes(StandardCharsets.US_ASCII));
        return (int)crc.getValue();
    }

    private static List<String[]> top(final NavigableMap<BigDecimal, String[]> side)
    {
        final List<String[]> levels = new ArrayList<>();
        for (final String[] level : side.values())
        {
            if (levels.size() == 25)
            {
                break;
            }
            levels.add(level);
        }
        return levels;
    }

    int bidDepth()
    {
        return bids.size();
    }

    int askDepth()
    {
        return asks.size();
    }

    /**
     * Act as the venue: apply these levels ({@code {price, size}} strings) and render the frame OKX would send, with
     * the checksum of the book after it. {@code seqId}/{@code prevSeqId} are left out when {@code seqId} is null.
     */
    String message(
        final String instId,
        final String action,
        final String[][] asks,
        final String[][] bids,
        final Long seqId,
        final long prevSeqId)
    {
        if ("snapshot".equals(action))
        {
            this.bids.clear();
            this.asks.clear();
        }
        for (final String[] level : asks)
        {
            apply(this.asks, level[0], level[1]);
        }
        for (final String[] level : bids)
        {
            apply(this.bids, level[0], level[1]);
        }
        return "{\"arg\":{\"channel\":\"books\",\"instId\":\"" + instId + "\"},\"action\":\"" + action +
            "\",\"data\":[{\"asks\":" + levels(asks) + ",\"bids\":" + levels(bids) + ",\"ts\":\"1700000000000\"," +
            "\"checksum\":" + checksum() +
            (seqId == null ? "" : ",\"seqId\":" + seqId + ",\"prevSeqId\":" + prevSeqId) + "}]}";
    }

    static String levels(final String[][] levels)
    {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < levels.length; i++)
        {
            text.append(i == 0 ? "" : ",").append("[\"").append(levels[i][0]).append("\",\"").append(levels[i][1])
                .append("\",\"0\",\"1\"]");
        }
        return text.append(']').toString();
    }

    /** The book equals this one level by level: mantissas at the scales, and the text formats of every level. */
    void assertEquals(final OrderBook book, final int priceScale, final int qtyScale)
    {
        assertSide(book.bids(), bids, priceScale, qtyScale, "bids");
        assertSide(book.asks(), asks, priceScale, qtyScale, "asks");
    }

    private static void assertSide(
        final BookSide side,
        final NavigableMap<BigDecimal, String[]> expected,
        final int priceScale,
        final int qtyScale,
        final String name)
    {
        final List<String> actual = new ArrayList<>();
        for (int i = 0; i < side.depth(); i++)
        {
            final int format = side.formatAt(i);
            actual.add(side.priceAt(i) + "/" + LevelFormat.priceDigits(format) + " x " +
                side.quantityAt(i) + "/" + LevelFormat.quantityDigits(format));
        }
        final List<String> wanted = new ArrayList<>();
        for (final String[] level : expected.values())
        {
            wanted.add(mantissa(level[0], priceScale) + "/" + Math.max(0, new BigDecimal(level[0]).scale()) + " x " +
                mantissa(level[1], qtyScale) + "/" + Math.max(0, new BigDecimal(level[1]).scale()));
        }
        assertThat(actual).as(name + " (mantissa/fraction digits)").isEqualTo(wanted);
    }

    static long mantissa(final String text, final int scale)
    {
        return new BigDecimal(text).movePointRight(scale).longValueExact();
    }
}
