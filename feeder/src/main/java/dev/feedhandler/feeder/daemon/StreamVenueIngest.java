package dev.feedhandler.feeder.daemon;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.config.DaemonConfig;
import dev.feedhandler.feeder.ingest.DisconnectReason;
import dev.feedhandler.feeder.ingest.ReconnectPolicy;
import dev.feedhandler.feeder.ingest.ReconnectingWebSocket;
import dev.feedhandler.feeder.ingest.WebSocketConnector;
import dev.feedhandler.feeder.ingest.WebSocketOptions;
import dev.feedhandler.feeder.ingest.WebSocketSession;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.feeder.venue.StreamVenueProtocol;
import dev.feedhandler.feeder.venue.StreamVenues;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.processor.RingMessages;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.UnsequencedRule;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One venue whose snapshots come in its WebSocket stream (Bybit, OKX, Kraken, Coinbase): instruments split over
 * connections, subscribed on connect through the venue's {@link StreamVenueProtocol}; frames decoded on the I/O
 * thread into book events and written to the event ring.
 * <p>
 * Resync: when the processor asks for a snapshot of a broken book, the instrument is resubscribed (unsubscribe then
 * subscribe: the venue answers with a fresh snapshot in the stream), or, for venues whose continuity is per
 * connection (Coinbase), the connection is reopened. Requests are throttled per instrument (or per connection).
 * Requests for instruments that a (re)connect is subscribing anyway are ignored.
 * <p>
 * Planned rotation: the new connection subscribes everything; each instrument switches to it when its snapshot
 * arrives there (the processor applies that snapshot as a reset of a book in sync: no STALE period), and its
 * events from the old connection are ignored from then on. If the old connection ends before every instrument has
 * switched, the rest are marked stale and recover from the snapshots on their way.
 * <p>
 * Loss is always told to the processor: a rejected frame marks its instrument stale (all the connection's when the
 * instrument is unknown and nothing else would catch the loss), a lost connection marks its instruments stale, a
 * full ring marks the instrument stale and holds back its later events until that notice is in the ring.
 */
final class StreamVenueIngest implements VenueIngest
{
    private static final int NO_REASON = 0;
    private static final int INITIAL_SCRATCH_BYTES = 256 * 1024;

