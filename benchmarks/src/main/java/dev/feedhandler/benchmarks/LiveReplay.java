package dev.feedhandler.benchmarks;

import dev.feedhandler.feeder.binance.BinanceSnapshotDecoder;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.InstrumentSync;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncState;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Replays windows of a corpus's diff frames through decode and {@link InstrumentSync}, every frame on the LIVE hot
 * path (a diff that follows the last one applied), with the book exactly as it was at that point of the capture.
 * <p>
 * How: the book is loaded from the capture's REST snapshot and the frames are fed once, the daemon's way, until the
 * book is LIVE (the first spot diff is covered by the snapshot and dropped, the next bridges it). The frames after
 * the bridging one are the <em>live range</em>. While feeding it once, the book's levels and last update id before
 * every live frame are recorded. A window of {@link #WINDOW} frames starting at live frame {@code s} is then
 * replayed by {@link #restore restoring} the book to its recorded state before {@code s} (outside the measured
 * time: the benchmarks do it in a per-invocation setup) and applying the window's frames unchanged.
 * <p>
 * Why not just loop over the frames: replaying the capture's first frames on the book its last frames left behind
 * crosses it (the price moved during the capture), and the sync rightly goes STALE. Restoring the recorded state
 * keeps every measured frame on exactly the path it took in the capture. The constructor replays every window once
 * and refuses the corpus if any frame leaves the LIVE path; {@link #verify} checks again after the measurement.
 */
public final class LiveReplay
{
    /** Frames per measured invocation (a constant for {@code @OperationsPerInvocation}). */
    public static final int WINDOW = 64;

    private final Corpus corpus;
    private final FrameDecoder decoder;
    private final InstrumentSync sync;
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);
    private final int liveStart;
    private final long[][] bidPrices;
    private final long[][] bidQuantities;
    private final long[][] askPrices;
    private final long[][] askQuantities;
    private final long[] lastUpdateIds;
    private int nextWindow;

    public LiveReplay(final Corpus corpus, final SyncListener listener)
    {
        this.corpus = corpus;
        this.decoder = corpus.newDecoder();
        this.sync = new InstrumentSync(corpus.instrument(), listener, BookLimits.DEFAULT);
        sync.start();
        final byte[] snapshot = corpus.snapshot();
        final int snapshotLength = new BinanceSnapshotDecoder(1 << 20).decode(
            new UnsafeBuffer(snapshot), 0, snapshot.length, corpus.instrument(), out, 0, out.capacity(), 0);
        if (snapshotLength <= 0)
        {
            throw new IllegalStateException(corpus.name() + ": snapshot rejected: " + snapshotLength);
        }
        sync.onEvent(out, 0);

        int start = -1;
        for (int frame = 0; frame < corpus.frameCount() && start < 0; frame++)
        {
            decodeApply(frame);
            if (sync.state() == SyncState.LIVE)
            {
                start = frame + 1;
            }
        }
        if (start < 0 || corpus.frameCount() - start < WINDOW)
        {
            throw new IllegalStateException(
                corpus.name() + ": the capture never reaches LIVE with " + WINDOW + " frames to spare");
        }
        this.liveStart = start;

        final int live = liveFrameCount();
        bidPrices = new long[live][];
        bidQuantities = new long[live][];
        askPrices = new long[live][];
        askQuantities = new long[live][];
        lastUpdateIds = new long[live];
        for (int i = 0; i < live; i++)
        {
            record(i);
            decodeApply(liveStart + i);
        }
        verify();
        for (int window = 0; window < windowCount(); window++)
        {
            final long appliedBefore = sync.counters().diffsApplied();
            runWindow();
            final long applied = sync.counters().diffsApplied() - appliedBefore;
            if (applied != WINDOW)
            {
                throw new IllegalStateException(corpus.name() + ": window " + window + " applied " + applied +
                    " of " + WINDOW + " frames (state " + sync.state() + ")");
            }
        }
        verify();
    }

    /** Windows start at every live frame that has {@link #WINDOW} frames after it. */
    public int windowCount()
    {
        return liveFrameCount() - WINDOW + 1;
    }

    /** Restore the book for the next window and return the corpus index of its first frame. */
    public int restoreNextWindow()
    {
        final int window = nextWindow;
        nextWindow = window + 1 == windowCount() ? 0 : window + 1;
        restore(window);
        return liveStart + window;
    }

    /** Restore, then decode and apply one window (used to check the windows before measuring). */
    private void runWindow()
    {
        final int first = restoreNextWindow();
        for (int frame = first; frame < first + WINDOW; frame++)
        {
            decodeApply(frame);
        }
    }

    /** Decode one frame and apply its event: the measured work. */
    public void decodeApply(final int frame)
    {
        final int length = decoder.decode(
            corpus.frames(), corpus.offset(frame), corpus.length(frame), out, 0, out.capacity(), frame);
        if (length > 0)
        {
            sync.onEvent(out, 0);
        }
    }

    /** Put the book back to its recorded state before live frame {@code liveIndex}; the sync stays LIVE. */
    public void restore(final int liveIndex)
    {
        final OrderBook book = sync.book();
        book.clear();
        load(book.bids(), bidPrices[liveIndex], bidQuantities[liveIndex]);
        load(book.asks(), askPrices[liveIndex], askQuantities[liveIndex]);
        book.lastUpdateId(lastUpdateIds[liveIndex]);
    }

    /** Throws unless every diff so far was applied LIVE: no gap, no crossed book, no duplicate, no overlap. */
    public void verify()
    {
        if (sync.state() != SyncState.LIVE || sync.counters().gaps() != 0 || sync.counters().crossedBooks() != 0 ||
            sync.counters().duplicates() != 0 || sync.counters().overlaps() != 0)
        {
            throw new IllegalStateException(corpus.name() + ": left the LIVE hot path: state " + sync.state() +
                ", gaps " + sync.counters().gaps() + ", crossed " + sync.counters().crossedBooks() + ", duplicates " +
                sync.counters().duplicates() + ", overlaps " + sync.counters().overlaps());
        }
    }

    public Corpus corpus()
    {
        return corpus;
    }

    public InstrumentSync sync()
    {
        return sync;
    }

    /** Index of the first frame of the live range (the range runs to the last frame). */
    public int liveStart()
    {
        return liveStart;
    }

    public int liveFrameCount()
    {
        return corpus.frameCount() - liveStart;
    }

    /** Recorded bids before live frame {@code liveIndex}, best first: {price, quantity} pairs. */
    public long[][] bidsBefore(final int liveIndex)
    {
        return new long[][]{bidPrices[liveIndex].clone(), bidQuantities[liveIndex].clone()};
    }

    /** Recorded asks before live frame {@code liveIndex}, best first: {price, quantity} pairs. */
    public long[][] asksBefore(final int liveIndex)
    {
        return new long[][]{askPrices[liveIndex].clone(), askQuantities[liveIndex].clone()};
    }

    private void record(final int liveIndex)
    {
        final OrderBook book = sync.book();
        bidPrices[liveIndex] = prices(book.bids());
        bidQuantities[liveIndex] = quantities(book.bids());
        askPrices[liveIndex] = prices(book.asks());
        askQuantities[liveIndex] = quantities(book.asks());
        lastUpdateIds[liveIndex] = book.lastUpdateId();
    }

    private static long[] prices(final BookSide side)
    {
        final long[] prices = new long[side.depth()];
        for (int level = 0; level < prices.length; level++)
        {
            prices[level] = side.priceAt(level);
        }
        return prices;
    }

    private static long[] quantities(final BookSide side)
    {
        final long[] quantities = new long[side.depth()];
        for (int level = 0; level < quantities.length; level++)
        {
            quantities[level] = side.quantityAt(level);
        }
        return quantities;
    }

    /** Worst level first: each insert lands at the best end, so loading is linear. */
    private static void load(final BookSide side, final long[] prices, final long[] quantities)
    {
        for (int level = prices.length - 1; level >= 0; level--)
        {
            side.set(prices[level], quantities[level]);
        }
    }
}
