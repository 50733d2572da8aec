package dev.feedhandler.sim.book;

import java.util.Arrays;

/**
 * One side of a book: price levels as sorted primitive arrays. Stored worst first so that the churn near the top
 * moves few entries; rank 0 is the best level.
 */
public final class PriceLevels
{
    private final Side side;
    private long[] prices;
    private long[] quantities;
    private int size;

    public PriceLevels(final Side side, final int initialCapacity)
    {
        this.side = side;
        this.prices = new long[Math.max(4, initialCapacity)];
        this.quantities = new long[prices.length];
    }

    public Side side()
    {
        return side;
    }

    public int size()
    {
        return size;
    }

    public boolean isEmpty()
    {
        return size == 0;
    }

    /** Price at {@code rank} from the best (0). */
    public long priceAt(final int rank)
    {
        return prices[size - 1 - rank];
    }

    public long quantityAt(final int rank)
    {
        return quantities[size - 1 - rank];
    }

    /** Best price; the side must not be empty. */
    public long best()
    {
        return prices[size - 1];
    }

    /** Quantity at {@code price}, 0 when absent. */
    public long quantityOf(final long price)
    {
        final int index = search(price);
        return index >= 0 ? quantities[index] : 0;
    }

    /**
     * Set the quantity at a price: 0 deletes (deleting an absent level is a no-op).
     *
     * @return the previous quantity, 0 when the level was absent.
     */
    public long set(final long price, final long quantity)
    {
        final int index = search(price);
        if (index >= 0)
        {
            final long old = quantities[index];
            if (quantity == 0)
            {
                System.arraycopy(prices, index + 1, prices, index, size - index - 1);
                System.arraycopy(quantities, index + 1, quantities, index, size - index - 1);
                size--;
            }
            else
            {
                quantities[index] = quantity;
            }
            return old;
        }
        if (quantity != 0)
        {
            insertAt(-index - 1, price, quantity);
        }
        return 0;
    }

    public void clear()
    {
        size = 0;
    }

    /** Make {@code target} an exact copy of this side. */
    public void copyTo(final PriceLevels target)
    {
        if (target.side != side)
        {
            throw new IllegalArgumentException("side " + target.side + " != " + side);
        }
        if (target.prices.length < size)
        {
            target.prices = new long[prices.length];
            target.quantities = new long[prices.length];
        }
        System.arraycopy(prices, 0, target.prices, 0, size);
        System.arraycopy(quantities, 0, target.quantities, 0, size);
        target.size = size;
    }

    /** Throw if the levels are not strictly ordered or hold a non-positive price or quantity. */
    public void validate()
    {
        for (int i = 0; i < size; i++)
        {
            if (prices[i] <= 0 || quantities[i] <= 0)
            {
                throw new IllegalStateException(side + " level " + i + " has price " + prices[i] + " quantity " +
                    quantities[i]);
            }
            if (i > 0 && key(prices[i - 1]) >= key(prices[i]))
            {
                throw new IllegalStateException(side + " levels out of order at " + i);
            }
        }
    }

    private void insertAt(final int index, final long price, final long quantity)
    {
        if (size == prices.length)
        {
            grow();
        }
        System.arraycopy(prices, index, prices, index + 1, size - index);
        System.arraycopy(quantities, index, quantities, index + 1, size - index);
        prices[index] = price;
        quantities[index] = quantity;
        size++;
    }

    private void grow()
    {
        prices = Arrays.copyOf(prices, prices.length * 2);
        quantities = Arrays.copyOf(quantities, quantities.length * 2);
    }

    /** Bids: higher is better; asks: lower is better. Keys ascend from worst to best. */
    private long key(final long price)
    {
        return side == Side.BID ? price : -price;
    }

    /** Binary search over keys: the index, or {@code -(insertion point) - 1}. */
    private int search(final long price)
    {
        final long target = key(price);
        int low = 0;
        int high = size - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long k = key(prices[mid]);
            if (k < target)
            {
                low = mid + 1;
            }
            else if (k > target)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(low + 1);
    }
}
