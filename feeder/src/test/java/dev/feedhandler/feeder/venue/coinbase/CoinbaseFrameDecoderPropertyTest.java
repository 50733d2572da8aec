package dev.feedhandler.feeder.venue.coinbase;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.TestFrames;
import dev.feedhandler.feeder.TestFrames.Decoded;
import dev.feedhandler.feeder.TestFrames.Framed;
import dev.feedhandler.feeder.TestFrames.Level;
import dev.feedhandler.feeder.TestFrames.OutWindow;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.FixedPoint;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static dev.feedhandler.feeder.TestFrames.bytes;
import static dev.feedhandler.feeder.TestFrames.frame;
import static dev.feedhandler.feeder.TestFrames.symbols;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.events;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CoinbaseFrameDecoder} against a naive reference: random sessions of frames (several products per frame,
 * heartbeats between, fields in any order, unknown fields, whitespace) decode to exactly the model's events and so to
 * the same levels per product; mutated and truncated frames never throw, never write outside the output window and
 * always end in events, nothing, or a known reason.
 */
class CoinbaseFrameDecoderPropertyTest
{
    private static final int MAX_FRAME = 1 << 20;
    private static final String WHITESPACE = " \t\r\n";

    static final Instrument[] INSTRUMENTS = {
        new Instrument(0, Venue.COINBASE, "BTC-USD", "BTC-USD", 2, 8),
        new Instrument(1, Venue.COINBASE, "ETH-USD", "ETH-USD", 2, 8),
        new Instrument(2, Venue.COINBASE, "SHIB-USD", "SHIB-USD", 8, 0),
        new Instrument(3, Venue.COINBASE, "X-Y", "X-Y", 0, 0),
        new Instrument(4, Venue.COINBASE, "TINY-USDC", "TINY-USDC", 18, 18),
    };
    private static final String[] UNKNOWN_KEYS = {
        "x", "order_count", "side", "product_id", "updates", "channel", "events", "sequence_num", "new_quantity",
        "price_level", "type", "timestamp", "event_time", "client_id", "", "k\\\"ey", "\u00fc",
    };
    private static final String[] STRING_PIECES = {"a", "\\\"", "\\\\", "\\u00e9", "}", "]", "{", "[", ",", ":", " "};
    private static final String[] NUMBERS = {"0", "-1", "42", "12345678901234567890123", "1.5e-7", "3.25"};

    private final SymbolTable symbols = symbols(INSTRUMENTS);

    /** One level change as Coinbase lists it. */
    record Update(boolean isBid, long price, long quantity)
    {
    }

    /** One event of an {@code l2_data} frame. */
    record Event(Instrument instrument, boolean isSnapshot, List<Update> updates)
    {
    }

