package dev.feedhandler.feeder.json;

import dev.feedhandler.feeder.DecodeReason;
import org.agrona.DirectBuffer;

/**
 * A forward-only cursor over JSON bytes in a {@link DirectBuffer}, for decoders that know the shape they expect.
 * No allocation, no exceptions: a method that fails returns false and leaves the reason in {@link #reason()}.
 * <p>
 * Strings are returned as offset and length into the buffer, escapes left in place (venue keys and numbers never
 * contain them; a number with an escape fails to parse). A skipped string, number (JSON's grammar) or literal is
 * checked; a skipped object or array is checked for balanced brackets and well-formed strings only, not for the
 * grammar of what lies between them (a full check would double the cost of skipping large unknown fields).
 */
public final class JsonCursor
{
    /** Deepest nesting {@link #skipValue()} accepts. */
    public static final int MAX_DEPTH = 32;
    /** {@link #keyBits()} for keys longer than 8 bytes: compare them with {@link #keyEquals(byte[])}. */
    public static final long LONG_KEY = -1L;

    private DirectBuffer buffer;
    private int position;
    private int limit;
    private DecodeReason reason;

    private long keyBits;
    private int keyOffset;
    private int keyLength;
    private int stringOffset;
    private int stringLength;
    private long longValue;

    public JsonCursor wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
        this.reason = null;
        return this;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int position()
    {
        return position;
    }

    /** The index after the last byte of the wrapped range. */
    public int limit()
    {
        return limit;
    }

    public void position(final int position)
    {
        this.position = position;
    }

    /** Why the last failed call failed. */
    public DecodeReason reason()
    {
        return reason;
    }

    /** Key read by {@link #readKey()} packed into a long (first byte lowest), or {@link #LONG_KEY}. */
    public long keyBits()
    {
        return keyBits;
    }

    public int stringOffset()
    {
        return stringOffset;
    }

    public int stringLength()
    {
        return stringLength;
    }

    public long longValue()
    {
        return longValue;
    }

    /** Pack a key of up to 8 ASCII characters the way {@link #keyBits()} does; for building constants. */
    public static long keyBitsOf(final String key)
    {
        if (key.length() > 8)
        {
            return LONG_KEY;
        }
        long bits = 0;
        for (int i = 0; i < key.length(); i++)
        {
            bits |= (long)(key.charAt(i) & 0xFF) << (8 * i);
        }
        return bits;
    }

    /** Does the last key equal these bytes? */
    public boolean keyEquals(final byte[] expected)
    {
        return bytesEqual(keyOffset, keyLength, expected);
    }

    /** Does the last string equal these bytes? */
    public boolean stringEquals(final byte[] expected)
    {
        return bytesEqual(stringOffset, stringLength, expected);
    }

    /**
     * The next non-whitespace byte (0..255), not consumed; or -1 at the end of input (and the reason is TRUNCATED).
     */
    public int peek()
    {
        final DirectBuffer buffer = this.buffer;
        int p = position;
        while (p < limit)
        {
            final byte c = buffer.getByte(p);
            if (!isWhitespace(c))
            {
                position = p;
                return c & 0xFF;
            }
            p++;
        }
        position = p;
        reason = DecodeReason.TRUNCATED;
        return -1;
    }

    /** Consume the next non-whitespace byte if it is {@code expected}. */
    public boolean consume(final byte expected)
    {
        final int c = peek();
        if (c == expected)
        {
            position++;
            return true;
        }
        return c >= 0 && fail(DecodeReason.MALFORMED_JSON);
    }

    /** True when only whitespace remains. */
    public boolean atEnd()
    {
        final int c = peek();
        reason = null;
        return c < 0;
    }

    /**
     * Read {@code "key":} (after an object's '{' or a ','), leaving the cursor on the value.
     */
    public boolean readKey()
    {
        final int c = peek();
        if (c != '"')
        {
            return c >= 0 && fail(DecodeReason.MALFORMED_JSON);
        }
        if (!readString())
        {
            return false;
        }
        keyOffset = stringOffset;
        keyLength = stringLength;
        keyBits = packKey(stringOffset, stringLength);
        return consume((byte)':');
    }

