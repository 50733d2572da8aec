package dev.feedhandler.sim.book;

/**
 * Recent history of one book, enough to rebuild it as it was at any recent update id: a bounded ring of undo
 * entries (id, side, price, quantity before the update) plus a ring of event boundaries (the last id of each event).
 * Written and read only by the thread that owns the book.
 */
public final class BookHistory
{
    private final long[] ids;
    private final long[] prices;
    private final long[] previousQuantities;
    private final byte[] sides;
    private final int mask;
    private long written;

    private final long[] eventEnds;
    private final int eventMask;
    private long eventsWritten;

    private final long initialId;

    /**
     * @param updateCapacity undo entries kept (rounded up to a power of two).
     * @param eventCapacity  event boundaries kept (rounded up to a power of two).
     * @param initialId      update id of the initial book.
     */
    public BookHistory(final int updateCapacity, final int eventCapacity, final long initialId)
    {
        final int capacity = powerOfTwo(updateCapacity);
        ids = new long[capacity];
        prices = new long[capacity];
        previousQuantities = new long[capacity];
        sides = new byte[capacity];
        mask = capacity - 1;
        final int events = powerOfTwo(eventCapacity);
        eventEnds = new long[events];
        eventMask = events - 1;
        this.initialId = initialId;
    }

    public void recordUpdate(final long id, final Side side, final long price, final long previousQuantity)
    {
        final int index = (int)(written & mask);
        ids[index] = id;
        prices[index] = price;
        previousQuantities[index] = previousQuantity;
        sides[index] = (byte)side.ordinal();
        written++;
    }

    public void recordEventEnd(final long lastId)
    {
        eventEnds[(int)(eventsWritten & eventMask)] = lastId;
        eventsWritten++;
    }

    /** Lowest update id whose book can still be rebuilt. */
    public long oldestRebuildableId()
    {
        if (written <= ids.length)
        {
            return initialId;
        }
        // Every update after the oldest retained one can be undone, so the book as of that update is rebuildable.
        return ids[(int)(written & mask)];
    }

    /**
     * The last id of the event {@code eventsBack} events before the latest (1 = the one before the latest), or the
     * oldest rebuildable event boundary if that is further back than the history holds. {@code eventsBack <= 0} asks
     * for the oldest rebuildable one.
     */
    public long eventBoundary(final int eventsBack, final long currentId)
    {
        final long oldest = oldestRebuildableId();
        final long events = eventsWritten;
        final long limit = eventsBack > 0 ? Math.min(eventsBack, events) : events;
        long best = currentId;
        for (long k = 1; k <= limit; k++)
        {
            // Boundary j: 0 is the initial book, j >= 1 the end of the j-th event; the latest is j = events.
            final long j = events - k;
            final long boundary;
            if (j == 0)
            {
                boundary = initialId;
            }
            else if (k < eventEnds.length)
            {
                boundary = eventEnds[(int)((j - 1) & eventMask)];
            }
            else
            {
                break;
            }
            if (boundary < oldest)
            {
                break;
            }
            best = boundary;
        }
        return best;
    }

    /**
     * Undo updates on {@code book} (a copy of the current book) until it is the book as of {@code targetId}.
     *
     * @throws IllegalArgumentException when the target is older than the history holds.
     */
    public void rewind(final SimBook book, final long targetId)
    {
        if (targetId < oldestRebuildableId())
        {
            throw new IllegalArgumentException("update id " + targetId + " is older than the history (oldest " +
                oldestRebuildableId() + ")");
        }
        final long retained = Math.min(written, ids.length);
        for (long n = 0; n < retained; n++)
        {
            final int index = (int)((written - 1 - n) & mask);
            if (ids[index] <= targetId)
            {
                break;
            }
            book.set(Side.of(sides[index]), prices[index], previousQuantities[index]);
        }
        book.updateId(Math.min(book.updateId(), targetId));
    }

    private static int powerOfTwo(final int value)
    {
        if (value < 2 || value > (1 << 30))
        {
            throw new IllegalArgumentException("history capacity " + value + " out of range 2.." + (1 << 30));
        }
        return Integer.highestOneBit(value - 1) << 1;
    }
}
