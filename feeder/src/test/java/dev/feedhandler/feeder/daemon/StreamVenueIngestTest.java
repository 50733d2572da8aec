package dev.feedhandler.feeder.daemon;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.config.DaemonConfig;
import dev.feedhandler.feeder.ingest.Await;
import dev.feedhandler.feeder.ingest.NettyTransport;
import dev.feedhandler.feeder.ingest.TestWebSocketServer;
import dev.feedhandler.feeder.ingest.WebSocketConnector;
import dev.feedhandler.feeder.ingest.WebSocketOptions;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.feeder.venue.StreamSubscription;
import dev.feedhandler.feeder.venue.StreamVenueProtocol;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.processor.RingMessages;
import dev.feedhandler.orderbook.sync.SyncReason;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StreamVenueIngest} against a real loopback WebSocket server, with a stand-in venue protocol whose frames
 * are plain text ({@code snap 0 100 5}, {@code diff 1 99 2}, {@code bad 0}, {@code gap}, several joined by
 * {@code ;}): subscription on connect, events into the ring, resubscription and reconnection on request,
 * throttling, stale notices for rejected frames, connection gaps and lost connections, and the per-instrument switch
 * to a new connection.
 */
class StreamVenueIngestTest
{
    private final RingBuffer ring = new ManyToOneRingBuffer(
        new UnsafeBuffer(ByteBuffer.allocateDirect(1024 * 1024 + RingBufferDescriptor.TRAILER_LENGTH)));
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Instrument> instruments = List.of(
        new Instrument(3, Venue.BYBIT, "AAA", 0, 0), new Instrument(4, Venue.BYBIT, "BBB", 0, 0));
    private final TestWebSocketServer server = TestWebSocketServer.plain();
    private final NettyTransport transport = NettyTransport.create(1, "stream-ingest-test");
    private StreamVenueIngest ingest;

    @AfterEach
    void close()
    {
        if (ingest != null)
        {
            ingest.close();
        }
        transport.close();
        server.close();
    }

    @Test
    void shouldSubscribeOnConnectAndForwardEveryEventOfAFrameInOrder()
    {
        start(Venue.BYBIT, true, Duration.ZERO);
        final TestWebSocketServer.Connection connection = server.nextConnection();
        assertThat(next(connection)).isEqualTo("sub AAA,BBB");

        connection.sendText("snap 3 100 5;snap 4 200 6");
        connection.sendText("ack");
        connection.sendText("diff 4 201 1");

        awaitReceived(3);
        assertThat(received).containsExactly("snapshot 3", "snapshot 4", "diff 4");
        assertThat(ingest.counters().events()).isEqualTo(3);
        assertThat(ingest.counters().ignored()).isEqualTo(1);
    }

    @Test
    void shouldStampEachEventsRingCommitOnTheIngressClockWhenRingTimestampsAreOn()
    {
        final EpochNanoClock clock = new OffsetEpochNanoClock();
        start(Venue.BYBIT, true, Duration.ZERO, ring, clock);
        final TestWebSocketServer.Connection connection = server.nextConnection();
        next(connection);

        connection.sendText("snap 3 100 5;snap 4 200 6");
        connection.sendText("diff 4 201 1");

        final List<long[]> times = new ArrayList<>();
        Await.until("3 events", () ->
        {
            ring.read((type, buffer, index, length) ->
            {
                final BookEvent event = new BookEvent().wrap(buffer, index);
                times.add(new long[]{event.ingressTimeNs(), event.ringTimeNs(), clock.nanoTime()});
            });
            return times.size() >= 3;
        });
        for (final long[] read : times)
        {
            assertThat(read[0]).as("socket read").isPositive();
            assertThat(read[1]).as("ring commit, after the socket read, before the processor's read")
                .isBetween(read[0], read[2]);
        }
        assertThat(times.get(1)[1]).as("two events of one frame: each stamped as it is written")
            .isGreaterThanOrEqualTo(times.get(0)[1]);
    }

    @Test
    void shouldLeaveTheRingTimeNullWhenRingTimestampsAreOff()
    {
        start(Venue.BYBIT, true, Duration.ZERO);
        final TestWebSocketServer.Connection connection = server.nextConnection();
        next(connection);

        connection.sendText("snap 3 100 5");

        final List<Long> ringTimes = new ArrayList<>();
        Await.until("the event", () ->
        {
            ring.read((type, buffer, index, length) -> ringTimes.add(new BookEvent().wrap(buffer, index).ringTimeNs()));
            return !ringTimes.isEmpty();
        });
        assertThat(ringTimes).containsExactly(BookEvent.NULL_TIME);
    }

