package dev.feedhandler.feeder.binance;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.SymbolTable;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static dev.feedhandler.feeder.TestFrames.NKNUSDT;
import static dev.feedhandler.feeder.TestFrames.SPOT_FRAMES;
import static dev.feedhandler.feeder.TestFrames.SUSHIUSDT;
import static dev.feedhandler.feeder.TestFrames.USDM_FRAMES;
import static dev.feedhandler.feeder.TestFrames.bytes;
import static dev.feedhandler.feeder.TestFrames.frame;
import static dev.feedhandler.feeder.TestFrames.lines;
import static dev.feedhandler.feeder.TestFrames.symbols;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BinanceStreamDecoder} against a reference model: random depth updates rendered to JSON in every way Binance
 * may send them decode to exactly the model; mutated real frames never throw, never write outside the output window
 * and always end in a valid event, an ignored frame or a known rejection reason.
 */
class BinanceStreamDecoderPropertyTest
{
    private static final int MAX_FRAME = 1 << 20;
    private static final String WHITESPACE = " \t\r\n";

    static final Instrument[] SPOT_INSTRUMENTS = {
        new Instrument(0, Venue.BINANCE_SPOT, "NKNUSDT", 8, 8),
        new Instrument(1, Venue.BINANCE_SPOT, "BTCUSDT", 2, 5),
        new Instrument(2, Venue.BINANCE_SPOT, "ETHBTC", 6, 4),
        new Instrument(3, Venue.BINANCE_SPOT, "SHIBUSDT", 8, 0),
        new Instrument(4, Venue.BINANCE_SPOT, "X", 0, 0),
        new Instrument(5, Venue.BINANCE_SPOT, "TINYTINYTINY", 18, 18),
    };
    static final Instrument[] USDM_INSTRUMENTS = {
        new Instrument(10, Venue.BINANCE_USDM, "SUSHIUSDT", 4, 0),
        new Instrument(11, Venue.BINANCE_USDM, "BTCUSDT", 1, 3),
        new Instrument(12, Venue.BINANCE_USDM, "1000SHIBUSDT", 6, 0),
        new Instrument(13, Venue.BINANCE_USDM, "ETHUSDT", 12, 18),
    };

    /** Keys no decoder level knows: safe as unknown fields in the envelope and in the event. */
    private static final String[] UNKNOWN_KEYS = {
        "X", "id", "k", "m", "M", "t", "p", "q", "S", "bb", "uu", "e2", "lastUpdateId", "stream", "result", "",
        "\u00fc", "k\\\"ey", "Ua", "aU",
    };
    /** Keys nested inside unknown values: known names there must be skipped with the value. */
    private static final String[] NESTED_KEYS = {"s", "b", "a", "U", "u", "e", "data", "x", "B"};
    private static final String[] STRING_PIECES = {
        "a", "Z", "\\\"", "\\\\", "\\/", "\\n", "\\u00e9", "}", "]", "{", "[", ",", ":", "\u00e9", " ", "0.1", "\\\"}",
    };
    private static final String[] NUMBERS = {"0", "-1", "42", "12345678901234567890123", "1.5e-7", "-0.0E+3", "3.25"};

    private final SymbolTable spotSymbols = symbols(SPOT_INSTRUMENTS);
    private final SymbolTable usdmSymbols = symbols(USDM_INSTRUMENTS);
    private final BinanceStreamDecoder spot = new BinanceStreamDecoder(Venue.BINANCE_SPOT, spotSymbols, MAX_FRAME);
    private final BinanceStreamDecoder usdm = new BinanceStreamDecoder(Venue.BINANCE_USDM, usdmSymbols, MAX_FRAME);

    // ---------------------------------------------------------------------------------------------------------------
    // Property 1: any rendering of a model depth update decodes to exactly the model
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldDecodeEveryRenderingOfARandomDepthUpdateToExactlyTheModel()
    {
        PropertyCheck.forAll("random depthUpdate decodes to its model", 600, random ->
        {
            final boolean isSpot = random.nextBoolean();
            final Instrument[] instruments = isSpot ? SPOT_INSTRUMENTS : USDM_INSTRUMENTS;
            final Instrument instrument = instruments[random.nextInt(instruments.length)];
            final Decoded model = randomModel(random, instrument, !isSpot);
            final String text = render(random, model, instrument);
            final BinanceStreamDecoder decoder = isSpot ? spot : usdm;
            final int levels = model.bids().size() + model.asks().size();
            final OutWindow out = new OutWindow(random.nextInt(41), BookEvent.lengthFor(levels) + random.nextInt(41));
            final Framed framed = frame(bytes(text), 1 + random.nextInt(100));

            final int result = decoder.decode(framed.buffer(), framed.offset(), framed.length(),
                out.buffer(), out.offset(), out.capacity(), model.ingressTimeNs());

            assertThat(result).as(text).isEqualTo(BookEvent.lengthFor(levels));
            assertThat(Decoded.of(out.event())).as(text).isEqualTo(model);
            assertThat(out.event().flags() & ~BookEvent.FLAG_ASKS_FIRST).as(text).isZero();
            assertThat(decoder.lastInstrument()).isSameAs(instrument);
            assertThat(out.firstWriteOutside()).as(text).isEqualTo(-1);
        });
    }

