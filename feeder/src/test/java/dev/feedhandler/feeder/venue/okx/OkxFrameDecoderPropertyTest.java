package dev.feedhandler.feeder.venue.okx;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.TestFrames;
import dev.feedhandler.feeder.TestFrames.Framed;
import dev.feedhandler.feeder.TestFrames.OutWindow;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.LevelFormat;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static dev.feedhandler.feeder.TestFrames.bytes;
import static dev.feedhandler.feeder.TestFrames.frame;
import static dev.feedhandler.feeder.TestFrames.lines;
import static dev.feedhandler.feeder.TestFrames.symbols;
import static dev.feedhandler.feeder.venue.okx.OkxFixtures.BTC_USDT;
import static dev.feedhandler.feeder.venue.okx.OkxFixtures.CAPTURE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OkxFrameDecoder} against a naive reference: random OKX book frames, with prices and sizes written with any
 * number of trailing zeros, decode to exactly the levels and text formats that BigDecimal reads off the same strings;
 * mutated and truncated frames never throw, never write outside the output window and always end in events, an
 * ignored frame or a known reason.
 */
class OkxFrameDecoderPropertyTest
{
    private static final int MAX_FRAME = 1 << 20;
    private static final String WHITESPACE = " \t\r\n";

    private static final Instrument[] INSTRUMENTS = {
        new Instrument(0, Venue.OKX, "BTC-USDT", 1, 8),
        new Instrument(1, Venue.OKX, "ETH-USDT", 2, 6),
        new Instrument(2, Venue.OKX, "BTC-USD-SWAP", 1, 0),
        new Instrument(3, Venue.OKX, "SHIB-USDT", 10, 0),
        new Instrument(4, Venue.OKX, "X-Y", 0, 0),
        new Instrument(5, Venue.OKX, "TINY-USDT", 18, 18),
    };
    private static final String[] UNKNOWN_KEYS = {"id", "connId", "instId", "uid", "", "x", "asks2", "seq"};
    /** Unknown in an arg ({@code instId} is known there). */
    private static final String[] UNKNOWN_ARG_KEYS = {"id", "uid", "", "x", "channel2"};

    private final SymbolTable symbols = symbols(INSTRUMENTS);
    private final OkxFrameDecoder decoder = new OkxFrameDecoder(symbols, "books", MAX_FRAME);

    /** One decoded level: mantissas and text format. */
    record Level(long price, long size, int format)
    {
    }

