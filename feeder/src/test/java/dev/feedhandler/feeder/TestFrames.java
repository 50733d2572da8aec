package dev.feedhandler.feeder;

import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared test support for the feeder decoders: the real captures, the instruments they trade, frames placed inside
 * larger buffers between bytes that would change the parse if they were read, and output windows fenced by a
 * sentinel so a write outside the window is seen.
 */
public final class TestFrames
{
    /** Set by the build to the repository's {@code fixtures/}. */
    public static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "../fixtures"));
    public static final Path SPOT_SNAPSHOT = FIXTURES.resolve("binance-spot/NKNUSDT_rest_depth_limit1000_snapshot.json");
    public static final Path SPOT_FRAMES = FIXTURES.resolve("binance-spot/NKNUSDT_ws_depth100ms_and_bookTicker.jsonl");
    public static final Path USDM_SNAPSHOT =
        FIXTURES.resolve("binance-usdm/SUSHIUSDT_rest_fapi_depth_limit1000_snapshot.json");
    public static final Path USDM_FRAMES =
        FIXTURES.resolve("binance-usdm/SUSHIUSDT_ws_depth100ms_bookTicker_aggTrade_kline.jsonl");

    /** Spot NKNUSDT: prices and quantities arrive with 8 decimals. */
    public static final Instrument NKNUSDT = new Instrument(3, Venue.BINANCE_SPOT, "NKNUSDT", 8, 8);
    /** USD-M SUSHIUSDT: prices with 4 decimals, whole-contract quantities. */
    public static final Instrument SUSHIUSDT = new Instrument(7, Venue.BINANCE_USDM, "SUSHIUSDT", 4, 0);

    /** Bytes put around every frame: JSON that would change the result if the decoder read outside the frame. */
    private static final byte[] GARBAGE = ",\"u\":-1,\"s\":\"X\"}]\"\\{[0 9".getBytes(StandardCharsets.US_ASCII);
    public static final byte SENTINEL = (byte)0xA5;

    private TestFrames()
    {
    }

    public static SymbolTable symbols(final Instrument... instruments)
    {
        final SymbolTable table = new SymbolTable(Math.max(1, instruments.length));
        for (final Instrument instrument : instruments)
        {
            table.add(instrument);
        }
        return table;
    }

    /** JSON written with single quotes for readability: every {@code '} becomes {@code "}. */
    public static String json(final String singleQuoted)
    {
        return singleQuoted.replace('\'', '"');
    }

    public static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] read(final Path path)
    {
        try
        {
            return Files.readAllBytes(path);
        }
        catch (final IOException ex)
        {
            throw new AssertionError("fixture missing: " + path.toAbsolutePath(), ex);
        }
    }

    /** One received message per line, as captured. */
    public static List<String> lines(final Path path)
    {
        final List<String> lines = new ArrayList<>();
        for (final String line : new String(read(path), StandardCharsets.UTF_8).split("\n"))
        {
            if (!line.isEmpty())
            {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The first captured line containing {@code marker}. */
    public static String line(final Path path, final String marker)
    {
        for (final String line : lines(path))
        {
            if (line.contains(marker))
            {
                return line;
            }
        }
        throw new AssertionError("no line with " + marker + " in " + path);
    }

    /** The {@code data} object of a combined-stream line, byte for byte as received. */
    public static String dataOf(final String envelopedLine)
    {
        final int start = envelopedLine.indexOf("\"data\":") + "\"data\":".length();
        final int end = envelopedLine.lastIndexOf('}');
        return envelopedLine.substring(start, end);
    }

    /**
     * The same JSON with whitespace (space, tab, CR, LF) around every structural character outside strings, and
     * before and after the whole text.
     */
    public static String spaced(final String json)
    {
        final String ws = " \t\r\n ";
        final StringBuilder out = new StringBuilder(json.length() * 4).append(ws);
        boolean inString = false;
        for (int i = 0; i < json.length(); i++)
        {
            final char c = json.charAt(i);
            if (inString)
            {
                out.append(c);
                if (c == '\\')
                {
                    out.append(json.charAt(++i));
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
                out.append(c);
            }
            else if ("{}[]:,".indexOf(c) >= 0)
            {
                out.append(ws).append(c).append(ws);
            }
            else
            {
                out.append(c);
            }
        }
        return out.append(ws).toString();
    }

    /** A frame at a non-zero offset inside a larger buffer. */
    public record Framed(UnsafeBuffer buffer, int offset, int length)
    {
    }

    public static Framed frame(final String text)
    {
        return frame(bytes(text), 37);
    }

    public static Framed frame(final byte[] frame, final int offset)
    {
        final byte[] backing = new byte[offset + frame.length + 64];
        for (int i = 0; i < backing.length; i++)
        {
            backing[i] = GARBAGE[i % GARBAGE.length];
        }
        System.arraycopy(frame, 0, backing, offset, frame.length);
        return new Framed(new UnsafeBuffer(backing), offset, frame.length);
    }

    /** An output window {@code [offset, offset + capacity)} inside a buffer otherwise filled with a sentinel. */
    public static final class OutWindow
    {
        private final UnsafeBuffer buffer;
        private final int offset;
        private final int capacity;

        public OutWindow(final int offset, final int capacity)
        {
            this.offset = offset;
            this.capacity = capacity;
            final byte[] backing = new byte[offset + Math.max(0, capacity) + 96 + BookEvent.HEADER_LENGTH];
            Arrays.fill(backing, SENTINEL);
            buffer = new UnsafeBuffer(backing);
        }

        /** Room for an event with this many levels, at an odd offset. */
        public static OutWindow forLevels(final int levels)
        {
            return new OutWindow(21, BookEvent.lengthFor(levels));
        }

        public UnsafeBuffer buffer()
        {
            return buffer;
        }

        public int offset()
        {
            return offset;
        }

        public int capacity()
        {
            return capacity;
        }

        public BookEvent event()
        {
            return new BookEvent().wrap(buffer, offset);
        }

        /** Index of the first byte outside the window that is no longer the sentinel, or -1. */
        public int firstWriteOutside()
        {
            for (int i = 0; i < buffer.capacity(); i++)
            {
                final boolean inside = i >= offset && i < offset + capacity;
                if (!inside && buffer.getByte(i) != SENTINEL)
                {
                    return i;
                }
            }
            return -1;
        }

        /** True when no byte of the window itself was written. */
        public boolean windowUntouched()
        {
            for (int i = offset; i < offset + capacity; i++)
            {
                if (buffer.getByte(i) != SENTINEL)
                {
                    return false;
                }
            }
            return true;
        }
    }

    /** A price level as mantissas. */
    public record Level(long price, long quantity)
    {
    }

    /** Everything a decoded event says, independent of how its level blocks are laid out. */
    public record Decoded(
        short type,
        int instrumentId,
        long firstUpdateId,
        long lastUpdateId,
        long prevUpdateId,
        long exchangeTimeMs,
        long transactTimeMs,
        long ingressTimeNs,
        List<Level> bids,
        List<Level> asks)
    {
        public static Decoded of(final BookEvent event)
        {
            return new Decoded(event.type(), event.instrumentId(), event.firstUpdateId(), event.lastUpdateId(),
                event.prevUpdateId(), event.exchangeTimeMs(), event.transactTimeMs(), event.ingressTimeNs(),
                TestFrames.bids(event), TestFrames.asks(event));
        }
    }

    public static List<Level> bids(final BookEvent event)
    {
        final List<Level> levels = new ArrayList<>();
        for (int i = 0; i < event.bidCount(); i++)
        {
            levels.add(new Level(event.bidPrice(i), event.bidQuantity(i)));
        }
        return levels;
    }

    public static List<Level> asks(final BookEvent event)
    {
        final List<Level> levels = new ArrayList<>();
        for (int i = 0; i < event.askCount(); i++)
        {
            levels.add(new Level(event.askPrice(i), event.askQuantity(i)));
        }
        return levels;
    }

    public static Level level(final long price, final long quantity)
    {
        return new Level(price, quantity);
    }

    /**
     * A decoder with its fast path and one without it, on the same frame: the same result, the same instrument and
     * the same event bytes ({@code shown} names the frame in a failure).
     */
    public static void assertSameDecoding(
        final StreamFrameDecoder fast,
        final OutWindow fastOut,
        final StreamFrameDecoder general,
        final OutWindow generalOut,
        final Framed framed,
        final String shown)
    {
        final int expected = general.decode(framed.buffer(), framed.offset(), framed.length(),
            generalOut.buffer(), generalOut.offset(), generalOut.capacity(), 3L);
        final int actual = fast.decode(framed.buffer(), framed.offset(), framed.length(),
            fastOut.buffer(), fastOut.offset(), fastOut.capacity(), 3L);

        assertThat(actual).as(shown).isEqualTo(expected);
        assertThat(fast.lastInstrument()).as(shown).isSameAs(general.lastInstrument());
        assertThat(fastOut.firstWriteOutside()).as(shown).isEqualTo(-1);
        if (expected > 0)
        {
            final byte[] fastEvents = new byte[expected];
            final byte[] generalEvents = new byte[expected];
            fastOut.buffer().getBytes(fastOut.offset(), fastEvents);
            generalOut.buffer().getBytes(generalOut.offset(), generalEvents);
            assertThat(fastEvents).as(shown).isEqualTo(generalEvents);
        }
    }

    /**
     * One to three random edits of a copy of {@code frame}: a byte set to one of {@code interesting} or to any value,
     * a byte deleted or inserted, or the frame cut short (never to nothing).
     */
    public static byte[] mutate(final byte[] frame, final SplittableRandom random, final byte[] interesting)
    {
        byte[] bytes = frame.clone();
        for (int n = 1 + random.nextInt(3); n > 0; n--)
        {
            final int at = random.nextInt(bytes.length);
            switch (random.nextInt(5))
            {
                case 0 -> bytes[at] = interesting[random.nextInt(interesting.length)];
                case 1 -> bytes[at] = (byte)random.nextInt(256);
                case 2 ->
                {
                    if (bytes.length > 1)
                    {
                        final byte[] shorter = new byte[bytes.length - 1];
                        System.arraycopy(bytes, 0, shorter, 0, at);
                        System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                        bytes = shorter;
                    }
                }
                case 3 ->
                {
                    final byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = interesting[random.nextInt(interesting.length)];
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
                default -> bytes = Arrays.copyOf(bytes, Math.max(1, at));
            }
        }
        return bytes;
    }
}