    /**
     * After a member value: consume ',' and return 1 (another member follows), or consume {@code close} and return
     * 0, or return -1 on anything else.
     */
    public int next(final byte close)
    {
        final int c = peek();
        if (c == ',')
        {
            position++;
            return 1;
        }
        if (c == close)
        {
            position++;
            return 0;
        }
        if (c >= 0)
        {
            reason = DecodeReason.MALFORMED_JSON;
        }
        return -1;
    }

    /** Read a string value: {@link #stringOffset()} and {@link #stringLength()} give its raw contents. */
    public boolean readString()
    {
        final int c = peek();
        if (c != '"')
        {
            return c >= 0 && fail(DecodeReason.WRONG_TYPE);
        }
        final DirectBuffer buffer = this.buffer;
        final int start = position + 1;
        int p = start;
        while (p < limit)
        {
            final byte b = buffer.getByte(p);
            if (b == '"')
            {
                stringOffset = start;
                stringLength = p - start;
                position = p + 1;
                return true;
            }
            if (b == '\\')
            {
                p++;
            }
            else if (b >= 0 && b < ' ')
            {
                return fail(DecodeReason.MALFORMED_JSON);
            }
            p++;
        }
        return fail(DecodeReason.TRUNCATED);
    }

    /**
     * Read a JSON integer into {@link #longValue()}. A fraction, an exponent or a value beyond a signed 64-bit long
     * is rejected (BAD_NUMBER, NUMBER_OVERFLOW); a redundant leading zero is MALFORMED_JSON; a non-number is
     * WRONG_TYPE.
     */
    public boolean readLong()
    {
        int c = peek();
        if (c < 0)
        {
            return false;
        }
        final boolean negative = c == '-';
        int p = negative ? position + 1 : position;
        final int digitsStart = p;
        long value = 0;
        while (p < limit)
        {
            final int digit = buffer.getByte(p) - '0';
            if (digit < 0 || digit > 9)
            {
                break;
            }
            // Accumulate negatively so Long.MIN_VALUE parses; the first test is the cheap common case.
            if (value < -922_337_203_685_477_580L || (value == -922_337_203_685_477_580L && digit > (negative ? 8 : 7)))
            {
                return fail(DecodeReason.NUMBER_OVERFLOW);
            }
            value = value * 10 - digit;
            p++;
        }
        if (p == digitsStart)
        {
            return fail(negative ? DecodeReason.BAD_NUMBER : DecodeReason.WRONG_TYPE);
        }
        if (p == limit)
        {
            return fail(DecodeReason.TRUNCATED);
        }
        if (p - digitsStart > 1 && buffer.getByte(digitsStart) == '0')
        {
            return fail(DecodeReason.MALFORMED_JSON); // as skipNumber judges it: JSON has no redundant leading zero
        }
        c = buffer.getByte(p);
        if (c == '.' || c == 'e' || c == 'E' || (c >= '0' && c <= '9'))
        {
            return fail(DecodeReason.BAD_NUMBER);
        }
        position = p;
        longValue = negative ? value : -value;
        return true;
    }

    /**
     * Read a JSON number as text, checked against JSON's grammar (fraction and exponent allowed):
     * {@link #stringOffset()} and {@link #stringLength()} give its bytes, for an exact parse such as
     * {@link dev.feedhandler.orderbook.FixedPoint#parse}. Nothing is converted here, so no digit is ever lost to a
     * {@code double}. A value of another type is WRONG_TYPE; a broken number MALFORMED_JSON or TRUNCATED.
     */
    public boolean readNumber()
    {
        final int c = peek();
        if (c < 0)
        {
            return false;
        }
        if (c != '-' && (c < '0' || c > '9'))
        {
            return fail(DecodeReason.WRONG_TYPE);
        }
        final int start = position;
        if (!skipNumber())
        {
            return false;
        }
        stringOffset = start;
        stringLength = position - start;
        return true;
    }

