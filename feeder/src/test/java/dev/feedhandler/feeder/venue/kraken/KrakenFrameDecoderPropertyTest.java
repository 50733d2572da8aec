package dev.feedhandler.feeder.venue.kraken;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.TestFrames;
import dev.feedhandler.feeder.TestFrames.Framed;
import dev.feedhandler.feeder.TestFrames.Level;
import dev.feedhandler.feeder.TestFrames.OutWindow;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static dev.feedhandler.feeder.TestFrames.asks;
import static dev.feedhandler.feeder.TestFrames.bids;
import static dev.feedhandler.feeder.TestFrames.frame;
import static dev.feedhandler.feeder.TestFrames.lines;
import static dev.feedhandler.feeder.TestFrames.symbols;
import static dev.feedhandler.feeder.venue.kraken.KrakenFrameDecoderTest.CAPTURE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KrakenFrameDecoder} against a naive model: random book messages rendered in every way Kraken may write
 * them (number spellings, member order, unknown members, whitespace, several entries) decode to exactly the model;
 * mutated and truncated frames never throw, never write outside the output window, and always end in whole events,
 * nothing, or a known rejection reason.
 */
class KrakenFrameDecoderPropertyTest
{
    private static final int MAX_FRAME = 1 << 20;
    private static final String WHITESPACE = " \t\r\n";

    private static final Instrument[] INSTRUMENTS = {
        new Instrument(0, Venue.KRAKEN, "BTC/USD", "BTC-USD", 1, 8, 10),
        new Instrument(1, Venue.KRAKEN, "ETH/USD", "ETH-USD", 2, 8, 10),
        new Instrument(2, Venue.KRAKEN, "SHIB/USD", "SHIB-USD", 8, 0, 25),
        new Instrument(3, Venue.KRAKEN, "X/Y", "X-Y", 0, 18, 100),
    };
    private static final String[] UNKNOWN_MEMBERS = {
        "\"timestamp\":\"2023-07-30T15:29:58.343415Z\"", "\"x\":null", "\"n\":-1.5e-300", "\"o\":{\"symbol\":1}",
        "\"a\":[[],{},\"]\"]", "\"price\":\"x\"", "\"t\":true", "\"big\":123456789012345678901234567890",
    };

    private final KrakenFrameDecoder decoder = new KrakenFrameDecoder(symbols(INSTRUMENTS), MAX_FRAME);

    /** What one data entry should decode to. */
    record Entry(Instrument instrument, List<Level> bids, List<Level> asks, long checksum)
    {
    }

    @Test
    void shouldDecodeEveryRenderingOfRandomBookMessagesToExactlyTheModel()
    {
        PropertyCheck.forAll("random Kraken book message decodes to its model", 500, random ->
        {
            final short type = random.nextBoolean() ? BookEvent.TYPE_SNAPSHOT : BookEvent.TYPE_DIFF;
            final List<Entry> entries = new ArrayList<>();
            final int entryCount = random.nextInt(4) == 0 ? random.nextInt(2, 5) : 1;
            int levelCount = 0;
            for (int i = 0; i < entryCount; i++)
            {
                final Entry entry = randomEntry(random);
                entries.add(entry);
                levelCount += entry.bids().size() + entry.asks().size();
            }
            final String text = render(random, type, entries);
            final int expectedLength = entryCount * BookEvent.HEADER_LENGTH + levelCount * BookEvent.LEVEL_LENGTH;
            final OutWindow out = new OutWindow(8 + random.nextInt(8), expectedLength + random.nextInt(3) * 8);

            final int result = decode(text, out);

            assertThat(result).as(text).isEqualTo(expectedLength);
            assertThat(out.firstWriteOutside()).isEqualTo(-1);
            final List<BookEvent> events = KrakenFrameDecoderTest.events(out, result);
            assertThat(events).hasSize(entryCount);
            for (int i = 0; i < entryCount; i++)
            {
                final BookEvent event = events.get(i);
                final Entry entry = entries.get(i);
                assertThat(event.type()).isEqualTo(type);
                assertThat(event.instrumentId()).isEqualTo(entry.instrument().id());
                assertThat(bids(event)).as(text).isEqualTo(entry.bids());
                assertThat(asks(event)).as(text).isEqualTo(entry.asks());
                assertThat(event.checksum()).isEqualTo(entry.checksum());
                assertThat(event.lastUpdateId()).isEqualTo(BookEvent.NULL_ID);
            }
            assertThat(decoder.lastInstrument()).isSameAs(entries.get(entryCount - 1).instrument());
        });
    }

