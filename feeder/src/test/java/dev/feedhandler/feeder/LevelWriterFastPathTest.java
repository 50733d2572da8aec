package dev.feedhandler.feeder;

import dev.feedhandler.feeder.json.JsonCursor;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static dev.feedhandler.feeder.TestFrames.mutate;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LevelWriter#parseStringPairs}'s fast path ({@link FrameScanner#readLevels}) against its general path: for any
 * side, clean or mutated, the writer with the fast path gives exactly what the writer without it gives (result,
 * levels, counts, layout, where the cursor stops); and the fast path takes every side in the shape venues send.
 */
class LevelWriterFastPathTest
{
    private static final String[] NUMBERS = {
        "0", "0.0", "1", "1.", ".5", "01.50", "00", "1e5", "1E-2", "-1", "+1", "0.00000001", "0.000000001",
        "0.0000000010", "0.10000000000000000000", "123456789012345678", "1234567890123456789",
        "9223372036854775807", "92233720368.54775807", "99999999999", "7.5040", "813", "1.5\\u0030", "", "1 ",
        "0.3521", "2.43", "104250.1", "0.00001234",
    };
    /** Bytes that matter to a level array, for mutations. */
    private static final byte[] INTERESTING = "\"[],.0123456789-eE \t\n\\{}:x".getBytes(StandardCharsets.US_ASCII);

    private final LevelWriter fast = new LevelWriter(true);
    private final LevelWriter general = new LevelWriter(false);
    private final JsonCursor fastCursor = new JsonCursor();
    private final JsonCursor generalCursor = new JsonCursor();
    private final UnsafeBuffer fastOut = new UnsafeBuffer(new byte[1 << 14]);
    private final UnsafeBuffer generalOut = new UnsafeBuffer(new byte[1 << 14]);
    private final FrameScanner scanner = new FrameScanner();

    @Test
    void shouldParseRandomSidesExactlyAsTheGeneralPath()
    {
        final int[] fastTaken = new int[1];
        PropertyCheck.forAll("fast side == general side", 20_000, random ->
        {
            final String side = side(random, random.nextInt(8), random.nextInt(4) == 0);
            final byte[] clean = side.getBytes(StandardCharsets.US_ASCII);
            final byte[] bytes = random.nextInt(3) == 0 ? mutate(clean, random, INTERESTING) : clean;
            fastTaken[0] += assertSame(bytes, random) ? 1 : 0;
        });
        assertThat(fastTaken[0]).as("sides where both paths succeeded").isPositive();
    }

