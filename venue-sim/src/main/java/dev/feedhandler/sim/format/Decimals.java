package dev.feedhandler.sim.format;

import dev.feedhandler.orderbook.FixedPoint;
import io.netty.buffer.ByteBuf;

/**
 * ASCII rendering of numbers straight into a {@link ByteBuf}, with no {@code String} per value.
 */
public final class Decimals
{
    private static final long[] POW10 = new long[19];

    static
    {
        long p = 1;
        for (int i = 0; i < POW10.length; i++)
        {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Decimals()
    {
    }

    /** A non-negative mantissa at its scale, padded to exactly {@code scale} decimals: 35130000 at 8 is 0.35130000. */
    public static void writeFixed(final ByteBuf out, final long mantissa, final int scale)
    {
        if (mantissa < 0)
        {
            throw new IllegalArgumentException("negative mantissa: " + mantissa);
        }
        if (scale == 0)
        {
            writeLong(out, mantissa);
            return;
        }
        final long unit = FixedPoint.pow10(scale);
        writeLong(out, mantissa / unit);
        out.writeByte('.');
        writePadded(out, mantissa % unit, scale);
    }

    /** {@link #writeFixed} inside double quotes. */
    public static void writeQuotedFixed(final ByteBuf out, final long mantissa, final int scale)
    {
        out.writeByte('"');
        writeFixed(out, mantissa, scale);
        out.writeByte('"');
    }

    /** A long in decimal. */
    public static void writeLong(final ByteBuf out, final long value)
    {
        if (value < 0)
        {
            if (value == Long.MIN_VALUE)
            {
                out.writeCharSequence(Long.toString(value), java.nio.charset.StandardCharsets.US_ASCII);
                return;
            }
            out.writeByte('-');
            writeLong(out, -value);
            return;
        }
        writePadded(out, value, digits(value));
    }

    /** ASCII text (field names, symbols). */
    public static void writeAscii(final ByteBuf out, final CharSequence text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            out.writeByte(text.charAt(i));
        }
    }

    static int digits(final long value)
    {
        int digits = 1;
        while (digits < 19 && value >= POW10[digits])
        {
            digits++;
        }
        return digits;
    }

    private static void writePadded(final ByteBuf out, final long value, final int width)
    {
        final int start = out.writerIndex();
        out.ensureWritable(width);
        long remaining = value;
        for (int i = width - 1; i >= 0; i--)
        {
            out.setByte(start + i, (int)('0' + remaining % 10));
            remaining /= 10;
        }
        out.writerIndex(start + width);
    }
}
