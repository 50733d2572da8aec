package dev.feedhandler.orderbook.metrics;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The key stored with every counter (at most {@code CountersReader.MAX_KEY_LENGTH} = 112 bytes), which readers turn
 * into Prometheus labels:
 * <pre>
 *   0: int instrumentId (-1 when none)
 *   4: int detailCode   (-1 when none: a DecodeReason code, a stream id, a state ordinal)
 *   8: ASCII venue      (int length, then up to 16 bytes)
 *   .: ASCII symbol     (int length, then up to 48 bytes)
 *   .: ASCII detail     (int length, then up to 28 bytes)
 * </pre>
 * Longer strings are cut. Written once at allocation; read by tools at any time.
 */
public final class CounterKey
{
    public static final int NONE = -1;
    static final int MAX_VENUE = 16;
    static final int MAX_SYMBOL = 48;
    static final int MAX_DETAIL = 28;

    private int instrumentId = NONE;
    private int detailCode = NONE;
    private String venue = "";
    private String symbol = "";
    private String detail = "";

    /** Read a key from a counter's metadata (allocates: for tools, not the hot path). */
    public static CounterKey read(final DirectBuffer buffer, final int offset)
    {
        final CounterKey key = new CounterKey();
        key.instrumentId = buffer.getInt(offset);
        key.detailCode = buffer.getInt(offset + 4);
        int at = offset + 8;
        key.venue = readAscii(buffer, at, MAX_VENUE);
        at += 4 + Math.max(0, Math.min(MAX_VENUE, buffer.getInt(at)));
        key.symbol = readAscii(buffer, at, MAX_SYMBOL);
        at += 4 + Math.max(0, Math.min(MAX_SYMBOL, buffer.getInt(at)));
        key.detail = readAscii(buffer, at, MAX_DETAIL);
        return key;
    }

    public static CounterKey of(
        final String venue, final int instrumentId, final String symbol, final int detailCode, final String detail)
    {
        final CounterKey key = new CounterKey();
        key.venue = cut(venue, MAX_VENUE);
        key.instrumentId = instrumentId;
        key.symbol = cut(symbol, MAX_SYMBOL);
        key.detailCode = detailCode;
        key.detail = cut(detail, MAX_DETAIL);
        return key;
    }

    /** @return bytes written. */
    public int write(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, instrumentId);
        buffer.putInt(offset + 4, detailCode);
        int at = offset + 8;
        at += buffer.putStringAscii(at, venue);
        at += buffer.putStringAscii(at, symbol);
        at += buffer.putStringAscii(at, detail);
        return at - offset;
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    public int detailCode()
    {
        return detailCode;
    }

    /** Venue config name (e.g. binance-spot), or empty. */
    public String venue()
    {
        return venue;
    }

    /** Instrument symbol as the venue spells it, or empty. */
    public String symbol()
    {
        return symbol;
    }

    /** Name of the detail (a reason, a stream, a state), or empty. */
    public String detail()
    {
        return detail;
    }

    /** The human label: the type's description and whichever of venue, symbol and detail are set. */
    String label(final CounterType type)
    {
        final StringBuilder label = new StringBuilder(type.description()).append(':');
        append(label, venue);
        append(label, symbol);
        append(label, detail);
        return label.toString();
    }

    private static void append(final StringBuilder label, final String part)
    {
        if (!part.isEmpty())
        {
            label.append(' ').append(part);
        }
    }

    private static String readAscii(final DirectBuffer buffer, final int at, final int max)
    {
        final int length = buffer.getInt(at);
        if (length <= 0 || length > max)
        {
            return "";
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(at + 4, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String cut(final String value, final int max)
    {
        if (value == null)
        {
            return "";
        }
        final StringBuilder ascii = new StringBuilder(Math.min(max, value.length()));
        for (int i = 0; i < value.length() && ascii.length() < max; i++)
        {
            final char c = value.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return ascii.toString();
    }
}
