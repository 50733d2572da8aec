package dev.feedhandler.feeder.venue.okx;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.FrameScanner;
import dev.feedhandler.feeder.LevelSink;
import dev.feedhandler.feeder.LevelWriter;
import dev.feedhandler.feeder.json.JsonCursor;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.FixedPoint;
import dev.feedhandler.orderbook.LevelFormat;
import dev.feedhandler.orderbook.NumberError;
import org.agrona.DirectBuffer;

/**
 * Writes the levels of one OKX book message into a {@link BookEvent} together with each level's {@link LevelFormat}:
 * the number of fraction digits OKX wrote for the price and the size. OKX computes its checksum over its original
 * strings ({@code "0.10"}, not {@code "0.1"}); the mantissa plus those digit counts rebuild that text exactly, so
 * no {@code String} is kept. A number the digit counts could not rebuild (sign, exponent, redundant leading zero,
 * a dot without digits on one side) is {@code NON_CANONICAL_NUMBER}.
 * <p>
 * Levels are {@code ["price","size","liquidatedOrders","numOrders"]}; elements after the size are skipped. A side as
 * OKX sends it is read by the shared {@link FrameScanner} (which gives each level's format and leaves a number it
 * could not rebuild to the general path); anything else, or anything it is unsure of, by the general
 * {@link JsonCursor} path below, with the same result or the exact reason. Formats are collected as levels are
 * written and copied behind them by {@link #finish()}, when the counts (and so the format block's offset) are known.
 * Methods return 0 or {@code -code} of a {@link DecodeReason}.
 */
final class OkxLevels implements LevelSink
{
    /** OKX {@code books}: 400 levels a side; frames from other channels may hold more (the scratch then grows). */
    private static final int INITIAL_FORMATS = 1024;

    private final LevelWriter writer = new LevelWriter(false);
    /** The fast path for whole sides, or null: every side through the general path (tests compare the two). */
    private final FrameScanner scanner;
    private BookEvent event;
    private int[] formats = new int[INITIAL_FORMATS];
    private int count;

    OkxLevels(final boolean fastPath)
    {
        this.scanner = fastPath ? new FrameScanner() : null;
    }

    /**
     * The most levels an event with level formats can hold in {@code bytes} of output, or -1 when not even its header
     * fits.
     */
    static int capacityFor(final int bytes)
    {
        if (bytes < BookEvent.HEADER_LENGTH)
        {
            return -1;
        }
        int levels = (bytes - BookEvent.HEADER_LENGTH) / (BookEvent.LEVEL_LENGTH + BookEvent.FORMAT_LENGTH);
        if (BookEvent.lengthFor(levels, true) > bytes)
        {
            levels--; // the format block's padding to 8 bytes does not fit
        }
        return levels;
    }

    /** Start a new event with room for {@code capacity} levels. */
    void begin(final BookEvent event, final int capacity)
    {
        this.event = event;
        this.count = 0;
        writer.begin(event, capacity);
    }

    /**
     * Write the counts, the layout flags and the level format block. Call after the header is reset: the reset
     * clears the counts that place the block.
     */
    void finish()
    {
        writer.finish();
        final BookEvent event = this.event;
        event.flags((short)(event.flags() | BookEvent.FLAG_LEVEL_FORMATS));
        final int[] formats = this.formats;
        for (int i = 0, n = count; i < n; i++)
        {
            event.putLevelFormat(i, formats[i]);
        }
    }

