package dev.feedhandler.orderbook.checksum;

/**
 * Writes fixed-point values as ASCII decimal text into a byte array, without allocating.
 */
final class DecimalText
{
    private static final long[] POWERS_OF_TEN = new long[19];

    static
    {
        long power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++)
        {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private DecimalText()
    {
    }

    /** Most bytes {@link #writeDecimal} or {@link #writeDigits} can write for one value. */
    static final int MAX_LENGTH = 20 + 1 + 255;

    /**
     * The plain decimal digits of a non-negative long, no sign, no leading zeros ("0" for zero).
     *
     * @return the index after the last byte written.
     */
    static int writeDigits(final byte[] out, final int at, final long value)
    {
        if (value == 0)
        {
            out[at] = '0';
            return at + 1;
        }
        int length = 0;
        for (long v = value; v != 0; v /= 10)
        {
            length++;
        }
        long v = value;
        for (int i = at + length - 1; i >= at; i--)
        {
            out[i] = (byte)('0' + (v % 10));
            v /= 10;
        }
        return at + length;
    }

    /**
     * A mantissa at {@code scale} written with exactly {@code fractionDigits} fraction digits (and a dot only when
     * there are any): {@code (30243500, 3, 1)} gives {@code 30243.5}. Digits past the scale are zeros.
     *
     * @return the index after the last byte written.
     */
    static int writeDecimal(final byte[] out, final int at, final long mantissa, final int scale, final int fractionDigits)
    {
        final long unit = POWERS_OF_TEN[scale];
        int i = writeDigits(out, at, mantissa / unit);
        if (fractionDigits == 0)
        {
            return i;
        }
        out[i++] = '.';
        final long fraction = mantissa % unit;
        final int shown = Math.min(fractionDigits, scale);
        long digits = fraction / POWERS_OF_TEN[scale - shown];
        for (int j = i + shown - 1; j >= i; j--)
        {
            out[j] = (byte)('0' + (digits % 10));
            digits /= 10;
        }
        i += shown;
        for (int j = shown; j < fractionDigits; j++)
        {
            out[i++] = '0';
        }
        return i;
    }
}
