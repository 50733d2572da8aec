package dev.feedhandler.feeder.replay;

import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.binance.BinanceSnapshotDecoder;
import dev.feedhandler.feeder.binance.BinanceStreamDecoder;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot path allocates nothing: decoding every real frame of both Binance captures and applying LIVE diffs, many
 * times over, must not move the thread's allocated-bytes counter at all. (This counts bytes; speed lives in JMH.)
 * <p>
 * The JIT may allocate a little on this thread while it compiles or deoptimises, so the work runs in several
 * windows after a warm-up and one whole window must allocate exactly zero bytes: a path that allocated per message
 * would allocate in every window.
 */
class HotPathAllocationTest
{
    private static final int PASSES = 100;
    private static final int WINDOWS = 8;
    private static final int DIFFS_PER_WINDOW = 50_000;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void shouldDecodeRealFramesWithoutAllocating()
    {
        final SymbolTable spotSymbols = new SymbolTable(4);
        spotSymbols.add(new Instrument(0, Venue.BINANCE_SPOT, "NKNUSDT", 8, 8));
        final SymbolTable usdmSymbols = new SymbolTable(4);
        usdmSymbols.add(new Instrument(0, Venue.BINANCE_USDM, "SUSHIUSDT", 8, 8));
        final BinanceStreamDecoder spot = new BinanceStreamDecoder(Venue.BINANCE_SPOT, spotSymbols, 1 << 20);
        final BinanceStreamDecoder usdm = new BinanceStreamDecoder(Venue.BINANCE_USDM, usdmSymbols, 1 << 20);
        final List<UnsafeBuffer> spotFrames = lines(Fixtures.SPOT_FRAMES);
        final List<UnsafeBuffer> usdmFrames = lines(Fixtures.USDM_FRAMES);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);

        final long[] allocated = new long[WINDOWS];
        long events = 0;
        for (int window = -2; window < WINDOWS; window++) // two windows of warm-up
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int pass = 0; pass < PASSES; pass++)
            {
                events += decodeAll(spot, spotFrames, out) + decodeAll(usdm, usdmFrames, out);
            }
            if (window >= 0)
            {
                allocated[window] = threads.getCurrentThreadAllocatedBytes() - before;
            }
        }

        assertThat(events).isEqualTo((WINDOWS + 2L) * PASSES * (150 + 74 + 255 + bookTickers(usdmFrames)));
        assertThat(allocated).as("bytes allocated per window of %d frames", PASSES * (spotFrames.size() + usdmFrames.size()))
            .contains(0L);
    }

    @Test
    void shouldApplyLiveDiffsWithoutAllocating()
    {
        final Instrument instrument = new Instrument(0, Venue.BINANCE_SPOT, "NKNUSDT", 8, 8);
        final InstrumentSync sync = new InstrumentSync(0, Venue.BINANCE_SPOT.sequenceRule(), new NoOpListener(),
            BookLimits.DEFAULT);
        final UnsafeBuffer event = new UnsafeBuffer(new byte[1 << 20]);
        final byte[] snapshot = Fixtures.read(Fixtures.SPOT_SNAPSHOT);
        new BinanceSnapshotDecoder(1 << 20).decode(
            new UnsafeBuffer(snapshot), 0, snapshot.length, instrument, event, 0, event.capacity(), 0);
        sync.start();
        sync.onEvent(event, 0);
        final long snapshotId = sync.book().lastUpdateId();

        // A diff touching the top, a level a little deeper and one deep; alternately inserting and deleting them.
        final BookEvent diff = new BookEvent().wrapForWrite(event, 0);
        final long bestBid = sync.book().bids().bestPrice();
        final long bestAsk = sync.book().asks().bestPrice();
        final long[] allocated = new long[WINDOWS];
        long id = snapshotId;
        for (int window = -2; window < WINDOWS; window++) // two windows of warm-up
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < DIFFS_PER_WINDOW; i++)
            {
                final long qty = (i & 1) == 0 ? 0 : 100_000_000L + i;
                diff.resetHeader(0, BookEvent.TYPE_DIFF).firstUpdateId(id + 1).lastUpdateId(id + 1);
                diff.putLevel(0, bestBid, 100_000_000L + i)
                    .putLevel(1, bestBid - 37 * 10_000L, qty)
                    .putLevel(2, bestAsk + 3 * 10_000L, qty)
                    .putLevel(3, bestAsk + 500 * 10_000L, qty)
                    .bidCount(2).askCount(2);
                sync.onEvent(event, 0);
                id++;
            }
            if (window >= 0)
            {
                allocated[window] = threads.getCurrentThreadAllocatedBytes() - before;
            }
        }

        assertThat(sync.state()).isEqualTo(SyncState.LIVE);
        assertThat(sync.counters().diffsApplied()).isEqualTo((WINDOWS + 2L) * DIFFS_PER_WINDOW);
        assertThat(sync.counters().gaps()).isZero();
        assertThat(allocated).as("bytes allocated per window of %d diffs", DIFFS_PER_WINDOW).contains(0L);
    }

    private static long decodeAll(final BinanceStreamDecoder decoder, final List<UnsafeBuffer> frames, final UnsafeBuffer out)
    {
        long events = 0;
        for (int i = 0, n = frames.size(); i < n; i++)
        {
            final UnsafeBuffer frame = frames.get(i);
            events += decoder.decode(frame, 0, frame.capacity(), out, 0, out.capacity(), i) > 0 ? 1 : 0;
        }
        return events;
    }

    private static long bookTickers(final List<UnsafeBuffer> frames)
    {
        long count = 0;
        for (final UnsafeBuffer frame : frames)
        {
            count += new String(frame.byteArray(), StandardCharsets.US_ASCII).contains("\"e\":\"bookTicker\"") ? 1 : 0;
        }
        return count;
    }

    private static List<UnsafeBuffer> lines(final java.nio.file.Path path)
    {
        final List<UnsafeBuffer> frames = new ArrayList<>();
        for (final String line : new String(Fixtures.read(path), StandardCharsets.UTF_8).split("\n"))
        {
            if (!line.isBlank())
            {
                frames.add(new UnsafeBuffer(line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return frames;
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
