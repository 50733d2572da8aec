package dev.feedhandler.orderbook.testing;

import dev.feedhandler.orderbook.BookSide;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The naive book side that a {@link BookSide} is checked against: a {@link TreeMap} from price to quantity, best
 * price first (descending for bids, ascending for asks). Slow and obviously right.
 */
public final class ReferenceSide
{
    private final boolean isBid;
    private final TreeMap<Long, Long> levels;

    public ReferenceSide(final boolean isBid)
    {
        this.isBid = isBid;
        final Comparator<Long> bestFirst = isBid ? Comparator.reverseOrder() : Comparator.naturalOrder();
        this.levels = new TreeMap<>(bestFirst);
    }

    public boolean isBid()
    {
        return isBid;
    }

    /** Absolute quantity; zero deletes. */
    public void set(final long price, final long quantity)
    {
        if (quantity == 0)
        {
            levels.remove(price);
        }
        else
        {
            levels.put(price, quantity);
        }
    }

    public void clear()
    {
        levels.clear();
    }

    /** Keep the best {@code depth} levels. */
    public void truncate(final int depth)
    {
        while (levels.size() > depth)
        {
            levels.pollLastEntry();
        }
    }

    public int depth()
    {
        return levels.size();
    }

    public boolean isEmpty()
    {
        return levels.isEmpty();
    }

    public boolean contains(final long price)
    {
        return levels.containsKey(price);
    }

    public long quantityAtPrice(final long price)
    {
        return levels.getOrDefault(price, 0L);
    }

    public long bestPrice()
    {
        return levels.firstKey();
    }

    public long worstPrice()
    {
        return levels.lastKey();
    }

    /** Best first. */
    public NavigableMap<Long, Long> levels()
    {
        return Collections.unmodifiableNavigableMap(levels);
    }

    /** Levels at or better than {@code boundaryPrice}. */
    public int depthAtOrBetter(final long boundaryPrice)
    {
        return levels.headMap(boundaryPrice, true).size();
    }

    /** An existing price near {@code price} (the first at or worse, else the last better one); side not empty. */
    public long existingPriceNear(final long price)
    {
        final Long atOrWorse = levels.ceilingKey(price);
        return atOrWorse != null ? atOrWorse : levels.lastKey();
    }

    /** The price of the {@code index}-th level, 0 = best; walks the map, so keep the index small. */
    public long priceAtLevel(final int index)
    {
        int i = 0;
        for (final Long price : levels.keySet())
        {
            if (i++ == index)
            {
                return price;
            }
        }
        throw new IndexOutOfBoundsException(index);
    }

    public ReferenceSide copy()
    {
        final ReferenceSide copy = new ReferenceSide(isBid);
        copy.levels.putAll(levels);
        return copy;
    }

    /**
     * Assert that {@code side} holds exactly these levels in this order, with matching best level and lookups for a
     * few random prices (present and absent), and that its internal state is valid.
     */
    public void assertMatches(final BookSide side, final SplittableRandom random)
    {
        assertMatches(side);
        if (!levels.isEmpty())
        {
            for (int i = 0; i < 3; i++)
            {
                final long present = existingPriceNear(nonNegativeSum(levels.firstKey(), random.nextLong(-50, 50)));
                check(side.quantityAtPrice(present) == levels.get(present), "quantityAtPrice(" + present + ")", side);
            }
        }
        for (int i = 0; i < 2; i++)
        {
            final long any = nonNegativeSum(levels.isEmpty() ? 1_000 : levels.firstKey(), random.nextLong(-100, 100));
            check(side.quantityAtPrice(any) == quantityAtPrice(any), "quantityAtPrice(" + any + ")", side);
        }
    }

    /** Assert that {@code side} holds exactly these levels in this order and that its internal state is valid. */
    public void assertMatches(final BookSide side)
    {
        side.validateInternalState();
        check(side.isBid() == isBid, "side", side);
        check(side.depth() == levels.size(), "depth " + side.depth() + " != " + levels.size(), side);
        check(side.isEmpty() == levels.isEmpty(), "isEmpty", side);
        int level = 0;
        for (final Map.Entry<Long, Long> entry : levels.entrySet())
        {
            final long price = entry.getKey();
            final long quantity = entry.getValue();
            if (side.priceAt(level) != price || side.quantityAt(level) != quantity)
            {
                throw new AssertionError("level " + level + ": expected " + price + "@" + quantity + " but was " +
                    side.priceAt(level) + "@" + side.quantityAt(level) + "\n" + describe(side));
            }
            level++;
        }
        if (!levels.isEmpty())
        {
            check(side.bestPrice() == levels.firstKey(), "bestPrice", side);
            check(side.bestQuantity() == levels.firstEntry().getValue(), "bestQuantity", side);
        }
    }

    /** {@code price + delta}, held within 0..Long.MAX_VALUE. */
    public static long nonNegativeSum(final long price, final long delta)
    {
        final long sum = price + delta;
        if (((price ^ sum) & (delta ^ sum)) < 0)
        {
            return Long.MAX_VALUE;
        }
        return Math.max(0, sum);
    }

    private void check(final boolean condition, final String what, final BookSide side)
    {
        if (!condition)
        {
            throw new AssertionError(what + " differs from the reference\n" + describe(side));
        }
    }

    private String describe(final BookSide side)
    {
        final StringBuilder text = new StringBuilder("reference (best first): ");
        int shown = 0;
        for (final Map.Entry<Long, Long> entry : levels.entrySet())
        {
            if (shown++ == 20)
            {
                text.append(" ...");
                break;
            }
            text.append(entry.getKey()).append('@').append(entry.getValue()).append(' ');
        }
        text.append("\nactual    (best first): ");
        for (int i = 0; i < Math.min(20, side.depth()); i++)
        {
            text.append(side.priceAt(i)).append('@').append(side.quantityAt(i)).append(' ');
        }
        return text.toString();
    }

    @Override
    public String toString()
    {
        return (isBid ? "bids " : "asks ") + levels;
    }
}
