package dev.feedhandler.feeder.ingest;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class ReconnectingWebSocketTest
{
    private static final long SEED = Long.getLong("reconnect.seed", 7L);
    private static NettyTransport transport;
    private static WebSocketConnector connector;

    @BeforeAll
    static void startTransport()
    {
        transport = NettyTransport.create(2, "test-rws-client");
        connector = new WebSocketConnector(transport);
    }

    @AfterAll
    static void stopTransport()
    {
        transport.close();
    }

    /** Events in order, plus every message with its session, as seen on the socket's event loop. */
    static final class RecordingListener implements ReconnectingWebSocket.Listener
    {
        record Event(String kind, long sessionId, int generation, DisconnectReason reason, long atNs)
        {
        }

        record Message(long sessionId, long seq)
        {
        }

        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final List<Event> history = new ArrayList<>();
        final List<Message> messages = new ArrayList<>();
        volatile ReconnectingWebSocket socket;
        volatile boolean wrongThread;

        public void onSessionOpened(final WebSocketSession session, final int generation)
        {
            record(new Event("opened", session.id(), generation, null, System.nanoTime()));
        }

        public void onText(
            final WebSocketSession session,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final long receivedEpochNs)
        {
            checkThread();
            final String text = buffer.getStringWithoutLengthAscii(offset, length);
            if (text.startsWith("seq:"))
            {
                synchronized (messages)
                {
                    messages.add(new Message(session.id(), Long.parseLong(text.substring(4))));
                }
            }
        }

        public void onSessionClosed(final WebSocketSession session, final DisconnectReason reason, final String detail)
        {
            record(new Event("closed", session.id(), 0, reason, System.nanoTime()));
        }

        private void record(final Event event)
        {
            checkThread();
            synchronized (history)
            {
                history.add(event);
            }
            events.add(event);
        }

        private void checkThread()
        {
            if (socket != null && !socket.eventLoop().inEventLoop())
            {
                wrongThread = true;
            }
        }

        Event next()
        {
            return Await.next(events, "a session event");
        }

        long countFrom(final long sessionId)
        {
            synchronized (messages)
            {
                return messages.stream().filter(m -> m.sessionId() == sessionId).count();
            }
        }

        List<Message> messages()
        {
            synchronized (messages)
            {
                return new ArrayList<>(messages);
            }
        }
    }

    private static ReconnectPolicy fastPolicy(final Duration plannedLifetime, final Duration overlap)
    {
        return new ReconnectPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 0.5, plannedLifetime, overlap);
    }

    private static ReconnectingWebSocket socket(
        final URI uri, final ReconnectPolicy policy, final RecordingListener listener)
    {
        final ReconnectingWebSocket socket = new ReconnectingWebSocket(
            connector, uri, WebSocketOptions.defaults(), policy, listener, new SplittableRandom(SEED));
        listener.socket = socket;
        return socket;
    }

    @Test
    void shouldReconnectAfterServerDropsAndOpenHigherGeneration()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingListener listener = new RecordingListener();
            try (ReconnectingWebSocket socket = socket(
                server.uri(), fastPolicy(Duration.ZERO, Duration.ZERO), listener))
            {
                socket.start();
                final RecordingListener.Event first = listener.next();
                assertThat(first.kind()).isEqualTo("opened");
                assertThat(first.generation()).isEqualTo(1);

                server.nextConnection().drop();

                final RecordingListener.Event closed = listener.next();
                assertThat(closed.kind()).isEqualTo("closed");
                assertThat(closed.sessionId()).isEqualTo(first.sessionId());
                assertThat(closed.reason()).isEqualTo(DisconnectReason.REMOTE_CLOSE);
                final RecordingListener.Event second = listener.next();
                assertThat(second.kind()).isEqualTo("opened");
                assertThat(second.generation()).isEqualTo(2);
                assertThat(second.sessionId()).isNotEqualTo(first.sessionId());
                assertThat(socket.reconnects()).isEqualTo(1);
                assertThat(socket.rotations()).isZero();

                // The new session delivers.
                server.nextConnection().sendText("seq:1");
                Await.until("message on the new session", () -> listener.countFrom(second.sessionId()) == 1);
            }
            assertThat(listener.next()).extracting(RecordingListener.Event::kind, RecordingListener.Event::reason)
                .containsExactly("closed", DisconnectReason.LOCAL_CLOSE);
            assertThat(listener.wrongThread).isFalse();
        }
    }

    @Test
    void shouldKeepRetryingWithBackoffUntilServerComesUp() throws Exception
    {
        final int port;
        try (ServerSocket probe = new ServerSocket(0))
        {
            port = probe.getLocalPort();
        }
        final RecordingListener listener = new RecordingListener();
        final URI uri = URI.create("ws://localhost:" + port + TestWebSocketServer.PATH);
        try (ReconnectingWebSocket socket = socket(uri, fastPolicy(Duration.ZERO, Duration.ZERO), listener))
        {
            socket.start();
            for (int i = 0; i < 3; i++)
            {
                final RecordingListener.Event failed = listener.next();
                assertThat(failed.kind()).isEqualTo("closed");
                assertThat(failed.reason()).isEqualTo(DisconnectReason.CONNECT_FAILED);
            }
            try (TestWebSocketServer server = new TestWebSocketServer(null, false, port))
            {
                RecordingListener.Event event = listener.next();
                while (event.kind().equals("closed"))
                {
                    event = listener.next();
                }
                assertThat(event.kind()).isEqualTo("opened");
                assertThat(event.generation()).as("failed attempts are not generations").isEqualTo(1);
                assertThat(socket.reconnects()).isGreaterThanOrEqualTo(3);
                assertThat(server.nextConnection()).isNotNull();
            }
        }
    }

    @Test
    void shouldRotateWithOverlapAndLoseNoMessage()
    {
        final Duration overlap = Duration.ofMillis(300);
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingListener listener = new RecordingListener();
            final long oldId;
            final long newId;
            try (ReconnectingWebSocket socket = socket(server.uri(), fastPolicy(Duration.ZERO, overlap), listener))
            {
                server.startStream(1_000);
                socket.start();
                final RecordingListener.Event opened1 = listener.next();
                oldId = opened1.sessionId();
                Await.until("messages on the first session", () -> listener.countFrom(oldId) >= 50);

                socket.rotateNow();
                socket.rotateNow(); // ignored: a rotation is under way

                final RecordingListener.Event opened2 = listener.next();
                assertThat(opened2.kind()).isEqualTo("opened");
                assertThat(opened2.generation()).isEqualTo(2);
                newId = opened2.sessionId();
                final RecordingListener.Event closed1 = listener.next();
                assertThat(closed1.kind()).isEqualTo("closed");
                assertThat(closed1.sessionId()).isEqualTo(oldId);
                assertThat(closed1.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
                assertThat(closed1.atNs() - opened2.atNs()).isGreaterThanOrEqualTo(overlap.toNanos());
                assertThat(socket.rotations()).isEqualTo(1);
                assertThat(socket.reconnects()).isZero();

                final long newAtClose = listener.countFrom(newId);
                Await.until("messages on the new session after the rotation",
                    () -> listener.countFrom(newId) >= newAtClose + 50);
                server.stopStream();
            }
            assertThat(listener.next()).extracting(RecordingListener.Event::kind, RecordingListener.Event::sessionId)
                .containsExactly("closed", newId);

            final List<RecordingListener.Message> messages = listener.messages();
            final TreeSet<Long> fromOld = new TreeSet<>();
            final TreeSet<Long> fromNew = new TreeSet<>();
            final TreeSet<Long> union = new TreeSet<>();
            for (final RecordingListener.Message message : messages)
            {
                (message.sessionId() == oldId ? fromOld : fromNew).add(message.seq());
                union.add(message.seq());
            }
            assertThat(fromOld.last()).as("both delivered during the overlap").isGreaterThan(fromNew.first());
            assertThat(fromOld.subSet(fromNew.first(), true, fromOld.last(), true))
                .as("overlap messages from the old session").hasSizeGreaterThan(100);
            assertThat(union.last() - union.first() + 1)
                .as("no sequence number missing across the rotation").isEqualTo(union.size());
            assertThat(listener.wrongThread).isFalse();
        }
    }

    /**
     * A rotation the listener completes early (every instrument switched) must cancel its overlap timer: once that
     * timer fired after the early end, promoting a successor that was no longer there, leaving no primary, so no
     * later rotation and no reconnect ever happened.
     */
    @Test
    void shouldKeepRotatingAndReconnectingAfterRotationsCompletedEarly()
    {
        final Duration overlap = Duration.ofMillis(300);
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingListener listener = new RecordingListener();
            try (ReconnectingWebSocket socket = socket(server.uri(), fastPolicy(Duration.ZERO, overlap), listener))
            {
                socket.start();
                assertThat(listener.next().kind()).isEqualTo("opened");
                for (int rotation = 1; rotation <= 3; rotation++)
                {
                    socket.rotateNow();
                    final RecordingListener.Event opened = listener.next();
                    assertThat(opened.kind()).isEqualTo("opened");
                    socket.completeRotation();
                    final RecordingListener.Event closed = listener.next();
                    assertThat(closed.kind()).isEqualTo("closed");
                    assertThat(closed.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
                    assertThat(closed.atNs() - opened.atNs()).as("ended before the overlap")
                        .isLessThan(overlap.toNanos());
                    final int expected = rotation;
                    Await.until("rotation " + rotation + " counted", () -> socket.rotations() == expected);
                }
                // Past the overlap of the last rotation: its timer must not have touched anything.
                final long lastNs = System.nanoTime();
                Await.until("the overlap passed", () -> System.nanoTime() - lastNs > 2 * overlap.toNanos());

                for (final TestWebSocketServer.Connection connection : server.connections())
                {
                    if (connection.channel.isActive())
                    {
                        connection.drop(); // the primary is lost: it must be reconnected
                    }
                }
                assertThat(listener.next().kind()).isEqualTo("closed");
                final RecordingListener.Event reopened = listener.next();
                assertThat(reopened.kind()).as("reconnected after the loss").isEqualTo("opened");
                assertThat(socket.reconnects()).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldRotateByItselfAtPlannedLifetime()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingListener listener = new RecordingListener();
            try (ReconnectingWebSocket socket = socket(
                server.uri(), fastPolicy(Duration.ofMillis(300), Duration.ofMillis(50)), listener))
            {
                socket.start();
                final RecordingListener.Event opened1 = listener.next();
                final RecordingListener.Event opened2 = listener.next();
                final RecordingListener.Event closed1 = listener.next();

                assertThat(opened2.kind()).isEqualTo("opened");
                assertThat(opened2.generation()).isEqualTo(2);
                assertThat(opened2.atNs() - opened1.atNs()).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
                assertThat(closed1.kind()).isEqualTo("closed");
                assertThat(closed1.sessionId()).isEqualTo(opened1.sessionId());
                assertThat(closed1.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
                Await.until("a completed rotation", () -> socket.rotations() >= 1);
                assertThat(socket.reconnects()).isZero();
            }
        }
    }

    @Test
    void shouldPromoteSuccessorWhenOldSessionDiesDuringOverlap()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingListener listener = new RecordingListener();
            try (ReconnectingWebSocket socket = socket(
                server.uri(), fastPolicy(Duration.ZERO, Duration.ofSeconds(20)), listener))
            {
                socket.start();
                final RecordingListener.Event opened1 = listener.next();
                final TestWebSocketServer.Connection oldConnection = server.nextConnection();
                socket.rotateNow();
                final RecordingListener.Event opened2 = listener.next();
                final TestWebSocketServer.Connection newConnection = server.nextConnection();

                oldConnection.sendClose(1001, "maintenance");

                final RecordingListener.Event closed1 = listener.next();
                assertThat(closed1.sessionId()).isEqualTo(opened1.sessionId());
                assertThat(closed1.reason()).isEqualTo(DisconnectReason.REMOTE_CLOSE);
                Await.until("the successor to take over", () -> socket.rotations() == 1);
                assertThat(socket.reconnects()).as("no reconnect: the successor was already open").isZero();
                newConnection.sendText("seq:7");
                Await.until("message on the successor", () -> listener.countFrom(opened2.sessionId()) == 1);
                assertThat(listener.events).isEmpty();
            }
        }
    }

    @Test
    void shouldReportEverySessionClosedOnceOnClose()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingListener listener = new RecordingListener();
            final ReconnectingWebSocket socket = socket(
                server.uri(), fastPolicy(Duration.ZERO, Duration.ofSeconds(20)), listener);
            socket.start();
            listener.next();
            socket.rotateNow();
            listener.next();

            socket.close();
            socket.close();

            final RecordingListener.Event a = listener.next();
            final RecordingListener.Event b = listener.next();
            assertThat(List.of(a.reason(), b.reason()))
                .containsExactly(DisconnectReason.LOCAL_CLOSE, DisconnectReason.LOCAL_CLOSE);
            assertThat(a.sessionId()).isNotEqualTo(b.sessionId());
            socket.eventLoop().submit(() -> { }).syncUninterruptibly();
            socket.eventLoop().submit(() -> { }).syncUninterruptibly();
            assertThat(listener.events).as("no reconnect after close").isEmpty();
            assertThat(socket.reconnects()).isZero();
        }
    }
}
