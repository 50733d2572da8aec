package dev.feedhandler.feeder.daemon;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.binance.BinanceSnapshotDecoder;
import dev.feedhandler.feeder.binance.BinanceStreamDecoder;
import dev.feedhandler.feeder.config.ConfigLoader;
import dev.feedhandler.feeder.config.DaemonConfig;
import dev.feedhandler.feeder.ingest.DisconnectReason;
import dev.feedhandler.feeder.ingest.ReconnectPolicy;
import dev.feedhandler.feeder.ingest.ReconnectingWebSocket;
import dev.feedhandler.feeder.ingest.SnapshotScheduler;
import dev.feedhandler.feeder.ingest.WebSocketConnector;
import dev.feedhandler.feeder.ingest.WebSocketOptions;
import dev.feedhandler.feeder.ingest.WebSocketSession;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.processor.RingMessages;
import dev.feedhandler.orderbook.sync.SyncReason;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One Binance venue (spot or USD-M): its instruments split over combined-stream connections, frames decoded on the
 * I/O thread straight into the event ring, REST snapshots on request through the venue's rate budget.
 * <p>
 * What the book may have lost is always told to the processor: a rejected frame marks its instrument stale, an
 * unplanned disconnect marks the connection's instruments stale, a full ring marks the lost frame's instrument stale
 * (the notice itself is retried until the ring has room). Planned rotations (the new connection opened first) and
 * shutdown mark nothing.
 */
final class BinanceVenueIngest implements VenueIngest
{
    private static final int NO_REASON = 0;

