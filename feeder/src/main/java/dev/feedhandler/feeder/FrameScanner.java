package dev.feedhandler.feeder;

import dev.feedhandler.orderbook.FixedPoint;
import dev.feedhandler.orderbook.LevelFormat;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The decoders' shared fast path over a frame's bytes: plain strings, unsigned integers, decimal strings and
 * {@code [["price","qty",..],..]} level arrays, read eight bytes at a time where it can. It accepts only what it is sure
 * of, with exactly the result the general path ({@link dev.feedhandler.feeder.json.JsonCursor},
 * {@link FixedPoint#parse}) gives; anything else (whitespace, an escape, an element after the quantity that is not a
 * plain string, a number shape it does not take) is -1, and the caller decodes the same bytes with the general path, which finds the exact result
 * or reason.
 * <p>
 * Bytes are read without Agrona's per-read bounds check: {@link #wrap} checks the range against the buffer's
 * capacity once, and every read below is at an index {@code < limit} (each loop and each word read tests it first).
 * Methods return the index after what they read, or -1. One per decoder; not thread safe.
 */
public final class FrameScanner
{
    private static final int MAX_FAST_DIGITS = 18;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final long ASCII_ZEROS = 0x3030303030303030L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    /** '.' as it looks in a word of digits XOR {@link #ASCII_ZEROS}. */
    private static final long POINT_DIGIT = '.' ^ '0';
    /** Byte pairs between a side's levels and their numbers, as {@link #pairAt} reads them. */
    private static final int OPEN_LEVEL = '[' | '"' << Byte.SIZE;
    private static final int BETWEEN_NUMBERS = ',' | '"' << Byte.SIZE;
    private static final int NEXT_LEVEL = ']' | ',' << Byte.SIZE;
    private static final int LAST_LEVEL = ']' | ']' << Byte.SIZE;

    private DirectBuffer frame;
    private byte[] array;
    private long address;
    private int limit;
    private long number;
    private int fractionDigits;

    /**
     * Scan {@code length} bytes of {@code frame} from {@code offset}.
     *
     * @return false (and nothing to scan) when the range is not inside the buffer.
     */
    public boolean wrap(final DirectBuffer frame, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || (long)offset + length > frame.capacity())
        {
            return false;
        }
        this.frame = frame;
        array = frame.byteArray();
        address = frame.addressOffset();
        limit = offset + length;
        return true;
    }

    /** The index after the frame's last byte. */
    public int limit()
    {
        return limit;
    }

    /** The number the last successful read produced. */
    public long number()
    {
        return number;
    }

    /** The byte at {@code index} ({@code < limit}). */
    public byte byteAt(final int index)
    {
        return UnsafeApi.getByte(array, address + index);
    }

    /** The two bytes at {@code index} ({@code < limit - 1}), the first in the low byte. */
    private int pairAt(final int index)
    {
        return LITTLE_ENDIAN ? UnsafeApi.getShort(array, address + index) & 0xFFFF :
            (byteAt(index) & 0xFF) | (byteAt(index + 1) & 0xFF) << Byte.SIZE;
    }

    /** The eight bytes at {@code index} ({@code <= limit - 8}) in native order. */
    public long wordAt(final int index)
    {
        return UnsafeApi.getLong(array, address + index);
    }

    /**
     * A string's contents up to its closing quote (left unread), plain characters only: an escape or a control
     * character is the general path's to judge. Eight bytes at a time where eight remain in the frame.
     */
    public int skipPlainString(final int from)
    {
        int p = from;
        if (LITTLE_ENDIAN)
        {
            for (; p + Long.BYTES <= limit; p += Long.BYTES)
            {
                final long word = UnsafeApi.getLong(array, address + p);
                // The lowest flagged byte of each mask is exact (a borrow only flags bytes above a flagged one).
                final long quotes = zeroBytes(word ^ QUOTES);
                final long special = zeroBytes(word ^ BACKSLASHES) | ((word - SPACES) & ~word & HIGH_BITS);
                if (quotes != 0)
                {
                    final long belowQuote = (quotes & -quotes) - 1;
                    return (special & belowQuote) != 0 ? -1 : p + (Long.numberOfTrailingZeros(quotes) >>> 3);
                }
                if (special != 0)
                {
                    return -1;
                }
            }
        }
        for (; p < limit; p++)
        {
            final byte b = byteAt(p);
            if (b == '"')
            {
                return p;
            }
            if (b == '\\' || (b >= 0 && b < ' '))
            {
                return -1;
            }
        }
        return -1;
    }

    /** Nothing but JSON whitespace from {@code from} to the end of the frame. */
    public boolean isBlankFrom(final int from)
    {
        for (int p = from; p < limit; p++)
        {
            final byte b = byteAt(p);
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t')
            {
                return false;
            }
        }
        return true;
    }

    /**
     * 1 to 18 plain digits (no sign: a negative id or time is the general path's to judge) into {@link #number}.
     * Ids and times of 9 to 15 digits are read from two words converted independently. A redundant leading zero,
     * which JSON forbids, is -1: the general path rejects it, whether it reads the number or skips it.
     */
    public int readId(final int from)
    {
        if (LITTLE_ENDIAN && from + 2 * Long.BYTES <= limit)
        {
            final long low = UnsafeApi.getLong(array, address + from) ^ ASCII_ZEROS;
            final long lowNonDigits = nonDigits(low);
            if (lowNonDigits == 0)
            {
                final long high = UnsafeApi.getLong(array, address + from + Long.BYTES) ^ ASCII_ZEROS;
                final int highCount = Long.numberOfTrailingZeros(nonDigits(high)) >>> 3;
                if (highCount > 0 && highCount < Long.BYTES && (low & 0xFF) != 0)
                {
                    number = eightDigits(low) * FixedPoint.pow10(highCount) +
                        eightDigits(high << (Long.SIZE - Byte.SIZE * highCount));
                    return from + Long.BYTES + highCount;
                }
            }
        }
        final int p = readDigits(from);
        return p == from || p - from > MAX_FAST_DIGITS || (p - from > 1 && byteAt(from) == '0') ? -1 : p;
    }

    /**
     * {@code ["price","qty",..],...]}: the levels after a side's '[' and its closing ']', into {@code sink}; elements
     * after the quantity must be plain strings and are skipped (OKX sends two). A zero price, a number the fast
     * readers do not take, whitespace, or a level the sink refuses: -1 (the general path says why, or does it
     * slowly); {@code sink} may then hold some of the side's levels.
     *
     * @param formats give the sink each level's {@link LevelFormat}, and leave numbers it cannot rebuild (a redundant
     *                leading zero) to the general path; false passes {@link LevelFormat#NONE}.
     */
    public int readLevels(
        final int from,
        final LevelSink sink,
        final boolean isBid,
        final int priceScale,
        final int qtyScale,
        final boolean formats)
    {
        int p = from;
        if (p < limit && byteAt(p) == ']')
        {
            return p + 1;
        }
        while (p + 1 < limit && pairAt(p) == OPEN_LEVEL)
        {
            final int priceAt = p + 2;
            p = readDecimal(priceAt, priceScale);
            final long price = number;
            final int priceDigits = fractionDigits;
            if (p < 0 || price <= 0 || (formats && !isPlainNumber(priceAt)) || p + 1 >= limit ||
                pairAt(p) != BETWEEN_NUMBERS)
            {
                return -1;
            }
            final int quantityAt = p + 2;
            p = readDecimal(quantityAt, qtyScale);
            if (p < 0 || (formats && !isPlainNumber(quantityAt)))
            {
                return -1;
            }
            final long quantity = number;
            final int format = formats ? LevelFormat.of(priceDigits, fractionDigits) : LevelFormat.NONE;
            while (p + 1 < limit && pairAt(p) == BETWEEN_NUMBERS)
            {
                p = skipPlainString(p + 2);
                if (p < 0)
                {
                    return -1;
                }
                p++;
            }
            if (p + 1 >= limit || sink.add(isBid, price, quantity, format) != 0)
            {
                return -1;
            }
            final int close = pairAt(p);
            if (close == LAST_LEVEL)
            {
                return p + 2;
            }
            if (close != NEXT_LEVEL)
            {
                return -1;
            }
            p += 2;
        }
        return -1;
    }

    /**
     * The decimal just read from {@code at} has no redundant leading zero and at most {@link LevelFormat#MAX_DIGITS}
     * fraction digits: its mantissa and fraction digits give its text back, and as a JSON number it is valid.
     */
    public boolean isPlainNumber(final int at)
    {
        final int second = byteAt(at + 1) - '0'; // in the frame: the decimal ends with a quote
        return (byteAt(at) != '0' || second < 0 || second > 9) && fractionDigits <= LevelFormat.MAX_DIGITS;
    }

    /**
     * {@code digits[.digits]"} at {@code scale} into {@link #number}, exactly as {@link FixedPoint#parse} would;
     * returns the index after the closing quote, or -1.
     * <p>
     * Straight line for the common shapes (1 to 7 integer digits, then a quote, or a point and fraction digits up to
     * 14 digits in all), from two words of the frame: the point is taken out of the 16 bytes so integer and fraction
     * digits are one run, converted a word at a time, the two words independently. Numbers were a third of the
     * decode time, most of it one long dependency chain per number. Any other shape, or a frame ending within two
     * words, takes {@link #readDecimalInParts}.
     */
    public int readDecimal(final int from, final int scale)
    {
        return readDecimal(from, scale, '"');
    }

    /**
     * As {@link #readDecimal(int, int)} for a number that ends with {@code terminator} (read and passed), e.g. a JSON
     * number followed by {@code ','} or <code>'}'</code>.
     */
    public int readDecimal(final int from, final int scale, final int terminator)
    {
        if (LITTLE_ENDIAN && from + 2 * Long.BYTES < limit)
        {
            final long low = UnsafeApi.getLong(array, address + from) ^ ASCII_ZEROS;
            final long high = UnsafeApi.getLong(array, address + from + Long.BYTES) ^ ASCII_ZEROS;
            final int integerCount = Long.numberOfTrailingZeros(nonDigits(low)) >>> 3;
            if (integerCount > 0 && integerCount < Long.BYTES)
            {
                final long after = (low >>> (Byte.SIZE * integerCount)) & 0xFF;
                if (after == (terminator ^ '0'))
                {
                    return scaled(eightDigits(low << (Long.SIZE - Byte.SIZE * integerCount)), 0, scale,
                        from + integerCount + 1);
                }
                if (after == POINT_DIGIT)
                {
                    return readPointed(from, scale, low, high, integerCount, terminator);
                }
            }
        }
        return readDecimalInParts(from, scale, terminator);
    }

    /**
     * {@link #readDecimal} with the point at {@code from + integerCount}: {@code low} and {@code high} are the 16 bytes
     * from {@code from}, XOR {@link #ASCII_ZEROS}.
     */
    private int readPointed(
        final int from, final int scale, final long low, final long high, final int integerCount, final int terminator)
    {
        // The bytes with the point taken out: those below it stay, those above move down one. The top byte of the
        // second word is a filler (a zero digit), so a run reaching it is left to the general path.
        final long below = (1L << (Byte.SIZE * integerCount)) - 1;
        final long first = (low & below) | ((low >>> Byte.SIZE) & ~below) | (high << (Long.SIZE - Byte.SIZE));
        final long second = high >>> Byte.SIZE;
        final long firstNonDigits = nonDigits(first);
        final int total;
        if (firstNonDigits != 0)
        {
            total = Long.numberOfTrailingZeros(firstNonDigits) >>> 3;
        }
        else
        {
            final int secondCount = Long.numberOfTrailingZeros(nonDigits(second)) >>> 3;
            if (secondCount >= Long.BYTES - 1)
            {
                return readDecimalInParts(from, scale, terminator);
            }
            total = Long.BYTES + secondCount;
        }
        final int fractionCount = total - integerCount;
        final int quote = from + total + 1;
        if (fractionCount <= 0 || fractionCount > scale || byteAt(quote) != terminator)
        {
            return readDecimalInParts(from, scale, terminator);
        }
        // At most 14 digits: no overflow before scaling.
        final long mantissa = total <= Long.BYTES ?
            eightDigits(first << (Long.SIZE - Byte.SIZE * total)) :
            eightDigits(first) * FixedPoint.pow10(total - Long.BYTES) +
            eightDigits(second << (Long.SIZE - Byte.SIZE * (total - Long.BYTES)));
        return scaled(mantissa, fractionCount, scale, quote + 1);
    }

    /** A mantissa with {@code fractionDigits} (at most {@code scale}) at the scale into {@link #number}, or -1. */
    private int scaled(final long value, final int fractionDigits, final int scale, final int next)
    {
        final int shift = scale - fractionDigits;
        if (value > FixedPoint.maxBeforeScaling(shift))
        {
            return -1;
        }
        number = value * FixedPoint.pow10(shift);
        this.fractionDigits = fractionDigits;
        return next;
    }

    /** As {@link #readDecimal}, integer and fraction digits read as two runs: any length, any place in the frame. */
    private int readDecimalInParts(final int from, final int scale, final int terminator)
    {
        int p = readDigits(from);
        final int integerDigits = p - from;
        long value = number;
        int fractionDigits = 0;
        if (p < limit && byteAt(p) == '.')
        {
            final int fractionStart = p + 1;
            p = readDigits(fractionStart);
            fractionDigits = p - fractionStart;
            if (fractionDigits == 0 || integerDigits + fractionDigits > MAX_FAST_DIGITS)
            {
                return fractionDigits == 0 ? -1 : readDecimalSlowly(from, p, scale, fractionDigits, terminator);
            }
            value = value * FixedPoint.pow10(fractionDigits) + number;
        }
        if (integerDigits == 0 || p >= limit || byteAt(p) != terminator)
        {
            return -1;
        }
        if (integerDigits > MAX_FAST_DIGITS || fractionDigits > scale)
        {
            return readDecimalSlowly(from, p, scale, fractionDigits, terminator);
        }
        return scaled(value, fractionDigits, scale, p + 1);
    }

    /** Long significands, digits beyond the scale (exact only when zeros): the general parser, on the text. */
    private int readDecimalSlowly(
        final int from, final int quote, final int scale, final int fractionDigits, final int terminator)
    {
        if (quote >= limit || byteAt(quote) != terminator)
        {
            return -1;
        }
        final long value = FixedPoint.parse(frame, from, quote - from, scale);
        number = value;
        this.fractionDigits = fractionDigits;
        return value < 0 ? -1 : quote + 1;
    }

    /**
     * A run of digits into {@link #number} (meaningless beyond 18 digits: callers check the length); returns the
     * index after it. Eight bytes at a time where eight remain in the frame.
     */
    private int readDigits(final int from)
    {
        long value = 0;
        int p = from;
        if (LITTLE_ENDIAN)
        {
            while (p + Long.BYTES <= limit)
            {
                final long digits = UnsafeApi.getLong(array, address + p) ^ ASCII_ZEROS;
                // A byte's high bit is set where it is not 0..9 (a carry out of such a byte only affects bytes above
                // it, and only the lowest flagged byte is used).
                final int count = Long.numberOfTrailingZeros(nonDigits(digits)) >>> 3;
                if (count == 0)
                {
                    break;
                }
                value = value * FixedPoint.pow10(count) + eightDigits(digits << (Long.SIZE - Byte.SIZE * count));
                p += count;
                if (count < Long.BYTES)
                {
                    number = value;
                    return p;
                }
            }
        }
        int digit;
        while (p < limit && (digit = byteAt(p) - '0') >= 0 && digit <= 9)
        {
            value = value * 10 + digit;
            p++;
        }
        number = value;
        return p;
    }

    /** The high bit of every zero byte (exact for the lowest one). */
    private static long zeroBytes(final long word)
    {
        return (word - LOW_BITS) & ~word & HIGH_BITS;
    }

    /** A byte's high bit is set where it is not 0..9 (exact for the lowest one: see {@link #readDigits}). */
    private static long nonDigits(final long digits)
    {
        return ((digits + 0x7676767676767676L) | digits) & 0x8080808080808080L;
    }

    /** Eight digit values 0..9, the first (most significant) in the lowest byte, as a number. */
    private static long eightDigits(final long digits)
    {
        long value = (digits * 10 + (digits >>> 8)) & 0x00FF00FF00FF00FFL;
        value = (value * 100 + (value >>> 16)) & 0x0000FFFF0000FFFFL;
        return (value * 10000 + (value >>> 32)) & 0xFFFFFFFFL;
    }

    /**
     * A fixed run of up to 32 bytes, compared 8 at a time (the last word masked). A record, so that the JIT takes
     * the words of a {@code static final} literal as constants.
     */
    public record Literal(int length, int words, long w0, long m0, long w1, long m1, long w2, long m2, long w3,
        long m3, byte[] bytes)
    {
        public static Literal of(final String text)
        {
            final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            final int words = (bytes.length + 7) / 8;
            if (words > 4)
            {
                throw new IllegalArgumentException("literal longer than 32 bytes: " + text);
            }
            final UnsafeBuffer padded = new UnsafeBuffer(new byte[32]);
            final UnsafeBuffer ones = new UnsafeBuffer(new byte[32]);
            padded.putBytes(0, bytes);
            for (int i = 0; i < bytes.length; i++)
            {
                ones.putByte(i, (byte)0xFF);
            }
            final ByteOrder order = ByteOrder.nativeOrder();
            return new Literal(bytes.length, words,
                padded.getLong(0, order), ones.getLong(0, order), padded.getLong(8, order), ones.getLong(8, order),
                padded.getLong(16, order), ones.getLong(16, order), padded.getLong(24, order), ones.getLong(24, order),
                bytes);
        }

        /** True when the literal's bytes are at {@code at}, wholly inside the frame. */
        public boolean matches(final FrameScanner scanner, final int at)
        {
            if (at + words * Long.BYTES > scanner.limit())
            {
                return matchesBytes(scanner, at);
            }
            return (scanner.wordAt(at) & m0) == w0 &&
                (words < 2 || (scanner.wordAt(at + 8) & m1) == w1) &&
                (words < 3 || (scanner.wordAt(at + 16) & m2) == w2) &&
                (words < 4 || (scanner.wordAt(at + 24) & m3) == w3);
        }

        /** Near the end of the frame, where a whole word would reach past it. */
        private boolean matchesBytes(final FrameScanner scanner, final int at)
        {
            if (at + length > scanner.limit())
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                if (scanner.byteAt(at + i) != bytes[i])
                {
                    return false;
                }
            }
            return true;
        }
    }
}
