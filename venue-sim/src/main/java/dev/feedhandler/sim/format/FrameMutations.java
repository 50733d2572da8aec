package dev.feedhandler.sim.format;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bad frames made from good ones, for the fault switches that test a client's input checks. Each works on the first
 * price level of a rendered update, whatever the venue: {@code [["p","q"]...} (Binance, Bybit, OKX),
 * {@code "price":p} (Kraken) and {@code "price_level":"p"} (Coinbase). Faults are rare, so plain text handling is fine
 * here.
 */
public final class FrameMutations
{
    /** Digits put in front of a price to make it absurd: far beyond what a signed 64-bit mantissa holds. */
    public static final String ABSURD_DIGITS = "9".repeat(40);
    /** How far an oversized frame is padded: well past any sane frame limit, small enough to render quickly. */
    public static final int OVERSIZED_PAD_BYTES = 1 << 20;

    /** The first price's value (group 1: a quoted string; group 2: a bare number). */
    private static final Pattern FIRST_PRICE = Pattern.compile(
        "(?:\\[\\[|\"price\":|\"price_level\":)(?:(\"[^\"]*\")|(-?[0-9][0-9.eE+-]*))");

    private FrameMutations()
    {
    }

    /** The frame with {@link #ABSURD_DIGITS} in front of its first price; null when it has no price. */
    public static ByteBuf absurdNumber(final ByteBuf frame)
    {
        final String text = frame.toString(StandardCharsets.UTF_8);
        final Matcher matcher = FIRST_PRICE.matcher(text);
        if (!matcher.find())
        {
            return null;
        }
        final int at = matcher.group(1) != null ? matcher.start(1) + 1 : matcher.start(2);
        return copy(text.substring(0, at) + ABSURD_DIGITS + text.substring(at));
    }

    /**
     * The frame with its first price of the wrong JSON type: a quoted price becomes an object, a bare number becomes a
     * string. Null when it has no price.
     */
    public static ByteBuf wrongType(final ByteBuf frame)
    {
        final String text = frame.toString(StandardCharsets.UTF_8);
        final Matcher matcher = FIRST_PRICE.matcher(text);
        if (!matcher.find())
        {
            return null;
        }
        if (matcher.group(1) != null)
        {
            return copy(text.substring(0, matcher.start(1)) + "{}" + text.substring(matcher.end(1)));
        }
        return copy(text.substring(0, matcher.start(2)) + '"' + matcher.group(2) + '"' + text.substring(matcher.end(2)));
    }

    /**
     * The frame with {@link #OVERSIZED_PAD_BYTES} spaces after its opening brace: still valid JSON with the same
     * content, only too large for a client whose frame limit is below that.
     */
    public static ByteBuf oversized(final ByteBuf frame)
    {
        final int open = frame.indexOf(frame.readerIndex(), frame.writerIndex(), (byte)'{');
        final int split = open < 0 ? frame.readerIndex() : open + 1;
        final ByteBuf out = ByteBufAllocator.DEFAULT.buffer(frame.readableBytes() + OVERSIZED_PAD_BYTES);
        out.writeBytes(frame, frame.readerIndex(), split - frame.readerIndex());
        for (int i = 0; i < OVERSIZED_PAD_BYTES; i++)
        {
            out.writeByte(' ');
        }
        out.writeBytes(frame, split, frame.writerIndex() - split);
        return out;
    }

    private static ByteBuf copy(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return ByteBufAllocator.DEFAULT.buffer(bytes.length).writeBytes(bytes);
    }
}