    /** Skip one value of any type. */
    public boolean skipValue()
    {
        final int c = peek();
        if (c < 0)
        {
            return false;
        }
        switch (c)
        {
            case '"':
                return readString();
            case '{':
            case '[':
                return skipContainer();
            case 't':
                return skipLiteral(TRUE);
            case 'f':
                return skipLiteral(FALSE);
            case 'n':
                return skipLiteral(NULL);
            default:
                return skipNumber();
        }
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private boolean skipLiteral(final byte[] literal)
    {
        if (limit - position < literal.length)
        {
            return fail(DecodeReason.TRUNCATED);
        }
        if (!bytesEqual(position, literal.length, literal))
        {
            return fail(DecodeReason.MALFORMED_JSON);
        }
        position += literal.length;
        return true;
    }

    /** Skip a number, checking JSON's grammar: {@code -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?}. */
    private boolean skipNumber()
    {
        int p = position;
        if (p < limit && buffer.getByte(p) == '-')
        {
            p++;
        }
        final int integerStart = p;
        p = skipDigits(p);
        if (p == integerStart || (buffer.getByte(integerStart) == '0' && p - integerStart > 1))
        {
            return fail(p == limit ? DecodeReason.TRUNCATED : DecodeReason.MALFORMED_JSON);
        }
        if (p < limit && buffer.getByte(p) == '.')
        {
            final int fractionStart = ++p;
            p = skipDigits(p);
            if (p == fractionStart)
            {
                return fail(p == limit ? DecodeReason.TRUNCATED : DecodeReason.MALFORMED_JSON);
            }
        }
        if (p < limit && (buffer.getByte(p) == 'e' || buffer.getByte(p) == 'E'))
        {
            p++;
            if (p < limit && (buffer.getByte(p) == '+' || buffer.getByte(p) == '-'))
            {
                p++;
            }
            final int exponentStart = p;
            p = skipDigits(p);
            if (p == exponentStart)
            {
                return fail(p == limit ? DecodeReason.TRUNCATED : DecodeReason.MALFORMED_JSON);
            }
        }
        if (p == limit)
        {
            return fail(DecodeReason.TRUNCATED);
        }
        final byte next = buffer.getByte(p);
        if (next != ',' && next != '}' && next != ']' && !isWhitespace(next))
        {
            return fail(DecodeReason.MALFORMED_JSON);
        }
        position = p;
        return true;
    }

    private int skipDigits(final int from)
    {
        int p = from;
        while (p < limit)
        {
            final byte b = buffer.getByte(p);
            if (b < '0' || b > '9')
            {
                break;
            }
            p++;
        }
        return p;
    }

    /**
     * Skip a balanced object or array. The open brackets are tracked as bits of a long (1 = object), so a mismatched
     * close is caught without a stack.
     */
    private boolean skipContainer()
    {
        final DirectBuffer buffer = this.buffer;
        long openObjects = 0;
        int depth = 0;
        int p = position;
        while (p < limit)
        {
            final byte b = buffer.getByte(p);
            if (b == '"')
            {
                position = p;
                if (!readString())
                {
                    return false;
                }
                p = position;
                continue;
            }
            if (b == '{' || b == '[')
            {
                if (depth == MAX_DEPTH)
                {
                    return fail(DecodeReason.NESTING_TOO_DEEP);
                }
                openObjects = (openObjects << 1) | (b == '{' ? 1 : 0);
                depth++;
            }
            else if (b == '}' || b == ']')
            {
                if (((openObjects & 1) == 1) != (b == '}'))
                {
                    return fail(DecodeReason.MALFORMED_JSON);
                }
                openObjects >>>= 1;
                if (--depth == 0)
                {
                    position = p + 1;
                    return true;
                }
            }
            p++;
        }
        return fail(DecodeReason.TRUNCATED);
    }

    private long packKey(final int offset, final int length)
    {
        if (length > 8)
        {
            return LONG_KEY;
        }
        long bits = 0;
        for (int i = 0; i < length; i++)
        {
            bits |= (long)(buffer.getByte(offset + i) & 0xFF) << (8 * i);
        }
        return bits;
    }

    private boolean bytesEqual(final int offset, final int length, final byte[] expected)
    {
        if (length != expected.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != expected[i])
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhitespace(final byte c)
    {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private boolean fail(final DecodeReason reason)
    {
        this.reason = reason;
        return false;
    }
}