    private final DaemonConfig.VenueSettings settings;
    private final StreamVenueProtocol protocol;
    private final RingBuffer events;
    /** The ring's largest message. */
    private final int maxEventLength;
    private final int maxFrameBytes;
    private final IngestCounters counters;
    /** Stamps each event's ring commit ({@code [metrics] ring_timestamps}); null when off: no clock read. */
    private final EpochNanoClock ringClock;
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(StreamVenueIngest.class));
    private final SymbolTable symbols;
    private final Instrument[] byIndex;
    private final int firstId;
    private final Connection[] connectionByIndex;
    private final List<Connection> connections = new ArrayList<>();
    /** Whether a lost frame of an unknown instrument would go unnoticed (no sequence, no checksum): Coinbase. */
    private final boolean lossNeedsConnectionResync;
    /** Per instrument (index id - firstId): a stale notice still to be written (SyncReason code), 0 = none. */
    private final AtomicIntegerArray pendingStale;
    private final long resyncMinIntervalNs;

    StreamVenueIngest(
        final DaemonConfig.VenueSettings settings,
        final List<Instrument> instruments,
        final RingBuffer events,
        final WebSocketConnector connector,
        final WebSocketOptions baseOptions,
        final int maxFrameBytes,
        final IngestCounters counters)
    {
        this(settings, instruments, events, connector, baseOptions, maxFrameBytes, counters, null);
    }

    /** @param ringClock stamps each event's ring commit (the ingress clock), or null for no ring timestamps. */
    StreamVenueIngest(
        final DaemonConfig.VenueSettings settings,
        final List<Instrument> instruments,
        final RingBuffer events,
        final WebSocketConnector connector,
        final WebSocketOptions baseOptions,
        final int maxFrameBytes,
        final IngestCounters counters,
        final EpochNanoClock ringClock)
    {
        this(settings, StreamVenues.protocol(settings.venue(), settings.subscription()), instruments, events, connector,
            baseOptions, maxFrameBytes, counters, ringClock);
    }

    /** With a given protocol (tests). */
    StreamVenueIngest(
        final DaemonConfig.VenueSettings settings,
        final StreamVenueProtocol protocol,
        final List<Instrument> instruments,
        final RingBuffer events,
        final WebSocketConnector connector,
        final WebSocketOptions baseOptions,
        final int maxFrameBytes,
        final IngestCounters counters,
        final EpochNanoClock ringClock)
    {
        this.settings = settings;
        this.protocol = protocol;
        this.counters = counters;
        this.ringClock = ringClock;
        this.events = events;
        this.maxEventLength = events.maxMsgLength();
        this.maxFrameBytes = maxFrameBytes;
        this.firstId = instruments.get(0).id();
        this.byIndex = instruments.toArray(new Instrument[0]);
        this.symbols = new SymbolTable(instruments.size());
        this.pendingStale = new AtomicIntegerArray(instruments.size());
        this.connectionByIndex = new Connection[instruments.size()];
        this.resyncMinIntervalNs = settings.resyncMinInterval().toNanos();
        final Venue venue = settings.venue();
        this.lossNeedsConnectionResync =
            venue.checksum() == Venue.Checksum.NONE && venue.sequenceRule() instanceof UnsequencedRule;
        for (int i = 0; i < byIndex.length; i++)
        {
            if (byIndex[i].id() != firstId + i)
            {
                throw new IllegalArgumentException("instrument ids of a venue must be contiguous: " + byIndex[i]);
            }
            symbols.add(byIndex[i]);
        }
        final WebSocketOptions options = protocol.pingText() == null ? baseOptions :
            baseOptions.withAppPing(pingInterval(protocol.pingInterval(), baseOptions.readIdleTimeout()),
                protocol.pingText());
        final ReconnectPolicy defaults = ReconnectPolicy.binanceDefaults();
        final ReconnectPolicy policy = new ReconnectPolicy(defaults.initialBackoff(), defaults.maxBackoff(),
            defaults.jitter(), settings.plannedLifetime(), settings.rotationOverlap());
        for (int from = 0; from < instruments.size(); from += settings.streamsPerConnection())
        {
            final List<Instrument> members =
                instruments.subList(from, Math.min(instruments.size(), from + settings.streamsPerConnection()));
            final Connection connection = new Connection(members);
            connection.socket = new ReconnectingWebSocket(connector,
                protocol.connectUri(settings.wsUrl(), members), options, policy, connection, new SplittableRandom());
            connections.add(connection);
            for (final Instrument member : members)
            {
                connectionByIndex[member.id() - firstId] = connection;
            }
        }
    }

    /**
     * The venue's keepalive interval, or half the read-idle timeout when that is shorter: the venue's answers are
     * what keeps a quiet connection from being closed as idle.
     */
    static java.time.Duration pingInterval(final java.time.Duration venueInterval, final java.time.Duration readIdle)
    {
        if (readIdle.isZero())
        {
            return venueInterval;
        }
        final java.time.Duration half = readIdle.dividedBy(2);
        return half.compareTo(venueInterval) < 0 ? half : venueInterval;
    }

    public IngestCounters counters()
    {
        return counters;
    }

    public int rotations()
    {
        int rotations = 0;
        for (final Connection connection : connections)
        {
            rotations += connection.socket.rotations();
        }
        return rotations;
    }

    public int reconnects()
    {
        int reconnects = 0;
        for (final Connection connection : connections)
        {
            reconnects += connection.socket.reconnects();
        }
        return reconnects;
    }

    public boolean owns(final int instrumentId)
    {
        return instrumentId >= firstId && instrumentId < firstId + byIndex.length;
    }

    public void start()
    {
        for (final Connection connection : connections)
        {
            connection.socket.start();
        }
    }

    /**
     * The processor asks for a fresh snapshot. The first request (STARTED) and those after a lost connection
     * (RECONNECT) are served by the subscription a (re)connect sends anyway.
     */
    public void onSnapshotRequest(final int instrumentId, final int reasonCode)
    {
        if (reasonCode == SyncReason.STARTED.code() || reasonCode == SyncReason.RECONNECT.code())
        {
            return;
        }
        final int index = instrumentId - firstId;
        final Connection connection = connectionByIndex[index];
        connection.socket.eventLoop().execute(() -> connection.resync(index - connection.firstMemberIndex));
    }

    public void flushPendingStale()
    {
        for (int index = 0; index < byIndex.length; index++)
        {
            final int reason = pendingStale.get(index);
            if (reason != NO_REASON && writeNotice(firstId + index, reason))
            {
                pendingStale.compareAndSet(index, reason, NO_REASON);
            }
        }
    }

    public void close()
    {
        for (final Connection connection : connections)
        {
            CloseHelper.quietClose(connection.socket);
        }
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

    private String venueName()
    {
        return settings.venue().configName();
    }

    /**
     * One connection and the instruments on it. All its callbacks run on its socket's event loop.
     */
    private final class Connection implements ReconnectingWebSocket.Listener
    {
        final List<Instrument> members;
        final int firstMemberIndex;
        final BookEvent event = new BookEvent();
        /** During a rotation: which members have switched to the candidate (their snapshot arrived there). */
        final boolean[] switched;
        /** When each member (or, for reconnecting venues, the connection: index 0) was last resynced. */
        final long[] lastResyncNs;
        final boolean[] resyncScheduled;
        ReconnectingWebSocket socket;
        UnsafeBuffer scratch = new UnsafeBuffer(new byte[INITIAL_SCRATCH_BYTES]);
        WebSocketSession primary;
        StreamFrameDecoder primaryDecoder;
        WebSocketSession candidate;
        StreamFrameDecoder candidateDecoder;
        int switchedCount;
        /** A resync needs a new connection that has not opened yet (rotateNow is refused while one is starting). */
        boolean reconnectPending;

        Connection(final List<Instrument> members)
        {
            this.members = members;
            this.firstMemberIndex = members.get(0).id() - firstId;
            this.switched = new boolean[members.size()];
            this.lastResyncNs = new long[members.size()];
            this.resyncScheduled = new boolean[members.size()];
            Arrays.fill(lastResyncNs, Long.MIN_VALUE / 2);
        }

        public void onSessionOpened(final WebSocketSession session, final int generation)
        {
            final StreamFrameDecoder decoder = protocol.newDecoder(symbols, maxFrameBytes);
            if (primary == null)
            {
                primary = session;
                primaryDecoder = decoder;
            }
            else
            {
                candidate = session;
                candidateDecoder = decoder;
                Arrays.fill(switched, false);
                switchedCount = 0;
            }
            reconnectPending = false;
            for (final String message : protocol.subscribeMessages(members))
            {
                session.sendText(message);
            }
        }

        public void onText(
            final WebSocketSession session, final DirectBuffer buffer, final int offset, final int length,
            final long receivedEpochNs)
        {
            if (session == primary)
            {
                onFrame(primaryDecoder, false, buffer, offset, length, receivedEpochNs);
            }
            else if (session == candidate)
            {
                onFrame(candidateDecoder, true, buffer, offset, length, receivedEpochNs);
            }
            // else: the old session after a switch, until it closes
        }

        private void onFrame(
            final StreamFrameDecoder decoder,
            final boolean fromCandidate,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final long receivedNs)
        {
            counters.frames.incrementAndGet();
            counters.bytes.addAndGet(length);
            final int bound = StreamFrameDecoder.outputBound(length);
            if (bound > scratch.capacity())
            {
                growScratch(bound);
            }
            final int result = decoder.decode(buffer, offset, length, scratch, 0, scratch.capacity(), receivedNs);
            if (result <= 0)
            {
                if (result == 0)
                {
                    counters.ignored.incrementAndGet();
                }
                else
                {
                    onRejected(decoder, result, length);
                }
                return;
            }
            final BookEvent event = this.event;
            final boolean rotating = candidate != null;
            for (int at = 0; at < result; at += event.length())
            {
                event.wrap(scratch, at);
                final int member = event.instrumentId() - firstId - firstMemberIndex;
                if (member < 0 || member >= members.size())
                {
                    counters.ignored.incrementAndGet(); // not subscribed on this connection
                    continue;
                }
                if (rotating && !takeDuringRotation(event, member, fromCandidate))
                {
                    continue;
                }
                forward(event, at);
            }
            if (rotating && switchedCount == members.size())
            {
                switchToCandidate();
                socket.completeRotation(); // every member is on the new connection: close the old one now
            }
        }

        /** During a rotation each member's events come from the old session until its snapshot comes on the new. */
        private boolean takeDuringRotation(final BookEvent event, final int member, final boolean fromCandidate)
        {
            if (!fromCandidate)
            {
                return !switched[member];
            }
            if (switched[member])
            {
                return true;
            }
            if (event.type() == BookEvent.TYPE_SNAPSHOT)
            {
                switched[member] = true;
                switchedCount++;
                return true;
            }
            return false;
        }

        private void forward(final BookEvent event, final int at)
        {
            final int instrumentId = event.instrumentId();
            if (pendingStale.get(instrumentId - firstId) != NO_REASON)
            {
                // An earlier event of this instrument was lost and the processor does not know yet.
                counters.eventsHeldBack.incrementAndGet();
                return;
            }
            if (event.length() > maxEventLength)
            {
                onEventTooLarge(instrumentId, event.length());
                return;
            }
            if (ringClock != null)
            {
                scratch.putLong(at + BookEvent.RING_TIME_OFFSET, ringClock.nanoTime()); // the write is the commit
            }
            if (events.write(RingMessages.BOOK_EVENT, scratch, at, event.length()))
            {
                counters.events.incrementAndGet();
                return;
            }
            onRingFull(instrumentId);
        }

        /** Rare path: the event is lost; its instrument resyncs. */
        private void onRingFull(final int instrumentId)
        {
            counters.ringFull.incrementAndGet();
            markStale(instrumentId, SyncReason.BUFFER_OVERFLOW);
            log.warn(venueName() + "/ring-full", venueName() + ": event ring full, update lost for " +
                byIndex[instrumentId - firstId].symbol() + " (it resyncs)");
        }

        /** Rare path: an event longer than the ring's largest message is refused like a frame with too many levels. */
        private void onEventTooLarge(final int instrumentId, final int length)
        {
            counters.rejected.incrementAndGet(DecodeReason.TOO_MANY_LEVELS.code());
            markStale(instrumentId, SyncReason.BAD_INPUT);
            log.warn(venueName() + "/" + DecodeReason.TOO_MANY_LEVELS, venueName() + " " +
                byIndex[instrumentId - firstId].symbol() + ": event of " + length + " bytes exceeds the event ring's " +
                maxEventLength + "-byte limit: " + DecodeReason.TOO_MANY_LEVELS);
        }

        /** Rare path: a frame the decoder refused. */
        private void onRejected(final StreamFrameDecoder decoder, final int result, final int length)
        {
            final DecodeReason reason = DecodeReason.fromResult(result);
            counters.rejected.incrementAndGet(reason.code());
            if (reason == DecodeReason.CONNECTION_GAP)
            {
                counters.connectionGaps.incrementAndGet();
                log.warn(venueName() + "/connection-gap", venueName() + ": the connection's sequence jumped; " +
                    members.size() + " instruments resync on a new connection");
                markAllStale(SyncReason.GAP);
                reconnectForResync();
                return;
            }
            final Instrument instrument = decoder.lastInstrument();
            final boolean known = instrument != null && owns(instrument.id());
            if (known)
            {
                markStale(instrument.id(), SyncReason.BAD_INPUT);
            }
            else if (lossNeedsConnectionResync)
            {
                markAllStale(SyncReason.BAD_INPUT);
                reconnectForResync();
            }
            // Otherwise the lost update shows up as a gap or a checksum mismatch on its instrument.
            log.warn(venueName() + "/" + reason, venueName() + " " +
                (known ? instrument.symbol() : "(instrument unknown)") + ": frame rejected: " + reason +
                " (" + length + " bytes)");
        }

        private void markAllStale(final SyncReason reason)
        {
            for (final Instrument member : members)
            {
                markStale(member.id(), reason);
            }
        }

        /** On the event loop: get the member a fresh snapshot, at most once per resync interval. */
        void resync(final int member)
        {
            if (primary == null || !primary.isOpen())
            {
                return; // the (re)connect subscribes it
            }
            final int slot = protocol.resyncByResubscribe() ? member : 0;
            final long now = System.nanoTime();
            final long wait = lastResyncNs[slot] + resyncMinIntervalNs - now;
            if (wait > 0)
            {
                if (!resyncScheduled[slot])
                {
                    resyncScheduled[slot] = true;
                    socket.eventLoop().schedule(() ->
                    {
                        resyncScheduled[slot] = false;
                        resync(member);
                    }, wait, TimeUnit.NANOSECONDS);
                }
                return;
            }
            lastResyncNs[slot] = now;
            if (protocol.resyncByResubscribe())
            {
                resubscribe(member);
            }
            else
            {
                reconnectForResync();
            }
        }

        private void resubscribe(final int member)
        {
            final Instrument instrument = members.get(member);
            final WebSocketSession source = candidate != null && switched[member] ? candidate : primary;
            for (final String message : protocol.unsubscribeMessages(instrument))
            {
                source.sendText(message);
            }
            for (final String message : protocol.subscribeMessages(List.of(instrument)))
            {
                source.sendText(message);
            }
            counters.resubscribes.incrementAndGet();
        }

        /**
         * A new connection (opened beside the current one) gives every member a fresh snapshot. The socket refuses
         * while another new connection is on its way, so this retries each second until one opens.
         */
        private void reconnectForResync()
        {
            counters.resyncReconnects.incrementAndGet();
            requestNewConnection();
        }

        private void requestNewConnection()
        {
            reconnectPending = true;
            socket.rotateNow();
            socket.eventLoop().schedule(() ->
            {
                if (reconnectPending && primary != null)
                {
                    requestNewConnection();
                }
            }, 1, TimeUnit.SECONDS);
        }

        private void switchToCandidate()
        {
            primary = candidate;
            primaryDecoder = candidateDecoder;
            candidate = null;
            candidateDecoder = null;
            counters.rotationsInSync.incrementAndGet();
        }

        public void onSessionClosed(final WebSocketSession session, final DisconnectReason reason, final String detail)
        {
            if (session == candidate)
            {
                onCandidateLost();
                return;
            }
            if (session != primary)
            {
                return; // the old session after a switch, or one that never opened
            }
            primary = null;
            primaryDecoder = null;
            if (candidate != null)
            {
                // The old session ended before every member's snapshot came on the new one: the rest resync from
                // the snapshots on their way (their diffs before those are dropped while stale).
                counters.rotationsOutOfSync.incrementAndGet();
                for (int member = 0; member < members.size(); member++)
                {
                    if (!switched[member])
                    {
                        markStale(members.get(member).id(), SyncReason.RECONNECT);
                    }
                }
                switchToCandidate();
                counters.rotationsInSync.decrementAndGet();
                return;
            }
            if (reason == DisconnectReason.LOCAL_CLOSE)
            {
                return; // shutdown
            }
            counters.disconnects.increment(reason);
            log.warn(venueName() + "/disconnect/" + reason, venueName() + ": connection lost (" + reason +
                (detail != null ? ": " + detail : "") + "); " + members.size() + " instruments resync after reconnecting");
            markAllStale(SyncReason.RECONNECT);
        }

        /** Rare path: the new connection of a rotation died; members that had switched to it go back to the old. */
        private void onCandidateLost()
        {
            candidate = null;
            candidateDecoder = null;
            final boolean anySwitched = switchedCount > 0;
            for (int member = 0; member < members.size(); member++)
            {
                if (switched[member])
                {
                    switched[member] = false;
                    markStale(members.get(member).id(), SyncReason.RECONNECT);
                    if (primary != null && primary.isOpen() && protocol.resyncByResubscribe())
                    {
                        resubscribe(member);
                    }
                }
            }
            switchedCount = 0;
            if (anySwitched && !protocol.resyncByResubscribe() && primary != null)
            {
                reconnectForResync(); // their snapshots can only come on a new connection
            }
        }

        /** Rare path: a frame needs more room than decoded frames so far. */
        private void growScratch(final int bound)
        {
            scratch = new UnsafeBuffer(new byte[Math.max(bound, 2 * scratch.capacity())]);
        }
    }
}
