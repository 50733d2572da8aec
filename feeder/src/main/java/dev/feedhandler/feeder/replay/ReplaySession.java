package dev.feedhandler.feeder.replay;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.binance.BinanceSnapshotDecoder;
import dev.feedhandler.feeder.binance.BinanceStreamDecoder;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.feeder.venue.StreamSubscription;
import dev.feedhandler.feeder.venue.StreamVenues;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.SymbolNormalizer;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.InstrumentSync;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
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
 * would see them.
 * <ul>
 *   <li>Binance ({@link Venue.Bootstrap#REST_SNAPSHOT}): each instrument's diffs are buffered from the first frame,
 *   its REST snapshot is delivered once {@code snapshotAfterDiffs} of its diffs have arrived, and the book syncs by
 *   the venue's rules. Every book ticker whose {@code u} equals the last update id of an applied diff is a
 *   checkpoint: the venue's own best bid/ask at that update, compared with the book's.</li>
 *   <li>Stream venues ({@link Venue.Bootstrap#STREAM_SNAPSHOT}: Bybit, OKX, Kraken, Coinbase): the snapshots are in
 *   the frames; they go through the decoder of {@link StreamVenues#protocol} (one frame may carry several events)
 *   and the venue's checksums, where it sends them, are verified by the sync.</li>
 * </ul>
 * This is an offline tool: it allocates freely outside the decode and apply path.
 */
public final class ReplaySession implements SyncListener
{
    private static final int MAX_FRAME_LENGTH = 16 * 1024 * 1024;

    private final Venue venue;
    private final int priceScale;
    private final int qtyScale;
    private final int snapshotAfterDiffs;
    private final int bookDepth;
    private final BookLimits limits;
    private final SymbolTable symbols = new SymbolTable(1024);
    private final StreamFrameDecoder streamDecoder;
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

    /** A replay whose instruments keep every level (no book depth). */
    public ReplaySession(
        final Venue venue, final int priceScale, final int qtyScale, final int snapshotAfterDiffs, final BookLimits limits)
    {
        this(venue, priceScale, qtyScale, 0, snapshotAfterDiffs, limits);
    }

    /**
     * @param bookDepth          {@link Instrument#bookDepth()} of every instrument (Kraken: the subscribed depth), or 0.
     * @param snapshotAfterDiffs REST venues: deliver the snapshot after this many diffs; ignored by stream venues.
     * @throws IllegalArgumentException when the venue is a stream venue this build has no decoder for.
     */
    public ReplaySession(
        final Venue venue,
        final int priceScale,
        final int qtyScale,
        final int bookDepth,
        final int snapshotAfterDiffs,
        final BookLimits limits)
    {
        if (snapshotAfterDiffs < 0)
        {
            throw new IllegalArgumentException("snapshotAfterDiffs must be >= 0: " + snapshotAfterDiffs);
        }
        if (bookDepth < 0)
        {
            throw new IllegalArgumentException("bookDepth must be >= 0: " + bookDepth);
        }
        this.venue = venue;
        this.priceScale = priceScale;
        this.qtyScale = qtyScale;
        this.bookDepth = bookDepth;
        this.snapshotAfterDiffs = snapshotAfterDiffs;
        this.limits = limits;
        this.streamDecoder = venue.bootstrap() == Venue.Bootstrap.REST_SNAPSHOT ?
            binanceDecoder(new BinanceStreamDecoder(venue, symbols, MAX_FRAME_LENGTH)) :
            StreamVenues.protocol(venue, subscriptionFor(venue, bookDepth)).newDecoder(symbols, MAX_FRAME_LENGTH);
    }

    /** What the daemon would subscribe to: the decoders do not depend on it beyond the channel's message shape. */
    static StreamSubscription subscriptionFor(final Venue venue, final int bookDepth)
    {
        switch (venue)
        {
            case BYBIT:
                return new StreamSubscription("orderbook", 50);
            case OKX:
                return new StreamSubscription("books", 0);
            case KRAKEN:
                return new StreamSubscription("book", bookDepth > 0 ? bookDepth : 10);
            case COINBASE:
                return new StreamSubscription("level2", 0);
            default:
                throw new IllegalArgumentException(venue.configName() + " is not a stream venue");
        }
    }

    /** The Binance decoder behind the stream-decoder contract: one event per frame. */
    private static StreamFrameDecoder binanceDecoder(final BinanceStreamDecoder decoder)
    {
        return new StreamFrameDecoder()
        {
            public int decode(
                final DirectBuffer buffer,
                final int offset,
                final int length,
                final MutableDirectBuffer out,
                final int outOffset,
                final int outCapacity,
                final long receivedNs)
            {
                return decoder.decode(buffer, offset, length, out, outOffset, outCapacity, receivedNs);
            }

            public Instrument lastInstrument()
            {
                return decoder.lastInstrument();
            }
        };
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
        final Instrument instrument = new Instrument(
            byId.size(), venue, symbol, SymbolNormalizer.normalize(symbol), priceScale, qtyScale, bookDepth);
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
        int at = 0;
        while (at < result)
        {
            // Read the length first: a REST snapshot delivered while applying reuses the start of the buffer.
            final int eventLength = event.wrap(eventBuffer, at).length();
            onDecodedEvent(event, at);
            at += eventLength;
        }
    }

    private void onDecodedEvent(final BookEvent event, final int at)
    {
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
        replay.sync.onEvent(eventBuffer, at);
        if (venue.bootstrap() != Venue.Bootstrap.REST_SNAPSHOT)
        {
            return;
        }
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
            if (!replay.snapshotDelivered && venue.bootstrap() == Venue.Bootstrap.REST_SNAPSHOT)
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
        final InstrumentReplay replay = byId.get(instrumentId);
        replay.transitions.add(from + "->" + to + ":" + reason);
        replay.wentStale |= to == SyncState.STALE;
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
        if (applied.type() == BookEvent.TYPE_DIFF && venue.bootstrap() == Venue.Bootstrap.REST_SNAPSHOT)
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
        private boolean wentStale;
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

        /** True once the book went STALE at any point (even if a later snapshot in the stream recovered it). */
        public boolean wentStale()
        {
            return wentStale;
        }

        /** Venue checksums compared with the book. */
        public long checksumsChecked()
        {
            return sync.counters().checksumsVerified();
        }

        /** Venue checksums that equalled the book's. */
        public long checksumsMatched()
        {
            return sync.counters().checksumsVerified() - sync.counters().checksumMismatches();
        }

        /**
         * Exact: in sync, never STALE, no gap, nothing rejected, every checkpoint and every venue checksum matched.
         */
        public boolean isExact()
        {
            return sync.state().isTrustworthy() && !wentStale && sync.counters().gaps() == 0 && rejected.isEmpty() &&
                checkpointsChecked() == checkpointsMatched() && sync.counters().checksumMismatches() == 0;
        }
    }
}