    /** Everything one event says. */
    record Event(
        short type, int instrumentId, long firstId, long lastId, long prevId, long exchangeTimeMs, long ingressNs,
        long checksum, boolean asksFirst, List<Level> bids, List<Level> asks)
    {
        static Event of(final BookEvent event)
        {
            final List<Level> bids = new ArrayList<>();
            for (int i = 0; i < event.bidCount(); i++)
            {
                bids.add(new Level(event.bidPrice(i), event.bidQuantity(i), event.bidFormat(i)));
            }
            final List<Level> asks = new ArrayList<>();
            for (int i = 0; i < event.askCount(); i++)
            {
                asks.add(new Level(event.askPrice(i), event.askQuantity(i), event.askFormat(i)));
            }
            assertThat(event.flags() & BookEvent.FLAG_LEVEL_FORMATS).isNotZero();
            return new Event(event.type(), event.instrumentId(), event.firstUpdateId(), event.lastUpdateId(),
                event.prevUpdateId(), event.exchangeTimeMs(), event.ingressTimeNs(), event.checksum(),
                (event.flags() & BookEvent.FLAG_ASKS_FIRST) != 0, bids, asks);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Property 1: random frames decode to what BigDecimal reads off the same strings
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldDecodeRandomFramesToTheLevelsAndFormatsOfTheirStrings()
    {
        PropertyCheck.forAll("random OKX frames decode to their strings", 800, random ->
        {
            final Instrument instrument = INSTRUMENTS[random.nextInt(INSTRUMENTS.length)];
            final boolean snapshot = random.nextBoolean();
            final long ingressNs = random.nextLong();
            final List<Event> expected = new ArrayList<>();
            final List<String> elements = new ArrayList<>();
            for (int i = 1 + (random.nextInt(5) == 0 ? random.nextInt(3) : 0); i > 0; i--)
            {
                elements.add(randomElement(random, instrument, snapshot, ingressNs, expected));
            }
            final List<String> members = new ArrayList<>();
            final List<String> arg = new ArrayList<>(List.of(
                member(random, "channel", "\"books\""), member(random, "instId", "\"" + instrument.symbol() + "\"")));
            addUnknown(random, arg, UNKNOWN_ARG_KEYS);
            members.add(member(random, "arg", object(random, arg)));
            members.add(member(random, "action", snapshot ? "\"snapshot\"" : "\"update\""));
            members.add(member(random, "data", "[" + ws(random) + String.join(ws(random) + "," + ws(random), elements) +
                ws(random) + "]"));
            addUnknown(random, members, UNKNOWN_KEYS);
            final String text = ws(random) + object(random, members) + ws(random);
            int bytes = 0;
            for (final Event event : expected)
            {
                bytes += BookEvent.lengthFor(event.bids().size() + event.asks().size(), true);
            }
            final OutWindow out = new OutWindow(random.nextInt(41), bytes + random.nextInt(41));
            final Framed framed = frame(bytes(text), 1 + random.nextInt(100));

            final int result = decoder.decode(framed.buffer(), framed.offset(), framed.length(),
                out.buffer(), out.offset(), out.capacity(), ingressNs);

            assertThat(result).as(text).isEqualTo(bytes);
            assertThat(events(out, result)).as(text).isEqualTo(expected);
            assertThat(decoder.lastInstrument()).isSameAs(instrument);
            assertThat(out.firstWriteOutside()).as(text).isEqualTo(-1);
        });
    }

    private static String randomElement(
        final SplittableRandom random,
        final Instrument instrument,
        final boolean snapshot,
        final long ingressNs,
        final List<Event> expected)
    {
        final List<String[]> asks = randomLevels(random, instrument);
        final List<String[]> bids = randomLevels(random, instrument);
        final List<String> members = new ArrayList<>();
        members.add(member(random, "asks", render(random, asks)));
        members.add(member(random, "bids", render(random, bids)));
        long seqId = BookEvent.NULL_ID;
        long prevSeqId = BookEvent.NULL_ID;
        if (random.nextInt(4) > 0)
        {
            seqId = random.nextBoolean() ? random.nextLong(1_000_000) : random.nextLong(0, Long.MAX_VALUE);
            prevSeqId = snapshot ? -1 : random.nextLong(-1, Long.MAX_VALUE);
            members.add(member(random, "seqId", Long.toString(seqId)));
            members.add(member(random, "prevSeqId", Long.toString(prevSeqId)));
        }
        long ts = BookEvent.NULL_TIME;
        if (random.nextInt(5) > 0)
        {
            ts = random.nextBoolean() ?
                1_652_459_225_453L + random.nextLong(1_000_000_000L) : random.nextLong(0, Long.MAX_VALUE);
            members.add(member(random, "ts", "\"" + ts + "\""));
        }
        long checksum = BookEvent.NULL_CHECKSUM;
        if (random.nextInt(5) > 0)
        {
            checksum = random.nextInt();
            members.add(member(random, "checksum", Long.toString(checksum)));
        }
        addUnknown(random, members, UNKNOWN_KEYS);
        final boolean asksFirst = asks.isEmpty() ? false : bids.isEmpty() ||
            indexOfKey(members, "asks") < indexOfKey(members, "bids");
        expected.add(new Event(snapshot ? BookEvent.TYPE_SNAPSHOT : BookEvent.TYPE_DIFF, instrument.id(), seqId, seqId,
            prevSeqId, ts, ingressNs, checksum, asksFirst, reference(bids, instrument), reference(asks, instrument)));
        return object(random, members);
    }

    private static int indexOfKey(final List<String> members, final String key)
    {
        for (int i = 0; i < members.size(); i++)
        {
            if (members.get(i).startsWith("\"" + key + "\""))
            {
                return i;
            }
        }
        throw new AssertionError(key);
    }

    /** The naive reading of the strings: BigDecimal value at the scales and BigDecimal's own scale as digits. */
    private static List<Level> reference(final List<String[]> levels, final Instrument instrument)
    {
        final List<Level> reference = new ArrayList<>();
        for (final String[] level : levels)
        {
            final BigDecimal price = new BigDecimal(level[0]);
            final BigDecimal size = new BigDecimal(level[1]);
            reference.add(new Level(price.movePointRight(instrument.priceScale()).longValueExact(),
                size.movePointRight(instrument.qtyScale()).longValueExact(),
                LevelFormat.of(price.scale(), size.scale())));
        }
        return reference;
    }

    private static List<String[]> randomLevels(final SplittableRandom random, final Instrument instrument)
    {
        final int count = random.nextInt(6) == 0 ? 0 : random.nextInt(31);
        final List<String[]> levels = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final long price = 1 + (random.nextBoolean() ? random.nextLong(1000) : random.nextLong(1_000_000_000_000L));
            final long size = random.nextInt(5) == 0 ? 0 : 1 + random.nextLong(1_000_000_000L);
            levels.add(new String[]{
                text(random, price, instrument.priceScale()), text(random, size, instrument.qtyScale())});
        }
        return levels;
    }

    /** The mantissa as OKX might write it: plain, with anything from no to a few zeros beyond its last digit. */
    static String text(final SplittableRandom random, final long mantissa, final int scale)
    {
        final BigDecimal value = BigDecimal.valueOf(mantissa, scale);
        final int significant = Math.max(0, value.stripTrailingZeros().scale());
        final int digits = significant + (random.nextInt(3) == 0 ? 0 : random.nextInt(scale - significant + 4));
        return value.setScale(digits).toPlainString();
    }

    private static String render(final SplittableRandom random, final List<String[]> levels)
    {
        final StringBuilder out = new StringBuilder("[").append(ws(random));
        for (int i = 0; i < levels.size(); i++)
        {
            out.append(i == 0 ? "" : ws(random) + "," + ws(random))
                .append('[').append(ws(random)).append('"').append(levels.get(i)[0]).append('"')
                .append(ws(random)).append(',').append(ws(random)).append('"').append(levels.get(i)[1]).append('"');
            if (random.nextInt(4) > 0)
            {
                out.append(",\"0\",").append(ws(random)).append('"').append(random.nextInt(100)).append('"');
            }
            out.append(ws(random)).append(']');
        }
        return out.append(ws(random)).append(']').toString();
    }

    private static void addUnknown(final SplittableRandom random, final List<String> members, final String[] keys)
    {
        for (int i = random.nextInt(3); i > 0; i--)
        {
            final String value = switch (random.nextInt(5))
            {
                case 0 -> "\"BTC-USDT\"";
                case 1 -> "[[\"1\",\"2\"]]";
                case 2 -> "{\"asks\":[],\"seqId\":1}";
                case 3 -> "-12.5e3";
                default -> "null";
            };
            members.add(member(random, keys[random.nextInt(keys.length)], value));
        }
        for (int i = members.size() - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final String t = members.get(i);
            members.set(i, members.get(j));
            members.set(j, t);
        }
    }

    private static String member(final SplittableRandom random, final String key, final String value)
    {
        return "\"" + key + "\"" + ws(random) + ":" + ws(random) + value;
    }

    private static String object(final SplittableRandom random, final List<String> members)
    {
        return "{" + ws(random) + String.join(ws(random) + "," + ws(random), members) + ws(random) + "}";
    }

    private static String ws(final SplittableRandom random)
    {
        if (random.nextInt(10) < 8)
        {
            return "";
        }
        final StringBuilder ws = new StringBuilder();
        for (int i = 1 + random.nextInt(3); i > 0; i--)
        {
            ws.append(WHITESPACE.charAt(random.nextInt(WHITESPACE.length())));
        }
        return ws.toString();
    }

    private static List<Event> events(final OutWindow out, final int length)
    {
        final List<Event> events = new ArrayList<>();
        final BookEvent event = new BookEvent();
        for (int at = 0; at < length; at += event.length())
        {
            event.wrap(out.buffer(), out.offset() + at);
            events.add(Event.of(event));
        }
        return events;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Property 2: mutated and truncated frames
    // ---------------------------------------------------------------------------------------------------------------

    private static final List<String> CAPTURED = lines(CAPTURE);
    private static final byte[] JSONISH = bytes("{}[]\",:0123456789-+.eE \t\\abdflnprstu");

    private final OkxFrameDecoder captureDecoder = new OkxFrameDecoder(symbols(BTC_USDT), "books", MAX_FRAME);

    @Test
    void shouldAnswerMutatedCapturedFramesWithEventsAnIgnoreOrAKnownReason()
    {
        PropertyCheck.forAll("mutated captured OKX frames", 1500, random ->
        {
            final String line = CAPTURED.get(random.nextInt(CAPTURED.size()));
            final byte[] original = bytes(line);
            final List<Event> baseline = decodeAll(captureDecoder, original);

            final byte[] mutated = switch (random.nextInt(3))
            {
                case 0 -> flip(random, original.clone());
                case 1 -> insert(random, original);
                default -> Arrays.copyOf(original, random.nextInt(original.length));
            };
            final String shown = new String(mutated, StandardCharsets.ISO_8859_1);
            // A cut frame must say TRUNCATED, so it gets room for all its levels.
            final boolean cut = mutated.length < original.length;
            final OutWindow out = new OutWindow(random.nextInt(33), cut || random.nextBoolean() ?
                BookEvent.lengthFor(1000, true) : random.nextInt(BookEvent.lengthFor(60, true)));
            final Framed framed = frame(mutated, 1 + random.nextInt(64));

            final int result = captureDecoder.decode(framed.buffer(), framed.offset(), framed.length(),
                out.buffer(), out.offset(), out.capacity(), 3L);

            assertThat(out.firstWriteOutside()).as("first byte written outside the window for " + shown).isEqualTo(-1);
            if (result > 0)
            {
                assertThat(result).as(shown).isLessThanOrEqualTo(out.capacity());
                final List<Event> events = events(out, result);
                for (final Event event : events)
                {
                    assertThat(event.instrumentId()).as(shown).isEqualTo(BTC_USDT.id());
                    assertThat(event.type()).as(shown).isIn(BookEvent.TYPE_SNAPSHOT, BookEvent.TYPE_DIFF);
                }
                assertThat(captureDecoder.lastInstrument()).isSameAs(BTC_USDT);
            }
            else if (result < 0)
            {
                assertThat(DecodeReason.fromResult(result)).as(shown).isNotEqualTo(DecodeReason.CONNECTION_GAP);
            }
            if (cut)
            {
                // JsonCursor reads a lone '-' at the very end as a bad number, not a cut one.
                final DecodeReason reason = shown.endsWith(":-") ? DecodeReason.BAD_NUMBER : DecodeReason.TRUNCATED;
                assertThat(result).as(shown).isEqualTo(-reason.code());
            }

            assertThat(decodeAll(captureDecoder, original)).as("the original after a mutated frame")
                .isEqualTo(baseline);
        });
    }

    private final OkxFrameDecoder generalCaptureDecoder =
        new OkxFrameDecoder(symbols(BTC_USDT), "books", MAX_FRAME, false);
    private final OkxFrameDecoder generalDecoder = new OkxFrameDecoder(symbols, "books", MAX_FRAME, false);

    @Test
    void shouldDecodeCapturedRandomAndMutatedFramesWithTheFastLevelsExactlyAsWithTheGeneralOnes()
    {
        PropertyCheck.forAll("OKX fast levels == general levels", 3000, random ->
        {
            final boolean captured = random.nextBoolean();
            final byte[] text;
            if (captured)
            {
                text = bytes(CAPTURED.get(random.nextInt(CAPTURED.size())));
            }
            else
            {
                final Instrument instrument = INSTRUMENTS[random.nextInt(INSTRUMENTS.length)];
                final String element = randomElement(random, instrument, random.nextBoolean(), 1L, new ArrayList<>());
                text = bytes("{\"arg\":{\"channel\":\"books\",\"instId\":\"" + instrument.symbol() +
                    "\"},\"action\":\"update\",\"data\":[" + element + "]}");
            }
            final byte[] frame = switch (random.nextInt(3))
            {
                case 0 -> text;
                case 1 -> flip(random, text.clone());
                default -> insert(random, text);
            };
            final String shown = new String(frame, StandardCharsets.ISO_8859_1);
            final Framed framed = frame(frame, 1 + random.nextInt(64));
            final int capacity = random.nextBoolean() ? BookEvent.lengthFor(1000, true) :
                random.nextInt(BookEvent.lengthFor(80, true));
            final OutWindow fastOut = new OutWindow(8, capacity);
            final OutWindow generalOut = new OutWindow(8, capacity);
            final OkxFrameDecoder fast = captured ? captureDecoder : decoder;
            final OkxFrameDecoder general = captured ? generalCaptureDecoder : generalDecoder;

            TestFrames.assertSameDecoding(fast, fastOut, general, generalOut, framed, shown);
        });
    }

    @Test
    void shouldDecodeCanonicalAndMutatedFramesWithTheWholeFrameFastPathExactlyAsWithTheGeneralPath()
    {
        final byte[] interesting = bytes("{}[]\",:-0123456789.eE-+ _abdfilnorstuqI");
        PropertyCheck.forAll("OKX whole-frame fast path == general path", 5000, random ->
        {
            final byte[] clean = bytes(canonical(random));
            final byte[] frame = random.nextInt(3) == 0 ? clean : TestFrames.mutate(clean, random, interesting);
            final String shown = new String(frame, StandardCharsets.ISO_8859_1);
            final int capacity = random.nextInt(4) == 0 ? random.nextInt(BookEvent.lengthFor(40, true)) :
                BookEvent.lengthFor(1000, true);

            TestFrames.assertSameDecoding(decoder, new OutWindow(8, capacity), generalDecoder,
                new OutWindow(8, capacity), frame(frame, 1 + random.nextInt(64)), shown);
        });
    }

    @Test
    void shouldTakeEveryCapturedBookMessageOnTheWholeFrameFastPath()
    {
        final OkxBookScanner scanner = new OkxBookScanner(symbols(BTC_USDT), "books");
        final OkxLevels levels = new OkxLevels(true);
        final OutWindow out = new OutWindow(8, BookEvent.lengthFor(1000, true));
        for (final String line : CAPTURED)
        {
            final byte[] frame = bytes(line);
            assertThat(scanner.decode(new org.agrona.concurrent.UnsafeBuffer(frame), 0, frame.length, out.buffer(),
                out.offset(), out.capacity(), levels, 1L)).as(line).isPositive();
        }
        assertThat(CAPTURED).hasSizeGreaterThan(90);
    }

    /**
     * One book message exactly as OKX lays it out: asks, bids, then optional ts, checksum and id pair (in either
     * order); now and then a value the general path rejects or reads only slowly (an id below -1, a checksum beyond
     * 32 bits, a 19-digit id or time).
     */
    private static String canonical(final SplittableRandom random)
    {
        final Instrument instrument = INSTRUMENTS[random.nextInt(INSTRUMENTS.length)];
        final boolean snapshot = random.nextBoolean();
        final StringBuilder text = new StringBuilder("{\"arg\":{\"channel\":\"books\",\"instId\":\"")
            .append(instrument.symbol()).append("\"},\"action\":\"").append(snapshot ? "snapshot" : "update")
            .append("\",\"data\":[{\"asks\":").append(canonicalLevels(random, randomLevels(random, instrument)))
            .append(",\"bids\":").append(canonicalLevels(random, randomLevels(random, instrument)));
        if (random.nextInt(4) > 0)
        {
            text.append(",\"ts\":\"").append(random.nextInt(20) == 0 ? Long.MAX_VALUE :
                1_652_459_225_453L + random.nextLong(1_000_000_000L)).append('"');
        }
        if (random.nextInt(4) > 0)
        {
            text.append(",\"checksum\":").append(random.nextInt(20) == 0 ? 1L << 31 : random.nextInt());
        }
        if (random.nextInt(4) > 0)
        {
            final long seqId = random.nextInt(20) == 0 ? Long.MAX_VALUE : random.nextLong(1_000_000_000_000L);
            final long prevSeqId = snapshot ? -1 : random.nextInt(20) == 0 ? -2 - random.nextInt(3) :
                random.nextLong(1_000_000_000_000L);
            if (random.nextBoolean())
            {
                text.append(",\"prevSeqId\":").append(prevSeqId).append(",\"seqId\":").append(seqId);
            }
            else
            {
                text.append(",\"seqId\":").append(seqId).append(",\"prevSeqId\":").append(prevSeqId);
            }
        }
        return text.append("}]}").toString();
    }

    private static String canonicalLevels(final SplittableRandom random, final List<String[]> levels)
    {
        final StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < levels.size(); i++)
        {
            out.append(i == 0 ? "[\"" : ",[\"").append(levels.get(i)[0]).append("\",\"").append(levels.get(i)[1])
                .append("\",\"0\",\"").append(random.nextInt(100)).append("\"]");
        }
        return out.append(']').toString();
    }

    @Test
    void shouldAnswerMutatedRandomFramesWithEventsAnIgnoreOrAKnownReason()
    {
        PropertyCheck.forAll("mutated random OKX frames", 1500, random ->
        {
            final Instrument instrument = INSTRUMENTS[random.nextInt(INSTRUMENTS.length)];
            final List<Event> expected = new ArrayList<>();
            final String element = randomElement(random, instrument, random.nextBoolean(), 1L, expected);
            final String text = "{\"arg\":{\"channel\":\"books\",\"instId\":\"" + instrument.symbol() +
                "\"},\"action\":\"update\",\"data\":[" + element + "]}";
            final byte[] mutated = random.nextBoolean() ? flip(random, bytes(text)) : insert(random, bytes(text));
            final OutWindow out = new OutWindow(random.nextInt(33), BookEvent.lengthFor(random.nextInt(80), true));
            final Framed framed = frame(mutated, 1 + random.nextInt(64));

            final int result = decoder.decode(framed.buffer(), framed.offset(), framed.length(),
                out.buffer(), out.offset(), out.capacity(), 3L);

            final String shown = new String(mutated, StandardCharsets.ISO_8859_1);
            assertThat(out.firstWriteOutside()).as(shown).isEqualTo(-1);
            if (result > 0)
            {
                assertThat(events(out, result)).as(shown).allSatisfy(event ->
                    assertThat(event.instrumentId()).isBetween(0, INSTRUMENTS.length - 1));
            }
            else if (result < 0)
            {
                assertThat(DecodeReason.fromResult(result)).as(shown).isNotNull();
            }
        });
    }

    private static List<Event> decodeAll(final OkxFrameDecoder decoder, final byte[] frame)
    {
        final OutWindow out = new OutWindow(8, BookEvent.lengthFor(1000, true));
        final Framed framed = frame(frame, 7);
        final int result = decoder.decode(framed.buffer(), framed.offset(), framed.length(),
            out.buffer(), out.offset(), out.capacity(), 5L);
        assertThat(result).isPositive();
        return events(out, result);
    }

    private static byte[] flip(final SplittableRandom random, final byte[] frame)
    {
        for (int i = 1 + random.nextInt(4); i > 0; i--)
        {
            frame[random.nextInt(frame.length)] = randomByte(random);
        }
        return frame;
    }

    private static byte[] insert(final SplittableRandom random, final byte[] frame)
    {
        final int at = random.nextInt(frame.length + 1);
        final byte[] inserted = new byte[1 + random.nextInt(12)];
        for (int i = 0; i < inserted.length; i++)
        {
            inserted[i] = randomByte(random);
        }
        final byte[] out = new byte[frame.length + inserted.length];
        System.arraycopy(frame, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(frame, at, out, at + inserted.length, frame.length - at);
        return out;
    }

    private static byte randomByte(final SplittableRandom random)
    {
        return random.nextBoolean() ? JSONISH[random.nextInt(JSONISH.length)] : (byte)random.nextInt(256);
    }
}
