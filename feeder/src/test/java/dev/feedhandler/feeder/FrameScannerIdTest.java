package dev.feedhandler.feeder;

import dev.feedhandler.feeder.json.JsonCursor;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FrameScanner#readId}, the fast paths' id and time reader, against {@link JsonCursor#readLong}: whatever the
 * fast reader takes (and a scanner could go on from), the general one takes with the same value and end; and the fast reader takes every plain id it
 * is meant for. A redundant leading zero must not be taken, because the general path rejects it (CI once found a
 * Bybit {@code seq} of {@code 030020250790} taken by the fast path and rejected by the general one).
 */
class FrameScannerIdTest
{
    private static final byte[] OTHER = ",}] \"-.e0".getBytes(StandardCharsets.US_ASCII);

    private final FrameScanner scanner = new FrameScanner();
    private final JsonCursor cursor = new JsonCursor();

    @Test
    void shouldTakeOnlyWhatTheGeneralReaderTakesWithTheSameValueAndEnd()
    {
        final int[] taken = new int[1];
        PropertyCheck.forAll("readId within readLong", 50_000, random ->
        {
            final String text = text(random);
            final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            final int offset = random.nextInt(8);
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + bytes.length + random.nextInt(24)]);
            buffer.putBytes(offset, bytes);

            assertThat(scanner.wrap(buffer, offset, bytes.length)).isTrue();
            final int end = scanner.readId(offset);
            // The scanners match a literal where readId stops, so the end of the frame, a fraction or an exponent
            // there sends the frame to the general path anyway.
            if (end >= 0 && end < offset + bytes.length && ".eE".indexOf(buffer.getByte(end)) < 0)
            {
                taken[0]++;
                cursor.wrap(buffer, offset, bytes.length);
                assertThat(cursor.readLong()).as(text).isTrue();
                assertThat(scanner.number()).as(text).isEqualTo(cursor.longValue());
                assertThat(end).as(text).isEqualTo(cursor.position());
            }
        });
        if (!PropertyCheck.reproducing())
        {
            assertThat(taken[0]).as("ids the fast reader took").isGreaterThan(10_000);
        }
    }

    @Test
    void shouldTakeEveryPlainIdOfUpToEighteenDigits()
    {
        PropertyCheck.forAll("readId takes plain ids", 20_000, random ->
        {
            final long id = random.nextLong(random.nextInt(3) == 0 ? 1_000_000_000_000_000_000L : 100_000_000_000L);
            final byte[] bytes = (id + ",").getBytes(StandardCharsets.US_ASCII);
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + random.nextInt(24)]);
            buffer.putBytes(0, bytes);

            assertThat(scanner.wrap(buffer, 0, bytes.length)).isTrue();
            assertThat(scanner.readId(0)).as(Long.toString(id)).isEqualTo(bytes.length - 1);
            assertThat(scanner.number()).isEqualTo(id);
        });
    }

    @Test
    void shouldLeaveARedundantLeadingZeroToTheGeneralPath()
    {
        for (final String text : new String[] {"030020250790,", "00,", "01}", "0123456789012345,", "012345678,"})
        {
            final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            assertThat(scanner.wrap(buffer, 0, bytes.length)).isTrue();
            assertThat(scanner.readId(0)).as(text).isEqualTo(-1);
        }
    }

    /** Digits (a leading zero now and then), then bytes that may or may not end a number. */
    private static String text(final SplittableRandom random)
    {
        final StringBuilder text = new StringBuilder();
        if (random.nextInt(4) == 0)
        {
            text.append('0');
        }
        final int digits = random.nextInt(21);
        for (int i = 0; i < digits; i++)
        {
            text.append((char)('0' + random.nextInt(10)));
        }
        final int tail = random.nextInt(3);
        for (int i = 0; i < tail; i++)
        {
            text.append((char)OTHER[random.nextInt(OTHER.length)]);
        }
        return text.toString();
    }
}
