package dev.feedhandler.orderbook;

import org.agrona.DirectBuffer;

/**
 * Fixed-point decimals: a value is a non-negative {@code long} mantissa at a per-instrument scale (decimal places),
 * so {@code "0.3513"} at scale 8 is {@code 35_130_000}.
 * <p>
 * {@link #parse} reads ASCII decimal text straight from a buffer, with no {@code double}, {@code BigDecimal},
 * {@code String} or allocation. A result {@code >= 0} is the mantissa; a negative result is {@code -code} of a
 * {@link NumberError}. The parse is exact or it fails: digits beyond the scale are accepted only when they are
 * zeros, and an exponent form ({@code 0E-8}, {@code 1.5E-3}) is accepted only when its value is exactly
 * representable at the scale. Nothing is ever rounded.
 */
public final class FixedPoint
{
    /** Largest scale supported: 10^18 still fits in a long. */
    public static final int MAX_SCALE = 18;

    private static final long[] POW10 = new long[MAX_SCALE + 1];
    /** MAX_BEFORE_SCALING[e]: largest mantissa that can be multiplied by 10^e without overflow. */
    private static final long[] MAX_BEFORE_SCALING = new long[MAX_SCALE + 1];
    /** Largest exponent magnitude read before the value is certainly out of range (avoids int overflow). */
    private static final int MAX_EXPONENT_DIGITS_VALUE = 100_000;

    static
    {
        long p = 1;
        for (int i = 0; i <= MAX_SCALE; i++)
        {
            POW10[i] = p;
            MAX_BEFORE_SCALING[i] = Long.MAX_VALUE / p;
            p *= 10;
        }
    }

    private FixedPoint()
    {
    }

    /**
     * Parse decimal text into a mantissa at {@code scale}.
     *
     * @param buffer holding the text.
     * @param offset of the first character.
     * @param length of the text in bytes (no quotes).
     * @param scale  decimal places of the result, 0..{@link #MAX_SCALE}.
     * @return the mantissa ({@code >= 0}) or {@code -code} of a {@link NumberError}.
     */
    public static long parse(final DirectBuffer buffer, final int offset, final int length, final int scale)
    {
        if (length <= 0)
        {
            return -NumberError.EMPTY.code();
        }

        final int end = offset + length;
        int i = offset;
        byte c = buffer.getByte(i);
        if (c == '-')
        {
            return -NumberError.NEGATIVE.code();
        }

        long mantissa = 0;
        int pendingZeros = 0;     // zeros after the last non-zero digit, not yet multiplied in
        int fractionDigits = 0;
        int integerDigits = 0;

        while (true)
        {
            final int digit = c - '0';
            if (digit < 0 || digit > 9)
            {
                break;
            }
            integerDigits++;
            if (digit == 0)
            {
                pendingZeros += mantissa == 0 ? 0 : 1;
            }
            else
            {
                mantissa = appendDigit(mantissa, pendingZeros, digit);
                if (mantissa < 0)
                {
                    return classifyLongSignificand(buffer, offset, end, scale);
                }
                pendingZeros = 0;
            }
            if (++i == end)
            {
                return scaleTo(mantissa, pendingZeros, scale);
            }
            c = buffer.getByte(i);
        }

        if (integerDigits == 0)
        {
            return -NumberError.MALFORMED.code();
        }

        if (c == '.')
        {
            if (++i == end)
            {
                return -NumberError.MALFORMED.code();
            }
            c = buffer.getByte(i);
            while (true)
            {
                final int digit = c - '0';
                if (digit < 0 || digit > 9)
                {
                    break;
                }
                fractionDigits++;
                if (digit == 0)
                {
                    pendingZeros += mantissa == 0 ? 0 : 1;
                }
                else
                {
                    mantissa = appendDigit(mantissa, pendingZeros, digit);
                    if (mantissa < 0)
                    {
                        return classifyLongSignificand(buffer, offset, end, scale);
                    }
                    pendingZeros = 0;
                }
                if (++i == end)
                {
                    return scaleTo(mantissa, pendingZeros - fractionDigits, scale);
                }
                c = buffer.getByte(i);
            }
            if (fractionDigits == 0)
            {
                return -NumberError.MALFORMED.code();
            }
        }

        if (c == 'e' || c == 'E')
        {
            return parseExponentTail(buffer, i + 1, end, mantissa, pendingZeros - fractionDigits, scale);
        }

        return -NumberError.MALFORMED.code();
    }

