package dev.feedhandler.sim;

import dev.feedhandler.sim.testing.BinanceSyncClient;
import dev.feedhandler.sim.testing.Http;
import dev.feedhandler.sim.testing.Json;
import dev.feedhandler.sim.testing.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REST depth snapshots and their faults: errors with the venue's status, headers and bodies; slow and stale
 * snapshots; and a sync client that must notice the stale one and fetch again.
 */
class RestFaultsTest
{
    private static final String SPOT = "binance-spot";
    private static final String USDM = "binance-usdm";

    private VenueSimulator sim;
    private String spotDepth;
    private String usdmDepth;

    @BeforeEach
    void start()
    {
        sim = VenueSimulator.start(new SimulatorConfig()
            .instruments(SPOT, "BTCUSDT", "ETHUSDT")
            .instruments(USDM, "BTCUSDT")
            .levels(60)
            .seed(5)
            .startPaused(true));
        spotDepth = sim.httpUrl() + "/spot/api/v3/depth?symbol=BTCUSDT";
        usdmDepth = sim.httpUrl() + "/usdm/fapi/v1/depth?symbol=BTCUSDT";
        sim.advance(300);
    }

    @AfterEach
    void stop()
    {
        sim.close();
    }

    @Test
    void shouldServeTheCurrentTopLevelsUpToTheLimit()
    {
        final BookTruth truth = sim.truth(SPOT, "BTCUSDT");
        final Map<String, Object> snapshot = Http.getJson(spotDepth + "&limit=5");
        assertThat(number(snapshot, "lastUpdateId")).isEqualTo(truth.updateId());
        assertThat((List<?>)snapshot.get("bids")).hasSize(5);
        assertThat((List<?>)snapshot.get("asks")).hasSize(5);
        assertThat(snapshot.get("bids")).isEqualTo(padded(truth.bids().subList(0, 5), 2, 8));
        assertThat(snapshot.get("asks")).isEqualTo(padded(truth.asks().subList(0, 5), 2, 8));
        assertThat((List<?>)Http.getJson(spotDepth).get("bids")).as("spot default limit 100 > book").hasSize(
            truth.bids().size());

        final Map<String, Object> usdm = Http.getJson(usdmDepth + "&limit=10");
        assertThat(usdm.keySet()).containsExactly("lastUpdateId", "E", "T", "bids", "asks");
        assertThat(number(usdm, "lastUpdateId")).isEqualTo(sim.truth(USDM, "BTCUSDT").updateId());
        assertThat(sim.stats().instrument(SPOT, "BTCUSDT").counter(InstrumentCounter.SNAPSHOTS_SERVED)).isEqualTo(2);
    }

