package dev.feedhandler.feeder.venue.bybit;

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
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Bybit hot path allocates nothing: decoding every real frame of the capture (a 1000-level snapshot and 49
 * deltas) plus control replies, and applying the events to the book, many times over, must not move the thread's
 * allocated-bytes counter. Each pass starts with the snapshot again, which the sync takes as a venue reset.
 * <p>
 * The JIT may allocate a little on this thread while it compiles, so the work runs in several windows after a
 * warm-up and one whole window must allocate exactly zero bytes: a per-frame allocation would show in every window.
 */
class BybitHotPathAllocationTest
{
    private static final int PASSES = 200;
    private static final int WINDOWS = 8;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void shouldDecodeAndApplyRealFramesWithoutAllocating()
    {
        final BybitFrameDecoder decoder = new BybitFrameDecoder(symbols(BybitCaptureReplayTest.XRPUSDT), 1 << 20);
        final InstrumentSync sync = new InstrumentSync(BybitCaptureReplayTest.XRPUSDT, new NoOpListener(),
            BookLimits.DEFAULT);
        sync.start();
        final List<UnsafeBuffer> frames = new ArrayList<>();
        for (final String line : lines(BybitFrameDecoderTest.CAPTURE))
        {
            frames.add(new UnsafeBuffer(line.getBytes(StandardCharsets.UTF_8)));
        }
        frames.add(new UnsafeBuffer(("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"c\",\"req_id\":\"\"," +
            "\"op\":\"ping\"}").getBytes(StandardCharsets.UTF_8)));
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);

        final long[] allocated = new long[WINDOWS];
        long events = 0;
        for (int window = -3; window < WINDOWS; window++) // three windows of warm-up
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int pass = 0; pass < PASSES; pass++)
            {
                for (int i = 0, n = frames.size(); i < n; i++)
                {
                    final UnsafeBuffer frame = frames.get(i);
                    if (decoder.decode(frame, 0, frame.capacity(), out, 0, out.capacity(), i) > 0)
                    {
                        sync.onEvent(out, 0);
                        events++;
                    }
                }
            }
            if (window >= 0)
            {
                allocated[window] = threads.getCurrentThreadAllocatedBytes() - before;
            }
        }

        final long passes = (WINDOWS + 3L) * PASSES;
        assertThat(events).isEqualTo(passes * 50);
        assertThat(sync.state()).isEqualTo(SyncState.LIVE);
        assertThat(sync.counters().diffsApplied()).isEqualTo(passes * 49);
        assertThat(sync.counters().resets()).isEqualTo(passes - 1);
        assertThat(sync.counters().gaps()).isZero();
        assertThat(allocated).as("bytes allocated per window of %d frames", PASSES * frames.size()).contains(0L);
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
