package dev.feedhandler.sim;

import dev.feedhandler.sim.testing.Frames;
import dev.feedhandler.sim.testing.Json;
import dev.feedhandler.sim.testing.Poll;
import dev.feedhandler.sim.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client sees on the WebSocket endpoints: raw and combined streams in the captures' shapes, id chaining per
 * venue, tickers that match the truth, the SUBSCRIBE protocol, and unknown streams closed with an error.
 */
class WebSocketProtocolTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "../fixtures"));

    private VenueSimulator sim;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void start()
    {
        sim = VenueSimulator.start(new SimulatorConfig()
            .instruments("binance-spot", "BTCUSDT", "ETHUSDT")
            .instruments("binance-usdm", "BTCUSDT")
            .levels(40)
            .seed(8)
            .startPaused(true));
    }

    @AfterEach
    void stop()
    {
        clients.forEach(WsClient::close);
        sim.close();
    }

    @Test
    void shouldStreamSpotDiffsInTheCaptureShapeWithConsecutiveIds() throws IOException
    {
        final WsClient raw = connect("/spot/ws/btcusdt@depth@100ms");
        final WsClient combined = connect("/spot/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker");
        sim.advance(400);
        final long events = sim.stats().instrument("binance-spot", "BTCUSDT").counter(InstrumentCounter.EVENTS_GENERATED);
        raw.awaitFrames((int)events, TIMEOUT);

        final Map<String, Object> captureDiff = captureData("binance-spot/NKNUSDT_ws_depth100ms_and_bookTicker.jsonl",
            "nknusdt@depth@100ms");
        final Map<String, Object> captureTicker = captureData(
            "binance-spot/NKNUSDT_ws_depth100ms_and_bookTicker.jsonl", "nknusdt@bookTicker");
        final List<Frames.Diff> diffs = Frames.diffs(raw.texts());
        assertThat(diffs).hasSize((int)events);
        for (int i = 0; i < diffs.size(); i++)
        {
            final Map<String, Object> data = diffs.get(i).data();
            assertThat(Json.object(diffs.get(i).text())).as("raw stream: not wrapped").doesNotContainKey("stream");
            assertLikeCapture(data, captureDiff, "\\d+\\.\\d{2}", "\\d+\\.\\d{8}");
            assertDescending(data.get("b"), true);
            assertDescending(data.get("a"), false);
            if (i > 0)
            {
                assertThat(diffs.get(i).first()).isEqualTo(diffs.get(i - 1).last() + 1);
            }
        }

        combined.awaitFrames((int)events + 1, TIMEOUT);
        int tickers = 0;
        for (final String text : combined.texts())
        {
            final Map<String, Object> frame = Json.object(text);
            assertThat(frame.keySet()).containsExactly("stream", "data");
            @SuppressWarnings("unchecked")
            final Map<String, Object> data = (Map<String, Object>)frame.get("data");
            if (frame.get("stream").equals("btcusdt@bookTicker"))
            {
                assertLikeCapture(data, captureTicker, "\\d+\\.\\d{2}", "\\d+\\.\\d{8}");
                assertTickerMatchesTruth("binance-spot", data);
                tickers++;
            }
            else
            {
                assertThat(frame.get("stream")).isEqualTo("btcusdt@depth@100ms");
            }
        }
        assertThat(tickers).isGreaterThan(10);
    }

    @Test
    void shouldStreamUsdmDiffsInTheCaptureShapeChainedByPu() throws IOException
    {
        final WsClient combined = connect("/usdm/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker");
        final WsClient slow = connect("/usdm/public/ws/btcusdt@depth@500ms");
        sim.advance(600);
        final long events = sim.stats().instrument("binance-usdm", "BTCUSDT").counter(InstrumentCounter.EVENTS_GENERATED);
        Poll.until(TIMEOUT, () -> combined.count(text -> text.contains("depthUpdate")) == events,
            "all USD-M diffs");

        final String capture = "binance-usdm/SUSHIUSDT_ws_depth100ms_bookTicker_aggTrade_kline.jsonl";
        final Map<String, Object> captureDiff = captureData(capture, "sushiusdt@depth@100ms");
        final Map<String, Object> captureTicker = captureData(capture, "sushiusdt@bookTicker");
        final List<Frames.Diff> diffs = Frames.diffs(combined.texts());
        int jumps = 0;
        for (int i = 0; i < diffs.size(); i++)
        {
            assertLikeCapture(diffs.get(i).data(), captureDiff, "\\d+\\.\\d{2}", "\\d+\\.\\d{3}");
            assertDescending(diffs.get(i).data().get("b"), false);
            if (i > 0)
            {
                assertThat(diffs.get(i).previous()).isEqualTo(diffs.get(i - 1).last());
                jumps += diffs.get(i).first() > diffs.get(i - 1).last() + 1 ? 1 : 0;
            }
            assertThat(Frames.number(diffs.get(i).data(), "T")).isLessThanOrEqualTo(
                Frames.number(diffs.get(i).data(), "E"));
        }
        assertThat(jumps).as("USD-M ids jump between events").isEqualTo(diffs.size() - 1);
        for (final String text : combined.texts())
        {
            if (text.startsWith("{\"stream\":\"btcusdt@bookTicker\""))
            {
                @SuppressWarnings("unchecked")
                final Map<String, Object> data = (Map<String, Object>)Json.object(text).get("data");
                assertLikeCapture(data, captureTicker, "\\d+\\.\\d{2}", "\\d+\\.\\d{3}");
                assertTickerMatchesTruth("binance-usdm", data);
            }
        }

        // The 500 ms stream merges five base events into one, chained by pu all the same; the pause flushed the rest.
        Poll.until(TIMEOUT, () -> !slow.texts().isEmpty() && Frames.number(last(Frames.diffs(slow.texts())).data(),
            "u") == sim.truth("binance-usdm", "BTCUSDT").updateId(), "500 ms stream caught up");
        final List<Frames.Diff> merged = Frames.diffs(slow.texts());
        assertThat(merged).hasSize((int)((events + 4) / 5));
        for (int i = 1; i < merged.size(); i++)
        {
            assertThat(merged.get(i).previous()).isEqualTo(merged.get(i - 1).last());
        }
    }

    @Test
    void shouldAnswerSubscribeListAndUnsubscribe()
    {
        final WsClient client = connect("/spot/ws");
        client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth@100ms\",\"ethusdt@depth@100ms\"],\"id\":1}");
        client.awaitFrames(1, TIMEOUT);
        assertThat(client.texts().get(0)).isEqualTo("{\"result\":null,\"id\":1}");
        client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":2}");
        client.awaitFrames(2, TIMEOUT);
        assertThat(client.texts().get(1))
            .isEqualTo("{\"result\":[\"btcusdt@depth@100ms\",\"ethusdt@depth@100ms\"],\"id\":2}");

        sim.advance(50);
        Poll.until(TIMEOUT, () -> client.count(text -> text.contains("\"s\":\"BTCUSDT\"")) > 0 &&
            client.count(text -> text.contains("\"s\":\"ETHUSDT\"")) > 0, "diffs of both symbols");
        assertThat(Json.object(client.texts().get(2))).as("raw payloads on /ws").containsEntry("e", "depthUpdate");

        client.send("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@depth@100ms\"],\"id\":3}");
        Poll.until(TIMEOUT, () -> client.texts().contains("{\"result\":null,\"id\":3}"), "unsubscribe reply");
        final int replyAt = client.texts().indexOf("{\"result\":null,\"id\":3}");
        final long ethBefore = client.count(text -> text.contains("\"s\":\"ETHUSDT\""));
        sim.advance(100);
        Poll.until(TIMEOUT, () -> client.count(text -> text.contains("\"s\":\"ETHUSDT\"")) > ethBefore,
            "more ETHUSDT diffs");
        final List<String> all = client.texts();
        final List<String> afterReply = all.subList(replyAt + 1, all.size());
        assertThat(afterReply).noneMatch(text -> text.contains("\"s\":\"BTCUSDT\""));

        final WsClient combined = connect("/spot/stream");
        combined.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"ethusdt@bookTicker\"],\"id\":\"x\"}");
        combined.awaitFrames(1, TIMEOUT);
        assertThat(combined.texts().get(0)).isEqualTo("{\"result\":null,\"id\":\"x\"}");
        sim.advance(100);
        combined.awaitFrames(2, TIMEOUT);
        assertThat(combined.texts().get(1)).startsWith("{\"stream\":\"ethusdt@bookTicker\",\"data\":{\"u\":");
    }

    @Test
    void shouldCloseConnectionsThatNameUnknownStreams()
    {
        final WsClient unknownSymbol = connect("/spot/ws/dogeusdt@depth@100ms");
        assertThat(unknownSymbol.awaitClose(TIMEOUT)).isEqualTo(1008);
        assertThat(unknownSymbol.closeReason()).contains("dogeusdt@depth@100ms");

        final WsClient unknownStream = connect("/usdm/stream?streams=btcusdt@depth@100ms/btcusdt@trade");
        assertThat(unknownStream.awaitClose(TIMEOUT)).isEqualTo(1008);
        assertThat(unknownStream.closeReason()).contains("btcusdt@trade");

        final WsClient wrongVenue = connect("/usdm/ws/ethusdt@depth");
        assertThat(wrongVenue.awaitClose(TIMEOUT)).as("ETHUSDT is spot only here").isEqualTo(1008);

        final WsClient subscriber = connect("/spot/ws");
        subscriber.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth@100ms\",\"xrpusdt@depth\"],\"id\":9}");
        assertThat(subscriber.awaitClose(TIMEOUT)).isEqualTo(1008);
        assertThat(subscriber.texts()).hasSize(1);
        final Map<String, Object> error = Json.object(subscriber.texts().get(0));
        assertThat(error).containsEntry("id", new BigDecimal(9)).containsKey("error");

        assertThat(sim.stats().global(GlobalCounter.CONNECTIONS_REJECTED)).isEqualTo(4);
        Poll.until(TIMEOUT, () -> sim.stats().openConnections() == 0, "all rejected connections closed");
    }

    @Test
    void shouldAnswerMalformedRequestsWithoutClosing()
    {
        final WsClient client = connect("/spot/ws/btcusdt@depth@100ms");
        client.send("{\"method\":\"SUBSCRIBE\",\"params\":[");
        client.awaitFrames(1, TIMEOUT);
        assertThat(Json.object(client.texts().get(0)).get("error")).isInstanceOf(Map.class);
        sim.advance(20);
        client.awaitFrames(2, TIMEOUT);
        assertThat(client.isClosed()).isFalse();
        assertThat(sim.stats().global(GlobalCounter.CLIENT_ERRORS)).isEqualTo(1);
    }

    private WsClient connect(final String path)
    {
        final WsClient client = WsClient.connect(sim.webSocketUrl() + path);
        clients.add(client);
        return client;
    }

    private void assertTickerMatchesTruth(final String venue, final Map<String, Object> ticker)
    {
        final BookTruth truth = sim.truthAt(venue, (String)ticker.get("s"), Frames.number(ticker, "u"));
        assertThat(new BigDecimal((String)ticker.get("b"))).isEqualByComparingTo(truth.bids().get(0).priceText());
        assertThat(new BigDecimal((String)ticker.get("B"))).isEqualByComparingTo(truth.bids().get(0).quantityText());
        assertThat(new BigDecimal((String)ticker.get("a"))).isEqualByComparingTo(truth.asks().get(0).priceText());
        assertThat(new BigDecimal((String)ticker.get("A"))).isEqualByComparingTo(truth.asks().get(0).quantityText());
    }

    /** Same keys in the same order, same value types; prices and quantities padded to the instrument's decimals. */
    private static void assertLikeCapture(
        final Map<String, Object> data, final Map<String, Object> capture, final String price, final String quantity)
    {
        assertThat(new ArrayList<>(data.keySet())).isEqualTo(new ArrayList<>(capture.keySet()));
        for (final Map.Entry<String, Object> entry : capture.entrySet())
        {
            final Object value = data.get(entry.getKey());
            if (entry.getValue() instanceof List)
            {
                assertThat(value).isInstanceOf(List.class);
                for (final Object level : (List<?>)value)
                {
                    final List<?> pair = (List<?>)level;
                    assertThat(pair).hasSize(2);
                    assertThat((String)pair.get(0)).matches(price);
                    assertThat((String)pair.get(1)).matches(quantity);
                }
            }
            else
            {
                assertThat(value).as(entry.getKey()).isInstanceOf(entry.getValue().getClass());
            }
        }
        for (final String key : List.of("b", "a"))
        {
            if (data.get(key) instanceof String)
            {
                assertThat((String)data.get(key)).matches(price);
                assertThat((String)data.get(key.toUpperCase())).matches(quantity);
            }
        }
    }

    private static void assertDescending(final Object levels, final boolean descending)
    {
        final List<BigDecimal> prices = new ArrayList<>();
        for (final Object level : (List<?>)levels)
        {
            prices.add(new BigDecimal((String)((List<?>)level).get(0)));
        }
        for (int i = 1; i < prices.size(); i++)
        {
            assertThat(prices.get(i).compareTo(prices.get(i - 1))).isEqualTo(descending ? -1 : 1);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> captureData(final String file, final String stream) throws IOException
    {
        for (final String line : Files.readAllLines(FIXTURES.resolve(file), StandardCharsets.UTF_8))
        {
            final Map<String, Object> frame = Json.object(line);
            if (stream.equals(frame.get("stream")))
            {
                return (Map<String, Object>)frame.get("data");
            }
        }
        throw new AssertionError("no " + stream + " in " + file);
    }

    private static <T> T last(final List<T> list)
    {
        return list.get(list.size() - 1);
    }
}