    @Test
    void shouldResubscribeOnARequestThrottledPerInstrumentAndIgnoreRequestsAConnectServes()
    {
        start(Venue.BYBIT, true, Duration.ofMillis(300));
        final TestWebSocketServer.Connection connection = server.nextConnection();
        assertThat(next(connection)).isEqualTo("sub AAA,BBB");

        ingest.onSnapshotRequest(3, SyncReason.STARTED.code());
        ingest.onSnapshotRequest(3, SyncReason.RECONNECT.code());
        ingest.onSnapshotRequest(4, SyncReason.GAP.code());
        assertThat(next(connection)).isEqualTo("unsub BBB");
        assertThat(next(connection)).isEqualTo("sub BBB");

        final long before = System.nanoTime();
        ingest.onSnapshotRequest(4, SyncReason.CHECKSUM.code());
        ingest.onSnapshotRequest(4, SyncReason.CHECKSUM.code()); // folded into the one already waiting
        assertThat(next(connection)).isEqualTo("unsub BBB");
        assertThat(System.nanoTime() - before).as("waited for the resync interval").isGreaterThan(200_000_000L);
        assertThat(next(connection)).isEqualTo("sub BBB");
        Await.until("the throttled resubscription counted", () -> ingest.counters().resubscribes() == 2);
        assertThat(connection.texts).as("STARTED and RECONNECT asked nothing; the third request folded").isEmpty();
    }

    @Test
    void shouldMarkTheInstrumentOfARejectedFrameStale()
    {
        start(Venue.BYBIT, true, Duration.ZERO);
        final TestWebSocketServer.Connection connection = server.nextConnection();
        next(connection);

        connection.sendText("snap 3 100 5");
        connection.sendText("bad 3");
        connection.sendText("bad"); // unknown instrument on a sequenced venue: its gap will tell
        connection.sendText("diff 3 101 1");

        awaitReceived(3);
        assertThat(received).containsExactly("snapshot 3", "stale 3 BAD_INPUT", "diff 3");
        assertThat(ingest.counters().rejected(DecodeReason.BAD_NUMBER)).isEqualTo(1);
        assertThat(ingest.counters().rejected(DecodeReason.MALFORMED_JSON)).isEqualTo(1);
    }

    @Test
    void shouldResyncAVenueWithoutPerInstrumentChecksByANewConnectionSwitchingEachInstrumentAtItsSnapshot()
    {
        start(Venue.COINBASE, false, Duration.ZERO);
        final TestWebSocketServer.Connection first = server.nextConnection();
        next(first);
        first.sendText("snap 3 100 5;snap 4 200 6");
        awaitReceived(2);

        first.sendText("gap");
        final TestWebSocketServer.Connection second = server.nextConnection();
        assertThat(next(second)).isEqualTo("sub AAA,BBB");
        awaitReceived(4);
        assertThat(received.subList(2, 4)).containsExactly("stale 3 GAP", "stale 4 GAP");

        second.sendText("diff 3 1 1"); // before its snapshot on the new connection: not taken
        second.sendText("snap 3 110 1");
        awaitReceived(5);
        first.sendText("diff 3 2 2;diff 4 3 3"); // AAA has switched: only BBB's is taken from the old one
        awaitReceived(6);
        second.sendText("snap 4 210 1");
        awaitReceived(7);
        Await.until("the old connection closed once every instrument switched", () -> !first.channel.isActive());
        second.sendText("diff 4 5 5");
        awaitReceived(8);

        assertThat(received.subList(4, 8)).containsExactly("snapshot 3", "diff 4", "snapshot 4", "diff 4");
        assertThat(ingest.counters().connectionGaps()).isEqualTo(1);
        assertThat(ingest.counters().rotationsInSync()).isEqualTo(1);

        second.sendText("bad"); // an unknown instrument, and nothing else would notice: all resync
        awaitReceived(10);
        assertThat(received.subList(8, 10)).containsExactly("stale 3 BAD_INPUT", "stale 4 BAD_INPUT");
        assertThat(next(server.nextConnection())).as("a new connection for the resync").isEqualTo("sub AAA,BBB");
    }