    /** True when a {@link #parse} result is an error code rather than a value. */
    public static boolean isError(final long result)
    {
        return result < 0;
    }

    /**
     * Append a mantissa in plain notation with trailing fractional zeros removed: {@code 35130000} at scale 8 is
     * {@code "0.3513"}, {@code 67200000000} is {@code "672"}. For reports and tests, not the hot path.
     */
    public static StringBuilder appendPlain(final StringBuilder out, final long mantissa, final int scale)
    {
        if (mantissa < 0)
        {
            throw new IllegalArgumentException("negative mantissa: " + mantissa);
        }
        final long unit = POW10[scale];
        out.append(mantissa / unit);
        long fraction = mantissa % unit;
        if (fraction != 0)
        {
            int digits = scale;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            out.append('.');
            final String text = Long.toString(fraction);
            for (int pad = digits - text.length(); pad > 0; pad--)
            {
                out.append('0');
            }
            out.append(text);
        }
        return out;
    }

    /** Convenience for tests and reports. */
    public static String toPlainString(final long mantissa, final int scale)
    {
        return appendPlain(new StringBuilder(24), mantissa, scale).toString();
    }

    /** 10^exponent for 0..{@link #MAX_SCALE}. */
    public static long pow10(final int exponent)
    {
        return POW10[exponent];
    }

    /** The largest mantissa that can be multiplied by 10^exponent (0..{@link #MAX_SCALE}) without overflow. */
    public static long maxBeforeScaling(final int exponent)
    {
        return MAX_BEFORE_SCALING[exponent];
    }

    private static long appendDigit(final long mantissa, final int pendingZeros, final int digit)
    {
        final int shift = pendingZeros + 1;
        // Below MAX / 10^shift the product plus a digit cannot overflow (10^shift >= 10 > digit), so the exact
        // check with a division runs only for mantissas near the limit.
        if (shift > MAX_SCALE || (mantissa >= MAX_BEFORE_SCALING[shift] && isOverflow(mantissa, shift, digit)))
        {
            return -NumberError.OVERFLOW.code();
        }
        return mantissa * POW10[shift] + digit;
    }

    private static boolean isOverflow(final long mantissa, final int shift, final int digit)
    {
        return mantissa > (Long.MAX_VALUE - digit) / POW10[shift];
    }

    /**
     * value = mantissa * 10^decimalExponent; express it at {@code scale} exactly or fail.
     */
    private static long scaleTo(final long mantissa, final int decimalExponent, final int scale)
    {
        if (mantissa == 0)
        {
            return 0;
        }
        final long shift = (long)decimalExponent + scale;
        if (shift < 0)
        {
            // The mantissa ends in a non-zero digit, so it is not divisible by 10: the value has more decimals
            // than the scale allows.
            return -NumberError.TOO_PRECISE.code();
        }
        if (shift > MAX_SCALE || mantissa > MAX_BEFORE_SCALING[(int)shift])
        {
            return -NumberError.OVERFLOW.code();
        }
        return mantissa * POW10[(int)shift];
    }

