package dev.feedhandler.sim;

import dev.feedhandler.orderbook.FixedPoint;
import dev.feedhandler.sim.testing.Http;
import dev.feedhandler.sim.testing.Json;
import dev.feedhandler.sim.testing.Poll;
import dev.feedhandler.sim.testing.WsClient;
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
 * The HTTP control and truth API, and its in-process twin.
 */
class ControlApiTest
{
    private VenueSimulator sim;

    @BeforeEach
    void start()
    {
        sim = VenueSimulator.start(new SimulatorConfig()
            .instruments("binance-spot", "BTCUSDT", "NKNUSDT/8/8/0.3513")
            .instruments("binance-usdm", "BTCUSDT/1/3/60000")
            .levels(50)
            .seed(3)
            .startPaused(true));
    }

    @AfterEach
    void stop()
    {
        sim.close();
    }

    @Test
    void shouldServeTheTruthInPlainDecimalsExactlyAsFixedPointRendersThem()
    {
        sim.advance(500);
        for (final String[] instrument : new String[][] {
            {"binance-spot", "BTCUSDT"}, {"binance-spot", "NKNUSDT"}, {"binance-usdm", "BTCUSDT"}})
        {
            final BookTruth truth = sim.truth(instrument[0], instrument[1]);
            final String body = Http.get(sim.httpUrl() + "/truth?venue=" + instrument[0] + "&symbol=" +
                instrument[1]).body();
            assertThat(body).isEqualTo(truth.toJson());
            final Map<String, Object> json = Json.object(body);
            assertThat(json.keySet()).containsExactly("venue", "symbol", "updateId", "bids", "asks");
            assertThat(json).containsEntry("venue", instrument[0]).containsEntry("symbol", instrument[1]);
            int levels = 0;
            for (final BookTruth.Level level : truth.bids())
            {
                assertThat(level.priceText()).isEqualTo(FixedPoint.toPlainString(level.price(), truth.priceScale()))
                    .matches("(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?");
                assertThat(level.quantityText())
                    .isEqualTo(FixedPoint.toPlainString(level.quantity(), truth.qtyScale()))
                    .matches("(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?");
                levels++;
            }
            assertThat(levels).as("enough levels to be meaningful").isGreaterThan(30);
            assertThat(truth.bids().get(0).price()).isLessThan(truth.asks().get(0).price());
        }
    }

    @Test
    void shouldServeTheTruthAtAnOlderUpdateId()
    {
        sim.advance(100);
        final BookTruth before = sim.truth("binance-spot", "BTCUSDT");
        sim.advance(100);
        final BookTruth after = sim.truth("binance-spot", "BTCUSDT");
        assertThat(after.updateId()).isGreaterThan(before.updateId());
        assertThat(sim.truthAt("binance-spot", "BTCUSDT", before.updateId()).toJson()).isEqualTo(before.toJson());
        assertThat(Http.get(sim.httpUrl() + "/truth?venue=binance-spot&symbol=BTCUSDT&updateId=" +
            before.updateId()).body()).isEqualTo(before.toJson());
        assertThat(Http.get(sim.httpUrl() + "/truth?venue=binance-spot&symbol=BTCUSDT&updateId=" +
            (after.updateId() + 1)).statusCode()).as("the future").isEqualTo(400);
    }

    @Test
    void shouldPauseResumeAndAdvanceOverHttp()
    {
        assertThat(Http.post(sim.httpUrl() + "/control/resume").body()).isEqualTo("{\"paused\":false}");
        Poll.until(Duration.ofSeconds(10), () -> totalEvents() > 20, "events generated after resume");
        assertThat(Http.post(sim.httpUrl() + "/control/pause").body()).isEqualTo("{\"paused\":true}");
        final long paused = totalEvents();
        for (int i = 0; i < 10; i++)
        {
            assertThat(Json.object(Http.get(sim.httpUrl() + "/control/stats").body())).containsEntry("paused", true);
        }
        assertThat(totalEvents()).as("nothing generated while paused").isEqualTo(paused);

        assertThat(Http.post(sim.httpUrl() + "/control/advance?events=250").body()).isEqualTo("{\"events\":250}");
        assertThat(totalEvents()).isEqualTo(paused + 250);
        assertThat(sim.isPaused()).isTrue();
    }