    @Test
    void shouldNeverThrowOnMutatedOrTruncatedFramesAndAlwaysAnswerWithinTheContract()
    {
        final List<String> seeds = new ArrayList<>(lines(CAPTURE).subList(0, 40));
        seeds.add("{\"channel\":\"status\",\"data\":[{\"api_version\":\"v2\",\"connection_id\":18446744073709551615," +
            "\"system\":\"online\",\"version\":\"2.0.0\"}],\"type\":\"update\"}");
        seeds.add("{\"method\":\"subscribe\",\"success\":false,\"symbol\":\"BTC/USD\",\"error\":\"x\"}");
        seeds.add("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"ETH/USD\",\"bids\":[]," +
            "\"asks\":[{\"price\":1850.25,\"qty\":0E-8}],\"checksum\":1},{\"symbol\":\"BTC/USD\",\"bids\":" +
            "[{\"price\":1.5,\"qty\":2}],\"asks\":[],\"checksum\":2}]}");
        final byte[] interesting = "{}[]:,\"\\0123456789.eE-+ tfn".getBytes(StandardCharsets.US_ASCII);

        PropertyCheck.forAll("mutated Kraken frames never break the decoder contract", 3000, random ->
        {
            final byte[] original = seeds.get(random.nextInt(seeds.size())).getBytes(StandardCharsets.UTF_8);
            final byte[] mutated = mutate(random, original, interesting);
            final OutWindow out = new OutWindow(3 + random.nextInt(16), random.nextInt(BookEvent.lengthFor(40)));

            final Framed framed = frame(mutated, 1 + random.nextInt(40));
            final int result = decoder.decode(framed.buffer(), framed.offset(), framed.length(), out.buffer(),
                out.offset(), out.capacity(), 1L);

            final String text = new String(mutated, StandardCharsets.UTF_8);
            assertThat(out.firstWriteOutside()).as(text).isEqualTo(-1);
            if (result < 0)
            {
                assertThat(DecodeReason.fromResult(result)).as(text).isNotNull();
            }
            else if (result > 0)
            {
                assertThat(result).as(text).isLessThanOrEqualTo(out.capacity());
                final List<BookEvent> events = KrakenFrameDecoderTest.events(out, result);
                assertThat(events).as(text).allMatch(e -> e.type() == BookEvent.TYPE_SNAPSHOT ||
                    e.type() == BookEvent.TYPE_DIFF);
            }
        });
    }

    private final KrakenFrameDecoder generalDecoder = new KrakenFrameDecoder(symbols(INSTRUMENTS), MAX_FRAME, false);

    @Test
    void shouldDecodeCapturedCanonicalAndMutatedFramesWithTheFastPathExactlyAsWithTheGeneralOne()
    {
        final List<String> captured = lines(CAPTURE);
        final byte[] interesting = "{}[]:,\"\\0123456789.eE-+ tfn".getBytes(StandardCharsets.US_ASCII);
        PropertyCheck.forAll("Kraken fast path == general path", 5000, random ->
        {
            final byte[] clean = random.nextBoolean() ?
                captured.get(random.nextInt(captured.size())).strip().getBytes(StandardCharsets.UTF_8) :
                canonical(random).getBytes(StandardCharsets.UTF_8);
            final byte[] frame = random.nextInt(3) == 0 ? clean : mutate(random, clean, interesting);
            final String text = new String(frame, StandardCharsets.ISO_8859_1);
            final int capacity =
                random.nextInt(4) == 0 ? random.nextInt(BookEvent.lengthFor(12)) : BookEvent.lengthFor(40);
            final OutWindow fastOut = new OutWindow(8, capacity);
            final OutWindow generalOut = new OutWindow(8, capacity);
            final Framed framed = frame(frame, 1 + random.nextInt(40));

            TestFrames.assertSameDecoding(decoder, fastOut, generalDecoder, generalOut, framed, text);
        });
    }