    /** A frame: book events, or none for a heartbeat/subscriptions frame ({@code channel}). */
    record Frame(String channel, long sequence, Instant timestamp, List<Event> events)
    {
        boolean isBook()
        {
            return channel.equals("l2_data");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Property 1: random sessions decode to the model
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldDecodeRandomSessionsToTheModelsEventsAndBooks()
    {
        PropertyCheck.forAll("random Coinbase session decodes to its model", 300, random ->
        {
            final CoinbaseFrameDecoder decoder = new CoinbaseFrameDecoder(symbols, MAX_FRAME);
            final Map<Integer, TreeMap<Long, Long>[]> modelBooks = new HashMap<>();
            final Map<Integer, TreeMap<Long, Long>[]> decodedBooks = new HashMap<>();
            long sequence = random.nextBoolean() ? 0 : random.nextLong(0, Long.MAX_VALUE / 2);
            for (int i = 1 + random.nextInt(20); i > 0; i--)
            {
                final Frame model = randomFrame(random, sequence++);
                final String text = render(random, model);
                final List<Decoded> expected = expectedEvents(model, 77L);
                final int length = expected.stream().mapToInt(e -> BookEvent.lengthFor(e.bids().size() +
                    e.asks().size())).sum();
                final OutWindow out = new OutWindow(random.nextInt(41), length + random.nextInt(200));
                final Framed framed = frame(bytes(text), 1 + random.nextInt(100));

                final int result = decoder.decode(framed.buffer(), framed.offset(), framed.length(),
                    out.buffer(), out.offset(), out.capacity(), 77L);

                assertThat(result).as(text).isEqualTo(length);
                final List<Decoded> decoded = events(out, result);
                assertThat(decoded).as(text).isEqualTo(expected);
                assertThat(out.firstWriteOutside()).as(text).isEqualTo(-1);
                if (!expected.isEmpty())
                {
                    assertThat(decoder.lastInstrument()).isSameAs(model.events().get(model.events().size() - 1)
                        .instrument());
                }
                model.events().forEach(event -> applyModel(modelBooks, event));
                decoded.forEach(event -> applyDecoded(decodedBooks, event));
            }
            assertThat(levels(decodedBooks)).isEqualTo(levels(modelBooks));
        });
    }

    static Frame randomFrame(final SplittableRandom random, final long sequence)
    {
        final Instant timestamp = Instant.ofEpochSecond(1_600_000_000L + random.nextInt(400_000_000),
            random.nextInt(1_000_000_000));
        final int kind = random.nextInt(10);
        if (kind == 0)
        {
            return new Frame("heartbeats", sequence, timestamp, List.of());
        }
        if (kind == 1)
        {
            return new Frame("subscriptions", sequence, timestamp, List.of());
        }
        final List<Event> events = new ArrayList<>();
        for (int i = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(3); i > 0; i--)
        {
            events.add(randomEvent(random, INSTRUMENTS[random.nextInt(INSTRUMENTS.length)]));
        }
        return new Frame("l2_data", sequence, timestamp, events);
    }

    static Event randomEvent(final SplittableRandom random, final Instrument instrument)
    {
        final List<Update> updates = new ArrayList<>();
        for (int i = random.nextInt(8) == 0 ? 0 : random.nextInt(41); i > 0; i--)
        {
            updates.add(new Update(random.nextBoolean(), randomMantissa(random, false), randomMantissa(random, true)));
        }
        return new Event(instrument, random.nextInt(4) == 0, updates);
    }

    private static long randomMantissa(final SplittableRandom random, final boolean allowZero)
    {
        final int kind = random.nextInt(10);
        if (kind == 0 && allowZero)
        {
            return 0;
        }
        if (kind < 6)
        {
            return 1 + random.nextLong(1000);
        }
        if (kind < 9)
        {
            return 1 + random.nextLong(1_000_000_000_000L);
        }
        return 1 + random.nextLong(Long.MAX_VALUE);
    }

    static List<Decoded> expectedEvents(final Frame frame, final long ingressNs)
    {
        final List<Decoded> expected = new ArrayList<>();
        if (!frame.isBook())
        {
            return expected;
        }
        for (final Event event : frame.events())
        {
            final List<Level> bids = new ArrayList<>();
            final List<Level> asks = new ArrayList<>();
            for (final Update update : event.updates())
            {
                (update.isBid() ? bids : asks).add(new Level(update.price(), update.quantity()));
            }
            expected.add(new Decoded(event.isSnapshot() ? BookEvent.TYPE_SNAPSHOT : BookEvent.TYPE_DIFF,
                event.instrument().id(), frame.sequence(), frame.sequence(), BookEvent.NULL_ID,
                frame.timestamp().toEpochMilli(), BookEvent.NULL_TIME, ingressNs, bids, asks));
        }
        return expected;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Naive books
    // ---------------------------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static TreeMap<Long, Long>[] book(final Map<Integer, TreeMap<Long, Long>[]> books, final int id)
    {
        return books.computeIfAbsent(id, k -> new TreeMap[]{new TreeMap<>(), new TreeMap<>()});
    }

    static void applyModel(final Map<Integer, TreeMap<Long, Long>[]> books, final Event event)
    {
        final TreeMap<Long, Long>[] book = book(books, event.instrument().id());
        if (event.isSnapshot())
        {
            book[0].clear();
            book[1].clear();
        }
        for (final Update update : event.updates())
        {
            set(book[update.isBid() ? 0 : 1], update.price(), update.quantity());
        }
    }

    private static void applyDecoded(final Map<Integer, TreeMap<Long, Long>[]> books, final Decoded event)
    {
        final TreeMap<Long, Long>[] book = book(books, event.instrumentId());
        if (event.type() == BookEvent.TYPE_SNAPSHOT)
        {
            book[0].clear();
            book[1].clear();
        }
        event.bids().forEach(level -> set(book[0], level.price(), level.quantity()));
        event.asks().forEach(level -> set(book[1], level.price(), level.quantity()));
    }

    private static void set(final TreeMap<Long, Long> side, final long price, final long quantity)
    {
        if (quantity == 0)
        {
            side.remove(price);
        }
        else
        {
            side.put(price, quantity);
        }
    }

    private static Map<Integer, List<Map<Long, Long>>> levels(final Map<Integer, TreeMap<Long, Long>[]> books)
    {
        final Map<Integer, List<Map<Long, Long>>> levels = new TreeMap<>();
        books.forEach((id, book) -> levels.put(id, List.of(book[0], book[1])));
        return levels;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Rendering: any field order, unknown fields, whitespace, trailing zeros
    // ---------------------------------------------------------------------------------------------------------------

    static String render(final SplittableRandom random, final Frame frame)
    {
        final List<String> members = new ArrayList<>();
        members.add(member(random, "channel", quoted(frame.channel())));
        members.add(member(random, "client_id", "\"\""));
        members.add(member(random, "timestamp", quoted(frame.timestamp().toString())));
        members.add(member(random, "sequence_num", Long.toString(frame.sequence())));
        final List<String> events = new ArrayList<>();
        if (frame.isBook())
        {
            for (final Event event : frame.events())
            {
                events.add(renderEvent(random, event));
            }
        }
        else if (frame.channel().equals("heartbeats"))
        {
            events.add(object(random, List.of(member(random, "current_time", "\"2023-02-09 20:32:50 +0000 UTC\""),
                member(random, "heartbeat_counter", random.nextBoolean() ? "\"3049\"" : "3049"))));
        }
        else
        {
            events.add("{\"subscriptions\":{\"level2\":[\"BTC-USD\"],\"heartbeats\":[\"heartbeats\"]}}");
        }
        members.add(member(random, "events", array(random, events)));
        addUnknownMembers(random, members, "channel", "events", "sequence_num", "timestamp", "type");
        return ws(random) + object(random, members) + ws(random);
    }

    private static String renderEvent(final SplittableRandom random, final Event event)
    {
        final List<String> updates = new ArrayList<>();
        for (final Update update : event.updates())
        {
            final Instrument instrument = event.instrument();
            final List<String> members = new ArrayList<>();
            members.add(member(random, "side", update.isBid() ? "\"bid\"" : "\"offer\""));
            members.add(member(random, "event_time", "\"2023-02-09T20:32:50.01Z\""));
            members.add(member(random, "price_level", quoted(decimal(random, update.price(),
                instrument.priceScale()))));
            members.add(member(random, "new_quantity", quoted(decimal(random, update.quantity(),
                instrument.qtyScale()))));
            addUnknownMembers(random, members, "side", "price_level", "new_quantity");
            updates.add(object(random, members));
        }
        final List<String> members = new ArrayList<>();
        members.add(member(random, "type", event.isSnapshot() ? "\"snapshot\"" : "\"update\""));
        members.add(member(random, "product_id", quoted(event.instrument().symbol())));
        members.add(member(random, "updates", array(random, updates)));
        addUnknownMembers(random, members, "type", "product_id", "updates");
        return object(random, members);
    }

    private static void addUnknownMembers(
        final SplittableRandom random, final List<String> members, final String... known)
    {
        for (int i = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0; i > 0; i--)
        {
            final String key = UNKNOWN_KEYS[random.nextInt(UNKNOWN_KEYS.length)];
            if (!Arrays.asList(known).contains(key))
            {
                members.add(member(random, key, randomValue(random, 3)));
            }
        }
        for (int i = members.size() - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final String t = members.get(i);
            members.set(i, members.get(j));
            members.set(j, t);
        }
    }

    /** The mantissa as decimal text at its scale, with a random number of trailing zeros up to the scale. */
    static String decimal(final SplittableRandom random, final long mantissa, final int scale)
    {
        final String plain = FixedPoint.toPlainString(mantissa, scale);
        final int point = plain.indexOf('.');
        final String trimmed = point < 0 ? plain : plain.replaceAll("0+$", "").replaceAll("\\.$", "");
        final int decimals = trimmed.indexOf('.') < 0 ? 0 : trimmed.length() - trimmed.indexOf('.') - 1;
        final int extra = random.nextInt(scale - decimals + 1);
        if (extra == 0)
        {
            return trimmed;
        }
        return (decimals == 0 ? trimmed + "." : trimmed) + "0".repeat(extra);
    }

    private static String randomValue(final SplittableRandom random, final int depth)
    {
        switch (random.nextInt(depth > 0 ? 6 : 4))
        {
            case 0:
            {
                final StringBuilder s = new StringBuilder("\"");
                for (int i = random.nextInt(5); i > 0; i--)
                {
                    s.append(STRING_PIECES[random.nextInt(STRING_PIECES.length)]);
                }
                return s.append('"').toString();
            }
            case 1:
                return NUMBERS[random.nextInt(NUMBERS.length)];
            case 2:
                return random.nextBoolean() ? "true" : "false";
            case 3:
                return "null";
            case 4:
            {
                final List<String> elements = new ArrayList<>();
                for (int i = random.nextInt(3); i > 0; i--)
                {
                    elements.add(randomValue(random, depth - 1));
                }
                return array(random, elements);
            }
            default:
            {
                final List<String> members = new ArrayList<>();
                for (int i = random.nextInt(3); i > 0; i--)
                {
                    members.add(member(random, UNKNOWN_KEYS[random.nextInt(UNKNOWN_KEYS.length)],
                        randomValue(random, depth - 1)));
                }
                return object(random, members);
            }
        }
    }

    private static String quoted(final String text)
    {
        return "\"" + text + "\"";
    }

    private static String member(final SplittableRandom random, final String key, final String value)
    {
        return "\"" + key + "\"" + ws(random) + ":" + ws(random) + value;
    }

    private static String object(final SplittableRandom random, final List<String> members)
    {
        return "{" + ws(random) + String.join(ws(random) + "," + ws(random), members) + ws(random) + "}";
    }

    private static String array(final SplittableRandom random, final List<String> elements)
    {
        return "[" + ws(random) + String.join(ws(random) + "," + ws(random), elements) + ws(random) + "]";
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

    // ---------------------------------------------------------------------------------------------------------------
    // Property 2: mutated and truncated frames
    // ---------------------------------------------------------------------------------------------------------------

    private static final byte[] JSONISH = bytes("{}[]\",:0123456789-.eE \t\\abdfilnorstu_");

    @Test
    void shouldAnswerMutatedFramesWithEventsNothingOrAKnownReasonAndNeverThrow()
    {
        PropertyCheck.forAll("mutated Coinbase frames", 3000, random ->
        {
            final Frame model = randomFrame(random, random.nextLong(0, 1000));
            final String text = render(random, model);
            final byte[] mutated;
            final int kind = random.nextInt(3);
            if (kind == 0)
            {
                mutated = bytes(text);
                for (int i = 1 + random.nextInt(4); i > 0; i--)
                {
                    mutated[random.nextInt(mutated.length)] = randomByte(random);
                }
            }
            else if (kind == 1)
            {
                mutated = insertBytes(random, bytes(text));
            }
            else
            {
                // Cut somewhere before the closing brace (cutting trailing whitespace only leaves a valid frame).
                final byte[] whole = bytes(text.stripTrailing());
                mutated = Arrays.copyOf(whole, random.nextInt(whole.length));
            }
            final String shown = new String(mutated, StandardCharsets.ISO_8859_1);
            final CoinbaseFrameDecoder decoder = new CoinbaseFrameDecoder(symbols, MAX_FRAME);
            // A truncated frame must say TRUNCATED, so give it room for all its levels; others get any room.
            final OutWindow out = new OutWindow(random.nextInt(33), kind == 2 ? 1 << 16 :
                BookEvent.lengthFor(random.nextInt(100)) + random.nextInt(3 * BookEvent.HEADER_LENGTH));
            final Framed framed = frame(mutated, 1 + random.nextInt(64));

            final int result = decoder.decode(framed.buffer(), framed.offset(), framed.length(),
                out.buffer(), out.offset(), out.capacity(), 1L);

            assertThat(out.firstWriteOutside()).as("first write outside the window for " + shown).isEqualTo(-1);
            if (kind == 2)
            {
                assertThat(result).as(shown).isEqualTo(-DecodeReason.TRUNCATED.code());
            }
            else if (result > 0)
            {
                assertThat(result).as(shown).isLessThanOrEqualTo(out.capacity());
                for (final Decoded event : events(out, result))
                {
                    assertThat(event.type()).as(shown).isIn(BookEvent.TYPE_DIFF, BookEvent.TYPE_SNAPSHOT);
                    assertThat(event.instrumentId()).as(shown).isBetween(0, INSTRUMENTS.length - 1);
                }
            }
            else if (result < 0)
            {
                assertThat(DecodeReason.fromResult(result)).as(shown).isNotIn(DecodeReason.CONNECTION_GAP,
                    DecodeReason.NON_CANONICAL_NUMBER);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Property 3: the fast path decodes exactly as the general path
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldDecodeDocumentedCanonicalAndMutatedFramesWithTheFastPathExactlyAsWithTheGeneralOne()
    {
        final List<String> documented = CoinbaseFrames.session();
        final byte[] interesting = bytes("{}[]:,\"\\0123456789.eE-+ _abdfilnorstu");
        PropertyCheck.forAll("Coinbase fast path == general path", 5000, random ->
        {
            final long sequence = random.nextLong(1, 1_000_000);
            final byte[] clean = random.nextInt(4) == 0 ?
                bytes(documented.get(random.nextInt(documented.size()))) :
                bytes(canonical(random, sequence));
            final byte[] frame = random.nextInt(3) == 0 ? clean : TestFrames.mutate(clean, random, interesting);
            final String text = new String(frame, StandardCharsets.ISO_8859_1);
            final int capacity = random.nextInt(4) == 0 ? random.nextInt(BookEvent.lengthFor(12)) : 1 << 16;
            final CoinbaseFrameDecoder fast = new CoinbaseFrameDecoder(symbols, MAX_FRAME, true);
            final CoinbaseFrameDecoder general = new CoinbaseFrameDecoder(symbols, MAX_FRAME, false);
            // The connection so far: nothing, the frame before this one, or a break in the numbering.
            final int history = random.nextInt(3);
            if (history > 0)
            {
                final String before = CoinbaseFrames.heartbeat(history == 1 ? sequence - 1 : sequence + 5);
                assertThat(CoinbaseFrames.decode(fast, before, new OutWindow(0, 1 << 10))).isZero();
                assertThat(CoinbaseFrames.decode(general, before, new OutWindow(0, 1 << 10))).isZero();
            }

            TestFrames.assertSameDecoding(fast, new OutWindow(8, capacity), general, new OutWindow(8, capacity),
                frame(frame, 1), text);
            // And the next frame, so that the sequence each one followed is the same too.
            TestFrames.assertSameDecoding(fast, new OutWindow(8, 1 << 16), general, new OutWindow(8, 1 << 16),
                frame(bytes(canonical(random, sequence + 1)), 1), text + " then +1");
        });
    }

    @Test
    void shouldTakeEveryDocumentedOneEventBookFrameOnTheFastPath()
    {
        final CoinbaseBookScanner scanner = new CoinbaseBookScanner(symbols);
        final SplitSideLevels levels = new SplitSideLevels();
        final OutWindow out = new OutWindow(8, 1 << 16);
        int taken = 0;
        for (final String line : CoinbaseFrames.session())
        {
            // One event: the scanner leaves frames of several products to the general path.
            if (line.startsWith("{\"channel\":\"l2_data\"") && line.split("\\{\"type\":").length == 2)
            {
                final byte[] frame = bytes(line);
                final int length = scanner.decode(new org.agrona.concurrent.UnsafeBuffer(frame), 0, frame.length,
                    out.buffer(), out.offset(), out.capacity(), levels, 1L);
                assertThat(length).as(line).isPositive();
                taken++;
            }
        }
        assertThat(taken).isEqualTo(3);
    }

    /**
     * A one-event book frame exactly as Coinbase lays it out, numbers with any trailing zeros; now and then a zero
     * price or a sequence number with a redundant leading zero (both rejected by the general path: the fast one must
     * leave them to it).
     */
    private static String canonical(final SplittableRandom random, final long sequence)
    {
        final Event event = randomEvent(random, INSTRUMENTS[random.nextInt(INSTRUMENTS.length)]);
        final Instrument instrument = event.instrument();
        final StringBuilder text = new StringBuilder("{\"channel\":\"l2_data\",\"client_id\":\"\",\"timestamp\":\"")
            .append(Instant.ofEpochSecond(1_600_000_000L + random.nextInt(400_000_000), random.nextInt(1_000_000_000)))
            .append("\",\"sequence_num\":").append(random.nextInt(20) == 0 ? "0" : "").append(sequence)
            .append(",\"events\":[{\"type\":\"").append(event.isSnapshot() ? "snapshot" : "update")
            .append("\",\"product_id\":\"").append(instrument.symbol()).append("\",\"updates\":[");
        for (int i = 0; i < event.updates().size(); i++)
        {
            final Update update = event.updates().get(i);
            text.append(i == 0 ? "" : ",").append("{\"side\":\"").append(update.isBid() ? "bid" : "offer")
                .append("\",\"event_time\":\"2023-02-09T20:32:51.797349Z\",\"price_level\":\"")
                .append(decimal(random, random.nextInt(50) == 0 ? 0 : update.price(), instrument.priceScale()))
                .append("\",\"new_quantity\":\"").append(decimal(random, update.quantity(), instrument.qtyScale()))
                .append("\"}");
        }
        return text.append("]}]}").toString();
    }

    private static byte[] insertBytes(final SplittableRandom random, final byte[] frame)
    {
        final int at = random.nextInt(frame.length + 1);
        final byte[] inserted = new byte[1 + random.nextInt(16)];
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
