package dev.feedhandler.orderbook;

import java.util.Arrays;

/**
 * One side of an L2 book: price levels in one primitive array of (key, quantity) pairs, sorted so that the BEST
 * level is at the END ({@code count - 1}). A level's key and quantity share a cache line, so an update to a book that
 * is not in the cache misses once for the level, not once per array (the cache-cold case of many instruments).
 * <p>
 * Most updates hit the first few levels; with the best level last, inserting or deleting there moves only the few
 * levels above it, and reading the best level is one array access. Lookup probes the top {@link #LINEAR_PROBE}
 * levels linearly and binary-searches the rest, so a deep update costs O(log n) to find and O(distance to top) to
 * shift.
 * <p>
 * To keep one code path for both sides the arrays hold a sort key: the price for bids, the negated price for asks
 * (prices are never negative), ascending, so the best key is always the largest.
 * <p>
 * Capacity grows by doubling up to {@code maxLevels}, out of line; a set that would exceed it is refused.
 * <p>
 * Optionally a third parallel array keeps each level's {@link LevelFormat} (for venues whose checksum runs over the
 * original text); without it {@link #formatAt} is always {@link LevelFormat#NONE} and nothing extra is moved.
 * Not thread safe: one thread owns a book.
 */
public final class BookSide
{
    /** How many top levels are probed linearly before falling back to binary search. */
    static final int LINEAR_PROBE = 8;

    private final boolean isBid;
    private final int maxLevels;
    /** Level {@code i}'s key at {@code 2i}, its quantity at {@code 2i + 1}. */
    private long[] levels;
    /** Per level {@link LevelFormat}, or null when formats are not tracked. */
    private int[] formats;
    private int count;

    /**
     * @param isBid           true for bids (best = highest price), false for asks (best = lowest).
     * @param initialCapacity levels allocated up front.
     * @param maxLevels       hard limit; a book deeper than this is refused as broken input.
     */
    public BookSide(final boolean isBid, final int initialCapacity, final int maxLevels)
    {
        this(isBid, initialCapacity, maxLevels, false);
    }

    /**
     * @param trackFormats keep each level's {@link LevelFormat} as given to {@link #set(long, long, int)}.
     */
    public BookSide(final boolean isBid, final int initialCapacity, final int maxLevels, final boolean trackFormats)
    {
        if (initialCapacity < 1 || maxLevels < initialCapacity)
        {
            throw new IllegalArgumentException(
                "need 1 <= initialCapacity <= maxLevels: initialCapacity=" + initialCapacity + " maxLevels=" + maxLevels);
        }
        this.isBid = isBid;
        this.maxLevels = maxLevels;
        this.levels = new long[2 * initialCapacity];
        this.formats = trackFormats ? new int[initialCapacity] : null;
    }

    public boolean tracksFormats()
    {
        return formats != null;
    }

    public boolean isBid()
    {
        return isBid;
    }

    /** Number of price levels. */
    public int depth()
    {
        return count;
    }

    public boolean isEmpty()
    {
        return count == 0;
    }

    /** Best price; undefined when empty. */
    public long bestPrice()
    {
        return toPrice(levels[(count - 1) << 1]);
    }

    /** Quantity at the best price; undefined when empty. */
    public long bestQuantity()
    {
        return levels[((count - 1) << 1) + 1];
    }

    /** Price at {@code level}, 0 = best. */
    public long priceAt(final int level)
    {
        return toPrice(levels[(count - 1 - level) << 1]);
    }

    /** Quantity at {@code level}, 0 = best. */
    public long quantityAt(final int level)
    {
        return levels[((count - 1 - level) << 1) + 1];
    }

    /** {@link LevelFormat} at {@code level}, 0 = best; {@link LevelFormat#NONE} when formats are not tracked. */
    public int formatAt(final int level)
    {
        return formats == null ? LevelFormat.NONE : formats[count - 1 - level];
    }

    /**
     * Set the absolute quantity at a price; a quantity of zero deletes the level (deleting an absent level is
     * normal and does nothing).
     *
     * @return false only when the level is new and the side already holds {@code maxLevels} levels.
     */
    public boolean set(final long price, final long quantity)
    {
        return set(price, quantity, LevelFormat.NONE);
    }

    /**
     * As {@link #set(long, long)}, also recording the level's {@link LevelFormat} when formats are tracked (a
     * repeated price takes the format of its latest text).
     */
    public boolean set(final long price, final long quantity, final int format)
    {
        final long key = isBid ? price : -price;
        final int index = indexOf(key);
        if (index >= 0)
        {
            if (quantity == 0)
            {
                removeAt(index);
            }
            else
            {
                levels[(index << 1) + 1] = quantity;
                if (formats != null)
                {
                    formats[index] = format;
                }
            }
            return true;
        }
        if (quantity == 0)
        {
            return true;
        }
        return insertAt(-index - 1, key, quantity, format);
    }

