package dev.feedhandler.sim.book;

import java.util.SplittableRandom;

/**
 * A random walk of one book on a tick grid (one tick = one unit of the price mantissa). Each call to {@link #next}
 * picks exactly one level change: a quantity change near the top, an insert behind the best, a deletion (often near
 * the top, sometimes the deepest level), or a move of the touch (the best level consumed, or a new best inside the
 * spread), so the mid wanders while the depth stays near the target. The change never crosses the book and never
 * empties a side. Deterministic for a given random.
 */
public final class BookWalk
{
    private static final int MOVE_PERCENT = 8;
    private static final int QUANTITY_CHANGE_PERCENT = 47;
    private static final double RANK_DECAY = 0.12;

    private final int targetLevels;
    private final int maxLevels;
    private final long initialMid;
    private final long lot;
    private final int maxLots;
    private final int insertSpan;
    private final SplittableRandom random;

    private Side side;
    private long price;
    private long quantity;

    /**
     * @param targetLevels levels per side the walk hovers around.
     * @param initialMid   starting mid price as a mantissa (in ticks).
     * @param qtyScale     decimals of quantities: lots are 10^(qtyScale - 4) units, at least 1.
     * @param random       the instrument's own random.
     */
    public BookWalk(final int targetLevels, final long initialMid, final int qtyScale, final SplittableRandom random)
    {
        if (targetLevels < 1)
        {
            throw new IllegalArgumentException("levels " + targetLevels + " < 1");
        }
        if (initialMid <= 4L * targetLevels + 16)
        {
            throw new IllegalArgumentException("initial mid " + initialMid + " ticks too low for " + targetLevels +
                " levels: need more than " + (4L * targetLevels + 16));
        }
        this.targetLevels = targetLevels;
        this.maxLevels = targetLevels + targetLevels / 4 + 2;
        this.initialMid = initialMid;
        this.lot = pow10(Math.max(0, qtyScale - 4));
        this.maxLots = 50_000;
        this.insertSpan = 2 * targetLevels + 2;
        this.random = random;
    }

    /** Fill an empty book with {@code targetLevels} per side around the initial mid. */
    public void initialise(final SimBook book)
    {
        long bid = initialMid - 1 - random.nextInt(2);
        long ask = initialMid + 1 + random.nextInt(2);
        for (int i = 0; i < targetLevels; i++)
        {
            book.set(Side.BID, bid, newQuantity(0));
            book.set(Side.ASK, ask, newQuantity(0));
            bid -= 1 + random.nextInt(3);
            ask += 1 + random.nextInt(3);
        }
    }

    /** Choose the next change; read it with {@link #side()}, {@link #price()}, {@link #quantity()}. */
    public void next(final SimBook book)
    {
        final Side chosen = random.nextBoolean() ? Side.BID : Side.ASK;
        final PriceLevels own = book.side(chosen);
        final int levels = own.size();
        side = chosen;
        if (levels >= maxLevels)
        {
            delete(own, levels - 1);
            return;
        }
        // Below three quarters of the target depth a change always inserts: the depth reverts to the target instead
        // of drifting away on a long unlucky run.
        final int roll = random.nextInt(100);
        if (roll < MOVE_PERCENT)
        {
            moveTouch(book, own);
        }
        else if (roll < MOVE_PERCENT + QUANTITY_CHANGE_PERCENT)
        {
            changeQuantity(own, rank(levels));
        }
        else if (levels <= Math.max(1, targetLevels * 3 / 4) || random.nextInt(100) < (levels < targetLevels ? 65 : 35))
        {
            insertBehindBest(own);
        }
        else
        {
            delete(own, random.nextInt(10) < 3 ? levels - 1 : rank(levels));
        }
    }

    public Side side()
    {
        return side;
    }

    public long price()
    {
        return price;
    }

    /** New absolute quantity, 0 = delete. */
    public long quantity()
    {
        return quantity;
    }

    private void moveTouch(final SimBook book, final PriceLevels own)
    {
        final long spread = book.asks().best() - book.bids().best();
        final boolean improve = spread > 1 && (spread > 3 ? random.nextInt(10) < 8 : random.nextBoolean());
        if (improve)
        {
            final long inside = 1 + random.nextInt((int)Math.min(spread - 1, 3));
            price = side == Side.BID ? own.best() + inside : own.best() - inside;
            quantity = newQuantity(0);
        }
        else if (own.size() > 1)
        {
            delete(own, 0);
        }
        else
        {
            changeQuantity(own, 0);
        }
    }

    private void insertBehindBest(final PriceLevels own)
    {
        final double u = random.nextDouble();
        final long distance = 1 + (long)(u * u * insertSpan);
        final long candidate = side == Side.BID ? own.best() - distance : own.best() + distance;
        if (candidate <= 0)
        {
            changeQuantity(own, 0);
            return;
        }
        price = candidate;
        quantity = newQuantity(own.quantityOf(candidate));
    }

    private void changeQuantity(final PriceLevels own, final int rank)
    {
        price = own.priceAt(rank);
        quantity = newQuantity(own.quantityAt(rank));
    }

    private void delete(final PriceLevels own, final int rank)
    {
        price = own.priceAt(rank);
        quantity = 0;
    }

    /** Geometric rank from the top, mostly within the first dozen levels. */
    private int rank(final int levels)
    {
        final double u = random.nextDouble();
        final int rank = (int)(Math.log1p(-u) / Math.log1p(-RANK_DECAY));
        return Math.min(rank, levels - 1);
    }

    /** Many small sizes, a few large; never equal to {@code old} and never 0. */
    private long newQuantity(final long old)
    {
        final double u = random.nextDouble();
        long lots = 1 + (long)(u * u * u * maxLots);
        if (lots * lot == old)
        {
            lots++;
        }
        return lots * lot;
    }

    private static long pow10(final int exponent)
    {
        long value = 1;
        for (int i = 0; i < exponent; i++)
        {
            value *= 10;
        }
        return value;
    }
}
