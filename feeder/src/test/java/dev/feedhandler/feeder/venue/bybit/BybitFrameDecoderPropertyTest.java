package dev.feedhandler.feeder.venue.bybit;

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
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.InstrumentSync;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static dev.feedhandler.feeder.TestFrames.bytes;
import static dev.feedhandler.feeder.TestFrames.frame;
import static dev.feedhandler.feeder.TestFrames.lines;
import static dev.feedhandler.feeder.TestFrames.symbols;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BybitFrameDecoder} against reference models: random Bybit messages rendered in any field order decode to
 * exactly their model; random message streams through the decoder and {@link InstrumentSync} leave the same book as
 * a naive BigDecimal book built from the text; mutated and truncated real frames never throw, never write outside the
 * output window and always end in an event, an ignored frame or a known rejection reason.
 */
class BybitFrameDecoderPropertyTest
{
    private static final int MAX_FRAME = 1 << 20;
    private static final String WHITESPACE = " \t\r\n";

    private static final Instrument[] INSTRUMENTS = {
        new Instrument(0, Venue.BYBIT, "XRPUSDT", 4, 0),
        new Instrument(1, Venue.BYBIT, "BTCUSDT", 2, 6),
        new Instrument(2, Venue.BYBIT, "BTC-27DEC24-100000-C", 1, 2),
        new Instrument(3, Venue.BYBIT, "1000PEPEUSDT", 7, 0),
        new Instrument(4, Venue.BYBIT, "TINY", 18, 18),
    };
    private static final String[] UNKNOWN_TOP_KEYS = {"cts2", "id", "x", "req_id", "conn_id", "args", "seq", "u", ""};
    private static final String[] UNKNOWN_DATA_KEYS = {"seq", "pu", "U", "bb", "topic", "type", "ts", "data", "x"};

    private final SymbolTable symbols = symbols(INSTRUMENTS);
    private final BybitFrameDecoder decoder = new BybitFrameDecoder(symbols, MAX_FRAME);

    // ---------------------------------------------------------------------------------------------------------------
    // Property 1: any rendering of a model message decodes to exactly the model
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldDecodeEveryRenderingOfARandomMessageToExactlyTheModel()
    {
        PropertyCheck.forAll("random Bybit message decodes to its model", 800, random ->
        {
            final Instrument instrument = INSTRUMENTS[random.nextInt(INSTRUMENTS.length)];
            final boolean snapshotType = random.nextInt(4) == 0;
            final long u = random.nextInt(10) == 0 ? 1 : 1 + random.nextLong(Long.MAX_VALUE - 1);
            final long ts = random.nextInt(8) > 0 ? 1_700_000_000_000L + random.nextLong(1L << 36) : BookEvent.NULL_TIME;
            final long cts = random.nextBoolean() ? 1_700_000_000_000L + random.nextLong(1L << 36) : BookEvent.NULL_TIME;
            final Decoded model = new Decoded(snapshotType || u == 1 ? BookEvent.TYPE_SNAPSHOT : BookEvent.TYPE_DIFF,
                instrument.id(), u, u, BookEvent.NULL_ID, ts, cts, random.nextLong(), randomLevels(random),
                randomLevels(random));
            final String text = render(random, model, instrument, snapshotType ? "snapshot" : "delta");
            final int levels = model.bids().size() + model.asks().size();
            final OutWindow out = new OutWindow(random.nextInt(41), BookEvent.lengthFor(levels) + random.nextInt(41));
            final Framed framed = frame(bytes(text), 1 + random.nextInt(100));

            final int result = decoder.decode(framed.buffer(), framed.offset(), framed.length(),
                out.buffer(), out.offset(), out.capacity(), model.ingressTimeNs());

            assertThat(result).as(text).isEqualTo(BookEvent.lengthFor(levels));
            assertThat(Decoded.of(out.event())).as(text).isEqualTo(model);
            assertThat(out.event().checksum()).isEqualTo(BookEvent.NULL_CHECKSUM);
            assertThat(decoder.lastInstrument()).isSameAs(instrument);
            assertThat(out.firstWriteOutside()).as(text).isEqualTo(-1);
        });
    }

