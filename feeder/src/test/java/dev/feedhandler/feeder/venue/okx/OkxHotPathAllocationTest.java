package dev.feedhandler.feeder.venue.okx;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.OrderBook;
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
import static dev.feedhandler.feeder.venue.okx.OkxFixtures.BTC_USDT;
import static dev.feedhandler.feeder.venue.okx.OkxFixtures.CAPTURE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OKX hot path allocates nothing: decoding every captured frame, and applying it with the checksum verified
 * after every message, many times over, must leave the thread's allocated-bytes counter unchanged in at least one
 * whole measurement window after warm-up (the JIT may allocate on this thread now and then; a per-message
 * allocation would show in every window). Counts bytes only; speed lives in JMH.
 */
class OkxHotPathAllocationTest
{
    private static final int PASSES = 40;
    private static final int WINDOWS = 8;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private final OkxFrameDecoder decoder = new OkxFrameDecoder(symbols(BTC_USDT), "books", 1 << 20);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);
    private final List<UnsafeBuffer> frames = frames();

    @Test
    void shouldDecodeCapturedFramesWithoutAllocating()
    {
        final long[] allocated = new long[WINDOWS];
        long bytes = 0;
        for (int window = -2; window < WINDOWS; window++) // two windows of warm-up
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int pass = 0; pass < PASSES; pass++)
            {
                for (int i = 0, n = frames.size(); i < n; i++)
                {
                    final UnsafeBuffer frame = frames.get(i);
                    bytes += decoder.decode(frame, 0, frame.capacity(), out, 0, out.capacity(), i);
                }
            }
            if (window >= 0)
            {
                allocated[window] = threads.getCurrentThreadAllocatedBytes() - before;
            }
        }

        assertThat(bytes).isPositive();
        assertThat(allocated).as("bytes allocated per window of %d frames", PASSES * frames.size()).contains(0L);
    }

    @Test
    void shouldApplyCapturedFramesWithChecksumsVerifiedWithoutAllocating()
    {
        final InstrumentSync sync = new InstrumentSync(BTC_USDT, new NoOpListener(), BookLimits.DEFAULT);
        final BookEvent event = new BookEvent();
        final long[] allocated = new long[WINDOWS];
        for (int window = -2; window < WINDOWS; window++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int pass = 0; pass < PASSES; pass++)
            {
                for (int i = 0, n = frames.size(); i < n; i++) // each pass starts with the snapshot: a venue reset
                {
                    final UnsafeBuffer frame = frames.get(i);
                    final int length = decoder.decode(frame, 0, frame.capacity(), out, 0, out.capacity(), i);
                    for (int at = 0; at < length; at += event.wrap(out, at).length())
                    {
                        sync.onEvent(out, at);
                    }
                }
            }
            if (window >= 0)
            {
                allocated[window] = threads.getCurrentThreadAllocatedBytes() - before;
            }
        }

        assertThat(sync.state()).isEqualTo(SyncState.LIVE);
        assertThat(sync.counters().checksumMismatches()).isZero();
        assertThat(sync.counters().checksumsVerified()).isEqualTo((WINDOWS + 2L) * PASSES * frames.size());
        assertThat(allocated).as("bytes allocated per window of %d frames", PASSES * frames.size()).contains(0L);
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

    private static List<UnsafeBuffer> frames()
    {
        final List<UnsafeBuffer> frames = new ArrayList<>();
        for (final String line : lines(CAPTURE))
        {
            frames.add(new UnsafeBuffer(line.getBytes(StandardCharsets.US_ASCII)));
        }
        return frames;
    }
}
