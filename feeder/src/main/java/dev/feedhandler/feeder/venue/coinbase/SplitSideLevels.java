package dev.feedhandler.feeder.venue.coinbase;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.orderbook.BookEvent;
import org.agrona.MutableDirectBuffer;

/**
 * Writes the levels of one {@link BookEvent} whose sides arrive interleaved (Coinbase lists bid and offer entries in
 * any order) as the two contiguous blocks the event needs, in one pass: bids fill the level area from the front,
 * offers from the back. {@link #finish} turns the offers back into arrival order and moves them behind the bids, so
 * within each side the order is the venue's (a price repeated in one event: the later entry wins when applied).
 */
final class SplitSideLevels
{
    private MutableDirectBuffer buffer;
    private int levelsOffset;
    private int capacity;
    private int bids;
    private int offers;

    /** Start an event whose level area begins at {@code levelsOffset} with room for {@code capacity} levels. */
    void begin(final MutableDirectBuffer buffer, final int levelsOffset, final int capacity)
    {
        this.buffer = buffer;
        this.levelsOffset = levelsOffset;
        this.capacity = capacity;
        this.bids = 0;
        this.offers = 0;
    }

    /** @return 0, or {@code -TOO_MANY_LEVELS} when the area is full. */
    int add(final boolean isBid, final long price, final long quantity)
    {
        if (bids + offers == capacity)
        {
            return -DecodeReason.TOO_MANY_LEVELS.code();
        }
        final int slot = isBid ? bids++ : capacity - 1 - offers++;
        final int at = levelsOffset + slot * BookEvent.LEVEL_LENGTH;
        buffer.putLong(at, price);
        buffer.putLong(at + Long.BYTES, quantity);
        return 0;
    }

    /** Lay the offers out behind the bids in arrival order and write both counts into the event (bids first). */
    void finish(final BookEvent event)
    {
        final int first = capacity - offers;
        for (int low = first, high = capacity - 1; low < high; low++, high--)
        {
            swap(low, high);
        }
        if (first != bids)
        {
            // The target lies below the source: copying upwards never overwrites a level not yet moved.
            for (int i = 0; i < offers; i++)
            {
                copy(first + i, bids + i);
            }
        }
        event.bidCount(bids).askCount(offers).flags((short)0);
    }

    private void swap(final int a, final int b)
    {
        final MutableDirectBuffer buffer = this.buffer;
        final int atA = levelsOffset + a * BookEvent.LEVEL_LENGTH;
        final int atB = levelsOffset + b * BookEvent.LEVEL_LENGTH;
        final long priceA = buffer.getLong(atA);
        final long quantityA = buffer.getLong(atA + Long.BYTES);
        buffer.putLong(atA, buffer.getLong(atB));
        buffer.putLong(atA + Long.BYTES, buffer.getLong(atB + Long.BYTES));
        buffer.putLong(atB, priceA);
        buffer.putLong(atB + Long.BYTES, quantityA);
    }

    private void copy(final int from, final int to)
    {
        final MutableDirectBuffer buffer = this.buffer;
        final int source = levelsOffset + from * BookEvent.LEVEL_LENGTH;
        final int target = levelsOffset + to * BookEvent.LEVEL_LENGTH;
        buffer.putLong(target, buffer.getLong(source));
        buffer.putLong(target + Long.BYTES, buffer.getLong(source + Long.BYTES));
    }
}
