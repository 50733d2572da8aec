package dev.feedhandler.feeder.venue.coinbase;

import dev.feedhandler.orderbook.BookEvent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.feedhandler.feeder.TestFrames.symbols;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.BTC_USD;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.ETH_USD;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.event;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.l2;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.session;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoding Coinbase frames allocates nothing: the documented session plus a deep snapshot and multi-product updates
 * with interleaved sides, decoded many times over, must leave the thread's allocated-bytes counter unmoved in at
 * least one whole window after warm-up (the JIT may allocate a little while it compiles; a per-frame allocation would
 * show in every window). The frames' {@code sequence_num} is rewritten in place before each decode, so every frame
 * follows the last and the full path runs, not the gap exit.
 */
class CoinbaseHotPathAllocationTest
{
    private static final int PASSES = 200;
    private static final int WINDOWS = 8;
    private static final String SEQUENCE_KEY = "\"sequence_num\":";
    /** Ten digits, rewritten in place: sequences stay ten digits long for the whole test. */
    private static final long FIRST_SEQUENCE = 1_000_000_000L;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final List<UnsafeBuffer> frames = new ArrayList<>();
    private final List<Integer> sequenceAt = new ArrayList<>();
    private long sequence = FIRST_SEQUENCE;

    @Test
    void shouldDecodeFramesWithoutAllocating()
    {
        session().forEach(this::addFrame);
        addFrame(deepSnapshot());
        for (int i = 0; i < 20; i++)
        {
            addFrame(l2(0, event("update", "BTC-USD", update("offer", "21921.74", "0"),
                update("bid", "21921.7" + i % 10, "0.5"), update("offer", "21921.75", "0.25")),
                event("update", "ETH-USD", update("bid", "1537.51", "0.00000000"), update("offer", "1538", "3"))));
        }
        final CoinbaseFrameDecoder decoder = new CoinbaseFrameDecoder(symbols(BTC_USD, ETH_USD), 1 << 20);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);

        final long[] allocated = new long[WINDOWS];
        long bytes = 0;
        for (int window = -2; window < WINDOWS; window++) // two windows of warm-up
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int pass = 0; pass < PASSES; pass++)
            {
                bytes += decodeAll(decoder, out);
            }
            if (window >= 0)
            {
                allocated[window] = threads.getCurrentThreadAllocatedBytes() - before;
            }
        }

        final long session = BookEvent.lengthFor(4) + BookEvent.lengthFor(2) + BookEvent.lengthFor(3) +
            BookEvent.lengthFor(1) + BookEvent.lengthFor(1);
        final long perPass = session + BookEvent.lengthFor(1000) +
            20L * (BookEvent.lengthFor(3) + BookEvent.lengthFor(2));
        assertThat(bytes).as("every frame decoded in sequence").isEqualTo((WINDOWS + 2L) * PASSES * perPass);
        assertThat(allocated).as("bytes allocated per window of %d frames", PASSES * frames.size()).contains(0L);
    }

    private long decodeAll(final CoinbaseFrameDecoder decoder, final UnsafeBuffer out)
    {
        long bytes = 0;
        for (int i = 0, n = frames.size(); i < n; i++)
        {
            final UnsafeBuffer frame = frames.get(i);
            writeSequence(frame, sequenceAt.get(i), sequence++);
            final int result = decoder.decode(frame, 0, frame.capacity(), out, 0, out.capacity(), i);
            bytes += result > 0 ? result : (result < 0 ? Integer.MIN_VALUE : 0);
        }
        return bytes;
    }

    /** A 1,000-level snapshot, sides interleaved. */
    private static String deepSnapshot()
    {
        final SplittableRandom random = new SplittableRandom(3);
        final String[] updates = new String[1000];
        for (int i = 0; i < updates.length; i++)
        {
            final boolean isBid = random.nextBoolean();
            final long cents = isBid ? 2_000_000 - i : 2_000_001 + i;
            updates[i] = update(isBid ? "bid" : "offer", cents / 100 + "." + cents % 100, "0.0" + (1 + i));
        }
        return l2(0, event("snapshot", "BTC-USD", updates));
    }

    private void addFrame(final String text)
    {
        final String withPlaceholder = text.replaceFirst("\"sequence_num\":\\d+", SEQUENCE_KEY + FIRST_SEQUENCE);
        frames.add(new UnsafeBuffer(withPlaceholder.getBytes(StandardCharsets.UTF_8)));
        sequenceAt.add(withPlaceholder.indexOf(SEQUENCE_KEY) + SEQUENCE_KEY.length());
    }

    private static void writeSequence(final UnsafeBuffer frame, final int at, final long value)
    {
        long rest = value;
        for (int i = 9; i >= 0; i--)
        {
            frame.putByte(at + i, (byte)('0' + rest % 10));
            rest /= 10;
        }
    }
}
