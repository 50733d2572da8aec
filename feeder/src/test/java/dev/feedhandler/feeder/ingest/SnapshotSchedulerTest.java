package dev.feedhandler.feeder.ingest;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class SnapshotSchedulerTest
{
    private static final String BODY = "{\"lastUpdateId\":1027024,\"bids\":[],\"asks\":[]}";
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(20);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(300);
    private static NettyTransport transport;
    private static HttpSnapshotClient client;

    @BeforeAll
    static void startTransport()
    {
        transport = NettyTransport.create(1, "test-snapshots");
        client = new HttpSnapshotClient(transport, null, 1024 * 1024);
    }

    @AfterAll
    static void stopTransport()
    {
        transport.close();
    }

    record Snapshot(int instrumentId, String body)
    {
    }

    record Retry(int instrumentId, String reason, long retryInNs)
    {
    }

    static final class RecordingSink implements SnapshotScheduler.Sink
    {
        final BlockingQueue<Snapshot> snapshots = new LinkedBlockingQueue<>();
        final BlockingQueue<Retry> retries = new LinkedBlockingQueue<>();

        public void onSnapshot(
            final int instrumentId, final DirectBuffer body, final int offset, final int length, final long receivedNs)
        {
            final byte[] bytes = new byte[length];
            body.getBytes(offset, bytes);
            snapshots.add(new Snapshot(instrumentId, new String(bytes, StandardCharsets.UTF_8)));
        }

        public void onSnapshotRetry(final int instrumentId, final String reason, final long retryInNs)
        {
            retries.add(new Retry(instrumentId, reason, retryInNs));
        }

        Snapshot nextSnapshot()
        {
            return Await.next(snapshots, "a snapshot");
        }

        Retry nextRetry()
        {
            return Await.next(retries, "a retry notice");
        }
    }

    private static SnapshotScheduler scheduler(
        final RateBudget budget, final Duration timeout, final RecordingSink sink)
    {
        return new SnapshotScheduler(
            transport.group().next(), client, budget, timeout, INITIAL_BACKOFF, MAX_BACKOFF, sink);
    }

    private static RateBudget plentifulBudget()
    {
        return new RateBudget(6000, SystemNanoClock.INSTANCE);
    }

    /** Waits until every task queued on the scheduler's loop so far has run. */
    private static void drain(final SnapshotScheduler scheduler)
    {
        scheduler.eventLoop().submit(() -> { }).syncUninterruptibly();
    }

    @Test
    void shouldGiveSuccessfulBodyToSink()
    {
        try (TestHttpServer server = TestHttpServer.plain()
            .respond(request -> TestHttpServer.Reply.of(200, BODY)))
        {
            final RecordingSink sink = new RecordingSink();
            final SnapshotScheduler scheduler = scheduler(plentifulBudget(), Duration.ofSeconds(5), sink);
            final URI uri = server.uri("/api/v3/depth?symbol=BTCUSDT&limit=1000");

            scheduler.request(7, uri, 50);

            assertThat(sink.nextSnapshot()).isEqualTo(new Snapshot(7, BODY));
            assertThat(server.nextRequest().uri()).isEqualTo("/api/v3/depth?symbol=BTCUSDT&limit=1000");
            Await.until("nothing pending", () -> scheduler.pending() == 0);
            assertThat(scheduler.requestsSent()).isEqualTo(1);
            assertThat(scheduler.retries()).isZero();
            assertThat(sink.retries).isEmpty();
        }
    }

    @Test
    void shouldMergeRepeatedRequestsForOneInstrument() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        try (TestHttpServer server = TestHttpServer.plain().respond(request ->
        {
            if (request.index() == 1)
            {
                awaitQuietly(release);
            }
            return TestHttpServer.Reply.of(200, "{\"n\":" + request.index() + "}");
        }))
        {
            final RecordingSink sink = new RecordingSink();
            final SnapshotScheduler scheduler = scheduler(plentifulBudget(), Duration.ofSeconds(5), sink);
            final URI uri = server.uri("/depth?symbol=ETHUSDT");

            for (int i = 0; i < 5; i++)
            {
                scheduler.request(3, uri, 5);
            }
            Await.until("the repeats to be merged", () -> scheduler.merged() == 4);
            assertThat(scheduler.pending()).isEqualTo(1);
            assertThat(scheduler.requestsSent()).isEqualTo(1);
            release.countDown();

            assertThat(sink.nextSnapshot()).isEqualTo(new Snapshot(3, "{\"n\":1}"));
            assertThat(server.count("/depth?symbol=ETHUSDT")).isEqualTo(1);

            // Once answered, a new request is a new fetch.
            scheduler.request(3, uri, 5);
            assertThat(sink.nextSnapshot()).isEqualTo(new Snapshot(3, "{\"n\":2}"));
            assertThat(scheduler.requestsSent()).isEqualTo(2);
            assertThat(sink.snapshots).isEmpty();
        }
    }

    @Test
    void shouldSendOnlyWhatTheBudgetAllows()
    {
        try (TestHttpServer server = TestHttpServer.plain().respond(request -> TestHttpServer.Reply.of(200, "{}")))
        {
            final CachedNanoClock clock = new CachedNanoClock();
            final RateBudget budget = new RateBudget(1000, 500, clock); // burst 500, refill 500 per minute
            final RecordingSink sink = new RecordingSink();
            final SnapshotScheduler scheduler = scheduler(budget, Duration.ofSeconds(5), sink);

            for (int id = 1; id <= 5; id++) // 5 x 200 = 1000 > 500
            {
                scheduler.request(id, server.uri("/depth?id=" + id), 200);
            }
            drain(scheduler); // the five request tasks were queued before this one
            assertThat(scheduler.requestsSent()).as("burst of 500 fits two").isEqualTo(2);
            assertThat(List.of(sink.nextSnapshot().instrumentId(), sink.nextSnapshot().instrumentId()))
                .containsExactlyInAnyOrder(1, 2);
            Await.until("three still pending", () -> scheduler.pending() == 3);

            clock.advance(TimeUnit.SECONDS.toNanos(24)); // +200: 300 available
            scheduler.wake();
            drain(scheduler);
            assertThat(scheduler.requestsSent()).isEqualTo(3);
            assertThat(sink.nextSnapshot().instrumentId()).isEqualTo(3);

            clock.advance(TimeUnit.MINUTES.toNanos(1)); // refilled to the burst: 500
            scheduler.wake();
            drain(scheduler);
            assertThat(scheduler.requestsSent()).isEqualTo(5);
            assertThat(List.of(sink.nextSnapshot().instrumentId(), sink.nextSnapshot().instrumentId()))
                .containsExactlyInAnyOrder(4, 5);
            Await.until("nothing pending", () -> scheduler.pending() == 0);
            assertThat(server.requests).hasSize(5);
        }
    }

    @Test
    void shouldRetry429AfterRetryAfterAndPauseOtherInstruments()
    {
        try (TestHttpServer server = TestHttpServer.plain().respond(request ->
            request.uri().contains("id=1") && request.index() == 1 ?
                TestHttpServer.Reply.of(429, "{\"code\":-1003}", Map.of("Retry-After", "1")) :
                TestHttpServer.Reply.of(200, "{\"ok\":" + request.index() + "}")))
        {
            final RecordingSink sink = new RecordingSink();
            final SnapshotScheduler scheduler = scheduler(plentifulBudget(), Duration.ofSeconds(5), sink);

            scheduler.request(1, server.uri("/depth?id=1"), 50);

            final Retry retry = sink.nextRetry();
            assertThat(retry.instrumentId()).isEqualTo(1);
            assertThat(retry.reason()).isEqualTo(SnapshotScheduler.RETRY_RATE_LIMITED);
            assertThat(retry.retryInNs()).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
            assertThat(scheduler.rateLimited()).isEqualTo(1);
            scheduler.request(2, server.uri("/depth?id=2"), 50); // during the pause

            final List<Snapshot> snapshots = List.of(sink.nextSnapshot(), sink.nextSnapshot());
            assertThat(snapshots)
                .containsExactlyInAnyOrder(new Snapshot(1, "{\"ok\":2}"), new Snapshot(2, "{\"ok\":1}"));
            final List<TestHttpServer.Request> requests = new ArrayList<>(server.requests);
            assertThat(requests).hasSize(3);
            final long rateLimitedAt = requests.get(0).arrivalNs();
            for (final TestHttpServer.Request later : requests.subList(1, 3))
            {
                assertThat(later.arrivalNs() - rateLimitedAt).as(later.uri())
                    .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
            }
            assertThat(scheduler.retries()).isEqualTo(1);
        }
    }

    @Test
    void shouldRetry418WithLongBackoff()
    {
        try (TestHttpServer server = TestHttpServer.plain().respond(request -> request.index() == 1 ?
            TestHttpServer.Reply.of(418, "{\"code\":-1003}") : TestHttpServer.Reply.of(200, "{}")))
        {
            final RecordingSink sink = new RecordingSink();
            final SnapshotScheduler scheduler = scheduler(plentifulBudget(), Duration.ofSeconds(5), sink);

            scheduler.request(9, server.uri("/depth"), 5);

            final Retry retry = sink.nextRetry();
            assertThat(retry.reason()).isEqualTo(SnapshotScheduler.RETRY_BANNED);
            assertThat(retry.retryInNs()).isGreaterThanOrEqualTo(MAX_BACKOFF.toNanos());
            assertThat(sink.nextSnapshot().instrumentId()).isEqualTo(9);
            assertThat(scheduler.rateLimited()).isEqualTo(1);
        }
    }

    @Test
    void shouldRetryServerErrorsWithGrowingBackoffUntilSuccess()
    {
        try (TestHttpServer server = TestHttpServer.plain().respond(request -> request.index() <= 3 ?
            TestHttpServer.Reply.of(request.index() == 2 ? 503 : 500, "busy") :
            TestHttpServer.Reply.of(200, "{\"finally\":true}")))
        {
            final RecordingSink sink = new RecordingSink();
            final SnapshotScheduler scheduler = scheduler(plentifulBudget(), Duration.ofSeconds(5), sink);

            scheduler.request(4, server.uri("/depth"), 5);

            final Retry first = sink.nextRetry();
            final Retry second = sink.nextRetry();
            final Retry third = sink.nextRetry();
            assertThat(List.of(first.reason(), second.reason(), third.reason()))
                .containsOnly(SnapshotScheduler.RETRY_SERVER_ERROR);
            // Attempt n waits in [base * 2^n / 2, base * 2^n]: jittered, but the ranges of attempts 0 and 2 are apart.
            assertThat(first.retryInNs()).isBetween(INITIAL_BACKOFF.toNanos() / 2, INITIAL_BACKOFF.toNanos());
            assertThat(third.retryInNs()).isBetween(INITIAL_BACKOFF.toNanos() * 2, INITIAL_BACKOFF.toNanos() * 4);
            assertThat(sink.nextSnapshot()).isEqualTo(new Snapshot(4, "{\"finally\":true}"));
            assertThat(scheduler.retries()).isEqualTo(3);
            assertThat(scheduler.requestsSent()).isEqualTo(4);
            Await.until("nothing pending", () -> scheduler.pending() == 0);
        }
    }

    @Test
    void shouldRetryAfterTimeoutAndAfterDroppedConnection()
    {
        try (TestHttpServer server = TestHttpServer.plain().respond(request ->
            request.index() == 1 ? TestHttpServer.Reply.noAnswer() :
            request.index() == 2 ? TestHttpServer.Reply.dropConnection() :
            TestHttpServer.Reply.of(200, "{\"third\":true}")))
        {
            final RecordingSink sink = new RecordingSink();
            final SnapshotScheduler scheduler = scheduler(plentifulBudget(), Duration.ofMillis(200), sink);

            scheduler.request(5, server.uri("/depth"), 5);

            assertThat(sink.nextRetry().reason()).isEqualTo(HttpSnapshotClient.FAILURE_TIMEOUT);
            assertThat(sink.nextRetry().reason()).isEqualTo(HttpSnapshotClient.FAILURE_CLOSED);
            assertThat(sink.nextSnapshot()).isEqualTo(new Snapshot(5, "{\"third\":true}"));
            assertThat(scheduler.retries()).isEqualTo(2);
        }
    }

    @Test
    void shouldRejectRequestHeavierThanTheBudgetCanEverGrant()
    {
        final NanoClock clock = new CachedNanoClock();
        final RateBudget budget = new RateBudget(100, clock);
        final SnapshotScheduler scheduler = scheduler(budget, Duration.ofSeconds(1), new RecordingSink());

        org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> scheduler.request(1, URI.create("http://localhost/depth"), 51))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