    private static Decoded randomModel(final SplittableRandom random, final Instrument instrument, final boolean isUsdm)
    {
        final long first = random.nextBoolean() ? random.nextLong(0, 1_000_000) : random.nextLong(0, Long.MAX_VALUE);
        final long last = random.nextBoolean() ?
            (first > Long.MAX_VALUE - 10_000 ? first : first + random.nextLong(0, 10_000)) :
            random.nextLong(first, Long.MAX_VALUE);
        final long prev = isUsdm || random.nextInt(5) == 0 ?
            (random.nextBoolean() ? first - 1 : random.nextLong()) : BookEvent.NULL_ID;
        final long eventTime = random.nextInt(10) > 0 ? randomTime(random) : BookEvent.NULL_TIME;
        final long transactTime = (isUsdm ? random.nextInt(10) > 0 : random.nextInt(5) == 0) ?
            randomTime(random) : BookEvent.NULL_TIME;
        return new Decoded(BookEvent.TYPE_DIFF, instrument.id(), first, last, prev, eventTime, transactTime,
            random.nextLong(), randomLevels(random), randomLevels(random));
    }

    private static long randomTime(final SplittableRandom random)
    {
        return random.nextBoolean() ? 1_600_000_000_000L + random.nextLong(100_000_000_000L) : random.nextLong(0, Long.MAX_VALUE);
    }

    private static List<Level> randomLevels(final SplittableRandom random)
    {
        final int count = random.nextInt(8) == 0 ? 0 : random.nextInt(51);
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
        if (kind < 5)
        {
            return 1 + random.nextLong(1000);
        }
        if (kind < 8)
        {
            return 1 + random.nextLong(1_000_000_000_000L);
        }
        if (kind == 8)
        {
            return 1 + random.nextLong(Long.MAX_VALUE);
        }
        return (1 + random.nextInt(9)) * FixedPoint.pow10(random.nextInt(FixedPoint.MAX_SCALE + 1));
    }

    /** The model as a Binance frame: random field order, unknown fields, whitespace, level shape, envelope. */
    private static String render(final SplittableRandom random, final Decoded model, final Instrument instrument)
    {
        final List<String> members = new ArrayList<>();
        if (random.nextInt(5) > 0)
        {
            members.add(member(random, "e", "\"depthUpdate\""));
        }
        if (model.exchangeTimeMs() != BookEvent.NULL_TIME)
        {
            members.add(member(random, "E", Long.toString(model.exchangeTimeMs())));
        }
        if (model.transactTimeMs() != BookEvent.NULL_TIME)
        {
            members.add(member(random, "T", Long.toString(model.transactTimeMs())));
        }
        members.add(member(random, "s", "\"" + instrument.symbol() + "\""));
        members.add(member(random, "U", Long.toString(model.firstUpdateId())));
        members.add(member(random, "u", Long.toString(model.lastUpdateId())));
        if (model.prevUpdateId() != BookEvent.NULL_ID)
        {
            members.add(member(random, "pu", Long.toString(model.prevUpdateId())));
        }
        members.add(member(random, "b", renderLevels(random, model.bids(), instrument)));
        members.add(member(random, "a", renderLevels(random, model.asks(), instrument)));
        addUnknownMembers(random, members);
        final String event = object(random, members);
        if (random.nextBoolean())
        {
            return ws(random) + event + ws(random);
        }
        final List<String> envelope = new ArrayList<>();
        envelope.add(member(random, "stream", "\"" + instrument.symbol().toLowerCase(Locale.ROOT) + "@depth@100ms\""));
        envelope.add(member(random, "data", event));
        addUnknownMembers(random, envelope);
        return ws(random) + object(random, envelope) + ws(random);
    }

    private static void addUnknownMembers(final SplittableRandom random, final List<String> members)
    {
        for (int i = random.nextInt(4); i > 0; i--)
        {
            members.add(member(random, UNKNOWN_KEYS[random.nextInt(UNKNOWN_KEYS.length)], randomValue(random, 3)));
        }
        shuffle(random, members);
    }