    /** Parse {@code [["price","size",...],...]} at the cursor into one side. */
    int parseSide(final JsonCursor cursor, final boolean isBid, final int priceScale, final int qtyScale)
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
     * A side as OKX sends it, after its '[', read by {@code scanner} (wrapped on the frame) into this event: the index
     * after the side's ']', or -1 with some of its levels possibly added (begin the event again).
     */
    int readSide(final FrameScanner scanner, final int from, final boolean isBid, final int priceScale, final int qtyScale)
    {
        return scanner.readLevels(from, this, isBid, priceScale, qtyScale, true);
    }

    /**
     * The fast path for the side after its '[': true with the levels and their formats added and the cursor after the
     * side's ']', or false with nothing changed (levels the scanner added before it gave up are taken back).
     */
    private boolean scanSide(final JsonCursor cursor, final boolean isBid, final int priceScale, final int qtyScale)
    {
        final FrameScanner scanner = this.scanner;
        final int from = cursor.position();
        if (!scanner.wrap(cursor.buffer(), from, cursor.limit() - from))
        {
            return false;
        }
        final int before = count;
        final int end = scanner.readLevels(from, this, isBid, priceScale, qtyScale, true);
        if (end < 0)
        {
            writer.dropLast(isBid, count - before);
            count = before;
            return false;
        }
        cursor.position(end);
        return true;
    }

    /** One level and its {@link LevelFormat}. */
    public int add(final boolean isBid, final long price, final long quantity, final int format)
    {
        final int result = writer.add(isBid, price, quantity);
        if (result == 0)
        {
            addFormat(format);
        }
        return result;
    }

    private int parseLevel(final JsonCursor cursor, final boolean isBid, final int priceScale, final int qtyScale)
    {
        if (!cursor.consume((byte)'[') || !cursor.readString())
        {
            return -cursor.reason().code();
        }
        final DirectBuffer buffer = cursor.buffer();
        final int priceDigits = fractionDigits(buffer, cursor.stringOffset(), cursor.stringLength());
        if (priceDigits < 0)
        {
            return priceDigits;
        }
        final long price = FixedPoint.parse(buffer, cursor.stringOffset(), cursor.stringLength(), priceScale);
        if (price <= 0)
        {
            return price == 0 ? -DecodeReason.ZERO_PRICE.code() : numberFailure(price);
        }
        if (!cursor.consume((byte)',') || !cursor.readString())
        {
            return -cursor.reason().code();
        }
        final int sizeDigits = fractionDigits(buffer, cursor.stringOffset(), cursor.stringLength());
        if (sizeDigits < 0)
        {
            return sizeDigits;
        }
        final long size = FixedPoint.parse(buffer, cursor.stringOffset(), cursor.stringLength(), qtyScale);
        if (size < 0)
        {
            return numberFailure(size);
        }
        int more;
        while ((more = cursor.next((byte)']')) > 0)
        {
            if (!cursor.skipValue())
            {
                return -cursor.reason().code();
            }
        }
        if (more < 0)
        {
            return -cursor.reason().code();
        }
        return add(isBid, price, size, LevelFormat.of(priceDigits, sizeDigits));
    }

    private void addFormat(final int format)
    {
        if (count == formats.length)
        {
            grow();
        }
        formats[count++] = format;
    }

    /** Rare path: more levels in one message than ever before. */
    private void grow()
    {
        final int[] larger = new int[formats.length * 2];
        System.arraycopy(formats, 0, larger, 0, formats.length);
        formats = larger;
    }

    /**
     * The fraction digits of a number in OKX's plain form {@code (0|[1-9][0-9]*)(\.[0-9]+)?}, or {@code -code}:
     * {@code NEGATIVE_NUMBER} for a minus sign, {@code NON_CANONICAL_NUMBER} for a number in any other form that
     * mantissa and digit count cannot give back ({@code +1}, {@code 1e-3}, {@code 01.5}, {@code 00}, {@code .5},
     * {@code 5.}, more than {@link LevelFormat#MAX_DIGITS} fraction digits), {@code BAD_NUMBER} for text that is no
     * number at all ({@code abc}, {@code .}, {@code 1.2.3}, empty).
     */
    static int fractionDigits(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        int i = offset;
        final byte sign = i < end ? buffer.getByte(i) : 0;
        if (sign == '-' || sign == '+')
        {
            i++;
        }
        final int integerStart = i;
        i = skipDigits(buffer, i, end);
        final int integerDigits = i - integerStart;
        int fractionDigits = 0;
        boolean dot = false;
        if (i < end && buffer.getByte(i) == '.')
        {
            dot = true;
            final int fractionStart = ++i;
            i = skipDigits(buffer, i, end);
            fractionDigits = i - fractionStart;
        }
        if (integerDigits + fractionDigits == 0)
        {
            return -DecodeReason.BAD_NUMBER.code();
        }
        boolean exponent = false;
        if (i < end && (buffer.getByte(i) == 'e' || buffer.getByte(i) == 'E'))
        {
            exponent = true;
            if (++i < end && (buffer.getByte(i) == '-' || buffer.getByte(i) == '+'))
            {
                i++;
            }
            final int exponentStart = i;
            i = skipDigits(buffer, i, end);
            if (i == exponentStart)
            {
                return -DecodeReason.BAD_NUMBER.code();
            }
        }
        if (i != end)
        {
            return -DecodeReason.BAD_NUMBER.code();
        }
        if (sign == '-')
        {
            return -DecodeReason.NEGATIVE_NUMBER.code();
        }
        if (sign == '+' || exponent || integerDigits == 0 || (dot && fractionDigits == 0) ||
            (integerDigits > 1 && buffer.getByte(integerStart) == '0') || fractionDigits > LevelFormat.MAX_DIGITS)
        {
            return -DecodeReason.NON_CANONICAL_NUMBER.code();
        }
        return fractionDigits;
    }

    private static int skipDigits(final DirectBuffer buffer, final int from, final int end)
    {
        int i = from;
        while (i < end)
        {
            final byte b = buffer.getByte(i);
            if (b < '0' || b > '9')
            {
                break;
            }
            i++;
        }
        return i;
    }

    private static int numberFailure(final long parseResult)
    {
        return -DecodeReason.of(NumberError.fromResult(parseResult)).code();
    }
}
