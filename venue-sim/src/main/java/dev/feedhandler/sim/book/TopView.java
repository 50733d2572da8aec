package dev.feedhandler.sim.book;

import java.util.Arrays;

/**
 * What a client of a top-N stream holds: the best {@code window} levels of each side, best first, as last sent.
 * {@link #advance} moves it to the book's current top and lists what a message must carry to get there.
 */
public final class TopView
{
    private final int window;
    private final long[][] prices = new long[2][];
    private final long[][] quantities = new long[2][];
    private final int[] sizes = new int[2];
    private long[] oldPrices = new long[64];
    private long[] oldQuantities = new long[64];

    /**
     * @param window levels per side (Integer.MAX_VALUE: the whole book).
     */
    public TopView(final int window)
    {
        if (window < 1)
        {
            throw new IllegalArgumentException("window " + window + " < 1");
        }
        this.window = window;
        for (int s = 0; s < 2; s++)
        {
            prices[s] = new long[64];
            quantities[s] = new long[64];
        }
    }

    public int window()
    {
        return window;
    }

    public int levels(final Side side)
    {
        return sizes[side.ordinal()];
    }

    /** Price at {@code rank} from the best (0). */
    public long price(final Side side, final int rank)
    {
        return prices[side.ordinal()][rank];
    }

    public long quantity(final Side side, final int rank)
    {
        return quantities[side.ordinal()][rank];
    }

    /** Take the book's current top. */
    public void reset(final SimBook book)
    {
        for (final Side side : Side.values())
        {
            final PriceLevels levels = book.side(side);
            final int s = side.ordinal();
            final int n = Math.min(window, levels.size());
            ensure(s, n);
            for (int i = 0; i < n; i++)
            {
                prices[s][i] = levels.priceAt(i);
                quantities[s][i] = levels.quantityAt(i);
            }
            sizes[s] = n;
        }
    }

    /**
     * Move to the book's current top and list the levels a message must carry, best first: levels new to the view or
     * with a new quantity, levels deleted from the book with quantity 0, and levels pushed out of the window by
     * better ones with quantity 0 only when {@code deletePushedOut} (Kraken sends nothing for those: clients
     * truncate).
     */
    public void advance(final SimBook book, final boolean deletePushedOut, final WindowDelta out)
    {
        out.clear();
        for (final Side side : Side.values())
        {
            advanceSide(book.side(side), side, deletePushedOut, out.side(side));
        }
    }

    private void advanceSide(
        final PriceLevels levels, final Side side, final boolean deletePushedOut, final LevelList out)
    {
        final int s = side.ordinal();
        final int oldSize = sizes[s];
        if (oldPrices.length < oldSize)
        {
            oldPrices = new long[Math.max(oldSize, oldPrices.length * 2)];
            oldQuantities = new long[oldPrices.length];
        }
        System.arraycopy(prices[s], 0, oldPrices, 0, oldSize);
        System.arraycopy(quantities[s], 0, oldQuantities, 0, oldSize);
        final int newSize = Math.min(window, levels.size());
        ensure(s, newSize);
        int i = 0;
        int j = 0;
        while (i < oldSize || j < newSize)
        {
            if (j < newSize && i < oldSize && oldPrices[i] == levels.priceAt(j))
            {
                if (oldQuantities[i] != levels.quantityAt(j))
                {
                    out.add(levels.priceAt(j), levels.quantityAt(j));
                }
                i++;
                j++;
            }
            else if (j < newSize && (i >= oldSize || better(side, levels.priceAt(j), oldPrices[i])))
            {
                out.add(levels.priceAt(j), levels.quantityAt(j));
                j++;
            }
            else
            {
                if (deletePushedOut || levels.quantityOf(oldPrices[i]) == 0)
                {
                    out.add(oldPrices[i], 0);
                }
                i++;
            }
        }
        for (int k = 0; k < newSize; k++)
        {
            prices[s][k] = levels.priceAt(k);
            quantities[s][k] = levels.quantityAt(k);
        }
        sizes[s] = newSize;
    }

    private static boolean better(final Side side, final long price, final long than)
    {
        return side == Side.BID ? price > than : price < than;
    }

    private void ensure(final int s, final int n)
    {
        if (prices[s].length < n)
        {
            final int capacity = Math.max(n, prices[s].length * 2);
            prices[s] = Arrays.copyOf(prices[s], capacity);
            quantities[s] = Arrays.copyOf(quantities[s], capacity);
        }
    }
}