    private static String renderLevels(final SplittableRandom random, final List<Level> levels, final Instrument instrument)
    {
        final StringBuilder out = new StringBuilder("[").append(ws(random));
        for (int i = 0; i < levels.size(); i++)
        {
            final Level level = levels.get(i);
            out.append(i == 0 ? "" : ws(random) + "," + ws(random))
                .append('[').append(ws(random))
                .append('"').append(decimal(random, level.price(), instrument.priceScale())).append('"')
                .append(ws(random)).append(',').append(ws(random))
                .append('"').append(decimal(random, level.quantity(), instrument.qtyScale())).append('"');
            if (random.nextInt(10) == 0)
            {
                out.append(ws(random)).append(',').append(ws(random)).append(random.nextBoolean() ? "[]" : randomValue(random, 2));
            }
            out.append(ws(random)).append(']');
        }
        return out.append(ws(random)).append(']').toString();
    }

    /** The mantissa as decimal text at its scale, with a random number of trailing zeros up to the scale. */
    static String decimal(final SplittableRandom random, final long mantissa, final int scale)
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

    private static String randomValue(final SplittableRandom random, final int depth)
    {
        final int kind = random.nextInt(depth > 0 ? 8 : 6);
        switch (kind)
        {
            case 0:
            case 1:
            {
                final StringBuilder s = new StringBuilder("\"");
                for (int i = random.nextInt(6); i > 0; i--)
                {
                    s.append(STRING_PIECES[random.nextInt(STRING_PIECES.length)]);
                }
                return s.append('"').toString();
            }
            case 2:
                return NUMBERS[random.nextInt(NUMBERS.length)];
            case 3:
                return "true";
            case 4:
                return "false";
            case 5:
                return "null";
            case 6:
            {
                final List<String> elements = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--)
                {
                    elements.add(randomValue(random, depth - 1));
                }
                return "[" + ws(random) + String.join(ws(random) + "," + ws(random), elements) + ws(random) + "]";
            }
            default:
            {
                final List<String> members = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--)
                {
                    members.add(member(random, NESTED_KEYS[random.nextInt(NESTED_KEYS.length)],
                        randomValue(random, depth - 1)));
                }
                return object(random, members);
            }
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

