package dev.feedhandler.protocol.publisher;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;
import dev.feedhandler.protocol.WireCodes;
import dev.feedhandler.protocol.sbe.BookDeltaEncoder;
import dev.feedhandler.protocol.sbe.BookSnapshotEncoder;
import dev.feedhandler.protocol.sbe.HeartbeatEncoder;
import dev.feedhandler.protocol.sbe.InstrumentDefinitionEncoder;
import dev.feedhandler.protocol.sbe.InstrumentState;
import dev.feedhandler.protocol.sbe.InstrumentStatusEncoder;
import dev.feedhandler.protocol.sbe.MessageHeaderEncoder;
import dev.feedhandler.protocol.sbe.Side;
import dev.feedhandler.protocol.sbe.StatusReason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the book processor's events into the wire protocol on two streams:
 * <ul>
 *   <li><b>delta stream</b>: BookDelta for every applied venue diff (split into parts that fit one MTU),
 *   InstrumentStatus on every state change, InstrumentDefinition when an instrument is added, Heartbeat when
 *   idle;</li>
 *   <li><b>snapshot stream</b>: BookSnapshot of an instrument right after the processor loads a venue snapshot, and a
 *   cycle every {@code snapshotIntervalNs} of definition, status and (for exact books) snapshot of every
 *   instrument, a few instruments per {@link #doWork} call; a cycle also starts at once when a delta-stream message
 *   was dropped, because consumers then see a gap and need snapshots, and when the first subscriber arrives (both
 *   streams connected after neither was), so it need not wait for the next period; Heartbeat when idle.</li>
 * </ul>
 * Each snapshot names the delta-stream sequence it includes ({@code lastDeltaSequence}), so a consumer knows which
 * deltas to skip or apply after it. Runs on the book thread; allocates nothing per message.
 */
public final class FeedPublisher implements SyncListener
{
    private static final int GROUP_HEADER_LENGTH = 4;

    private final long epoch;
    private final StreamPublisher deltas;
    private final StreamPublisher snapshots;
    private final EpochNanoClock clock;
    private final PublisherConfig config;
    private final int deltaLevelsPerPart;
    private final int snapshotLevelsPerPart;
    private final List<Published> instruments = new ArrayList<>();

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final BookDeltaEncoder delta = new BookDeltaEncoder();
    private final BookSnapshotEncoder snapshot = new BookSnapshotEncoder();
    private final InstrumentStatusEncoder status = new InstrumentStatusEncoder();
    private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();

    private long nextCycleNs;
    private int cycleCursor = -1;
    private long cycles;
    private long cycleRequests;
    private boolean subscribed;

    public FeedPublisher(
        final long epoch,
        final StreamPublisher deltas,
        final StreamPublisher snapshots,
        final EpochNanoClock clock,
        final PublisherConfig config)
    {
        this.epoch = epoch;
        this.deltas = deltas;
        this.snapshots = snapshots;
        this.clock = clock;
        this.config = config;
        this.deltaLevelsPerPart = levelsPerPart(deltas, BookDeltaEncoder.BLOCK_LENGTH, config);
        this.snapshotLevelsPerPart = levelsPerPart(snapshots, BookSnapshotEncoder.BLOCK_LENGTH, config);
    }

    public long epoch()
    {
        return epoch;
    }

    public StreamPublisher deltaStream()
    {
        return deltas;
    }

    public StreamPublisher snapshotStream()
    {
        return snapshots;
    }

    /** Snapshot cycles completed. */
    public long cycles()
    {
        return cycles;
    }

    /**
     * Register an instrument and its book (ids must be dense from 0, in order) and announce it on the delta stream.
     */
    public void addInstrument(final Instrument instrument, final OrderBook book)
    {
        if (instrument.id() != instruments.size())
        {
            throw new IllegalArgumentException(
                "instrument ids must be added densely in order: expected " + instruments.size() + ", got " + instrument.id());
        }
        instruments.add(new Published(instrument, book));
        publishDefinition(deltas, instruments.get(instrument.id()), clock.nanoTime());
    }

    public void onStateChange(final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
    {
        final Published published = instruments.get(instrumentId);
        published.state = WireCodes.state(to);
        published.reason = WireCodes.reason(reason);
        publishStatus(deltas, published, clock.nanoTime());
    }

    public void onSnapshotRequest(final int instrumentId, final SyncReason reason)
    {
        final Published published = instruments.get(instrumentId);
        if (published.state == InstrumentState.STALE || published.state == InstrumentState.RESYNCING)
        {
            // The broken book is resyncing; each new request says why (e.g. SNAPSHOT_TOO_OLD after GAP).
            published.state = InstrumentState.RESYNCING;
            published.reason = WireCodes.reason(reason);
            publishStatus(deltas, published, clock.nanoTime());
        }
        else if (published.state == InstrumentState.SYNCING && reason != SyncReason.STARTED)
        {
            published.reason = WireCodes.reason(reason); // still syncing, asked again (e.g. SNAPSHOT_TOO_OLD)
            publishStatus(deltas, published, clock.nanoTime());
        }
    }

    public void onBookUpdated(final OrderBook book, final BookEvent event)
    {
        final Published published = instruments.get(book.instrumentId());
        if (event.type() == BookEvent.TYPE_DIFF)
        {
            publishDelta(event);
        }
        else
        {
            // A fresh venue snapshot: consumers waiting on this instrument need it now, not at the next cycle.
            published.state = InstrumentState.LIVE;
            publishSnapshot(published, clock.nanoTime());
        }
    }

    /**
     * Heartbeats and snapshot-cycle progress.
     *
     * @return work done (messages published).
     */
    public int doWork(final long nowNs)
    {
        int work = 0;
        if (cycleCursor < 0 && (subscriberArrived() || cycleRequests > 0 || nowNs - nextCycleNs >= 0))
        {
            cycleCursor = 0;
            cycleRequests = 0;
            nextCycleNs = nowNs + config.snapshotIntervalNs();
        }
        if (cycleCursor >= 0)
        {
            work += continueCycle(nowNs);
        }
        if (nowNs - deltas.lastSendNs() >= config.heartbeatIntervalNs())
        {
            publishHeartbeat(deltas, nowNs);
            work++;
        }
        if (nowNs - snapshots.lastSendNs() >= config.heartbeatIntervalNs())
        {
            publishHeartbeat(snapshots, nowNs);
            work++;
        }
        return work;
    }

    /** Start a snapshot cycle at the next {@link #doWork}. */
    public void requestSnapshotCycle()
    {
        cycleRequests++;
    }

    /** True while a snapshot cycle is in progress. */
    public boolean isCycleInProgress()
    {
        return cycleCursor >= 0;
    }

    private int continueCycle(final long nowNs)
    {
        final int end = Math.min(instruments.size(), cycleCursor + config.instrumentsPerWork());
        int work = 0;
        for (int i = cycleCursor; i < end; i++)
        {
            final Published published = instruments.get(i);
            publishDefinition(snapshots, published, nowNs);
            publishStatus(snapshots, published, nowNs);
            work += 2;
            if (published.state == InstrumentState.LIVE)
            {
                work += publishSnapshot(published, nowNs);
            }
        }
        cycleCursor = end;
        if (cycleCursor >= instruments.size())
        {
            cycleCursor = -1;
            cycles++;
        }
        return work;
    }

    private void publishDelta(final BookEvent event)
    {
        final long nowNs = clock.nanoTime();
        final int bidCount = event.bidCount();
        final int total = bidCount + event.askCount();
        final int parts = Math.max(1, (total + deltaLevelsPerPart - 1) / deltaLevelsPerPart);
        // Level offsets once per event, not per level.
        final DirectBuffer source = event.buffer();
        final int bidsAt = event.bidLevelsOffset();
        final int asksAt = event.askLevelsOffset();
        final long exchangeTimeMs = event.exchangeTimeMs();
        final long exchangeTimeNs = exchangeTimeMs == BookEvent.NULL_TIME ?
            BookDeltaEncoder.exchangeTimeNsNullValue() : exchangeTimeMs * 1_000_000L;
        int level = 0;
        for (int part = 0; part < parts; part++)
        {
            final int count = Math.min(deltaLevelsPerPart, total - level);
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + BookDeltaEncoder.BLOCK_LENGTH +
                GROUP_HEADER_LENGTH + count * BookDeltaEncoder.LevelsEncoder.sbeBlockLength();
            final int offset = deltas.claim(length, nowNs);
            if (offset < 0)
            {
                onDeltaDropped();
                level += count;
                continue;
            }
            delta.wrapAndApplyHeader(deltas.buffer(), offset, header)
                .epoch(epoch)
                .sequence(deltas.sequence())
                .instrumentId(event.instrumentId())
                .partIndex(part)
                .partCount(parts)
                .venueSequence(event.lastUpdateId())
                .exchangeTimeNs(exchangeTimeNs)
                .ingressTimeNs(event.ingressTimeNs())
                .publishTimeNs(nowNs);
            final BookDeltaEncoder.LevelsEncoder levels = delta.levelsCount(count);
            for (int i = 0; i < count; i++, level++)
            {
                final boolean isBid = level < bidCount;
                final int at = isBid ? bidsAt + level * BookEvent.LEVEL_LENGTH :
                    asksAt + (level - bidCount) * BookEvent.LEVEL_LENGTH;
                levels.next().side(isBid ? Side.BID : Side.ASK)
                    .price(source.getLong(at))
                    .quantity(source.getLong(at + Long.BYTES));
            }
            deltas.commit(MessageHeaderEncoder.ENCODED_LENGTH + delta.encodedLength());
        }
    }

    /**
     * Rare path: a delta-stream message was not sent. If it was dropped, consumers will see a gap and need snapshots;
     * if nobody was connected, nobody needs them until someone arrives ({@link #subscriberArrived}).
     */
    private void onDeltaDropped()
    {
        if (deltas.lastClaimDropped())
        {
            cycleRequests++;
        }
    }

    /**
     * True once each time both streams become connected after they were not: a consumer has arrived with no book
     * yet. (A consumer joining others already connected waits for the next cycle.)
     */
    private boolean subscriberArrived()
    {
        final boolean connected = deltas.isConnected() && snapshots.isConnected();
        final boolean arrived = connected && !subscribed;
        subscribed = connected;
        return arrived;
    }

    /** @return parts published. */
    private int publishSnapshot(final Published published, final long nowNs)
    {
        final OrderBook book = published.book;
        final BookSide bids = book.bids();
        final BookSide asks = book.asks();
        final int bidCount = bids.depth();
        final int total = bidCount + asks.depth();
        final int parts = Math.max(1, (total + snapshotLevelsPerPart - 1) / snapshotLevelsPerPart);
        final long lastDeltaSequence = deltas.sequence();
        int level = 0;
        for (int part = 0; part < parts; part++)
        {
            final int count = Math.min(snapshotLevelsPerPart, total - level);
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + BookSnapshotEncoder.BLOCK_LENGTH +
                GROUP_HEADER_LENGTH + count * BookSnapshotEncoder.LevelsEncoder.sbeBlockLength();
            final int offset = snapshots.claim(length, nowNs);
            if (offset < 0)
            {
                level += count;
                continue;
            }
            snapshot.wrapAndApplyHeader(snapshots.buffer(), offset, header)
                .epoch(epoch)
                .sequence(snapshots.sequence())
                .instrumentId(published.instrument.id())
                .partIndex(part)
                .partCount(parts)
                .lastDeltaSequence(lastDeltaSequence)
                .venueSequence(book.lastUpdateId())
                .publishTimeNs(nowNs)
                .bidCount(bidCount)
                .askCount(total - bidCount);
            final BookSnapshotEncoder.LevelsEncoder levels = snapshot.levelsCount(count);
            for (int i = 0; i < count; i++, level++)
            {
                if (level < bidCount)
                {
                    levels.next().side(Side.BID).price(bids.priceAt(level)).quantity(bids.quantityAt(level));
                }
                else
                {
                    final int ask = level - bidCount;
                    levels.next().side(Side.ASK).price(asks.priceAt(ask)).quantity(asks.quantityAt(ask));
                }
            }
            snapshots.commit(MessageHeaderEncoder.ENCODED_LENGTH + snapshot.encodedLength());
        }
        return parts;
    }

    private void publishStatus(final StreamPublisher stream, final Published published, final long nowNs)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + InstrumentStatusEncoder.BLOCK_LENGTH;
        final int offset = stream.claim(length, nowNs);
        if (offset < 0)
        {
            onStreamDropped(stream);
            return;
        }
        status.wrapAndApplyHeader(stream.buffer(), offset, header)
            .epoch(epoch)
            .sequence(stream.sequence())
            .instrumentId(published.instrument.id())
            .state(published.state)
            .reason(published.reason)
            .venueSequence(published.book.lastUpdateId())
            .publishTimeNs(nowNs);
        stream.commit(length);
    }

    private void publishDefinition(final StreamPublisher stream, final Published published, final long nowNs)
    {
        final Instrument instrument = published.instrument;
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + InstrumentDefinitionEncoder.BLOCK_LENGTH +
            2 + published.venueSymbol.length + published.normalizedSymbol.length;
        final int offset = stream.claim(length, nowNs);
        if (offset < 0)
        {
            onStreamDropped(stream);
            return;
        }
        definition.wrapAndApplyHeader(stream.buffer(), offset, header)
            .epoch(epoch)
            .sequence(stream.sequence())
            .instrumentId(instrument.id())
            .venue(WireCodes.venue(instrument.venue()))
            .priceScale((short)instrument.priceScale())
            .qtyScale((short)instrument.qtyScale())
            .putVenueSymbol(published.venueSymbol, 0, published.venueSymbol.length)
            .putNormalizedSymbol(published.normalizedSymbol, 0, published.normalizedSymbol.length);
        stream.commit(length);
    }

    private void publishHeartbeat(final StreamPublisher stream, final long nowNs)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + HeartbeatEncoder.BLOCK_LENGTH;
        final int offset = stream.claim(length, nowNs);
        if (offset < 0)
        {
            onStreamDropped(stream);
            return;
        }
        heartbeat.wrapAndApplyHeader(stream.buffer(), offset, header)
            .epoch(epoch)
            .sequence(stream.sequence())
            .publishTimeNs(nowNs)
            .deltaSequence(deltas.sequence());
        stream.commit(length);
    }

    private void onStreamDropped(final StreamPublisher stream)
    {
        if (stream == deltas)
        {
            onDeltaDropped();
        }
    }

    private static int levelsPerPart(final StreamPublisher stream, final int blockLength, final PublisherConfig config)
    {
        final int room = stream.maxMessageLength() - MessageHeaderEncoder.ENCODED_LENGTH - blockLength -
            GROUP_HEADER_LENGTH;
        final int fit = room / BookDeltaEncoder.LevelsEncoder.sbeBlockLength();
        if (fit < 1)
        {
            throw new IllegalArgumentException("a message of " + stream.maxMessageLength() + " bytes cannot hold a level");
        }
        return Math.min(fit, config.maxLevelsPerMessage());
    }

    /** Per-instrument publishing state. */
    private static final class Published
    {
        final Instrument instrument;
        final OrderBook book;
        final byte[] venueSymbol;
        final byte[] normalizedSymbol;
        InstrumentState state = InstrumentState.SYNCING;
        StatusReason reason = StatusReason.NONE;

        Published(final Instrument instrument, final OrderBook book)
        {
            this.instrument = instrument;
            this.book = book;
            this.venueSymbol = instrument.symbol().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            this.normalizedSymbol = instrument.normalizedSymbol().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }
}