    @Test
    void shouldMarkEveryInstrumentStaleWhenTheConnectionIsLostAndSubscribeAgainOnReconnect()
    {
        start(Venue.BYBIT, true, Duration.ZERO);
        final TestWebSocketServer.Connection first = server.nextConnection();
        next(first);
        first.sendText("snap 3 100 5");
        awaitReceived(1);

        first.drop();
        final TestWebSocketServer.Connection second = server.nextConnection();
        assertThat(next(second)).isEqualTo("sub AAA,BBB");
        awaitReceived(3);
        assertThat(received).containsExactly("snapshot 3", "stale 3 RECONNECT", "stale 4 RECONNECT");
        assertThat(ingest.counters().disconnects()).isEqualTo(1);
    }

    @Test
    void shouldHoldBackAnInstrumentsEventsWhileTheNoticeOfItsLostEventWaitsForRoom()
    {
        final RingBuffer tiny = new ManyToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect(1024 + RingBufferDescriptor.TRAILER_LENGTH)));
        start(Venue.BYBIT, true, Duration.ZERO, tiny);
        final TestWebSocketServer.Connection connection = server.nextConnection();
        next(connection);

        // With 8 bytes of record header a three-level event takes 136 bytes and a one-level one 104: six of the first
        // and two of the second fill the ring exactly, so the ninth is lost and its stale notice finds no room either.
        assertThat(6 * (BookEvent.lengthFor(3) + 8) + 2 * (BookEvent.lengthFor(1) + 8)).isEqualTo(1024);
        for (int i = 0; i < 9; i++)
        {
            connection.sendText("diff 3 " + (100 + i) + (i < 6 ? " 1 50 1 40 1" : " 1"));
        }
        Await.until("the lost event counted", () -> ingest.counters().ringFull() == 1);
        connection.sendText("diff 3 200 1");
        Await.until("the next event held back", () -> ingest.counters().eventsHeldBack() == 1);

        final List<String> drained = new ArrayList<>();
        tiny.read((type, buffer, index, length) -> drained.add(describe(type, buffer, index)));
        ingest.flushPendingStale();
        connection.sendText("diff 3 201 1");
        Await.until("forwarding resumed after the notice", () -> ingest.counters().events() == 9);
        tiny.read((type, buffer, index, length) -> drained.add(describe(type, buffer, index)));

        assertThat(drained).hasSize(10);
        assertThat(drained.subList(8, 10)).containsExactly("stale 3 BUFFER_OVERFLOW", "diff 3");
    }

    @Test
    void shouldPingAtLeastTwiceWithinTheReadIdleTimeout()
    {
        assertThat(StreamVenueIngest.pingInterval(Duration.ofSeconds(20), Duration.ofSeconds(2)))
            .isEqualTo(Duration.ofSeconds(1));
        assertThat(StreamVenueIngest.pingInterval(Duration.ofSeconds(20), Duration.ofSeconds(60)))
            .isEqualTo(Duration.ofSeconds(20));
        assertThat(StreamVenueIngest.pingInterval(Duration.ofSeconds(20), Duration.ZERO))
            .as("no read-idle timeout").isEqualTo(Duration.ofSeconds(20));
    }

    private void start(final Venue venue, final boolean resubscribes, final Duration resyncInterval)
    {
        start(venue, resubscribes, resyncInterval, ring);
    }

    private void start(final Venue venue, final boolean resubscribes, final Duration resyncInterval, final RingBuffer events)
    {
        start(venue, resubscribes, resyncInterval, events, null);
    }

    /** {@code clock}: the socket reads' clock and, unless null, the ring commits' (ring timestamps on). */
    private void start(
        final Venue venue, final boolean resubscribes, final Duration resyncInterval, final RingBuffer events,
        final EpochNanoClock clock)
    {
        final DaemonConfig.VenueSettings settings = new DaemonConfig.VenueSettings(venue, server.uri(), null, null, 0,
            10, 0, Duration.ZERO, Duration.ofSeconds(10), null, null,
            List.of(new DaemonConfig.InstrumentSettings(3, "AAA", "AAA", 0, 0),
                new DaemonConfig.InstrumentSettings(4, "BBB", "BBB", 0, 0)),
            new StreamSubscription("test", 0), resyncInterval);
        ingest = new StreamVenueIngest(settings, new TextProtocol(venue, resubscribes), instruments, events,
            clock == null ? new WebSocketConnector(transport) : new WebSocketConnector(transport, clock),
            WebSocketOptions.defaults(), 1 << 16, new IngestCounters(), clock);
        ingest.start();
    }

    private static String next(final TestWebSocketServer.Connection connection)
    {
        return Await.next(connection.texts, "a message from the ingest");
    }

    private void awaitReceived(final int count)
    {
        Await.until(count + " ring records", () ->
        {
            ring.read((type, buffer, index, length) -> received.add(describe(type, buffer, index)));
            return received.size() >= count;
        }, received::toString);
        assertThat(received).hasSize(count);
    }

    private static String describe(final int type, final DirectBuffer buffer, final int index)
    {
        final int instrumentId = buffer.getInt(index + RingMessages.INSTRUMENT_ID_OFFSET);
        if (type == RingMessages.INSTRUMENT_STALE)
        {
            return "stale " + instrumentId + " " + SyncReason.fromCode(buffer.getInt(index + RingMessages.REASON_OFFSET));
        }
        final BookEvent event = new BookEvent().wrap(buffer, index);
        return (event.type() == BookEvent.TYPE_SNAPSHOT ? "snapshot " : "diff ") + instrumentId;
    }

    /** A venue speaking plain text; its "subscribe" names the symbols. */
    private static final class TextProtocol implements StreamVenueProtocol
    {
        private final Venue venue;
        private final boolean resubscribes;

        TextProtocol(final Venue venue, final boolean resubscribes)
        {
            this.venue = venue;
            this.resubscribes = resubscribes;
        }

        public Venue venue()
        {
            return venue;
        }

        public URI connectUri(final URI configured, final List<Instrument> instruments)
        {
            return configured;
        }

        public List<String> subscribeMessages(final List<Instrument> instruments)
        {
            final StringBuilder text = new StringBuilder("sub ");
            for (final Instrument instrument : instruments)
            {
                text.append(text.length() > 4 ? "," : "").append(instrument.symbol());
            }
            return List.of(text.toString());
        }

        public List<String> unsubscribeMessages(final Instrument instrument)
        {
            return List.of("unsub " + instrument.symbol());
        }

        public boolean resyncByResubscribe()
        {
            return resubscribes;
        }

        public String pingText()
        {
            return null;
        }

        public Duration pingInterval()
        {
            return Duration.ZERO;
        }

        public int maxInstrumentsPerConnection()
        {
            return 10;
        }

        public StreamFrameDecoder newDecoder(final SymbolTable symbols, final int maxFrameBytes)
        {
            return new TextDecoder();
        }
    }

    /** Test-only decoder: allocates freely. */
    private static final class TextDecoder implements StreamFrameDecoder
    {
        private Instrument last;

        public int decode(
            final DirectBuffer buffer, final int offset, final int length, final MutableDirectBuffer out,
            final int outOffset, final int outCapacity, final long receivedNs)
        {
            final String text = buffer.getStringWithoutLengthAscii(offset, length);
            last = null;
            if (text.equals("ack"))
            {
                return 0;
            }
            if (text.equals("gap"))
            {
                return -DecodeReason.CONNECTION_GAP.code();
            }
            if (text.equals("bad"))
            {
                return -DecodeReason.MALFORMED_JSON.code();
            }
            if (text.startsWith("bad "))
            {
                final int id = Integer.parseInt(text.substring(4));
                last = new Instrument(id, Venue.BYBIT, id == 3 ? "AAA" : "BBB", 0, 0);
                return -DecodeReason.BAD_NUMBER.code();
            }
            int at = outOffset;
            for (final String part : text.split(";"))
            {
                final String[] fields = part.split(" ");
                final int levels = (fields.length - 2) / 2;
                final BookEvent event = new BookEvent().wrapForWrite(out, at)
                    .resetHeader(Integer.parseInt(fields[1]),
                        fields[0].equals("snap") ? BookEvent.TYPE_SNAPSHOT : BookEvent.TYPE_DIFF)
                    .ingressTimeNs(receivedNs)
                    .bidCount(levels);
                for (int level = 0; level < levels; level++)
                {
                    event.putLevel(level, Long.parseLong(fields[2 + 2 * level]), Long.parseLong(fields[3 + 2 * level]));
                }
                at += event.length();
            }
            return at - outOffset;
        }

        public Instrument lastInstrument()
        {
            return last;
        }
    }
}