    private static void shuffle(final SplittableRandom random, final List<String> list)
    {
        for (int i = list.size() - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final String t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Property 2: mutated real frames
    // ---------------------------------------------------------------------------------------------------------------

    private static final List<String> SPOT_LINES = lines(SPOT_FRAMES);
    private static final List<String> USDM_LINES = lines(USDM_FRAMES);
    private static final byte[] JSONISH = bytes("{}[]\",:0123456789-.eE \t\\abflnrstu");

    private final BinanceStreamDecoder singleSpot =
        new BinanceStreamDecoder(Venue.BINANCE_SPOT, symbols(NKNUSDT), MAX_FRAME);
    private final BinanceStreamDecoder singleUsdm =
        new BinanceStreamDecoder(Venue.BINANCE_USDM, symbols(SUSHIUSDT), MAX_FRAME);

    /** What the decoder made of a frame. */
    private record Outcome(int result, Decoded event)
    {
    }

    @Test
    void shouldAnswerMutatedCapturedFramesWithAnEventAnIgnoreOrAKnownReason()
    {
        PropertyCheck.forAll("mutated captured frames", 3000, random ->
        {
            final boolean isSpot = random.nextBoolean();
            final List<String> lines = isSpot ? SPOT_LINES : USDM_LINES;
            final BinanceStreamDecoder decoder = isSpot ? singleSpot : singleUsdm;
            final Instrument instrument = isSpot ? NKNUSDT : SUSHIUSDT;
            final String line = lines.get(random.nextInt(lines.size()));
            final Outcome baseline = decode(decoder, bytes(line), OutWindow.forLevels(200));
            assertThat(baseline.result()).as(line).isGreaterThanOrEqualTo(0);

            switch (random.nextInt(4))
            {
                case 0:
                    checkAny(decoder, instrument, flipBytes(random, bytes(line)), random);
                    break;
                case 1:
                    checkAny(decoder, instrument, insertBytes(random, bytes(line)), random);
                    break;
                case 2:
                    checkTruncated(decoder, line, baseline, random);
                    break;
                default:
                    checkDuplicatedMember(decoder, line, baseline, random);
                    break;
            }

            final Outcome again = decode(decoder, bytes(line), OutWindow.forLevels(200));
            assertThat(again).as("the original frame after a mutated one: " + line).isEqualTo(baseline);
        });
    }

    private static void checkAny(
        final BinanceStreamDecoder decoder, final Instrument instrument, final byte[] mutated, final SplittableRandom random)
    {
        final String shown = new String(mutated, StandardCharsets.ISO_8859_1);
        final OutWindow out = new OutWindow(random.nextInt(33),
            BookEvent.lengthFor(random.nextInt(60)) + random.nextInt(BookEvent.LEVEL_LENGTH));
        final Framed framed = frame(mutated, 1 + random.nextInt(64));

        final int result = decoder.decode(framed.buffer(), framed.offset(), framed.length(),
            out.buffer(), out.offset(), out.capacity(), 1L);

        assertThat(out.firstWriteOutside()).as("first byte written outside the window for " + shown).isEqualTo(-1);
        if (result > 0)
        {
            final BookEvent event = out.event();
            assertThat(result).as(shown).isLessThanOrEqualTo(out.capacity())
                .isEqualTo(BookEvent.lengthFor(event.bidCount() + event.askCount()));
            assertThat(event.type()).as(shown).isIn(BookEvent.TYPE_DIFF, BookEvent.TYPE_TOP_OF_BOOK);
            assertThat(event.instrumentId()).as(shown).isEqualTo(instrument.id());
            assertThat(decoder.lastInstrument()).as(shown).isSameAs(instrument);
        }
        else if (result < 0)
        {
            assertThat(DecodeReason.fromResult(result)).as(shown).isNotEqualTo(DecodeReason.VENUE_ERROR);
        }
    }

    private static void checkTruncated(
        final BinanceStreamDecoder decoder, final String line, final Outcome baseline, final SplittableRandom random)
    {
        final byte[] whole = bytes(line);
        final byte[] cut = Arrays.copyOf(whole, random.nextInt(whole.length));
        final OutWindow out = OutWindow.forLevels(200);

        final Outcome outcome = decode(decoder, cut, out);

        final String shown = new String(cut, StandardCharsets.UTF_8);
        if (baseline.result() > 0)
        {
            assertThat(outcome.result()).as(shown).isEqualTo(-DecodeReason.TRUNCATED.code());
        }
        else
        {
            assertThat(outcome.result()).as(shown).isIn(0, -DecodeReason.TRUNCATED.code());
        }
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    private static void checkDuplicatedMember(
        final BinanceStreamDecoder decoder, final String line, final Outcome baseline, final SplittableRandom random)
    {
        final int dataOpen = line.indexOf("\"data\":") + "\"data\":".length();
        final boolean inEnvelope = random.nextInt(3) == 0;
        final List<int[]> members = members(line, inEnvelope ? 0 : dataOpen);
        final int[] member = members.get(random.nextInt(members.size()));
        final String copy = line.substring(member[0], member[1]);
        final String mutated = line.substring(0, member[1]) + "," + copy + line.substring(member[1]);
        final OutWindow out = OutWindow.forLevels(200);

        final Outcome outcome = decode(decoder, bytes(mutated), out);

        if (baseline.result() == 0)
        {
            assertThat(outcome.result()).as(mutated).isZero();
        }
        else if (copy.startsWith("\"stream\""))
        {
            assertThat(outcome).as(mutated).isEqualTo(baseline);
        }
        else
        {
            assertThat(outcome.result()).as(mutated).isEqualTo(-DecodeReason.DUPLICATE_FIELD.code());
        }
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    /** {start, end} of each member of the object whose '{' is at {@code open}; the text must be compact JSON. */
    static List<int[]> members(final String json, final int open)
    {
        assertThat(json.charAt(open)).isEqualTo('{');
        final List<int[]> members = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        int start = open + 1;
        for (int i = open + 1; i < json.length(); i++)
        {
            final char c = json.charAt(i);
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '{' || c == '[')
            {
                depth++;
            }
            else if (depth > 0 && (c == '}' || c == ']'))
            {
                depth--;
            }
            else if (depth == 0 && (c == ',' || c == '}'))
            {
                members.add(new int[]{start, i});
                start = i + 1;
                if (c == '}')
                {
                    return members;
                }
            }
        }
        throw new AssertionError("unbalanced object at " + open + " in " + json);
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

    private static Outcome decode(final BinanceStreamDecoder decoder, final byte[] frame, final OutWindow out)
    {
        final Framed framed = frame(frame, 7);
        final int result = decoder.decode(framed.buffer(), framed.offset(), framed.length(),
            out.buffer(), out.offset(), out.capacity(), 5L);
        return new Outcome(result, result > 0 ? Decoded.of(out.event()) : null);
    }
}
