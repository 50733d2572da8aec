package dev.feedhandler.sim.testing;

import dev.feedhandler.sim.BookTruth;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * A test-side order book of one instrument, kept as the text received, with the checksums written straight from
 * venues.md (independent of the simulator's code).
 */
public final class StreamBook
{
    /** Price to {priceText, qtyText}, best first. */
    private final TreeMap<BigDecimal, String[]> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<BigDecimal, String[]> asks = new TreeMap<>();

    public void clear()
    {
        bids.clear();
        asks.clear();
    }

    /** Absolute quantity; zero in any spelling deletes. */
    public void apply(final boolean bid, final String priceText, final String qtyText)
    {
        final TreeMap<BigDecimal, String[]> side = bid ? bids : asks;
        final BigDecimal price = new BigDecimal(priceText);
        if (new BigDecimal(qtyText).signum() == 0)
        {
            side.remove(price);
        }
        else
        {
            side.put(price, new String[]{priceText, qtyText});
        }
    }

    /** Keep the best {@code depth} levels per side (Kraken). */
    public void truncate(final int depth)
    {
        while (bids.size() > depth)
        {
            bids.pollLastEntry();
        }
        while (asks.size() > depth)
        {
            asks.pollLastEntry();
        }
    }

    public int levels(final boolean bid)
    {
        return (bid ? bids : asks).size();
    }

    /** OKX: top 25, bid:size:ask:size alternating per rank, original strings, CRC32 as a signed int. */
    public int okxChecksum()
    {
        final List<String[]> b = top(bids, 25);
        final List<String[]> a = top(asks, 25);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.max(b.size(), a.size()); i++)
        {
            if (i < b.size())
            {
                text.append(text.length() == 0 ? "" : ":").append(b.get(i)[0]).append(':').append(b.get(i)[1]);
            }
            if (i < a.size())
            {
                text.append(text.length() == 0 ? "" : ":").append(a.get(i)[0]).append(':').append(a.get(i)[1]);
            }
        }
        return okxChecksum(text.toString());
    }

    public static int okxChecksum(final String text)
    {
        final CRC32 crc = new CRC32();
        crc.update(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return (int)crc.getValue();
    }

    /**
     * Kraken: asks low to high then bids high to low, top 10; each price and qty at the pair's precision, point
     * removed, leading zeros stripped; CRC32 unsigned.
     */
    public long krakenChecksum(final int priceScale, final int qtyScale)
    {
        final StringBuilder text = new StringBuilder();
        for (final List<String[]> side : List.of(top(asks, 10), top(bids, 10)))
        {
            for (final String[] level : side)
            {
                text.append(krakenDigits(level[0], priceScale)).append(krakenDigits(level[1], qtyScale));
            }
        }
        final CRC32 crc = new CRC32();
        crc.update(text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    private static String krakenDigits(final String number, final int scale)
    {
        final String plain = new BigDecimal(number).setScale(scale).toPlainString().replace(".", "");
        int start = 0;
        while (start < plain.length() - 1 && plain.charAt(start) == '0')
        {
            start++;
        }
        return plain.substring(start);
    }

    /** Equal, numerically, to the truth's levels on both sides (or the first difference). */
    public String differenceFrom(final BookTruth truth)
    {
        final String bidDifference = difference("bids", bids, truth.bids());
        return bidDifference != null ? bidDifference : difference("asks", asks, truth.asks());
    }

    private static String difference(
        final String name, final TreeMap<BigDecimal, String[]> mine, final List<BookTruth.Level> truth)
    {
        if (mine.size() != truth.size())
        {
            return name + ": " + mine.size() + " levels, truth " + truth.size();
        }
        int i = 0;
        for (final Map.Entry<BigDecimal, String[]> entry : mine.entrySet())
        {
            final BookTruth.Level level = truth.get(i++);
            if (entry.getKey().compareTo(new BigDecimal(level.priceText())) != 0 ||
                new BigDecimal(entry.getValue()[1]).compareTo(new BigDecimal(level.quantityText())) != 0)
            {
                return name + " rank " + (i - 1) + ": " + entry.getKey() + "=" + entry.getValue()[1] + ", truth " +
                    level.priceText() + "=" + level.quantityText();
            }
        }
        return null;
    }

    private static List<String[]> top(final TreeMap<BigDecimal, String[]> side, final int n)
    {
        final List<String[]> out = new ArrayList<>();
        for (final String[] level : side.values())
        {
            if (out.size() == n)
            {
                break;
            }
            out.add(level);
        }
        return out;
    }
}