    @Test
    void shouldTakeEveryCapturedBookMessageOnTheFastPath()
    {
        final KrakenBookScanner scanner = new KrakenBookScanner(symbols(INSTRUMENTS));
        final dev.feedhandler.feeder.LevelWriter levels = new dev.feedhandler.feeder.LevelWriter();
        final OutWindow out = new OutWindow(8, BookEvent.lengthFor(40));
        int taken = 0;
        for (final String line : lines(CAPTURE))
        {
            final byte[] frame = line.strip().getBytes(StandardCharsets.UTF_8);
            final BookEvent event = new BookEvent().wrapForWrite(out.buffer(), out.offset());
            levels.begin(event, 40);
            final int length = scanner.decode(new org.agrona.concurrent.UnsafeBuffer(frame), 0, frame.length, event,
                levels, 1L);
            assertThat(length).as(line).isPositive();
            taken++;
        }
        assertThat(taken).isEqualTo(510);
    }

    /** A book message exactly as Kraken lays it out, numbers in any JSON spelling (so some take the general path). */
    private static String canonical(final SplittableRandom random)
    {
        final Entry entry = randomEntry(random);
        final Instrument instrument = entry.instrument();
        return "{\"channel\":\"book\",\"type\":\"" + (random.nextBoolean() ? "update" : "snapshot") +
            "\",\"data\":[{\"symbol\":\"" + instrument.symbol() + "\",\"bids\":" +
            canonicalLevels(random, entry.bids(), instrument) + ",\"asks\":" +
            canonicalLevels(random, entry.asks(), instrument) + ",\"checksum\":" +
            (random.nextInt(10) == 0 ? 0x1_0000_0000L + random.nextInt(2) : entry.checksum()) +
            (random.nextBoolean() ? ",\"timestamp\":\"2023-07-30T15:30:01.6" + random.nextInt(100_000) + "Z\"" : "") +
            "}]}";
    }