    /** Remove every level. */
    public void clear()
    {
        count = 0;
    }

    /**
     * Keep only the best {@code depth} levels (venues that send no delete for levels pushed out of the subscribed
     * depth, like Kraken). Read the levels about to go with {@link #priceAt} first if they must be reported.
     *
     * @return how many levels were removed.
     */
    public int truncate(final int depth)
    {
        final int removed = count - depth;
        if (removed <= 0)
        {
            return 0;
        }
        // The worst levels sit at the start of the arrays.
        System.arraycopy(levels, removed << 1, levels, 0, depth << 1);
        if (formats != null)
        {
            System.arraycopy(formats, removed, formats, 0, depth);
        }
        count = depth;
        return removed;
    }

    /**
     * Number of levels at or better than {@code boundaryPrice}: with the worst price of a truncated snapshot as the
     * boundary, that is the depth whose contents are known exactly.
     */
    public int depthAtOrBetter(final long boundaryPrice)
    {
        final int index = binarySearch(isBid ? boundaryPrice : -boundaryPrice, 0, count);
        // Keys >= the boundary key are at or better than it; they sit from the insertion point (or match) upwards.
        return count - (index >= 0 ? index : -index - 1);
    }

    /** Quantity at a price, or 0 when there is no such level. */
    public long quantityAtPrice(final long price)
    {
        final int index = indexOf(isBid ? price : -price);
        return index >= 0 ? levels[(index << 1) + 1] : 0;
    }

    /**
     * Check the invariants (strictly ordered keys, positive quantities, non-negative prices); for tests.
     *
     * @throws IllegalStateException naming the first broken level.
     */
    public void validateInternalState()
    {
        for (int i = 0; i < count; i++)
        {
            final long quantity = levels[(i << 1) + 1];
            if (quantity <= 0)
            {
                throw new IllegalStateException("non-positive quantity " + quantity + " at index " + i);
            }
            if (toPrice(levels[i << 1]) < 0)
            {
                throw new IllegalStateException("negative price at index " + i);
            }
            if (i > 0 && levels[(i - 1) << 1] >= levels[i << 1])
            {
                throw new IllegalStateException("keys out of order at index " + i);
            }
        }
    }

    private long toPrice(final long key)
    {
        return isBid ? key : -key;
    }

    /** @return the index of key, or {@code -(insertionPoint) - 1}. */
    private int indexOf(final long key)
    {
        final long[] levels = this.levels;
        final int stop = Math.max(0, count - LINEAR_PROBE);
        int i = count - 1;
        while (i >= stop)
        {
            final long k = levels[i << 1];
            if (k <= key)
            {
                return k == key ? i : -(i + 1) - 1;
            }
            i--;
        }
        return stop == 0 ? -1 : binarySearch(key, 0, stop);
    }

    /** As {@link Arrays#binarySearch(long[], int, int, long)} over the levels' keys. */
    private int binarySearch(final long key, final int fromIndex, final int toIndex)
    {
        final long[] levels = this.levels;
        int low = fromIndex;
        int high = toIndex - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long k = levels[mid << 1];
            if (k < key)
            {
                low = mid + 1;
            }
            else if (k > key)
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

    private void removeAt(final int index)
    {
        final int moved = count - 1 - index;
        if (moved > 0)
        {
            System.arraycopy(levels, (index + 1) << 1, levels, index << 1, moved << 1);
            if (formats != null)
            {
                System.arraycopy(formats, index + 1, formats, index, moved);
            }
        }
        count--;
    }

    private boolean insertAt(final int index, final long key, final long quantity, final int format)
    {
        if (count << 1 == levels.length && !grow())
        {
            return false;
        }
        final int moved = count - index;
        if (moved > 0)
        {
            System.arraycopy(levels, index << 1, levels, (index + 1) << 1, moved << 1);
            if (formats != null)
            {
                System.arraycopy(formats, index, formats, index + 1, moved);
            }
        }
        levels[index << 1] = key;
        levels[(index << 1) + 1] = quantity;
        if (formats != null)
        {
            formats[index] = format;
        }
        count++;
        return true;
    }

    /** Rare path: double the arrays, up to maxLevels. */
    private boolean grow()
    {
        if (count >= maxLevels)
        {
            return false;
        }
        final int newCapacity = (int)Math.min(maxLevels, Math.max(16L, levels.length));
        levels = Arrays.copyOf(levels, 2 * newCapacity);
        if (formats != null)
        {
            formats = Arrays.copyOf(formats, newCapacity);
        }
        return true;
    }
}
