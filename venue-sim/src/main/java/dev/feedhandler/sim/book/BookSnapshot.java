package dev.feedhandler.sim.book;

import java.util.Arrays;

/**
 * An immutable copy of (the top of) a book at one update id, best level first on each side.
 */
public final class BookSnapshot
{
    private final long updateId;
    private final long[] bidPrices;
    private final long[] bidQuantities;
    private final long[] askPrices;
    private final long[] askQuantities;

    private BookSnapshot(
        final long updateId,
        final long[] bidPrices,
        final long[] bidQuantities,
        final long[] askPrices,
        final long[] askQuantities)
    {
        this.updateId = updateId;
        this.bidPrices = bidPrices;
        this.bidQuantities = bidQuantities;
        this.askPrices = askPrices;
        this.askQuantities = askQuantities;
    }

    /** Copy the best {@code depth} levels of each side. */
    public static BookSnapshot of(final SimBook book, final int depth)
    {
        final int bids = Math.min(depth, book.bids().size());
        final int asks = Math.min(depth, book.asks().size());
        final long[] bidPrices = new long[bids];
        final long[] bidQuantities = new long[bids];
        final long[] askPrices = new long[asks];
        final long[] askQuantities = new long[asks];
        for (int i = 0; i < bids; i++)
        {
            bidPrices[i] = book.bids().priceAt(i);
            bidQuantities[i] = book.bids().quantityAt(i);
        }
        for (int i = 0; i < asks; i++)
        {
            askPrices[i] = book.asks().priceAt(i);
            askQuantities[i] = book.asks().quantityAt(i);
        }
        return new BookSnapshot(book.updateId(), bidPrices, bidQuantities, askPrices, askQuantities);
    }

    public long updateId()
    {
        return updateId;
    }

    public int levels(final Side side)
    {
        return side == Side.BID ? bidPrices.length : askPrices.length;
    }

    /** Price at {@code rank} from the best (0). */
    public long price(final Side side, final int rank)
    {
        return side == Side.BID ? bidPrices[rank] : askPrices[rank];
    }

    public long quantity(final Side side, final int rank)
    {
        return side == Side.BID ? bidQuantities[rank] : askQuantities[rank];
    }

    @Override
    public boolean equals(final Object other)
    {
        if (!(other instanceof BookSnapshot))
        {
            return false;
        }
        final BookSnapshot that = (BookSnapshot)other;
        return updateId == that.updateId && Arrays.equals(bidPrices, that.bidPrices) &&
            Arrays.equals(bidQuantities, that.bidQuantities) && Arrays.equals(askPrices, that.askPrices) &&
            Arrays.equals(askQuantities, that.askQuantities);
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(updateId) * 31 + Arrays.hashCode(bidPrices) + 17 * Arrays.hashCode(askPrices);
    }

    @Override
    public String toString()
    {
        return "BookSnapshot{updateId=" + updateId + ", bids=" + bidPrices.length + ", asks=" + askPrices.length + "}";
    }
}