    private final DaemonConfig.VenueSettings settings;
    private final RingBuffer events;
    /** The ring's largest message: a claim is never larger (a frame whose event would not fit is TOO_MANY_LEVELS). */
    private final int maxEventLength;
    private final IngestCounters counters;
    /** Stamps each event's ring commit ({@code [metrics] ring_timestamps}); null when off: no clock read. */
    private final EpochNanoClock ringClock;
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(BinanceVenueIngest.class));
    private final SymbolTable symbols;
    private final Instrument[] byId;
    private final int firstId;
    private final List<StreamGroup> groups = new ArrayList<>();
    private final StreamGroup[] groupById;
    private final SnapshotScheduler snapshots;
    private final BinanceSnapshotDecoder snapshotDecoder;
    private final UnsafeBuffer snapshotScratch;
    /** Per instrument (index id - firstId): a stale notice still to be written (SyncReason code), 0 = none. */
    private final AtomicIntegerArray pendingStale;
    /** Per instrument: a snapshot request waiting for its connection to open. */
    private final AtomicIntegerArray deferredSnapshots;

    BinanceVenueIngest(
        final DaemonConfig.VenueSettings settings,
        final List<Instrument> instruments,
        final RingBuffer events,
        final WebSocketConnector connector,
        final WebSocketOptions options,
        final SnapshotScheduler snapshots,
        final int maxFrameBytes)
    {
        this(settings, instruments, events, connector, options, snapshots, maxFrameBytes, new IngestCounters(), null);
    }

    /** @param ringClock stamps each event's ring commit (the ingress clock), or null for no ring timestamps. */
    BinanceVenueIngest(
        final DaemonConfig.VenueSettings settings,
        final List<Instrument> instruments,
        final RingBuffer events,
        final WebSocketConnector connector,
        final WebSocketOptions options,
        final SnapshotScheduler snapshots,
        final int maxFrameBytes,
        final IngestCounters counters,
        final EpochNanoClock ringClock)
    {
        this.counters = counters;
        this.ringClock = ringClock;
        this.settings = settings;
        this.events = events;
        this.maxEventLength = events.maxMsgLength();
        this.snapshots = snapshots;
        this.snapshotDecoder = new BinanceSnapshotDecoder(maxFrameBytes);
        this.snapshotScratch = new UnsafeBuffer(new byte[eventBound(maxFrameBytes)]);
        this.firstId = instruments.get(0).id();
        this.byId = instruments.toArray(new Instrument[0]);
        this.symbols = new SymbolTable(instruments.size());
        this.pendingStale = new AtomicIntegerArray(instruments.size());
        this.deferredSnapshots = new AtomicIntegerArray(instruments.size());
        this.groupById = new StreamGroup[instruments.size()];
        for (final Instrument instrument : instruments)
        {
            symbols.add(instrument);
        }
        final ReconnectPolicy policy = new ReconnectPolicy(ReconnectPolicy.binanceDefaults().initialBackoff(),
            ReconnectPolicy.binanceDefaults().maxBackoff(), ReconnectPolicy.binanceDefaults().jitter(),
            settings.plannedLifetime(), settings.rotationOverlap());
        for (int from = 0; from < instruments.size(); from += settings.streamsPerConnection())
        {
            final List<Instrument> members =
                instruments.subList(from, Math.min(instruments.size(), from + settings.streamsPerConnection()));
            final StreamGroup group = new StreamGroup(members, maxFrameBytes);
            group.socket = new ReconnectingWebSocket(connector, streamsUri(members), options, policy, group,
                new SplittableRandom());
            groups.add(group);
            for (final Instrument member : members)
            {
                groupById[member.id() - firstId] = group;
            }
        }
    }

    Venue venue()
    {
        return settings.venue();
    }

    public IngestCounters counters()
    {
        return counters;
    }

    /** Planned rotations completed on this venue's connections. */
    public int rotations()
    {
        int rotations = 0;
        for (final StreamGroup group : groups)
        {
            rotations += group.socket.rotations();
        }
        return rotations;
    }

    /** Unplanned reconnects on this venue's connections. */
    public int reconnects()
    {
        int reconnects = 0;
        for (final StreamGroup group : groups)
        {
            reconnects += group.socket.reconnects();
        }
        return reconnects;
    }

    public boolean owns(final int instrumentId)
    {
        return instrumentId >= firstId && instrumentId < firstId + byId.length;
    }

    public void start()
    {
        for (final StreamGroup group : groups)
        {
            group.socket.start();
        }
    }

    /** The processor asks for a snapshot. Sent once the instrument's connection is open (diffs are buffering). */
    public void onSnapshotRequest(final int instrumentId, final int reasonCode)
    {
        final int index = instrumentId - firstId;
        if (groupById[index].openSessions > 0)
        {
            requestSnapshot(index);
        }
        else
        {
            deferredSnapshots.set(index, 1);
        }
    }

    /** Retry stale notices that found the ring full. Called periodically off the hot path. */
    public void flushPendingStale()
    {
        for (int index = 0; index < byId.length; index++)
        {
            final int reason = pendingStale.get(index);
            if (reason != NO_REASON && writeNotice(firstId + index, reason))
            {
                pendingStale.compareAndSet(index, reason, NO_REASON);
            }
        }
    }

    /** The snapshot scheduler delivers a body (on its event loop). */
    void onSnapshot(final int instrumentId, final DirectBuffer body, final int offset, final int length, final long nowNs)
    {
        final Instrument instrument = byId[instrumentId - firstId];
        final int bound = Math.min(Math.min(eventBound(length), snapshotScratch.capacity()), maxEventLength);
        final int index = events.tryClaim(RingMessages.BOOK_EVENT, bound);
        if (index < 0)
        {
            // Rare path: no room for the snapshot now; count it and ask for it again (the request waits its turn).
            counters.ringFull.incrementAndGet();
            requestSnapshot(instrumentId - firstId);
            return;
        }
        final int result = snapshotDecoder.decode(body, offset, length, instrument, events.buffer(), index, bound, nowNs);
        if (result > 0)
        {
            if (ringClock != null)
            {
                events.buffer().putLong(index + BookEvent.RING_TIME_OFFSET, ringClock.nanoTime());
            }
            events.commit(index);
            counters.snapshots.incrementAndGet();
            return;
        }
        events.abort(index);
        counters.snapshotRejected.incrementAndGet();
        final DecodeReason reason = result < 0 ? DecodeReason.fromResult(result) : DecodeReason.MISSING_FIELD;
        log.warn(settings.venue().configName() + "/snapshot/" + reason, settings.venue().configName() + " " +
            instrument.symbol() + ": REST snapshot rejected: " + reason + " (" + length + " bytes); asking again");
        requestSnapshot(instrumentId - firstId);
    }

    void onSnapshotRetry(final int instrumentId, final String reason, final long retryInNs)
    {
        counters.snapshotRetries.incrementAndGet();
        if (reason.equals(SnapshotScheduler.RETRY_RATE_LIMITED) || reason.equals(SnapshotScheduler.RETRY_BANNED))
        {
            counters.snapshotRateLimited.incrementAndGet();
        }
        log.warn(settings.venue().configName() + "/snapshot-retry", settings.venue().configName() + " " +
            byId[instrumentId - firstId].symbol() + ": snapshot request retried in " + retryInNs / 1_000_000 +
            " ms: " + reason);
    }

    public void close()
    {
        for (final StreamGroup group : groups)
        {
            CloseHelper.quietClose(group.socket);
        }
    }

    private void requestSnapshot(final int index)
    {
        final Instrument instrument = byId[index];
        counters.snapshotRequests.incrementAndGet();
        snapshots.request(instrument.id(), URI.create(settings.restDepthUrl() + "?symbol=" + instrument.symbol() +
            "&limit=" + settings.snapshotLimit()),
            ConfigLoader.snapshotRequestWeight(settings.venue(), settings.snapshotLimit()));
    }

    private void onFrame(
        final StreamGroup group,
        final BinanceStreamDecoder decoder,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long receivedNs)
    {
        counters.frames.incrementAndGet();
        counters.bytes.addAndGet(length);
        final int bound = Math.min(eventBound(length), maxEventLength);
        final int index = events.tryClaim(RingMessages.BOOK_EVENT, bound);
        if (index < 0)
        {
            onRingFull(group, decoder, buffer, offset, length, receivedNs);
            return;
        }
        final int result = decoder.decode(buffer, offset, length, events.buffer(), index, bound, receivedNs);
        if (result > 0)
        {
            if (pendingStale.get(events.buffer().getInt(index + BookEvent.INSTRUMENT_ID_OFFSET) - firstId) != NO_REASON)
            {
                onHeldBack(index);
                return;
            }
            // Read before commit: once committed the processor may consume the record.
            final boolean isDiff = events.buffer().getShort(index + BookEvent.TYPE_OFFSET) == BookEvent.TYPE_DIFF;
            group.noteForwarded(index, isDiff);
            if (ringClock != null)
            {
                events.buffer().putLong(index + BookEvent.RING_TIME_OFFSET, ringClock.nanoTime());
            }
            events.commit(index);
            counters.events.incrementAndGet();
            return;
        }
        events.abort(index);
        if (result == 0)
        {
            counters.ignored.incrementAndGet();
        }
        else
        {
            onRejected(decoder, result, length);
        }
    }

    /**
     * Rare path: an earlier frame of this instrument was lost and its stale notice is still waiting for room. The
     * processor must learn of the loss before it sees a later diff (else it calls the loss a GAP), so this event is
     * dropped too: the instrument resyncs from a snapshot requested after the notice, newer than anything dropped.
     */
    private void onHeldBack(final int index)
    {
        events.abort(index);
        counters.eventsHeldBack.incrementAndGet();
    }

    /** Rare path: a frame the decoder refused. Its instrument (when known) resyncs. */
    private void onRejected(final BinanceStreamDecoder decoder, final int result, final int length)
    {
        final DecodeReason reason = DecodeReason.fromResult(result);
        counters.rejected.incrementAndGet(reason.code());
        final Instrument instrument = decoder.lastInstrument();
        if (instrument != null)
        {
            markStale(instrument.id(), SyncReason.BAD_INPUT);
        }
        // Without a symbol the lost diff shows up as a gap on its instrument's next diff.
        log.warn(settings.venue().configName() + "/" + reason, settings.venue().configName() + " " +
            (instrument != null ? instrument.symbol() : "(instrument unknown)") + ": frame rejected: " + reason +
            " (" + length + " bytes)");
    }

    /** Rare path: the ring is full; the frame is lost, so its instrument must resync. Decode aside to find it. */
    private void onRingFull(
        final StreamGroup group,
        final BinanceStreamDecoder decoder,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long receivedNs)
    {
        counters.ringFull.incrementAndGet();
        decoder.decode(buffer, offset, length, group.scratch, 0, group.scratch.capacity(), receivedNs);
        final Instrument instrument = decoder.lastInstrument();
        if (instrument != null)
        {
            markStale(instrument.id(), SyncReason.BUFFER_OVERFLOW);
        }
        log.warn(settings.venue().configName() + "/ring-full", settings.venue().configName() + ": event ring full, " +
            "frame lost" + (instrument != null ? " for " + instrument.symbol() + " (it resyncs)" : ""));
    }

    private void markStale(final int instrumentId, final SyncReason reason)
    {
        if (!writeNotice(instrumentId, reason.code()))
        {
            pendingStale.set(instrumentId - firstId, reason.code());
        }
    }

    private boolean writeNotice(final int instrumentId, final int reasonCode)
    {
        final int index = events.tryClaim(RingMessages.INSTRUMENT_STALE, RingMessages.NOTICE_LENGTH);
        if (index < 0)
        {
            return false;
        }
        events.buffer().putInt(index + RingMessages.INSTRUMENT_ID_OFFSET, instrumentId);
        events.buffer().putInt(index + RingMessages.REASON_OFFSET, reasonCode);
        events.commit(index);
        counters.staleNotices.incrementAndGet();
        return true;
    }

    private URI streamsUri(final List<Instrument> members)
    {
        final StringBuilder streams = new StringBuilder();
        for (final Instrument member : members)
        {
            streams.append(streams.length() == 0 ? "" : "/")
                .append(member.symbol().toLowerCase(Locale.ROOT)).append('@').append(settings.depthStream());
        }
        return URI.create(settings.wsUrl() + "?streams=" + streams);
    }

    /** An upper bound of the event a frame of this length can decode to: every level takes at least 9 bytes. */
    static int eventBound(final int frameLength)
    {
        return BookEvent.lengthFor(frameLength / 9 + 1);
    }

    /**
     * One combined-stream connection and the instruments on it.
     * <p>
     * During a planned rotation two sessions are open: the primary, whose frames go to the ring, and the candidate,
     * whose frames are decoded aside and dropped while the switch waits. The candidate becomes the primary at one of
     * its frames, which is forwarded, once nothing can be skipped: the primary has delivered everything before that
     * frame for its instrument (spot: {@code last u >= U - 1}, USD-M: {@code last u >= pu}) and, for every other
     * instrument, everything up to the last candidate frame dropped for it (so the next one follows on). An
     * instrument that has not spoken on the candidate yet (a quiet book) does not hold the switch up. The old session
     * is then ignored until it closes, so the stream the processor sees does not jump ahead, however far the primary
     * lags. If the overlap ends before that, the candidate takes over anyway (counted); the processor then resyncs
     * what it must: a gap is always caught by the sequence check, never applied.
     */
    private final class StreamGroup implements ReconnectingWebSocket.Listener
    {
        final List<Instrument> members;
        final int firstMemberId;
        final UnsafeBuffer scratch;
        final BookEvent scratchEvent = new BookEvent();
        ReconnectingWebSocket socket;
        volatile int openSessions;
        volatile WebSocketSession primary;
        volatile WebSocketSession candidate;
        final BinanceStreamDecoder primaryDecoder;
        final BinanceStreamDecoder candidateDecoder;
        /** Per member: the last update id the primary put in the ring (written by its I/O thread). */
        final AtomicLongArray primaryLastId;
        /** Per member, during a rotation: u of the last candidate frame dropped, or NULL_ID when it has not spoken. */
        final long[] candidateDroppedId;
        BinanceStreamDecoder activeDecoder;
        BinanceStreamDecoder candidateActiveDecoder;

        StreamGroup(final List<Instrument> members, final int maxFrameBytes)
        {
            this.members = members;
            this.firstMemberId = members.get(0).id();
            this.scratch = new UnsafeBuffer(new byte[eventBound(maxFrameBytes)]);
            this.primaryDecoder = new BinanceStreamDecoder(settings.venue(), symbols, maxFrameBytes);
            this.candidateDecoder = new BinanceStreamDecoder(settings.venue(), symbols, maxFrameBytes);
            this.primaryLastId = new AtomicLongArray(members.size());
            this.candidateDroppedId = new long[members.size()];
            this.activeDecoder = primaryDecoder;
            this.candidateActiveDecoder = candidateDecoder;
            for (int i = 0; i < members.size(); i++)
            {
                primaryLastId.set(i, BookEvent.NULL_ID);
            }
        }

        public synchronized void onSessionOpened(final WebSocketSession session, final int generation)
        {
            openSessions++;
            if (primary == null)
            {
                primary = session;
            }
            else
            {
                java.util.Arrays.fill(candidateDroppedId, BookEvent.NULL_ID);
                candidate = session;
            }
            for (final Instrument member : members)
            {
                if (deferredSnapshots.compareAndSet(member.id() - firstId, 1, 0))
                {
                    requestSnapshot(member.id() - firstId);
                }
            }
        }

        public void onText(
            final WebSocketSession session, final DirectBuffer buffer, final int offset, final int length,
            final long receivedEpochNs)
        {
            if (session == primary)
            {
                forward(buffer, offset, length, receivedEpochNs);
            }
            else if (session == candidate)
            {
                onCandidateFrame(buffer, offset, length, receivedEpochNs);
            }
            else
            {
                // The old session after a switch, until it closes: received, not used.
                counters.frames.incrementAndGet();
                counters.bytes.addAndGet(length);
            }
        }

        private void forward(final DirectBuffer buffer, final int offset, final int length, final long receivedNs)
        {
            onFrame(this, activeDecoder, buffer, offset, length, receivedNs);
        }

        /** A diff is about to be committed to the ring: remember how far the primary got for its instrument. */
        void noteForwarded(final int index, final boolean isDiff)
        {
            if (isDiff)
            {
                final int member = events.buffer().getInt(index + BookEvent.INSTRUMENT_ID_OFFSET) - firstMemberId;
                if (member >= 0 && member < members.size())
                {
                    primaryLastId.set(member, events.buffer().getLong(index + BookEvent.LAST_UPDATE_ID_OFFSET));
                }
            }
        }

        /** Rotation only: learn where the candidate's stream starts; switch once the primary has caught up to it. */
        private synchronized void onCandidateFrame(
            final DirectBuffer buffer, final int offset, final int length, final long receivedNs)
        {
            counters.frames.incrementAndGet(); // received, though only decoded aside until the switch
            counters.bytes.addAndGet(length);
            if (candidateActiveDecoder.decode(buffer, offset, length, scratch, 0, scratch.capacity(), receivedNs) <= 0)
            {
                return;
            }
            final BookEvent event = scratchEvent.wrap(scratch, 0);
            final int member = event.instrumentId() - firstMemberId;
            if (event.type() != BookEvent.TYPE_DIFF || member < 0 || member >= members.size())
            {
                return;
            }
            // What the primary must have delivered for this frame to follow on from it.
            final long before = settings.venue() == Venue.BINANCE_USDM ? event.prevUpdateId() : event.firstUpdateId() - 1;
            if (candidateInSync(member, before))
            {
                switchToCandidate();
                counters.frames.decrementAndGet(); // onFrame counts it again
                counters.bytes.addAndGet(-length);
                forward(buffer, offset, length, receivedNs);
            }
            else
            {
                candidateDroppedId[member] = event.lastUpdateId();
            }
        }

        /** Whether switching at a candidate frame of {@code member} that follows update {@code before} skips nothing. */
        private boolean candidateInSync(final int member, final long before)
        {
            if (!primaryDelivered(member, before))
            {
                return false;
            }
            for (int other = 0; other < members.size(); other++)
            {
                if (other != member && candidateDroppedId[other] != BookEvent.NULL_ID &&
                    !primaryDelivered(other, candidateDroppedId[other]))
                {
                    return false;
                }
            }
            return true;
        }

        private boolean primaryDelivered(final int member, final long updateId)
        {
            final long last = primaryLastId.get(member);
            return last != BookEvent.NULL_ID && last >= updateId;
        }

        private void switchToCandidate()
        {
            primary = candidate;
            candidate = null;
            final BinanceStreamDecoder previous = activeDecoder;
            activeDecoder = candidateActiveDecoder;
            candidateActiveDecoder = previous;
            counters.rotationsInSync.incrementAndGet();
        }

        public synchronized void onSessionClosed(
            final WebSocketSession session, final DisconnectReason reason, final String detail)
        {
            openSessions = Math.max(0, openSessions - 1);
            if (session == candidate)
            {
                candidate = null; // a rotation that did not take; the socket tries again
                return;
            }
            if (session != primary)
            {
                return; // the old session after a switch
            }
            primary = null;
            if (candidate != null)
            {
                // The old session ended before the candidate was in sync: take over now; a gap, if any, resyncs.
                counters.rotationsOutOfSync.incrementAndGet();
                switchToCandidate();
                counters.rotationsInSync.decrementAndGet();
            }
            if (reason == DisconnectReason.LOCAL_CLOSE)
            {
                return; // shutdown, or the end of a rotation
            }
            counters.disconnects.increment(reason);
            log.warn(settings.venue().configName() + "/disconnect/" + reason, settings.venue().configName() +
                ": connection lost (" + reason + (detail != null ? ": " + detail : "") + "); " + members.size() +
                " instruments resync after reconnecting");
            for (final Instrument member : members)
            {
                markStale(member.id(), SyncReason.RECONNECT);
            }
        }
    }
}
