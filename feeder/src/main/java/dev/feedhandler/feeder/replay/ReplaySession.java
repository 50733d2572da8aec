package dev.feedhandler.feeder.replay;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.binance.BinanceSnapshotDecoder;
import dev.feedhandler.feeder.binance.BinanceStreamDecoder;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.InstrumentSync;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays captured venue frames through the daemon's own decoder and {@link InstrumentSync}, the way the daemon
 * would see them: each instrument's diffs are buffered from the first frame, its REST snapshot is delivered once
 * {@code snapshotAfterDiffs} of its diffs have arrived, and the book syncs by the venue's rules.
 * <p>
 * Every book ticker whose {@code u} equals the last update id of an applied diff is a checkpoint: the venue's own
 * best bid/ask at that update, compared with the book's. This is an offline tool: it allocates freely outside the
 * decode and apply path.
 */
public final class ReplaySession implements SyncListener
{
    private static final int MAX_FRAME_LENGTH = 16 * 1024 * 1024;

    private final Venue venue;
    private final int priceScale;
    private final int qtyScale;
    private final int snapshotAfterDiffs;
    private final BookLimits limits;
    private final SymbolTable symbols = new SymbolTable(1024);
    private final BinanceStreamDecoder streamDecoder;
    private final BinanceSnapshotDecoder snapshotDecoder = new BinanceSnapshotDecoder(MAX_FRAME_LENGTH);
    private final UnsafeBuffer eventBuffer = new UnsafeBuffer(new byte[8 * 1024 * 1024]);
    private final BookEvent event = new BookEvent();
    /** Stamps each frame's ingress time, as the daemon's I/O thread does when it reads a frame. */
    private final EpochNanoClock clock = new SystemEpochNanoClock();
    private final Map<String, InstrumentReplay> bySymbol = new LinkedHashMap<>();
    private final List<InstrumentReplay> byId = new ArrayList<>();
    private final Map<Integer, byte[]> snapshotsById = new HashMap<>();
    private final List<String> errors = new ArrayList<>();
    private long framesRead;
    private long framesIgnored;
    private SyncListener downstream;
    private java.util.function.BiConsumer<Instrument, OrderBook> onInstrument;
    private FramePacer pacer;

    public ReplaySession(
        final Venue venue, final int priceScale, final int qtyScale, final int snapshotAfterDiffs, final BookLimits limits)
    {
        if (snapshotAfterDiffs < 0)
        {
            throw new IllegalArgumentException("snapshotAfterDiffs must be >= 0: " + snapshotAfterDiffs);
        }
        this.venue = venue;
        this.priceScale = priceScale;
        this.qtyScale = qtyScale;
        this.snapshotAfterDiffs = snapshotAfterDiffs;
        this.limits = limits;
        this.streamDecoder = new BinanceStreamDecoder(venue, symbols, MAX_FRAME_LENGTH);
    }

    /**
     * Also send every sync event to {@code listener} (e.g. a feed publisher), which is told of each instrument through
     * {@code onInstrument} before its sync starts. Set before the first instrument is added.
     */
    public void forwardTo(final SyncListener listener, final java.util.function.BiConsumer<Instrument, OrderBook> onInstrument)
    {
        if (!byId.isEmpty())
        {
            throw new IllegalStateException("forwardTo must be set before instruments are added");
        }
        this.downstream = listener;
        this.onInstrument = onInstrument;
    }

    /** Called with each decoded book event's exchange time before it is applied (pacing a replay). */
    public void pacer(final FramePacer pacer)
    {
        this.pacer = pacer;
    }

    /** Paces a replay by the venue's own event times. */
    @FunctionalInterface
    public interface FramePacer
    {
        void beforeApply(long exchangeTimeMs);
    }

    /** Register an instrument; ids are given in the order of registration. */
    public InstrumentReplay addInstrument(final String symbol)
    {
        final InstrumentReplay existing = bySymbol.get(symbol);
        if (existing != null)
        {
            return existing;
        }
        final Instrument instrument = new Instrument(byId.size(), venue, symbol, priceScale, qtyScale);
        symbols.add(instrument);
        final InstrumentReplay replay =
            new InstrumentReplay(instrument, new InstrumentSync(instrument, this, limits));
        bySymbol.put(symbol, replay);
        byId.add(replay);
        if (onInstrument != null)
        {
            onInstrument.accept(instrument, replay.sync.book());
        }
        replay.sync.start();
        return replay;
    }

    /** The REST snapshot body to deliver to this instrument. */
    public void setSnapshot(final String symbol, final byte[] body)
    {
        snapshotsById.put(addInstrument(symbol).instrument.id(), body);
    }

    /** Feed one received frame. */
    public void onFrame(final DirectBuffer frame, final int offset, final int length)
    {
        framesRead++;
        final int result =
            streamDecoder.decode(frame, offset, length, eventBuffer, 0, eventBuffer.capacity(), clock.nanoTime());
        if (result == 0)
        {
            framesIgnored++;
            return;
        }
        if (result < 0)
        {
            onRejected(result);
            return;
        }
        event.wrap(eventBuffer, 0);
        final InstrumentReplay replay = byId.get(event.instrumentId());
        if (pacer != null && event.exchangeTimeMs() != BookEvent.NULL_TIME)
        {
            pacer.beforeApply(event.exchangeTimeMs());
        }
        if (event.type() == BookEvent.TYPE_TOP_OF_BOOK)
        {
            replay.tickers.add(new long[]{
                event.lastUpdateId(), event.bidPrice(0), event.bidQuantity(0), event.askPrice(0), event.askQuantity(0)});
            return;
        }
        replay.sync.onEvent(eventBuffer, 0);
        replay.diffsReceived++;
        if (!replay.snapshotDelivered && replay.diffsReceived >= snapshotAfterDiffs)
        {
            deliverSnapshot(replay);
        }
    }