    /**
     * Rare path: the significant digits (first to last non-zero) do not fit in a long, so the text is rejected either
     * way; rescan it to say why exactly: MALFORMED if it is not a number at all, OVERFLOW if the value at the scale
     * is beyond {@code Long.MAX_VALUE}, TOO_PRECISE if it is in range but has more decimals than the scale.
     */
    private static long classifyLongSignificand(
        final DirectBuffer buffer, final int offset, final int end, final int scale)
    {
        int digitsBeforePoint = -1;
        int digitCount = 0;
        int firstNonZero = -1;
        int i = offset;
        byte c = 0;
        for (; i < end; i++)
        {
            c = buffer.getByte(i);
            if (c >= '0' && c <= '9')
            {
                if (firstNonZero < 0 && c != '0')
                {
                    firstNonZero = digitCount;
                }
                digitCount++;
            }
            else if (c == '.' && digitsBeforePoint < 0 && digitCount > 0 && i + 1 < end &&
                buffer.getByte(i + 1) >= '0' && buffer.getByte(i + 1) <= '9')
            {
                digitsBeforePoint = digitCount;
            }
            else
            {
                break;
            }
        }
        if (digitsBeforePoint < 0)
        {
            digitsBeforePoint = digitCount;
        }
        long exponent = 0;
        if (i < end)
        {
            exponent = parseExponent(buffer, i, end);
            if (exponent == Long.MIN_VALUE)
            {
                return -NumberError.MALFORMED.code();
            }
        }
        // The most significant digit stands for 10^(magnitude - 1) at the instrument's scale.
        final long magnitude = (long)digitsBeforePoint - firstNonZero + exponent + scale;
        if (magnitude > 19 || (magnitude == 19 && leadingDigitsExceedLongMax(buffer, offset, end)))
        {
            return -NumberError.OVERFLOW.code();
        }
        return -NumberError.TOO_PRECISE.code();
    }

    /** @return the exponent after {@code e}/{@code E} at {@code at} (saturated), or Long.MIN_VALUE if malformed. */
    private static long parseExponent(final DirectBuffer buffer, final int at, final int end)
    {
        final byte e = buffer.getByte(at);
        int i = at + 1;
        if ((e != 'e' && e != 'E') || i == end)
        {
            return Long.MIN_VALUE;
        }
        final boolean negative = buffer.getByte(i) == '-';
        if (negative || buffer.getByte(i) == '+')
        {
            if (++i == end)
            {
                return Long.MIN_VALUE;
            }
        }
        long exponent = 0;
        for (; i < end; i++)
        {
            final int digit = buffer.getByte(i) - '0';
            if (digit < 0 || digit > 9)
            {
                return Long.MIN_VALUE;
            }
            exponent = Math.min(exponent * 10 + digit, MAX_EXPONENT_DIGITS_VALUE);
        }
        return negative ? -exponent : exponent;
    }

    /** Are the first 19 significant digits (zero-padded) greater than Long.MAX_VALUE's 9223372036854775807? */
    private static boolean leadingDigitsExceedLongMax(final DirectBuffer buffer, final int offset, final int end)
    {
        final String max = "9223372036854775807";
        int compared = 0;
        boolean started = false;
        for (int i = offset; i < end && compared < 19; i++)
        {
            final byte c = buffer.getByte(i);
            if (c == '.' || (!started && c == '0'))
            {
                continue;
            }
            if (c < '0' || c > '9')
            {
                break;
            }
            started = true;
            if (c != max.charAt(compared))
            {
                return c > max.charAt(compared);
            }
            compared++;
        }
        return false; // equal or shorter (zero-padded): not greater
    }

    private static long parseExponentTail(
        final DirectBuffer buffer,
        final int start,
        final int end,
        final long mantissa,
        final int decimalExponent,
        final int scale)
    {
        int i = start;
        if (i == end)
        {
            return -NumberError.MALFORMED.code();
        }
        boolean negative = false;
        byte c = buffer.getByte(i);
        if (c == '-' || c == '+')
        {
            negative = c == '-';
            if (++i == end)
            {
                return -NumberError.MALFORMED.code();
            }
        }
        int exponent = 0;
        for (; i < end; i++)
        {
            final int digit = buffer.getByte(i) - '0';
            if (digit < 0 || digit > 9)
            {
                return -NumberError.MALFORMED.code();
            }
            if (exponent < MAX_EXPONENT_DIGITS_VALUE)
            {
                exponent = exponent * 10 + digit;
            }
        }
        // A saturated exponent still decides correctly: zero stays zero, anything else is out of range.
        return scaleTo(mantissa, decimalExponent + (negative ? -exponent : exponent), scale);
    }
}