    @Test
    void shouldArmFaultsAndReportThemInStats()
    {
        final HttpResponse<String> armed = Http.post(sim.httpUrl() +
            "/control/fault?venue=binance-usdm&symbol=BTCUSDT&type=slow&count=3&delayMs=250");
        assertThat(armed.statusCode()).isEqualTo(200);
        assertThat(armed.body()).isEqualTo(
            "{\"venue\":\"binance-usdm\",\"symbol\":\"BTCUSDT\",\"type\":\"slow\",\"pending\":3}");
        assertThat(sim.stats().instrument("binance-usdm", "BTCUSDT").faultsPending(FaultType.SLOW)).isEqualTo(3);

        final HttpResponse<String> badType = Http.post(sim.httpUrl() +
            "/control/fault?venue=binance-usdm&symbol=BTCUSDT&type=explode");
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.body()).contains("drop, duplicate, reorder, malformed, absurd_number, wrong_type, oversized, corrupt_checksum, resnapshot, " +
            "close, reset, stall, slow, stale, http429, http418, http500");
        assertThat(Http.post(sim.httpUrl() + "/control/fault?venue=binance-usdm&symbol=ETHUSDT&type=drop")
            .statusCode()).isEqualTo(400);
        assertThat(Http.post(sim.httpUrl() + "/control/fault?venue=binance-usdm&symbol=BTCUSDT&type=drop&count=0")
            .statusCode()).isEqualTo(400);
        assertThat(Http.get(sim.httpUrl() + "/control/fault?venue=binance-usdm&symbol=BTCUSDT&type=drop")
            .statusCode()).as("control changes need POST").isEqualTo(405);
        assertThat(Http.get(sim.httpUrl() + "/control/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldCountConnectionsEventsAndSnapshotsPerInstrument()
    {
        try (WsClient client = WsClient.connect(sim.webSocketUrl() +
            "/spot/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker/nknusdt@depth"))
        {
            final long generated = eventsOf("binance-spot", "BTCUSDT");
            sim.advance(300);
            Http.getJson(sim.httpUrl() + "/spot/api/v3/depth?symbol=BTCUSDT");
            final Map<String, Object> stats = Json.object(Http.get(sim.httpUrl() + "/control/stats").body());
            assertThat(stats).containsEntry("openConnections", BigDecimal.ONE)
                .containsEntry("connectionsOpened", BigDecimal.ONE);
            final Map<String, Object> btc = instrument(stats, "binance-spot", "BTCUSDT");
            final long btcEvents = eventsOf("binance-spot", "BTCUSDT") - generated;
            assertThat(btc).containsEntry("connections", BigDecimal.ONE)
                .containsEntry("eventsSent", BigDecimal.valueOf(btcEvents))
                .containsEntry("snapshotsServed", BigDecimal.ONE);
            assertThat(((BigDecimal)btc.get("framesSent")).longValue()).isEqualTo(btcEvents);
            assertThat(((BigDecimal)btc.get("tickersSent")).longValue()).isPositive();
            assertThat(instrument(stats, "binance-usdm", "BTCUSDT")).containsEntry("connections", BigDecimal.ZERO)
                .containsEntry("eventsSent", BigDecimal.ZERO);
            assertThat((Map<?, ?>)btc.get("faultsApplied")).hasSize(FaultType.values().length);
        }
    }

    @Test
    void shouldStopOnRequest() throws InterruptedException
    {
        assertThat(Http.post(sim.httpUrl() + "/control/stop").body()).isEqualTo("{\"stopping\":true}");
        assertThat(sim.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(sim.isTerminated()).isTrue();
    }

    private long totalEvents()
    {
        return sim.stats().instruments().stream()
            .mapToLong(stats -> stats.counter(InstrumentCounter.EVENTS_GENERATED)).sum();
    }

    private long eventsOf(final String venue, final String symbol)
    {
        return sim.stats().instrument(venue, symbol).counter(InstrumentCounter.EVENTS_GENERATED);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> instrument(final Map<String, Object> stats, final String venue,
        final String symbol)
    {
        for (final Object entry : (List<?>)stats.get("instruments"))
        {
            final Map<String, Object> instrument = (Map<String, Object>)entry;
            if (venue.equals(instrument.get("venue")) && symbol.equals(instrument.get("symbol")))
            {
                return instrument;
            }
        }
        throw new AssertionError("no " + venue + ":" + symbol + " in " + stats);
    }
}