    /** After the last frame: instruments whose snapshot is still undelivered get it now. */
    public void finish()
    {
        for (final InstrumentReplay replay : byId)
        {
            if (!replay.snapshotDelivered)
            {
                deliverSnapshot(replay);
            }
        }
    }

    public List<InstrumentReplay> instruments()
    {
        return byId;
    }

    /** Problems not tied to one instrument (rejected frames with no symbol, unreadable snapshots). */
    public List<String> errors()
    {
        return errors;
    }

    public long framesRead()
    {
        return framesRead;
    }

    public long framesIgnored()
    {
        return framesIgnored;
    }

    public Venue venue()
    {
        return venue;
    }

    public void onStateChange(final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
    {
        byId.get(instrumentId).transitions.add(from + "->" + to + ":" + reason);
        if (downstream != null)
        {
            downstream.onStateChange(instrumentId, from, to, reason);
        }
    }

    public void onSnapshotRequest(final int instrumentId, final SyncReason reason)
    {
        byId.get(instrumentId).snapshotRequests.add(reason);
        if (downstream != null)
        {
            downstream.onSnapshotRequest(instrumentId, reason);
        }
    }

    public void onBookUpdated(final OrderBook book, final BookEvent applied)
    {
        if (downstream != null)
        {
            downstream.onBookUpdated(book, applied);
        }
        if (applied.type() == BookEvent.TYPE_DIFF)
        {
            final BookSide bids = book.bids();
            final BookSide asks = book.asks();
            byId.get(book.instrumentId()).topsByUpdateId.put(applied.lastUpdateId(), new long[]{
                bids.isEmpty() ? -1 : bids.bestPrice(), bids.isEmpty() ? -1 : bids.bestQuantity(),
                asks.isEmpty() ? -1 : asks.bestPrice(), asks.isEmpty() ? -1 : asks.bestQuantity()});
        }
    }

    private void deliverSnapshot(final InstrumentReplay replay)
    {
        replay.snapshotDelivered = true;
        final byte[] body = snapshotsById.get(replay.instrument.id());
        if (body == null)
        {
            return;
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(body);
        final int result = snapshotDecoder.decode(
            buffer, 0, body.length, replay.instrument, eventBuffer, 0, eventBuffer.capacity(), clock.nanoTime());
        if (result <= 0)
        {
            errors.add("snapshot for " + replay.instrument.symbol() + " rejected: " + DecodeReason.fromResult(result));
            return;
        }
        replay.sync.onEvent(eventBuffer, 0);
    }

    private void onRejected(final int result)
    {
        final DecodeReason reason = DecodeReason.fromResult(result);
        final Instrument instrument = streamDecoder.lastInstrument();
        if (instrument == null)
        {
            errors.add("frame " + framesRead + " rejected: " + reason);
            return;
        }
        final InstrumentReplay replay = byId.get(instrument.id());
        replay.rejected.add("frame " + framesRead + ": " + reason);
        replay.sync.markStale(SyncReason.BAD_INPUT);
    }

    /** One instrument's replay: its sync, the checkpoints seen, what went wrong. */
    public static final class InstrumentReplay
    {
        private final Instrument instrument;
        private final InstrumentSync sync;
        private final Map<Long, long[]> topsByUpdateId = new HashMap<>();
        private final List<long[]> tickers = new ArrayList<>();
        private final List<String> transitions = new ArrayList<>();
        private final List<SyncReason> snapshotRequests = new ArrayList<>();
        private final List<String> rejected = new ArrayList<>();
        private boolean snapshotDelivered;
        private long diffsReceived;

        InstrumentReplay(final Instrument instrument, final InstrumentSync sync)
        {
            this.instrument = instrument;
            this.sync = sync;
        }

        public Instrument instrument()
        {
            return instrument;
        }

        public InstrumentSync sync()
        {
            return sync;
        }

        /** State transitions as {@code FROM->TO:REASON}. */
        public List<String> transitions()
        {
            return transitions;
        }

        public List<SyncReason> snapshotRequests()
        {
            return snapshotRequests;
        }

        /** Frames of this instrument that failed to decode. */
        public List<String> rejected()
        {
            return rejected;
        }

        /** Book tickers whose update id equals an applied diff's last update id. */
        public int checkpointsChecked()
        {
            int checked = 0;
            for (final long[] ticker : tickers)
            {
                checked += topsByUpdateId.containsKey(ticker[0]) ? 1 : 0;
            }
            return checked;
        }

        /** Checkpoints where the book's best bid and ask (price and quantity) equal the ticker's. */
        public int checkpointsMatched()
        {
            int matched = 0;
            for (final long[] ticker : tickers)
            {
                final long[] top = topsByUpdateId.get(ticker[0]);
                if (top != null && top[0] == ticker[1] && top[1] == ticker[2] && top[2] == ticker[3] &&
                    top[3] == ticker[4])
                {
                    matched++;
                }
            }
            return matched;
        }

        /** Exact: in sync, no gap, nothing rejected, every checkpoint matched. */
        public boolean isExact()
        {
            return sync.state().isTrustworthy() && sync.counters().gaps() == 0 && rejected.isEmpty() &&
                checkpointsChecked() == checkpointsMatched();
        }
    }
}
