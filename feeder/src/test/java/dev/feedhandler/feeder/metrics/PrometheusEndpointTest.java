package dev.feedhandler.feeder.metrics;

import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.metrics.CounterFactory;
import dev.feedhandler.orderbook.metrics.CounterType;
import dev.feedhandler.orderbook.metrics.CountersFile;
import dev.feedhandler.orderbook.sync.SyncState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusEndpointTest
{
    private static final Instrument BTC = new Instrument(0, Venue.BINANCE_SPOT, "BTCUSDT", 2, 8);

    @TempDir
    Path temp;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private CountersFile file;
    private PrometheusEndpoint endpoint;

    @AfterEach
    void tearDown()
    {
        if (endpoint != null)
        {
            endpoint.close();
        }
        if (file != null)
        {
            file.close();
        }
    }

    @Test
    void shouldServeCountersAndLatencySummariesOverHttpOnLoopback() throws Exception
    {
        file = CountersFile.create(temp.resolve("feeder.counters"), 32);
        final CounterFactory factory = new CounterFactory(file.manager());
        factory.instrument(CounterType.SYNC_DIFFS_APPLIED, BTC).set(3);
        factory.venueDetail(CounterType.INGEST_DECODE_ERRORS, "binance-spot", 8, "BAD_NUMBER").set(2);
        factory.detail(CounterType.PUBLISHER_DROPPED, 1001, "delta").set(1);
        factory.detail(CounterType.INSTRUMENTS_BY_STATE, SyncState.LIVE.ordinal(), "LIVE").set(4);
        final LatencyHistograms latency = new LatencyHistograms();
        for (int i = 1; i <= 1000; i++)
        {
            latency.recordIngressToApplied(i * 1_000L); // 1 us .. 1 ms
        }
        latency.recordAppliedToPublished(2_000);
        endpoint = new PrometheusEndpoint("127.0.0.1", 0, file.reader(),
            List.of(latency.ingressToApplied(), latency.appliedToPublished()));

        final HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        final String body = response.body();
        assertThat(body).contains(
            "# HELP feeder_sync_diffs_applied_total diffs applied\n" +
            "# TYPE feeder_sync_diffs_applied_total counter\n" +
            "feeder_sync_diffs_applied_total{venue=\"binance-spot\",instrument=\"BTCUSDT\",instrument_id=\"0\"} 3\n");
        assertThat(body).contains(
            "feeder_ingest_decode_errors_total{venue=\"binance-spot\",reason=\"BAD_NUMBER\"} 2\n");
        assertThat(body).contains("feeder_publisher_dropped_total{stream=\"delta\",stream_id=\"1001\"} 1\n");
        assertThat(body).contains("# TYPE feeder_instruments_by_state gauge\n" +
            "feeder_instruments_by_state{state=\"LIVE\"} 4\n");
        assertThat(body).contains("# TYPE feeder_latency_ingress_to_applied_seconds summary\n");
        assertThat(quantile(body, "ingress_to_applied", "0.5")).isBetween(499e-6, 501e-6);
        assertThat(quantile(body, "ingress_to_applied", "0.99")).isBetween(989e-6, 991e-6);
        assertThat(quantile(body, "ingress_to_applied", "1")).isBetween(0.999e-3, 1.001e-3);
        assertThat(body).contains("feeder_latency_ingress_to_applied_seconds_count 1000\n");
        assertThat(sample(body, "feeder_latency_ingress_to_applied_seconds_sum")).isBetween(0.5004, 0.5006);
        assertThat(body).contains("feeder_latency_applied_to_published_seconds_count 1\n");
        assertThat(quantile(body, "applied_to_published", "0.9")).isBetween(1.99e-6, 2.01e-6);

        // The quantiles cover the interval since the previous scrape; the count and sum keep running.
        latency.recordAppliedToPublished(5_000);
        final String second = get("/metrics").body();
        assertThat(second).contains("feeder_latency_ingress_to_applied_seconds{quantile=\"0.5\"} NaN\n");
        assertThat(second).contains("feeder_latency_ingress_to_applied_seconds_count 1000\n");
        assertThat(second).contains("feeder_latency_applied_to_published_seconds_count 2\n");
        assertThat(quantile(second, "applied_to_published", "0.5")).isBetween(4.99e-6, 5.01e-6);
    }

    @Test
    void shouldShowCounterChangesOnTheNextScrapeAndRefuseOtherMethods() throws Exception
    {
        file = CountersFile.create(temp.resolve("feeder.counters"), 8);
        final var frames = new CounterFactory(file.manager()).venue(CounterType.INGEST_FRAMES, "okx");
        endpoint = new PrometheusEndpoint("127.0.0.1", 0, file.reader(), List.of());

        assertThat(get("/metrics").body()).contains("feeder_ingest_frames_total{venue=\"okx\"} 0\n");
        frames.increment();
        assertThat(get("/metrics").body()).contains("feeder_ingest_frames_total{venue=\"okx\"} 1\n");
        final HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri("/metrics"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(get("/other").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(final String path) throws Exception
    {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(final String path)
    {
        return URI.create("http://127.0.0.1:" + endpoint.port() + path);
    }

    private static double quantile(final String body, final String stage, final String quantile)
    {
        return sample(body, "feeder_latency_" + stage + "_seconds{quantile=\"" + quantile + "\"}");
    }

    private static double sample(final String body, final String series)
    {
        for (final String line : body.split("\n"))
        {
            if (line.startsWith(series + " "))
            {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        throw new AssertionError("no sample " + series + " in:\n" + body);
    }
}