    private static String canonicalLevels(
        final SplittableRandom random, final List<Level> levels, final Instrument instrument)
    {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < levels.size(); i++)
        {
            final Level level = levels.get(i);
            text.append(i == 0 ? "" : ",").append("{\"price\":")
                .append(random.nextInt(4) == 0 ? number(random, level.price(), instrument.priceScale()) :
                    BigDecimal.valueOf(level.price(), instrument.priceScale()).toPlainString())
                .append(",\"qty\":")
                .append(random.nextInt(4) == 0 ? number(random, level.quantity(), instrument.qtyScale()) :
                    BigDecimal.valueOf(level.quantity(), instrument.qtyScale()).toPlainString())
                .append('}');
        }
        return text.append(']').toString();
    }

    private static byte[] mutate(final SplittableRandom random, final byte[] original, final byte[] interesting)
    {
        byte[] bytes = original.clone();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++)
        {
            if (bytes.length == 0)
            {
                break;
            }
            final int at = random.nextInt(bytes.length);
            switch (random.nextInt(5))
            {
                case 0: // truncate
                    bytes = java.util.Arrays.copyOf(bytes, at);
                    break;
                case 1: // replace with a byte that matters to JSON
                    bytes[at] = interesting[random.nextInt(interesting.length)];
                    break;
                case 2: // any byte at all
                    bytes[at] = (byte)random.nextInt(256);
                    break;
                case 3: // delete one byte
                {
                    final byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                    break;
                }
                default: // repeat a stretch
                {
                    final int length = Math.min(bytes.length - at, 1 + random.nextInt(30));
                    final byte[] longer = new byte[bytes.length + length];
                    System.arraycopy(bytes, 0, longer, 0, at + length);
                    System.arraycopy(bytes, at, longer, at + length, bytes.length - at);
                    bytes = longer;
                    break;
                }
            }
        }
        return bytes;
    }

    private static Entry randomEntry(final SplittableRandom random)
    {
        final Instrument instrument = INSTRUMENTS[random.nextInt(INSTRUMENTS.length)];
        return new Entry(instrument, randomLevels(random, instrument), randomLevels(random, instrument),
            random.nextInt(8) == 0 ? 0xFFFF_FFFFL : random.nextLong(0x1_0000_0000L));
    }

    private static List<Level> randomLevels(final SplittableRandom random, final Instrument instrument)
    {
        final List<Level> levels = new ArrayList<>();
        for (int i = 0, n = random.nextInt(12); i < n; i++)
        {
            final long price = 1 + random.nextLong(random.nextBoolean() ? 1_000_000L : Long.MAX_VALUE / 1000);
            final long qtyBound = random.nextBoolean() ? 1000L : Long.MAX_VALUE;
            final long qty = random.nextInt(4) == 0 ? 0 : random.nextLong(qtyBound);
            levels.add(new Level(price, qty));
        }
        if (!levels.isEmpty() && random.nextInt(5) == 0)
        {
            levels.add(new Level(levels.get(0).price(), random.nextLong(1000))); // a repeated price: order kept
        }
        return levels;
    }

    private static String render(final SplittableRandom random, final short type, final List<Entry> entries)
    {
        final StringBuilder data = new StringBuilder("[");
        for (int i = 0; i < entries.size(); i++)
        {
            data.append(i == 0 ? "" : ",").append(renderEntry(random, entries.get(i)));
        }
        data.append(']');
        final List<String> members = new ArrayList<>(List.of(
            "\"channel\":\"book\"",
            "\"type\":\"" + (type == BookEvent.TYPE_SNAPSHOT ? "snapshot" : "update") + "\"",
            "\"data\":" + data));
        addUnknownMembers(random, members);
        return object(random, members);
    }

    private static String renderEntry(final SplittableRandom random, final Entry entry)
    {
        final Instrument instrument = entry.instrument();
        final List<String> members = new ArrayList<>(List.of(
            "\"symbol\":\"" + instrument.symbol() + "\"",
            "\"bids\":" + renderLevels(random, entry.bids(), instrument),
            "\"asks\":" + renderLevels(random, entry.asks(), instrument),
            "\"checksum\":" + entry.checksum()));
        addUnknownMembers(random, members);
        return object(random, members);
    }

    private static String renderLevels(
        final SplittableRandom random, final List<Level> levels, final Instrument instrument)
    {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < levels.size(); i++)
        {
            final Level level = levels.get(i);
            final List<String> members = new ArrayList<>(List.of(
                "\"price\":" + number(random, level.price(), instrument.priceScale()),
                "\"qty\":" + number(random, level.quantity(), instrument.qtyScale())));
            if (random.nextInt(8) == 0)
            {
                members.add("\"extra\":" + number(random, random.nextLong(1000), 3));
            }
            text.append(i == 0 ? "" : ",").append(object(random, members));
        }
        return text.append(']').toString();
    }

    /** A mantissa at a scale in one of the spellings a JSON encoder may choose; all exact at the scale. */
    static String number(final SplittableRandom random, final long mantissa, final int scale)
    {
        final BigDecimal value = BigDecimal.valueOf(mantissa, scale);
        switch (random.nextInt(6))
        {
            case 0:
                return value.toPlainString();
            case 1:
                return value.stripTrailingZeros().toPlainString();
            case 2:
                return value.setScale(scale + random.nextInt(1, 4)).toPlainString();
            case 3:
                return mantissa + (random.nextBoolean() ? "E-" : "e-") + scale;
            case 4:
                return value.toString();
            default:
                final String engineering = value.stripTrailingZeros().toEngineeringString();
                return engineering.contains("E") || engineering.contains("e") ? engineering :
                    value.stripTrailingZeros().unscaledValue() + "E" + (-value.stripTrailingZeros().scale());
        }
    }

    private static void addUnknownMembers(final SplittableRandom random, final List<String> members)
    {
        for (int i = 0, n = random.nextInt(3); i < n; i++)
        {
            final String unknown = UNKNOWN_MEMBERS[random.nextInt(UNKNOWN_MEMBERS.length)];
            if (!unknown.startsWith("\"price\"") && !members.contains(unknown)) // a known member once only
            {
                members.add(unknown);
            }
        }
    }

    /** Members in random order with random whitespace around the structure. */
    private static String object(final SplittableRandom random, final List<String> members)
    {
        Collections.shuffle(members, new java.util.Random(random.nextLong()));
        final StringBuilder text = new StringBuilder().append(space(random)).append('{');
        for (int i = 0; i < members.size(); i++)
        {
            text.append(i == 0 ? "" : ",").append(space(random)).append(members.get(i)).append(space(random));
        }
        return text.append('}').append(space(random)).toString();
    }

    private static String space(final SplittableRandom random)
    {
        if (random.nextInt(3) != 0)
        {
            return "";
        }
        final StringBuilder text = new StringBuilder();
        for (int i = 0, n = random.nextInt(1, 3); i < n; i++)
        {
            text.append(WHITESPACE.charAt(random.nextInt(WHITESPACE.length())));
        }
        return text.toString();
    }

    private int decode(final String text, final OutWindow out)
    {
        final Framed framed = frame(text);
        return decoder.decode(framed.buffer(), framed.offset(), framed.length(), out.buffer(), out.offset(),
            out.capacity(), 1L);
    }
}