    @Test
    void shouldTakeEveryCleanTwoElementSideOnTheFastPath()
    {
        PropertyCheck.forAll("the fast path takes clean sides", 5_000, random ->
        {
            final int levels = random.nextInt(40);
            final StringBuilder side = new StringBuilder("[");
            for (int i = 0; i < levels; i++)
            {
                side.append(i == 0 ? "" : ",").append("[\"").append(decimal(random, true)).append("\",\"")
                    .append(decimal(random, false)).append("\"]");
            }
            final byte[] bytes = (side.append("],\"next\":1}")).toString().getBytes(StandardCharsets.US_ASCII);
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            final BookEvent event = new BookEvent().wrapForWrite(fastOut, 0);
            fast.begin(event, 100);
            assertThat(scanner.wrap(buffer, 0, bytes.length)).isTrue();

            final int end = scanner.readLevels(1, fast, true, 8, 8, false);

            assertThat(end).as(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo(bytes.length - ",\"next\":1}".length());
            assertThat(fast.bidCount()).isEqualTo(levels);
        });
    }

    @Test
    void shouldLeaveTheLevelsOfAnEarlierSideAndItsLayoutWhenTheFastPathGivesUpHalfway()
    {
        final byte[] bytes = "[[\"1\",\"1\"]] [[\"2\",\"1\"],[\"3\",\"1\"], [\"4\",\"1\"]]".getBytes(StandardCharsets.US_ASCII);
        final BookEvent event = new BookEvent().wrapForWrite(fastOut, 0);
        fast.begin(event, 10);
        fastCursor.wrap(new UnsafeBuffer(bytes), 0, bytes.length);

        assertThat(fast.parseStringPairs(fastCursor, false, 0, 0)).isZero();
        assertThat(fast.parseStringPairs(fastCursor, true, 0, 0)).isZero(); // the space makes the scanner give up
        fast.finish();

        assertThat(event.flags()).isEqualTo(BookEvent.FLAG_ASKS_FIRST);
        assertThat(event.askCount()).isEqualTo(1);
        assertThat(event.bidCount()).isEqualTo(3);
        assertThat(event.bidPrice(0)).isEqualTo(2);
        assertThat(event.bidPrice(2)).isEqualTo(4);
        assertThat(fastCursor.position()).isEqualTo(bytes.length);
    }

    /** @return true when both paths accepted the side. */
    private boolean assertSame(final byte[] side, final SplittableRandom random)
    {
        final String text = new String(side, StandardCharsets.ISO_8859_1);
        final boolean offHeap = random.nextBoolean();
        final DirectBuffer buffer = offHeap ? offHeap(side) : new UnsafeBuffer(side);
        final int capacity = random.nextInt(12);
        final int priceScale = random.nextInt(10);
        final int qtyScale = random.nextInt(10);
        final boolean earlierAsk = random.nextBoolean();

        final int expected = parse(general, generalCursor, generalOut, buffer, side.length, capacity, earlierAsk,
            priceScale, qtyScale);
        final int actual = parse(fast, fastCursor, fastOut, buffer, side.length, capacity, earlierAsk,
            priceScale, qtyScale);

        assertThat(actual).as(text).isEqualTo(expected);
        assertThat(fast.bidCount()).as(text).isEqualTo(general.bidCount());
        assertThat(fast.askCount()).as(text).isEqualTo(general.askCount());
        if (expected == 0)
        {
            assertThat(fastCursor.position()).as(text).isEqualTo(generalCursor.position());
            final int length = new BookEvent().wrap(generalOut, 0).length();
            assertThat(new BookEvent().wrap(fastOut, 0).length()).as(text).isEqualTo(length);
            final byte[] fastEvent = new byte[length];
            final byte[] generalEvent = new byte[length];
            fastOut.getBytes(0, fastEvent);
            generalOut.getBytes(0, generalEvent);
            assertThat(fastEvent).as(text).isEqualTo(generalEvent);
        }
        return expected == 0;
    }

    private static int parse(
        final LevelWriter writer,
        final JsonCursor cursor,
        final UnsafeBuffer out,
        final DirectBuffer buffer,
        final int length,
        final int capacity,
        final boolean earlierAsk,
        final int priceScale,
        final int qtyScale)
    {
        out.setMemory(0, out.capacity(), (byte)0);
        final BookEvent event = new BookEvent().wrapForWrite(out, 0);
        event.resetHeader(1, BookEvent.TYPE_DIFF);
        writer.begin(event, capacity);
        if (earlierAsk)
        {
            writer.add(false, 7, 7);
        }
        cursor.wrap(buffer, 0, length);
        final int result = writer.parseStringPairs(cursor, true, priceScale, qtyScale);
        writer.finish();
        return result;
    }

    private static DirectBuffer offHeap(final byte[] bytes)
    {
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length));
        direct.putBytes(0, bytes);
        return direct;
    }

    private static String side(final SplittableRandom random, final int levels, final boolean odd)
    {
        final StringBuilder side = new StringBuilder("[");
        for (int i = 0; i < levels; i++)
        {
            side.append(i == 0 ? "" : ",").append("[\"").append(number(random, true)).append("\",\"")
                .append(number(random, false)).append('"');
            if (odd && random.nextInt(3) == 0)
            {
                side.append(",\"0\",\"").append(random.nextInt(100)).append('"'); // OKX's extra elements
            }
            side.append(']');
        }
        side.append(']');
        if (odd && random.nextBoolean())
        {
            final int at = random.nextInt(side.length() + 1);
            side.insert(at, random.nextBoolean() ? " " : "\n\t");
        }
        return side.append(random.nextBoolean() ? "" : ",\"u\":5}").toString();
    }

    private static String number(final SplittableRandom random, final boolean price)
    {
        return random.nextInt(5) == 0 ? NUMBERS[random.nextInt(NUMBERS.length)] : decimal(random, price);
    }

    /** A decimal of the shapes venues send: up to 9 integer digits and up to 10 fraction digits. */
    private static String decimal(final SplittableRandom random, final boolean price)
    {
        final String integer = (price ? 1 + random.nextInt(9) : random.nextInt(10)) + digits(random, random.nextInt(9));
        final int fraction = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(8);
        return fraction == 0 ? integer : integer + "." + digits(random, fraction);
    }

    private static String digits(final SplittableRandom random, final int count)
    {
        final StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++)
        {
            digits.append((char)('0' + (random.nextInt(4) == 0 ? 0 : random.nextInt(10))));
        }
        return digits.toString();
    }
}
