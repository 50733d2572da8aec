package dev.feedhandler.sim.book;

import java.util.Arrays;

/**
 * An append-only list of (price, quantity) pairs in the order they are to be sent.
 */
public final class LevelList
{
    private long[] prices = new long[16];
    private long[] quantities = new long[16];
    private int size;

    public int size()
    {
        return size;
    }

    public long price(final int i)
    {
        return prices[i];
    }

    public long quantity(final int i)
    {
        return quantities[i];
    }

    public void clear()
    {
        size = 0;
    }

    public void add(final long price, final long quantity)
    {
        if (size == prices.length)
        {
            prices = Arrays.copyOf(prices, size * 2);
            quantities = Arrays.copyOf(quantities, size * 2);
        }
        prices[size] = price;
        quantities[size] = quantity;
        size++;
    }
}
