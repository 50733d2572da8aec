package dev.feedhandler.feeder.ingest;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class WebSocketConnectorTest
{
    private static NettyTransport transport;
    private static WebSocketConnector connector;

    @BeforeAll
    static void startTransport()
    {
        transport = NettyTransport.create(1, "test-ws-client");
        connector = new WebSocketConnector(transport);
    }

    @AfterAll
    static void stopTransport()
    {
        transport.close();
    }

    private static WebSocketOptions options()
    {
        return WebSocketOptions.defaults().withConnectTimeout(Duration.ofSeconds(5));
    }

    @Test
    void shouldUseEpollOnLinux()
    {
        assertThat(transport.isEpoll()).isTrue();
        assertThat(transport.channelClass().getSimpleName()).isEqualTo("EpollSocketChannel");
    }

    @Test
    void shouldExchangeTextBothWaysOverPlainWebSocket()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options(), handler);
            final WebSocketSession session = handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();

            assertThat(session.isOpen()).isTrue();
            assertThat(session.uri()).isEqualTo(server.uri());
            session.sendText("{\"method\":\"SUBSCRIBE\",\"id\":1}");
            assertThat(Await.next(connection.texts, "client text")).isEqualTo("{\"method\":\"SUBSCRIBE\",\"id\":1}");

            final long beforeNs = System.currentTimeMillis() * 1_000_000L;
            connection.sendText("{\"e\":\"depthUpdate\",\"u\":42}");
            connection.sendText("second");
            final RecordingHandler.Text first = handler.nextText();
            assertThat(first.text()).isEqualTo("{\"e\":\"depthUpdate\",\"u\":42}");
            assertThat(first.receivedEpochNs()).isBetween(beforeNs - 1_000_000_000L, beforeNs + 10_000_000_000L);
            assertThat(handler.nextText().text()).isEqualTo("second");
            assertThat(session.copiedMessages()).as("whole frames are views, never copies").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = { "JDK", "OPENSSL" })
    void shouldExchangeTextOverTlsWhenCertificateIsTrusted(final SslProvider provider)
    {
        try (TestWebSocketServer server = new TestWebSocketServer(
            TestCerts.serverContext(TestCerts.localhost()), false))
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(
                server.uri(), options().withSslContext(TestCerts.trusting(TestCerts.localhost(), provider)), handler);
            final WebSocketSession session = handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();

            assertThat(server.uri().getScheme()).isEqualTo("wss");
            session.sendText("over tls");
            assertThat(Await.next(connection.texts, "client text")).isEqualTo("over tls");
            connection.sendText("back over tls");
            assertThat(handler.nextText().text()).isEqualTo("back over tls");
        }
    }

    @Test
    void shouldAggregateFragmentedMessageIntoOneCall()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options(), handler);
            final WebSocketSession session = handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();

            connection.sendFragmented("{\"b\":[[\"1.0\",", "\"2\"]],", "\"a\":[]}");
            connection.sendText("after");

            assertThat(handler.nextText().text()).isEqualTo("{\"b\":[[\"1.0\",\"2\"]],\"a\":[]}");
            assertThat(handler.nextText().text()).isEqualTo("after");
            assertThat(session.copiedMessages()).isEqualTo(1);
        }
    }

    @Test
    void shouldFailTlsWhenServerCertificateIsNotTrusted()
    {
        try (TestWebSocketServer server = new TestWebSocketServer(
            TestCerts.serverContext(TestCerts.localhost()), false))
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options(), handler); // default trust: the JDK's CAs

            final RecordingHandler.Disconnect disconnect = handler.awaitDisconnect();
            assertThat(disconnect.reason()).isEqualTo(DisconnectReason.TLS_FAILED);
            assertThat(disconnect.onEventLoop()).isTrue();
            assertThat(handler.connected).isEmpty();
            assertThat(server.connections()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = { "JDK", "OPENSSL" })
    void shouldRejectTrustedCertificateIssuedForAnotherHostName(final SslProvider provider)
    {
        try (TestWebSocketServer server = new TestWebSocketServer(
            TestCerts.serverContext(TestCerts.otherHost()), false))
        {
            final RecordingHandler handler = new RecordingHandler();
            final SslContext trustsOtherHost = TestCerts.trusting(TestCerts.otherHost(), provider);
            connector.connect(server.uri(), options().withSslContext(trustsOtherHost), handler);

            final RecordingHandler.Disconnect disconnect = handler.awaitDisconnect();
            assertThat(disconnect.reason()).isEqualTo(DisconnectReason.TLS_FAILED);
            assertThat(disconnect.detail()).contains("matching localhost");
            assertThat(server.connections()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = { "JDK", "OPENSSL" })
    void shouldVerifyHostNameEvenWhenTheGivenContextDoesNot(final SslProvider provider)
    {
        try (TestWebSocketServer server = new TestWebSocketServer(
            TestCerts.serverContext(TestCerts.otherHost()), false))
        {
            final RecordingHandler handler = new RecordingHandler();
            final SslContext lax = TestCerts.trustingWithoutHostnameCheck(TestCerts.otherHost(), provider);
            connector.connect(server.uri(), options().withSslContext(lax), handler);

            final RecordingHandler.Disconnect disconnect = handler.awaitDisconnect();
            assertThat(disconnect.reason()).isEqualTo(DisconnectReason.TLS_FAILED);
            assertThat(disconnect.detail()).contains("matching localhost");
        }
    }

    @Test
    void shouldAnswerServerPingWithPongCarryingSamePayload()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options(), handler);
            handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();

            final byte[] payload = "1700000000123".getBytes(StandardCharsets.US_ASCII);
            connection.ping(payload);

            assertThat(Await.next(connection.pongs, "pong")).isEqualTo(payload);
            assertThat(handler.texts).as("control frames are not messages").isEmpty();
        }
    }

    @Test
    void shouldSendAppPingTextAtInterval()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            final Duration interval = Duration.ofMillis(50);
            connector.connect(server.uri(), options().withAppPing(interval, "{\"op\":\"ping\"}"), handler);
            handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();

            final List<Long> arrivals = new ArrayList<>();
            for (int i = 0; i < 4; i++)
            {
                assertThat(Await.next(connection.texts, "app ping")).isEqualTo("{\"op\":\"ping\"}");
                arrivals.add(Await.next(connection.textArrivalNs, "arrival"));
            }
            for (int i = 1; i < arrivals.size(); i++)
            {
                assertThat(arrivals.get(i) - arrivals.get(i - 1))
                    .as("gap between pings %d and %d", i - 1, i)
                    .isGreaterThanOrEqualTo(interval.toNanos() / 2);
            }
        }
    }

    @Test
    void shouldCloseWithReadIdleWhenNothingArrives()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options().withReadIdleTimeout(Duration.ofMillis(200)), handler);
            final WebSocketSession session = handler.awaitConnected();

            final RecordingHandler.Disconnect disconnect = handler.awaitDisconnect();
            assertThat(disconnect.reason()).isEqualTo(DisconnectReason.READ_IDLE);
            assertThat(session.isOpen()).isFalse();
        }
    }

    @Test
    void shouldKeepSessionWhileDataArrivesWithinReadIdleTimeout()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options().withReadIdleTimeout(Duration.ofMillis(300)), handler);
            handler.awaitConnected();
            server.startStream(20_000);
            Await.until("1 s of streamed data", () -> server.streamedUpTo() >= 50);

            assertThat(handler.disconnects).isEmpty();
            server.stopStream();
            assertThat(handler.awaitDisconnect().reason()).isEqualTo(DisconnectReason.READ_IDLE);
        }
    }

    @Test
    void shouldReportRemoteCloseWithStatusAndReason()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options(), handler);
            handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();

            connection.sendClose(1001, "going away");

            final RecordingHandler.Disconnect disconnect = handler.awaitDisconnect();
            assertThat(disconnect.reason()).isEqualTo(DisconnectReason.REMOTE_CLOSE);
            assertThat(disconnect.detail()).contains("1001").contains("going away");
        }
    }

    @Test
    void shouldReportRemoteCloseWhenServerDropsWithoutCloseFrame()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options(), handler);
            handler.awaitConnected();

            server.nextConnection().drop();

            assertThat(handler.awaitDisconnect().reason()).isEqualTo(DisconnectReason.REMOTE_CLOSE);
        }
    }

    @Test
    void shouldReportConnectionResetOnTcpRst()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options(), handler);
            handler.awaitConnected();

            server.nextConnection().reset();

            final RecordingHandler.Disconnect disconnect = handler.awaitDisconnect();
            assertThat(disconnect.reason()).as(disconnect.toString()).isEqualTo(DisconnectReason.CONNECTION_RESET);
            assertThat(disconnect.detail()).containsIgnoringCase("reset");
        }
    }

    @Test
    void shouldDisconnectWithFrameTooLargeForOversizeFrame()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options().withMaxFrameBytes(1024), handler);
            handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();

            connection.sendText("x".repeat(1024));
            assertThat(handler.nextText().text()).hasSize(1024);
            connection.sendText("y".repeat(1025));

            assertThat(handler.awaitDisconnect().reason()).isEqualTo(DisconnectReason.FRAME_TOO_LARGE);
            assertThat(handler.texts).isEmpty();
        }
    }

    @Test
    void shouldDisconnectWithFrameTooLargeWhenFragmentsExceedLimit()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options().withMaxFrameBytes(1024), handler);
            handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();

            connection.sendFragmented("a".repeat(500), "b".repeat(500), "c".repeat(500));

            final RecordingHandler.Disconnect disconnect = handler.awaitDisconnect();
            assertThat(disconnect.reason()).isEqualTo(DisconnectReason.FRAME_TOO_LARGE);
            assertThat(disconnect.detail()).contains("1500");
            assertThat(Await.next(connection.closeCodes, "close frame from client")).isEqualTo(1009);
            assertThat(handler.texts).isEmpty();
        }
    }

    @Test
    void shouldDisconnectWithProtocolErrorOnContinuationWithoutStart()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options(), handler);
            handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();

            connection.sendFrame(new ContinuationWebSocketFrame(true, 0, "orphan"));

            assertThat(handler.awaitDisconnect().reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
            assertThat(handler.texts).isEmpty();
        }
    }

    @Test
    void shouldNegotiatePermessageDeflateAndDeliverMessagesIntact()
    {
        try (TestWebSocketServer server = new TestWebSocketServer(null, true))
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options().withCompression(true), handler);
            final WebSocketSession session = handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();

            assertThat(connection.requestHeaders.get("sec-websocket-extensions")).contains("permessage-deflate");
            assertThat(connection.deflateNegotiated()).isTrue();

            final StringBuilder big = new StringBuilder("{\"b\":[");
            for (int i = 0; i < 20_000; i++)
            {
                big.append("[\"").append(60_000 + i).append(".01\",\"0.").append(i % 97).append("\"],");
            }
            big.append("[\"1\",\"1\"]]}");
            connection.sendText("small");
            connection.sendText(big.toString());
            session.sendText("from client, compressed");

            assertThat(handler.nextText().text()).isEqualTo("small");
            assertThat(handler.nextText().text()).isEqualTo(big.toString());
            assertThat(Await.next(connection.texts, "client text")).isEqualTo("from client, compressed");
        }
    }

    @Test
    void shouldReadFramesWithOwnReaderInsteadOfNettysDecoderWhenDeflateIsNotInUse()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options(), handler); // deflate offered, not accepted
            final WebSocketSession session = handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();
            connection.sendText("plain");
            assertThat(handler.nextText().text()).isEqualTo("plain");

            final List<String> names = session.channel().pipeline().names();
            assertThat(names).contains(WebSocketFrameReader.NAME).doesNotContain("ws-decoder");
        }
    }

    @Test
    void shouldDeliverFrameSpanningManyReadsIntact()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options().withCompression(false), handler);
            final WebSocketSession session = handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();

            final StringBuilder big = new StringBuilder();
            for (int i = 0; big.length() < 300_000; i++)
            {
                big.append(i).append(',');
            }
            connection.sendText(big.toString());
            connection.ping("between".getBytes(StandardCharsets.US_ASCII));
            connection.sendText("after");

            assertThat(handler.nextText().text()).isEqualTo(big.toString());
            assertThat(handler.nextText().text()).isEqualTo("after");
            assertThat(Await.next(connection.pongs, "pong")).isEqualTo("between".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void shouldCloseWithProtocolErrorWhenServerMasksAFrame()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options().withCompression(false), handler);
            handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();

            connection.channel.writeAndFlush(Unpooled.wrappedBuffer(
                new byte[] {(byte)0x81, (byte)0x82, 1, 2, 3, 4, 0x60, 0x60}));

            final RecordingHandler.Disconnect disconnect = handler.awaitDisconnect();
            assertThat(disconnect.reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
            assertThat(disconnect.detail()).contains("not masked as expected");
            assertThat(Await.next(connection.closeCodes, "close frame from client")).isEqualTo(1002);
            assertThat(handler.texts).isEmpty();
        }
    }

    @Test
    void shouldKeepNettysDecoderWhenDeflateIsNegotiated()
    {
        try (TestWebSocketServer server = new TestWebSocketServer(null, true))
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options().withCompression(true), handler);
            final WebSocketSession session = handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();
            connection.sendText("deflated");
            assertThat(handler.nextText().text()).isEqualTo("deflated");

            final List<String> names = session.channel().pipeline().names();
            assertThat(names).contains("ws-decoder").doesNotContain(WebSocketFrameReader.NAME);
        }
    }

    @Test
    void shouldNotOfferDeflateWhenCompressionIsOff()
    {
        try (TestWebSocketServer server = new TestWebSocketServer(null, true))
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options().withCompression(false), handler);
            handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();

            assertThat(connection.requestHeaders.get("sec-websocket-extensions")).isNull();
            assertThat(connection.deflateNegotiated()).isFalse();
            connection.sendText("plain");
            assertThat(handler.nextText().text()).isEqualTo("plain");
        }
    }

    @Test
    void shouldSendCloseFrameAndReportLocalCloseOnce()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri(), options(), handler);
            final WebSocketSession session = handler.awaitConnected();
            final TestWebSocketServer.Connection connection = server.nextConnection();

            session.close();
            session.close();

            assertThat(Await.next(connection.closeCodes, "close frame")).isEqualTo(1000);
            assertThat(handler.awaitDisconnect().reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
            session.sendText("too late");
            assertThat(session.sendsDropped()).isEqualTo(1);
            // One more round trip through the session's loop: any second callback would be queued before it.
            session.eventLoop().submit(() -> { }).syncUninterruptibly();
            session.eventLoop().submit(() -> { }).syncUninterruptibly();
            assertThat(handler.disconnects).isEmpty();
        }
    }

    @Test
    void shouldFailHandshakeWhenServerRefusesUpgrade()
    {
        try (TestWebSocketServer server = TestWebSocketServer.plain())
        {
            final RecordingHandler handler = new RecordingHandler();
            connector.connect(server.uri("/not-a-websocket"), options(), handler);

            final RecordingHandler.Disconnect disconnect = handler.awaitDisconnect();
            assertThat(disconnect.reason()).isEqualTo(DisconnectReason.HANDSHAKE_FAILED);
            assertThat(disconnect.detail()).contains("404");
        }
    }

    @Test
    void shouldReportConnectFailedWhenNothingListens() throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        final RecordingHandler handler = new RecordingHandler();
        connector.connect(URI.create("ws://localhost:" + port + "/ws"), options(), handler);

        assertThat(handler.awaitDisconnect().reason()).isEqualTo(DisconnectReason.CONNECT_FAILED);
        assertThat(handler.connected).isEmpty();
    }
}
