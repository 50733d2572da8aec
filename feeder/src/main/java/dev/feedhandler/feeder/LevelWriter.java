package dev.feedhandler.feeder;

import dev.feedhandler.feeder.json.JsonCursor;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.FixedPoint;
import dev.feedhandler.orderbook.NumberError;

/**
 * Writes price levels into a {@link BookEvent} being built: one contiguous block per side, in the order the sides
 * arrive, bounded by the room the output has. Parses the common venue shape {@code [["price","qty",...],...]}
 * (extra elements per level are skipped): a side as venues send it (two elements per level, no whitespace) is read
 * by the shared {@link FrameScanner}; anything else, or anything that scanner is unsure of, by the general
 * {@link JsonCursor} path, which gives the same result or says why the side is wrong.
 * <p>
 * Methods return 0 on success or {@code -code} of a {@link DecodeReason}.
 */
public final class LevelWriter implements LevelSink
{
    /** The fast path for whole sides, or null: every side through the general path (tests compare the two). */
    private final FrameScanner scanner;
    private BookEvent event;
    private int capacity;
    private int written;
    private int bidCount;
    private int askCount;
    private boolean asksFirst;

    public LevelWriter()
    {
        this(true);
    }

    /**
     * @param fastPath try {@link FrameScanner#readLevels} on each side first; false parses every side with the
     *                 general path only.
     */
    public LevelWriter(final boolean fastPath)
    {
        this.scanner = fastPath ? new FrameScanner() : null;
    }

    /** Start a new event with room for {@code capacity} levels. */
    public void begin(final BookEvent event, final int capacity)
    {
        this.event = event;
        this.capacity = capacity;
        this.written = 0;
        this.bidCount = 0;
        this.askCount = 0;
        this.asksFirst = false;
    }

    /** Write the side counts and layout flag into the event. */
    public void finish()
    {
        event.bidCount(bidCount).askCount(askCount).flags(asksFirst ? BookEvent.FLAG_ASKS_FIRST : 0);
    }

    public int bidCount()
    {
        return bidCount;
    }

    public int askCount()
    {
        return askCount;
    }

    /** As {@link #add(boolean, long, long)}: a plain writer keeps no formats. */
    public int add(final boolean isBid, final long price, final long quantity, final int format)
    {
        return add(isBid, price, quantity);
    }

    /**
     * Take back the last {@code count} levels of the side being written (a fast path that gave up halfway; the
     * general path then writes them again).
     */
    public void dropLast(final boolean isBid, final int count)
    {
        written -= count;
        if (isBid)
        {
            bidCount -= count;
        }
        else
        {
            askCount -= count;
        }
        if (written == 0)
        {
            asksFirst = false;
        }
    }

    /** Add one level to a side; the sides must not interleave. */
    public int add(final boolean isBid, final long price, final long quantity)
    {
        if (written == capacity)
        {
            return -DecodeReason.TOO_MANY_LEVELS.code();
        }
        if (written == 0)
        {
            asksFirst = !isBid;
        }
        event.putLevel(written++, price, quantity);
        if (isBid)
        {
            bidCount++;
        }
        else
        {
            askCount++;
        }
        return 0;
    }

    /**
     * Rare path of the decoders whose levels may come before the field naming the instrument (so before the scales
     * are known): parse the remembered {@code [["price","qty",...],...]} arrays at {@code bidsAt} and
     * {@code asksAt} (-1 = none), then put the cursor back where it was.
     *
     * @return 0, or {@code -DecodeReason.code()}.
     */
    public int parseDeferredStringPairs(
        final JsonCursor cursor, final int bidsAt, final int asksAt, final int priceScale, final int qtyScale)
    {
        final int end = cursor.position();
        if (bidsAt >= 0)
        {
            cursor.position(bidsAt);
            final int result = parseStringPairs(cursor, true, priceScale, qtyScale);
            if (result < 0)
            {
                return result;
            }
        }
        if (asksAt >= 0)
        {
            cursor.position(asksAt);
            final int result = parseStringPairs(cursor, false, priceScale, qtyScale);
            if (result < 0)
            {
                return result;
            }
        }
        cursor.position(end);
        return 0;
    }

    /**
     * Parse {@code [["price","qty",...],...]} at the cursor into one side.
     */
    public int parseStringPairs(
        final JsonCursor cursor, final boolean isBid, final int priceScale, final int qtyScale)
    {
        final int open = cursor.peek();
        if (open != '[')
        {
            return open < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
        }
        cursor.position(cursor.position() + 1);
        if (scanner != null && scanSide(cursor, isBid, priceScale, qtyScale))
        {
            return 0;
        }
        if (cursor.peek() == ']')
        {
            cursor.position(cursor.position() + 1);
            return 0;
        }
        int more;
        do
        {
            final int result = parseLevel(cursor, isBid, priceScale, qtyScale);
            if (result < 0)
            {
                return result;
            }
            more = cursor.next((byte)']');
        }
        while (more > 0);
        return more == 0 ? 0 : -cursor.reason().code();
    }

    /**
     * The fast path for the side after its '[': true with the levels added and the cursor after the side's ']', or
     * false with nothing changed (levels the scanner added before it gave up are taken back).
     */
    private boolean scanSide(final JsonCursor cursor, final boolean isBid, final int priceScale, final int qtyScale)
    {
        final FrameScanner scanner = this.scanner;
        final int from = cursor.position();
        if (!scanner.wrap(cursor.buffer(), from, cursor.limit() - from))
        {
            return false;
        }
        final int before = isBid ? bidCount : askCount;
        final int end = scanner.readLevels(from, this, isBid, priceScale, qtyScale, false);
        if (end < 0)
        {
            dropLast(isBid, (isBid ? bidCount : askCount) - before);
            return false;
        }
        cursor.position(end);
        return true;
    }

    private int parseLevel(final JsonCursor cursor, final boolean isBid, final int priceScale, final int qtyScale)
    {
        if (!cursor.consume((byte)'['))
        {
            return failure(cursor);
        }
        if (!cursor.readString())
        {
            return failure(cursor);
        }
        final long price = FixedPoint.parse(cursor.buffer(), cursor.stringOffset(), cursor.stringLength(), priceScale);
        if (price <= 0)
        {
            return price == 0 ? -DecodeReason.ZERO_PRICE.code() : numberFailure(price);
        }
        if (!cursor.consume((byte)',') || !cursor.readString())
        {
            return failure(cursor);
        }
        final long quantity =
            FixedPoint.parse(cursor.buffer(), cursor.stringOffset(), cursor.stringLength(), qtyScale);
        if (quantity < 0)
        {
            return numberFailure(quantity);
        }
        int more;
        while ((more = cursor.next((byte)']')) > 0)
        {
            if (!cursor.skipValue())
            {
                return failure(cursor);
            }
        }
        if (more < 0)
        {
            return failure(cursor);
        }
        return add(isBid, price, quantity);
    }

    static int numberFailure(final long parseResult)
    {
        return -DecodeReason.of(NumberError.fromResult(parseResult)).code();
    }

    static int failure(final JsonCursor cursor)
    {
        return -cursor.reason().code();
    }
}