    @Test
    void shouldRejectUnknownSymbolsAndMissingParameters()
    {
        final HttpResponse<String> unknown = Http.get(sim.httpUrl() + "/spot/api/v3/depth?symbol=NOPE");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
        final HttpResponse<String> otherVenue = Http.get(sim.httpUrl() + "/usdm/fapi/v1/depth?symbol=ETHUSDT");
        assertThat(otherVenue.statusCode()).as("ETHUSDT is only simulated on spot").isEqualTo(400);
        final HttpResponse<String> missing = Http.get(sim.httpUrl() + "/spot/api/v3/depth");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(Json.object(missing.body())).containsEntry("code", new BigDecimal(-1102));
        assertThat(Http.get(sim.httpUrl() + "/spot/api/v3/ticker").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer429WithRetryAfterForTheGivenCount()
    {
        sim.injectFault(SPOT, "BTCUSDT", FaultType.HTTP429, 2);
        for (int i = 0; i < 2; i++)
        {
            final HttpResponse<String> response = Http.get(spotDepth);
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(Json.object(response.body())).containsEntry("code", new BigDecimal(-1003));
        }
        assertThat(Http.get(spotDepth).statusCode()).isEqualTo(200);
        assertThat(Http.get(sim.httpUrl() + "/spot/api/v3/depth?symbol=ETHUSDT").statusCode()).isEqualTo(200);
        final SimulatorStats.InstrumentStats stats = sim.stats().instrument(SPOT, "BTCUSDT");
        assertThat(stats.faultsApplied(FaultType.HTTP429)).isEqualTo(2);
        assertThat(stats.counter(InstrumentCounter.SNAPSHOT_ERRORS)).isEqualTo(2);
        assertThat(stats.counter(InstrumentCounter.SNAPSHOT_REQUESTS)).as("every request, whatever the answer")
            .isEqualTo(stats.counter(InstrumentCounter.SNAPSHOT_ERRORS) + stats.counter(InstrumentCounter.SNAPSHOTS_SERVED));
        assertThat(stats.counter(InstrumentCounter.SNAPSHOTS_SERVED)).isEqualTo(1);
    }

    @Test
    void shouldAnswer418And500()
    {
        sim.injectFault(USDM, "BTCUSDT", FaultType.HTTP418, 1);
        final HttpResponse<String> banned = Http.get(usdmDepth);
        assertThat(banned.statusCode()).isEqualTo(418);
        assertThat(banned.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Json.object(banned.body())).containsEntry("code", new BigDecimal(-1003));

        sim.injectFault(USDM, "BTCUSDT", FaultType.HTTP500, 1);
        final HttpResponse<String> failed = Http.get(usdmDepth);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(Json.object(failed.body())).containsEntry("code", new BigDecimal(-1000));

        assertThat(Http.get(usdmDepth).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldDelayASlowSnapshot()
    {
        sim.injectFault(SPOT, "BTCUSDT", Fault.slow(1, 600));
        final long start = System.nanoTime();
        final HttpResponse<String> response = Http.get(spotDepth);
        final long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(600);
        assertThat(number(Json.object(response.body()), "lastUpdateId")).isEqualTo(sim.truth(SPOT, "BTCUSDT").updateId());
        assertThat(sim.stats().instrument(SPOT, "BTCUSDT").faultsApplied(FaultType.SLOW)).isEqualTo(1);
        assertThat(sim.stats().instrument(SPOT, "BTCUSDT").faultsPending(FaultType.SLOW)).isZero();
    }

    @Test
    void shouldServeAStaleSnapshotThatIsTheTruthAtAnOlderId()
    {
        final long current = sim.truth(SPOT, "BTCUSDT").updateId();
        sim.injectFault(SPOT, "BTCUSDT", Fault.stale(1, 10));
        final Map<String, Object> stale = Http.getJson(spotDepth + "&limit=1000");
        final long staleId = number(stale, "lastUpdateId");
        assertThat(staleId).isLessThan(current);

        final BookTruth then = sim.truthAt(SPOT, "BTCUSDT", staleId);
        assertThat(stale.get("bids")).isEqualTo(padded(then.bids(), 2, 8));
        assertThat(stale.get("asks")).isEqualTo(padded(then.asks(), 2, 8));
        assertThat(then.isCrossed()).isFalse();

        sim.injectFault(SPOT, "BTCUSDT", FaultType.STALE, 1);
        final long oldest = number(Http.getJson(spotDepth), "lastUpdateId");
        assertThat(oldest).as("without a count, as old as the history holds").isLessThan(staleId);
        assertThat(number(Http.getJson(spotDepth), "lastUpdateId")).isEqualTo(current);
        assertThat(sim.stats().instrument(SPOT, "BTCUSDT").faultsApplied(FaultType.STALE)).isEqualTo(2);
    }

    @Test
    void shouldMakeASyncClientNoticeAStaleSnapshotAndFetchAgain()
    {
        sim.resume();
        sim.injectFault(SPOT, "BTCUSDT", FaultType.STALE, 1);
        sim.injectFault(USDM, "BTCUSDT", FaultType.STALE, 1);
        sim.injectFault(USDM, "BTCUSDT", FaultType.HTTP429, 1);
        try (BinanceSyncClient spot = BinanceSyncClient.connect(sim.httpUrl(), BinanceSyncClient.Rule.SPOT,
            List.of("BTCUSDT"), "@depth@100ms");
            BinanceSyncClient usdm = BinanceSyncClient.connect(sim.httpUrl(), BinanceSyncClient.Rule.USDM,
                List.of("BTCUSDT"), "@depth@100ms"))
        {
            Poll.until(Duration.ofSeconds(20), () ->
            {
                spot.pump();
                usdm.pump();
                return spot.allLive() && usdm.allLive();
            }, "both clients live");
            sim.pause();
            for (final BinanceSyncClient client : List.of(spot, usdm))
            {
                final String venue = client == spot ? SPOT : USDM;
                final BookTruth truth = sim.truth(venue, "BTCUSDT");
                final BinanceSyncClient.SymbolBook book = client.book("BTCUSDT");
                Poll.until(Duration.ofSeconds(10), () ->
                {
                    client.pump();
                    return book.lastId() == truth.updateId();
                }, venue + " caught up");
                assertThat(book.staleSnapshots).as(venue + " stale snapshots noticed").isEqualTo(1);
                assertThat(book.snapshots).isEqualTo(2);
                assertThat(book.gaps).isZero();
                assertThat(book.bids()).isEqualTo(plain(truth.bids()));
                assertThat(book.asks()).isEqualTo(plain(truth.asks()));
            }
            assertThat(usdm.book("BTCUSDT").snapshotErrors).as("the 429").isEqualTo(1);
        }
    }

    private static List<List<String>> padded(final List<BookTruth.Level> levels, final int priceScale,
        final int qtyScale)
    {
        return levels.stream().map(level -> List.of(
            new BigDecimal(level.priceText()).setScale(priceScale).toPlainString(),
            new BigDecimal(level.quantityText()).setScale(qtyScale).toPlainString())).toList();
    }

    private static List<List<String>> plain(final List<BookTruth.Level> levels)
    {
        return levels.stream().map(level -> List.of(level.priceText(), level.quantityText())).toList();
    }

    private static long number(final Map<String, Object> map, final String key)
    {
        return ((BigDecimal)map.get(key)).longValueExact();
    }
}
