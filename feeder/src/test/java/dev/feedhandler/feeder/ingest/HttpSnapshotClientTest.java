package dev.feedhandler.feeder.ingest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class HttpSnapshotClientTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static NettyTransport transport;

    @BeforeAll
    static void startTransport()
    {
        transport = NettyTransport.create(1, "test-http-client");
    }

    @AfterAll
    static void stopTransport()
    {
        transport.close();
    }

    /** The outcome of one GET, copied out during the callback. */
    record Outcome(int status, String body, Map<String, String> headers, String failure, Throwable cause)
    {
    }

    static final class RecordingCallback implements HttpSnapshotClient.Callback
    {
        final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();

        public void onResponse(final HttpResponseView response)
        {
            final byte[] bytes = new byte[response.length()];
            response.body().getBytes(response.offset(), bytes);
            final Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            response.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
            final String body = new String(bytes, StandardCharsets.UTF_8);
            outcomes.add(new Outcome(response.status(), body, headers, null, null));
        }

        public void onFailure(final String reason, final Throwable cause)
        {
            outcomes.add(new Outcome(0, null, Map.of(), reason, cause));
        }

        Outcome await()
        {
            return Await.next(outcomes, "the GET outcome");
        }
    }

    private static Outcome get(final HttpSnapshotClient client, final URI uri, final Duration timeout)
    {
        final RecordingCallback callback = new RecordingCallback();
        client.get(uri, timeout, callback);
        final Outcome outcome = callback.await();
        // Exactly one callback: a second would already be queued behind the first on the same loop.
        transport.group().submit(() -> { }).syncUninterruptibly();
        assertThat(callback.outcomes).isEmpty();
        return outcome;
    }

    @Test
    void shouldGetStatusHeadersAndBodyOverHttp()
    {
        final String body = "{\"lastUpdateId\":1027024,\"bids\":[[\"4.00000000\",\"431.00000000\"]],\"asks\":[]}";
        try (TestHttpServer server = TestHttpServer.plain()
            .respond(request -> TestHttpServer.Reply.of(200, body, Map.of("X-MBX-USED-WEIGHT-1M", "25"))))
        {
            final HttpSnapshotClient client = new HttpSnapshotClient(transport, null, 1024 * 1024);

            final Outcome outcome = get(client, server.uri("/api/v3/depth?symbol=BNBBTC&limit=5000"), TIMEOUT);

            assertThat(outcome.failure()).isNull();
            assertThat(outcome.status()).isEqualTo(200);
            assertThat(outcome.body()).isEqualTo(body);
            assertThat(outcome.headers()).containsEntry("X-MBX-USED-WEIGHT-1M", "25");
            final TestHttpServer.Request request = server.nextRequest();
            assertThat(request.uri()).isEqualTo("/api/v3/depth?symbol=BNBBTC&limit=5000");
            assertThat(request.headers()).containsEntry("host", "localhost:" + server.port());
            assertThat(request.headers().get("accept-encoding")).contains("gzip");
        }
    }

    @Test
    void shouldGetOverHttpsWithTrustedCertificate()
    {
        try (TestHttpServer server = new TestHttpServer(TestCerts.serverContext(TestCerts.localhost()), false)
            .respond(request -> TestHttpServer.Reply.of(200, "{\"secure\":true}")))
        {
            final HttpSnapshotClient client = new HttpSnapshotClient(
                transport, TestCerts.trusting(TestCerts.localhost()), 1024);

            final Outcome outcome = get(client, server.uri("/fapi/v1/depth?symbol=BTCUSDT"), TIMEOUT);

            assertThat(outcome.status()).isEqualTo(200);
            assertThat(outcome.body()).isEqualTo("{\"secure\":true}");
        }
    }

    @Test
    void shouldFailHttpsWhenCertificateIsNotTrusted()
    {
        try (TestHttpServer server = new TestHttpServer(TestCerts.serverContext(TestCerts.localhost()), false))
        {
            final HttpSnapshotClient client = new HttpSnapshotClient(transport, null, 1024);

            final Outcome outcome = get(client, server.uri("/x"), TIMEOUT);

            assertThat(outcome.failure()).isEqualTo(HttpSnapshotClient.FAILURE_TLS);
            assertThat(server.requests).isEmpty();
        }
    }

    @Test
    void shouldRejectTrustedCertificateIssuedForAnotherHostName()
    {
        try (TestHttpServer server = new TestHttpServer(TestCerts.serverContext(TestCerts.otherHost()), false))
        {
            final HttpSnapshotClient client = new HttpSnapshotClient(transport,
                TestCerts.trustingWithoutHostnameCheck(TestCerts.otherHost(), io.netty.handler.ssl.SslProvider.OPENSSL),
                1024);

            final Outcome outcome = get(client, server.uri("/x"), TIMEOUT);

            assertThat(outcome.failure()).isEqualTo(HttpSnapshotClient.FAILURE_TLS);
            assertThat(server.requests).isEmpty();
        }
    }

    @Test
    void shouldInflateGzipBodyIntact()
    {
        final StringBuilder big = new StringBuilder("{\"bids\":[");
        for (int i = 0; i < 5_000; i++)
        {
            big.append("[\"").append(30_000 + i).append(".10\",\"1.").append(i).append("\"],");
        }
        big.append("[\"1\",\"1\"]]}");
        try (TestHttpServer server = new TestHttpServer(null, true)
            .respond(request -> TestHttpServer.Reply.of(200, big.toString())))
        {
            final HttpSnapshotClient client = new HttpSnapshotClient(transport, null, 1024 * 1024);

            final Outcome outcome = get(client, server.uri("/depth"), TIMEOUT);

            assertThat(outcome.status()).isEqualTo(200);
            assertThat(outcome.body()).isEqualTo(big.toString());
            assertThat(server.bytesWritten()).as("sent compressed").isLessThan(big.length() / 3);
        }
    }

    @Test
    void shouldDeliverErrorStatusAsResponse()
    {
        try (TestHttpServer server = TestHttpServer.plain()
            .respond(request -> TestHttpServer.Reply.of(429, "{\"code\":-1003}", Map.of("Retry-After", "7"))))
        {
            final HttpSnapshotClient client = new HttpSnapshotClient(transport, null, 1024);

            final Outcome outcome = get(client, server.uri("/depth"), TIMEOUT);

            assertThat(outcome.status()).isEqualTo(429);
            assertThat(outcome.headers()).containsEntry("Retry-After", "7");
            assertThat(outcome.body()).isEqualTo("{\"code\":-1003}");
        }
    }

    @Test
    void shouldFailWithTimeoutWhenServerNeverAnswers()
    {
        try (TestHttpServer server = TestHttpServer.plain().respond(request -> TestHttpServer.Reply.noAnswer()))
        {
            final HttpSnapshotClient client = new HttpSnapshotClient(transport, null, 1024);

            final Outcome outcome = get(client, server.uri("/depth"), Duration.ofMillis(200));

            assertThat(outcome.failure()).isEqualTo(HttpSnapshotClient.FAILURE_TIMEOUT);
            assertThat(server.count("/depth")).isEqualTo(1);
        }
    }

    @Test
    void shouldFailWhenBodyIsLargerThanLimit()
    {
        try (TestHttpServer server = TestHttpServer.plain()
            .respond(request -> TestHttpServer.Reply.of(200, "x".repeat(2000))))
        {
            final HttpSnapshotClient client = new HttpSnapshotClient(transport, null, 1999);

            assertThat(get(client, server.uri("/depth"), TIMEOUT).failure())
                .isEqualTo(HttpSnapshotClient.FAILURE_BODY_TOO_LARGE);
        }
    }

    @Test
    void shouldFailWhenServerDropsConnection()
    {
        try (TestHttpServer server = TestHttpServer.plain().respond(request -> TestHttpServer.Reply.dropConnection()))
        {
            final HttpSnapshotClient client = new HttpSnapshotClient(transport, null, 1024);

            assertThat(get(client, server.uri("/depth"), TIMEOUT).failure())
                .isEqualTo(HttpSnapshotClient.FAILURE_CLOSED);
        }
    }

    @Test
    void shouldFailToConnectWhenNothingListens() throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        final HttpSnapshotClient client = new HttpSnapshotClient(transport, null, 1024);

        final Outcome outcome = get(client, URI.create("http://localhost:" + port + "/depth"), TIMEOUT);

        assertThat(outcome.failure()).isEqualTo(HttpSnapshotClient.FAILURE_CONNECT);
        assertThat(outcome.cause()).isNotNull();
    }
}
