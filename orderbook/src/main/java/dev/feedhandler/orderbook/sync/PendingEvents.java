package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Diffs held while an instrument waits for a snapshot: copied event bytes, each behind an int length, 8-byte
 * aligned. Bounded by {@code maxBytes}; the backing array starts small and grows (a rare path) up to that bound, so an
 * instrument that never resyncs never pays for the full buffer.
 */
final class PendingEvents
{
    private static final int ENTRY_HEADER = BitUtil.SIZE_OF_LONG;

    private final int maxBytes;
    private final UnsafeBuffer buffer;
    private int limit;
    private int count;

    PendingEvents(final int initialBytes, final int maxBytes)
    {
        if (initialBytes < ENTRY_HEADER || maxBytes < initialBytes)
        {
            throw new IllegalArgumentException(
                "need 8 <= initialBytes <= maxBytes: initialBytes=" + initialBytes + " maxBytes=" + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.buffer = new UnsafeBuffer(new byte[BitUtil.align(initialBytes, ENTRY_HEADER)]);
    }

    /** @return false when the event does not fit within {@code maxBytes}; nothing is stored then. */
    boolean add(final DirectBuffer source, final int offset, final int length)
    {
        final int entryLength = ENTRY_HEADER + BitUtil.align(length, ENTRY_HEADER);
        final int newLimit = limit + entryLength;
        if (newLimit > buffer.capacity() && !grow(newLimit))
        {
            return false;
        }
        buffer.putInt(limit, length);
        buffer.putBytes(limit + ENTRY_HEADER, source, offset, length);
        limit = newLimit;
        count++;
        return true;
    }

    int count()
    {
        return count;
    }

    /** End of the stored entries; positions run from 0 to this. */
    int limit()
    {
        return limit;
    }

    /** Point {@code event} at the entry starting at {@code position}. */
    void wrapAt(final int position, final BookEvent event)
    {
        event.wrap(buffer, position + ENTRY_HEADER);
    }

    /** Position of the entry after the one at {@code position}. */
    int next(final int position)
    {
        return position + ENTRY_HEADER + BitUtil.align(buffer.getInt(position), ENTRY_HEADER);
    }

    /** Drop the entries before {@code position}, keeping the rest in order. */
    void discardBefore(final int position)
    {
        if (position == 0)
        {
            return;
        }
        int dropped = 0;
        for (int p = 0; p < position; p = next(p))
        {
            dropped++;
        }
        final byte[] array = buffer.byteArray();
        System.arraycopy(array, position, array, 0, limit - position);
        limit -= position;
        count -= dropped;
    }

    void clear()
    {
        limit = 0;
        count = 0;
    }

    /** Rare path: grow the backing array, at most to maxBytes. */
    private boolean grow(final int required)
    {
        if (required > maxBytes)
        {
            return false;
        }
        final int newCapacity = (int)Math.min(maxBytes, Math.max(required, 2L * buffer.capacity()));
        final byte[] newArray = new byte[BitUtil.align(newCapacity, ENTRY_HEADER)];
        System.arraycopy(buffer.byteArray(), 0, newArray, 0, limit);
        buffer.wrap(newArray);
        return true;
    }
}
