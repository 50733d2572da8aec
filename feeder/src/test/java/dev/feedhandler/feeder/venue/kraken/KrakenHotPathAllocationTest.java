package dev.feedhandler.feeder.venue.kraken;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.InstrumentSync;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.feedhandler.feeder.TestFrames.lines;
import static dev.feedhandler.feeder.TestFrames.symbols;
import static dev.feedhandler.feeder.venue.kraken.KrakenFrameDecoderTest.CAPTURE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoding Kraken frames allocates nothing: every line of the real capture plus the frames with nothing for the
 * books (heartbeat, status with its huge connection id, acks, pong, a multi-entry message), decoded many times over
 * and applied through an {@link InstrumentSync} with checksum verification and truncation, must leave the thread's
 * allocated-bytes counter unmoved in at least one whole window after warm-up (as in the Binance allocation test: the
 * JIT may allocate a little while it compiles, a per-message allocation would show in every window).
 */
class KrakenHotPathAllocationTest
{
    private static final int PASSES = 60;
    private static final int WINDOWS = 8;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void shouldDecodeAndApplyRealFramesWithoutAllocating()
    {
        final Instrument btc = new Instrument(0, Venue.KRAKEN, "BTC/USD", "BTC-USD", 1, 8, 10);
        final Instrument eth = new Instrument(1, Venue.KRAKEN, "ETH/USD", "ETH-USD", 2, 8, 10);
        final KrakenFrameDecoder decoder = new KrakenFrameDecoder(symbols(btc, eth), 1 << 16);
        final InstrumentSync sync = new InstrumentSync(btc, new NoOpListener(), BookLimits.DEFAULT);
        final List<UnsafeBuffer> book = buffers(lines(CAPTURE));
        final List<UnsafeBuffer> other = buffers(List.of(
            "{\"channel\":\"heartbeat\"}",
            "{\"channel\":\"status\",\"data\":[{\"api_version\":\"v2\",\"connection_id\":18446744073709551615," +
                "\"system\":\"online\",\"version\":\"2.0.0\"}],\"type\":\"update\"}",
            "{\"method\":\"subscribe\",\"result\":{\"channel\":\"book\",\"depth\":10,\"snapshot\":true," +
                "\"symbol\":\"BTC/USD\"},\"success\":true,\"time_in\":\"a\",\"time_out\":\"b\"}",
            "{\"method\":\"pong\",\"req_id\":0,\"time_in\":\"a\",\"time_out\":\"b\"}",
            "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"ETH/USD\"," +
                "\"bids\":[{\"price\":1850.25,\"qty\":0E-8}],\"asks\":[],\"checksum\":1}," +
                "{\"symbol\":\"ETH/USD\",\"bids\":[],\"asks\":[],\"checksum\":2}]}"));
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 16]);
        sync.start();

        final long[] allocated = new long[WINDOWS];
        long bytes = 0;
        for (int window = -2; window < WINDOWS; window++) // two windows of warm-up
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int pass = 0; pass < PASSES; pass++)
            {
                for (int i = 0, n = book.size(); i < n; i++)
                {
                    final UnsafeBuffer frame = book.get(i);
                    final int length = decoder.decode(frame, 0, frame.capacity(), out, 0, out.capacity(), i);
                    sync.onEvent(out, 0);
                    bytes += length;
                }
                for (int i = 0, n = other.size(); i < n; i++)
                {
                    final UnsafeBuffer frame = other.get(i);
                    bytes += decoder.decode(frame, 0, frame.capacity(), out, 0, out.capacity(), i);
                }
            }
            if (window >= 0)
            {
                allocated[window] = threads.getCurrentThreadAllocatedBytes() - before;
            }
        }

        assertThat(sync.state()).isEqualTo(SyncState.LIVE);
        assertThat(sync.counters().checksumMismatches()).isZero();
        assertThat(sync.counters().checksumsVerified()).isEqualTo((WINDOWS + 2L) * PASSES * book.size());
        assertThat(bytes).isPositive();
        assertThat(allocated).as("bytes allocated per window of %d frames", PASSES * (book.size() + other.size()))
            .contains(0L);
    }

    private static List<UnsafeBuffer> buffers(final List<String> texts)
    {
        final List<UnsafeBuffer> buffers = new ArrayList<>();
        for (final String text : texts)
        {
            buffers.add(new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8)));
        }
        return buffers;
    }

    private static final class NoOpListener implements SyncListener
    {
        public void onStateChange(
            final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
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
