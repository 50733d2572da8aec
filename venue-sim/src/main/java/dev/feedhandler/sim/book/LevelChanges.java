package dev.feedhandler.sim.book;

import java.util.Arrays;

/**
 * The levels one diff changes on one side: price to new absolute quantity (0 = deleted), the last change of a price
 * wins. Kept in ascending price order so a format can render either direction.
 */
public final class LevelChanges
{
    private long[] prices = new long[16];
    private long[] quantities = new long[16];
    private int size;

    public int size()
    {
        return size;
    }

    /** i-th lowest price. */
    public long priceAscending(final int i)
    {
        return prices[i];
    }

    public long quantityAscending(final int i)
    {
        return quantities[i];
    }

    public void clear()
    {
        size = 0;
    }

    public void put(final long price, final long quantity)
    {
        final int index = Arrays.binarySearch(prices, 0, size, price);
        if (index >= 0)
        {
            quantities[index] = quantity;
            return;
        }
        final int at = -index - 1;
        if (size == prices.length)
        {
            prices = Arrays.copyOf(prices, size * 2);
            quantities = Arrays.copyOf(quantities, size * 2);
        }
        System.arraycopy(prices, at, prices, at + 1, size - at);
        System.arraycopy(quantities, at, quantities, at + 1, size - at);
        prices[at] = price;
        quantities[at] = quantity;
        size++;
    }

    /** Apply {@code later} on top of this (its quantities win). */
    public void putAll(final LevelChanges later)
    {
        for (int i = 0; i < later.size; i++)
        {
            put(later.prices[i], later.quantities[i]);
        }
    }
}
