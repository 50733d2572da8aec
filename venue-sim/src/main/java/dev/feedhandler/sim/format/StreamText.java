package dev.feedhandler.sim.format;

import dev.feedhandler.orderbook.FixedPoint;
import io.netty.buffer.ByteBuf;

import java.time.Instant;
import java.util.zip.CRC32;

/**
 * Decimal text and checksums for the stream-snapshot venues. Which spelling a level gets (trailing zeros kept or
 * not) is a pure function of its price and quantity, so a level always reads the same and a checksum over the
 * "original strings" can be computed from the book alone.
 */
final class StreamText
{
    private StreamText()
    {
    }

    /** {@code mantissa} at {@code scale} with every fraction digit: {@code 0.10000000}. */
    static String fixed(final long mantissa, final int scale)
    {
        final StringBuilder out = new StringBuilder(24);
        if (scale == 0)
        {
            return out.append(mantissa).toString();
        }
        final long unit = FixedPoint.pow10(scale);
        out.append(mantissa / unit).append('.');
        final String fraction = Long.toString(mantissa % unit);
        for (int i = fraction.length(); i < scale; i++)
        {
            out.append('0');
        }
        return out.append(fraction).toString();
    }

    /** As {@link #fixed} with trailing zeros removed down to {@code minFraction} fraction digits (0: no point). */
    static String trimmed(final long mantissa, final int scale, final int minFraction)
    {
        final String full = fixed(mantissa, scale);
        if (scale == 0)
        {
            return full;
        }
        final int point = full.length() - scale - 1;
        final int keep = Math.min(minFraction, scale);
        int end = full.length();
        while (end > point + 1 + keep && full.charAt(end - 1) == '0')
        {
            end--;
        }
        if (end == point + 1)
        {
            end = point;
        }
        return full.substring(0, end);
    }

    /** A small deterministic hash of a level, to vary spellings. */
    static int spelling(final long price, final long quantity, final int variants)
    {
        long h = price * 0x9E3779B97F4A7C15L ^ quantity * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        return (int)Math.floorMod(h, (long)variants);
    }

    /** {@code 2023-07-30T15:30:00.029000Z}: microseconds, as Kraken and Coinbase print them. */
    static String isoTime(final long epochMs)
    {
        final String text = Instant.ofEpochMilli(epochMs).toString();
        // Instant prints no millis when they are zero; always give six fraction digits.
        final int dot = text.indexOf('.');
        final String seconds = dot < 0 ? text.substring(0, text.length() - 1) : text.substring(0, dot);
        final long millis = Math.floorMod(epochMs, 1000L);
        return seconds + "." + (millis < 10 ? "00" : millis < 100 ? "0" : "") + millis + "000Z";
    }

    /** Unsigned CRC32 of ASCII text. */
    static long crc32(final CharSequence text)
    {
        final CRC32 crc = new CRC32();
        for (int i = 0; i < text.length(); i++)
        {
            crc.update(text.charAt(i));
        }
        return crc.getValue();
    }

    static void ascii(final ByteBuf out, final CharSequence text)
    {
        Decimals.writeAscii(out, text);
    }

    static void quoted(final ByteBuf out, final CharSequence text)
    {
        out.writeByte('"');
        Decimals.writeAscii(out, text);
        out.writeByte('"');
    }
}