    private static List<Level> randomLevels(final SplittableRandom random)
    {
        final int count = random.nextInt(6) == 0 ? 0 : random.nextInt(40);
        final List<Level> levels = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            levels.add(new Level(randomMantissa(random, false), randomMantissa(random, true)));
        }
        return levels;
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
            return 1 + random.nextLong(100_000);
        }
        if (kind < 9)
        {
            return 1 + random.nextLong(1_000_000_000_000L);
        }
        return 1 + random.nextLong(Long.MAX_VALUE);
    }

    /** The model as a Bybit frame: topic and/or s, random member order, unknown members, whitespace. */
    private static String render(
        final SplittableRandom random, final Decoded model, final Instrument instrument, final String type)
    {
        final int naming = random.nextInt(4); // 0: topic only, 1: s only, 2 and 3: both
        final List<String> data = new ArrayList<>();
        if (naming != 0)
        {
            data.add(member(random, "s", quoted(instrument.symbol())));
        }
        if (!model.bids().isEmpty() || random.nextBoolean())
        {
            data.add(member(random, "b", levels(random, model.bids(), instrument)));
        }
        if (!model.asks().isEmpty() || random.nextBoolean())
        {
            data.add(member(random, "a", levels(random, model.asks(), instrument)));
        }
        data.add(member(random, "u", Long.toString(model.lastUpdateId())));
        addUnknown(random, data, UNKNOWN_DATA_KEYS);

        final List<String> top = new ArrayList<>();
        if (naming != 1)
        {
            final int depth = new int[]{1, 50, 200, 500, 1000}[random.nextInt(5)];
            top.add(member(random, "topic", quoted("orderbook." + depth + "." + instrument.symbol())));
        }
        top.add(member(random, "type", quoted(type)));
        if (model.exchangeTimeMs() != BookEvent.NULL_TIME)
        {
            top.add(member(random, "ts", Long.toString(model.exchangeTimeMs())));
        }
        if (model.transactTimeMs() != BookEvent.NULL_TIME)
        {
            top.add(member(random, "cts", Long.toString(model.transactTimeMs())));
        }
        top.add(member(random, "data", object(random, data)));
        addUnknown(random, top, UNKNOWN_TOP_KEYS);
        return ws(random) + object(random, top) + ws(random);
    }

    private static void addUnknown(final SplittableRandom random, final List<String> members, final String[] keys)
    {
        for (int i = random.nextInt(3); i > 0; i--)
        {
            final String value = switch (random.nextInt(5))
            {
                case 0 -> Long.toString(random.nextLong());
                case 1 -> "\"x\\\"}]\"";
                case 2 -> "[\"orderbook.1.XRPUSDT\",{\"u\":1}]";
                case 3 -> "null";
                default -> "{\"s\":\"BTCUSDT\",\"b\":[[\"1\",\"2\"]]}";
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

    private static String levels(final SplittableRandom random, final List<Level> levels, final Instrument instrument)
    {
        final StringBuilder out = new StringBuilder("[").append(ws(random));
        for (int i = 0; i < levels.size(); i++)
        {
            final Level level = levels.get(i);
            out.append(i == 0 ? "" : "," + ws(random)).append('[')
                .append(quoted(decimal(random, level.price(), instrument.priceScale()))).append(',').append(ws(random))
                .append(quoted(decimal(random, level.quantity(), instrument.qtyScale()))).append(']');
        }
        return out.append(ws(random)).append(']').toString();
    }

    /** The mantissa as decimal text at its scale, with a random number of trailing zeros up to the scale. */
    private static String decimal(final SplittableRandom random, final long mantissa, final int scale)
    {
        final String digits = Long.toString(mantissa);
        if (scale == 0)
        {
            return digits;
        }
        final String padded = digits.length() <= scale ? "0".repeat(scale + 1 - digits.length()) + digits : digits;
        final String integer = padded.substring(0, padded.length() - scale);
        final String fraction = padded.substring(padded.length() - scale);
        int significant = fraction.length();
        while (significant > 0 && fraction.charAt(significant - 1) == '0')
        {
            significant--;
        }
        final int decimals = significant + random.nextInt(scale - significant + 1);
        return decimals == 0 ? integer : integer + "." + fraction.substring(0, decimals);
    }

    private static String quoted(final String text)
    {
        return "\"" + text + "\"";
    }

    private static String member(final SplittableRandom random, final String key, final String value)
    {
        return quoted(key) + ws(random) + ":" + ws(random) + value;
    }

    private static String object(final SplittableRandom random, final List<String> members)
    {
        return "{" + ws(random) + String.join(ws(random) + "," + ws(random), members) + ws(random) + "}";
    }

    private static String ws(final SplittableRandom random)
    {
        if (random.nextInt(10) < 7)
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
    // Property 2: random streams leave the same book as a naive one
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldLeaveTheSameBookAsANaiveBookAfterEveryMessageOfARandomStream()
    {
        final Instrument instrument = new Instrument(0, Venue.BYBIT, "XRPUSDT", 4, 0);
        final BybitFrameDecoder single = new BybitFrameDecoder(symbols(instrument), MAX_FRAME);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 16]);
        PropertyCheck.forAll("random Bybit stream equals the naive book", 60, random ->
        {
            final InstrumentSync sync = new InstrumentSync(instrument, new NoOpListener(), BookLimits.DEFAULT);
            sync.start();
            final List<String> lines = new ArrayList<>();
            long u = 1 + random.nextLong(1_000_000);
            lines.add(message(random, "snapshot", u, 30));
            for (int i = random.nextInt(200); i > 0; i--)
            {
                final boolean restart = random.nextInt(40) == 0;
                u = restart ? 1 : u + 1;
                lines.add(message(random, restart || random.nextInt(30) == 0 ? "snapshot" : "delta", u,
                    restart ? 30 : 6));
            }

            for (final String line : lines)
            {
                final byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                assertThat(single.decode(new UnsafeBuffer(bytes), 0, bytes.length, out, 0, out.capacity(), 0))
                    .as(line).isPositive();
                sync.onEvent(out, 0);
            }

            final BybitCaptureReplayTest.NaiveBook naive = BybitCaptureReplayTest.NaiveBook.of(lines);
            assertThat(sync.state()).isEqualTo(SyncState.LIVE);
            assertThat(sync.counters().gaps()).isZero();
            BybitCaptureReplayTest.assertSideEquals(sync.book().bids(), naive.bids);
            BybitCaptureReplayTest.assertSideEquals(sync.book().asks(), naive.asks);
        });
    }

    /**
     * Bids on ticks 1..500, asks on 501..1000 (never crossed). A delta may repeat a price (the later wins) and about a
     * third of its sizes are deletions; a snapshot, as Bybit's, lists each price once with a size. A restart
     * ({@code u == 1}) is sent as a delta or a snapshot at random: both replace the book.
     */
    private static String message(final SplittableRandom random, final String type, final long u, final int maxLevels)
    {
        final boolean snapshot = "snapshot".equals(type);
        final String sentType = u == 1 && random.nextBoolean() ? "delta" : type;
        final java.util.Set<Integer> used = new java.util.HashSet<>();
        final StringBuilder b = new StringBuilder();
        final StringBuilder a = new StringBuilder();
        for (int i = random.nextInt(maxLevels + 1); i > 0; i--)
        {
            final boolean bid = random.nextBoolean();
            final int tick = bid ? 1 + random.nextInt(500) : 501 + random.nextInt(500);
            if (snapshot && !used.add(tick))
            {
                continue;
            }
            final long qty = !snapshot && random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(100_000);
            final StringBuilder side = bid ? b : a;
            side.append(side.length() == 0 ? "" : ",").append("[\"").append(tick / 10_000).append('.')
                .append(String.format("%04d", tick % 10_000)).append("\",\"").append(qty).append("\"]");
        }
        return "{\"topic\":\"orderbook.50.XRPUSDT\",\"type\":\"" + sentType + "\",\"ts\":1,\"data\":{\"s\":\"XRPUSDT\"," +
            "\"b\":[" + b + "],\"a\":[" + a + "],\"u\":" + u + ",\"seq\":7},\"cts\":1}";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Property 3: mutated and truncated real frames
    // ---------------------------------------------------------------------------------------------------------------

    private static final List<String> CAPTURE = lines(BybitFrameDecoderTest.CAPTURE);
    private static final String[] CONTROL = {
        "{\"success\":true,\"ret_msg\":\"subscribe\",\"conn_id\":\"c1\",\"req_id\":\"1\",\"op\":\"subscribe\"}",
        "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"c1\",\"req_id\":\"\",\"op\":\"ping\"}",
        "{\"req_id\":\"9\",\"op\":\"pong\",\"args\":[\"1672916271846\"],\"conn_id\":\"c2\"}",
        "{\"success\":false,\"ret_msg\":\"error:handler not found,topic:orderbook.50.XRPUSDT\",\"op\":\"subscribe\"}",
    };
    private static final byte[] JSONISH = bytes("{}[]\",:0123456789-.eE \t\\abflnrstu");

    private final BybitFrameDecoder captureDecoder =
        new BybitFrameDecoder(symbols(BybitCaptureReplayTest.XRPUSDT), MAX_FRAME);

    @Test
    void shouldAnswerMutatedFramesWithAnEventAnIgnoreOrAKnownReason()
    {
        PropertyCheck.forAll("mutated Bybit frames", 2000, random ->
        {
            final String line = random.nextInt(4) == 0 ?
                CONTROL[random.nextInt(CONTROL.length)] : CAPTURE.get(random.nextInt(CAPTURE.size()));
            final int baseline = decode(bytes(line), OutWindow.forLevels(1000));
            assertThat(baseline).isNotEqualTo(Integer.MIN_VALUE);

            final byte[] mutated;
            switch (random.nextInt(3))
            {
                case 0:
                    mutated = flipBytes(random, bytes(line));
                    break;
                case 1:
                    mutated = insertBytes(random, bytes(line));
                    break;
                default:
                {
                    final byte[] whole = bytes(line.strip()); // the capture's lines end in CR LF
                    final byte[] cut = Arrays.copyOf(whole, random.nextInt(whole.length));
                    final OutWindow out = OutWindow.forLevels(1000);
                    assertThat(decode(cut, out)).as(new String(cut, StandardCharsets.UTF_8))
                        .isEqualTo(-DecodeReason.TRUNCATED.code());
                    assertThat(out.firstWriteOutside()).isEqualTo(-1);
                    return;
                }
            }
            checkAny(mutated, random);
            assertThat(decode(bytes(line), OutWindow.forLevels(1000))).as("the original after a mutated frame")
                .isEqualTo(baseline);
        });
    }

    private final BybitFrameDecoder generalDecoder =
        new BybitFrameDecoder(symbols(BybitCaptureReplayTest.XRPUSDT), MAX_FRAME, false);

    @Test
    void shouldDecodeRealAndMutatedFramesWithTheFastLevelsExactlyAsWithTheGeneralOnes()
    {
        PropertyCheck.forAll("Bybit fast levels == general levels", 3000, random ->
        {
            final byte[] line = bytes(CAPTURE.get(random.nextInt(CAPTURE.size())));
            final byte[] frame = switch (random.nextInt(3))
            {
                case 0 -> line;
                case 1 -> flipBytes(random, line);
                default -> insertBytes(random, line);
            };
            final String shown = new String(frame, StandardCharsets.ISO_8859_1);
            final Framed framed = frame(frame, 1 + random.nextInt(64));
            final OutWindow fastOut = OutWindow.forLevels(random.nextInt(200));
            final OutWindow generalOut = OutWindow.forLevels(fastOut.capacity() <= BookEvent.HEADER_LENGTH ? 0 :
                (fastOut.capacity() - BookEvent.HEADER_LENGTH) / BookEvent.LEVEL_LENGTH);

            final int expected = generalDecoder.decode(framed.buffer(), framed.offset(), framed.length(),
                generalOut.buffer(), generalOut.offset(), generalOut.capacity(), 3L);
            final int actual = captureDecoder.decode(framed.buffer(), framed.offset(), framed.length(),
                fastOut.buffer(), fastOut.offset(), fastOut.capacity(), 3L);

            assertThat(actual).as(shown).isEqualTo(expected);
            assertThat(captureDecoder.lastInstrument()).as(shown).isSameAs(generalDecoder.lastInstrument());
            if (expected > 0)
            {
                assertThat(Decoded.of(fastOut.event())).as(shown).isEqualTo(Decoded.of(generalOut.event()));
            }
        });
    }

    private final BybitFrameDecoder generalModelDecoder = new BybitFrameDecoder(symbols, MAX_FRAME, false);

    @Test
    void shouldDecodeCanonicalAndMutatedFramesWithTheFastPathExactlyAsWithTheGeneralOne()
    {
        final byte[] interesting = bytes("{}[]\",:0123456789.-Xs");
        PropertyCheck.forAll("Bybit fast path == general path on frames laid out as Bybit does", 3000, random ->
        {
            final byte[] clean = bytes(canonical(random));
            final byte[] frame = random.nextInt(3) == 0 ? clean : TestFrames.mutate(clean, random, interesting);
            final String shown = new String(frame, StandardCharsets.ISO_8859_1);
            final Framed framed = frame(frame, 1 + random.nextInt(64));
            final OutWindow fastOut = OutWindow.forLevels(random.nextInt(4) == 0 ? random.nextInt(10) : 100);
            final OutWindow generalOut = new OutWindow(fastOut.offset(), fastOut.capacity());

            final int expected = generalModelDecoder.decode(framed.buffer(), framed.offset(), framed.length(),
                generalOut.buffer(), generalOut.offset(), generalOut.capacity(), 3L);
            final int actual = decoder.decode(framed.buffer(), framed.offset(), framed.length(),
                fastOut.buffer(), fastOut.offset(), fastOut.capacity(), 3L);

            assertThat(actual).as(shown).isEqualTo(expected);
            assertThat(decoder.lastInstrument()).as(shown).isSameAs(generalModelDecoder.lastInstrument());
            if (expected > 0)
            {
                assertThat(Decoded.of(fastOut.event())).as(shown).isEqualTo(Decoded.of(generalOut.event()));
            }
        });
    }

    @Test
    void shouldTakeEveryCapturedBookMessageOnTheFastPath()
    {
        final BybitBookScanner scanner = new BybitBookScanner(symbols(BybitCaptureReplayTest.XRPUSDT));
        final dev.feedhandler.feeder.LevelWriter levels = new dev.feedhandler.feeder.LevelWriter();
        final OutWindow out = OutWindow.forLevels(1000);
        for (final String line : CAPTURE)
        {
            final byte[] frame = bytes(line.strip());
            final BookEvent event = new BookEvent().wrapForWrite(out.buffer(), out.offset());
            levels.begin(event, 1000);
            assertThat(scanner.decode(new UnsafeBuffer(frame), 0, frame.length, event, levels, 1L)).as(line)
                .isPositive();
        }
        assertThat(CAPTURE).hasSize(50);
    }

    /** A book message exactly as Bybit lays it out; sometimes with a u of 1, a big id or an s naming another. */
    private static String canonical(final SplittableRandom random)
    {
        final Instrument instrument = INSTRUMENTS[random.nextInt(INSTRUMENTS.length)];
        final Instrument named = random.nextInt(10) == 0 ? INSTRUMENTS[random.nextInt(INSTRUMENTS.length)] : instrument;
        final long u = random.nextInt(10) == 0 ? random.nextInt(3) : 1 + random.nextLong(Long.MAX_VALUE - 1);
        return "{\"topic\":\"orderbook." + new int[]{1, 50, 200, 500}[random.nextInt(4)] + "." + instrument.symbol() +
            "\",\"type\":\"" + (random.nextInt(4) == 0 ? "snapshot" : "delta") + "\",\"ts\":" +
            (1_700_000_000_000L + random.nextLong(1L << 36)) + ",\"data\":{\"s\":\"" + named.symbol() + "\",\"b\":" +
            canonicalLevels(random, randomLevels(random), instrument) + ",\"a\":" +
            canonicalLevels(random, randomLevels(random), instrument) + ",\"u\":" + u + ",\"seq\":" +
            random.nextLong(1L << 40) + "},\"cts\":" + (1_700_000_000_000L + random.nextLong(1L << 36)) + "}";
    }

    private static String canonicalLevels(
        final SplittableRandom random, final List<Level> levels, final Instrument instrument)
    {
        final StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < levels.size(); i++)
        {
            final Level level = levels.get(i);
            out.append(i == 0 ? "" : ",").append('[')
                .append(quoted(decimal(random, level.price(), instrument.priceScale()))).append(',')
                .append(quoted(decimal(random, level.quantity(), instrument.qtyScale()))).append(']');
        }
        return out.append(']').toString();
    }

    private void checkAny(final byte[] mutated, final SplittableRandom random)
    {
        final String shown = new String(mutated, StandardCharsets.ISO_8859_1);
        final OutWindow out = new OutWindow(random.nextInt(33),
            BookEvent.lengthFor(random.nextInt(1100)) + random.nextInt(BookEvent.LEVEL_LENGTH));
        final Framed framed = frame(mutated, 1 + random.nextInt(64));

        final int result = captureDecoder.decode(framed.buffer(), framed.offset(), framed.length(),
            out.buffer(), out.offset(), out.capacity(), 1L);

        assertThat(out.firstWriteOutside()).as("first byte written outside the window").isEqualTo(-1);
        if (result > 0)
        {
            final BookEvent event = out.event();
            assertThat(result).isLessThanOrEqualTo(out.capacity())
                .isEqualTo(BookEvent.lengthFor(event.bidCount() + event.askCount()));
            assertThat(event.type()).isIn(BookEvent.TYPE_DIFF, BookEvent.TYPE_SNAPSHOT);
            assertThat(event.instrumentId()).isEqualTo(BybitCaptureReplayTest.XRPUSDT.id());
            assertThat(event.lastUpdateId()).isEqualTo(event.firstUpdateId()).isPositive();
            assertThat(captureDecoder.lastInstrument()).isSameAs(BybitCaptureReplayTest.XRPUSDT);
        }
        else if (result < 0)
        {
            final DecodeReason reason = DecodeReason.fromResult(result);
            assertThat(reason).as(shown.length() > 300 ? shown.substring(0, 300) : shown)
                .isNotIn(DecodeReason.NON_CANONICAL_NUMBER, DecodeReason.CONNECTION_GAP);
        }
    }

    private int decode(final byte[] frame, final OutWindow out)
    {
        final Framed framed = frame(frame, 7);
        return captureDecoder.decode(framed.buffer(), framed.offset(), framed.length(),
            out.buffer(), out.offset(), out.capacity(), 5L);
    }

    private static byte[] flipBytes(final SplittableRandom random, final byte[] frame)
    {
        for (int i = 1 + random.nextInt(4); i > 0; i--)
        {
            frame[random.nextInt(frame.length)] = randomByte(random);
        }
        return frame;
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

    private static final class NoOpListener implements SyncListener
    {
        public void onStateChange(final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
        {
        }

        public void onSnapshotRequest(final int instrumentId, final SyncReason reason)
        {
        }

        public void onBookUpdated(final OrderBook book, final BookEvent event)
        {
        }
    }
}
