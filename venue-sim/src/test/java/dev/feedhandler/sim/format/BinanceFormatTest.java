package dev.feedhandler.sim.format;

import dev.feedhandler.orderbook.FixedPoint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paths, client requests, replies, id rules and number rendering of the Binance formats.
 */
class BinanceFormatTest
{
    private final BinanceSpotFormat spot = new BinanceSpotFormat();
    private final BinanceUsdmFormat usdm = new BinanceUsdmFormat();

    @Test
    void shouldRenderFixedDecimalsPaddedToTheScale()
    {
        assertThat(fixed(35_130_000L, 8)).isEqualTo("0.35130000");
        assertThat(fixed(0, 8)).isEqualTo("0.00000000");
        assertThat(fixed(0, 0)).isEqualTo("0");
        assertThat(fixed(813, 0)).isEqualTo("813");
        assertThat(fixed(76_110, 4)).isEqualTo("7.6110");
        assertThat(fixed(5, 3)).isEqualTo("0.005");
        assertThat(fixed(6_000_000, 2)).isEqualTo("60000.00");
        assertThat(fixed(Long.MAX_VALUE, 0)).isEqualTo("9223372036854775807");
        assertThat(fixed(Long.MAX_VALUE, 18)).isEqualTo("9.223372036854775807");
        final SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++)
        {
            final int scale = random.nextInt(19);
            final long mantissa = random.nextLong(Long.MAX_VALUE);
            final String text = fixed(mantissa, scale);
            assertThat(new BigDecimal(text).stripTrailingZeros().toPlainString())
                .isEqualTo(new BigDecimal(FixedPoint.toPlainString(mantissa, scale)).toPlainString());
            if (scale == 0)
            {
                assertThat(text).doesNotContain(".");
            }
            else
            {
                assertThat(text.length() - text.indexOf('.') - 1).as(text).isEqualTo(scale);
            }
        }
    }

    @Test
    void shouldRecogniseWebSocketPaths()
    {
        assertThat(spot.parseWebSocketPath("/ws/btcusdt@depth@100ms", Map.of()))
            .isEqualTo(new WebSocketEndpoint(false, List.of("btcusdt@depth@100ms")));
        assertThat(spot.parseWebSocketPath("/ws", Map.of())).isEqualTo(new WebSocketEndpoint(false, List.of()));
        assertThat(spot.parseWebSocketPath("/stream", Map.of("streams", List.of("a@depth/b@bookTicker"))))
            .isEqualTo(new WebSocketEndpoint(true, List.of("a@depth", "b@bookTicker")));
        assertThat(usdm.parseWebSocketPath("/public/ws/btcusdt@depth", Map.of()))
            .isEqualTo(new WebSocketEndpoint(false, List.of("btcusdt@depth")));
        assertThat(spot.parseWebSocketPath("/public/ws/btcusdt@depth", Map.of())).isNull();
        assertThat(spot.parseWebSocketPath("/api/v3/depth", Map.of())).isNull();
    }

    @Test
    void shouldParseDepthRequestsWithBinanceDefaultsAndLimits()
    {
        assertThat(spot.parseSnapshotRequest("/api/v3/depth", Map.of("symbol", List.of("BTCUSDT"))))
            .isEqualTo(SnapshotRequest.valid("BTCUSDT", 100));
        assertThat(usdm.parseSnapshotRequest("/fapi/v1/depth", Map.of("symbol", List.of("BTCUSDT"))))
            .isEqualTo(SnapshotRequest.valid("BTCUSDT", 500));
        assertThat(spot.parseSnapshotRequest("/api/v3/depth",
            Map.of("symbol", List.of("BTCUSDT"), "limit", List.of("9999")))).isEqualTo(
            SnapshotRequest.valid("BTCUSDT", 5000));
        assertThat(usdm.parseSnapshotRequest("/fapi/v1/depth",
            Map.of("symbol", List.of("BTCUSDT"), "limit", List.of("5000")))).isEqualTo(
            SnapshotRequest.valid("BTCUSDT", 1000));
        assertThat(spot.parseSnapshotRequest("/api/v3/depth", Map.of()).error()).isEqualTo(RestError.BAD_PARAMETER);
        assertThat(spot.parseSnapshotRequest("/api/v3/depth",
            Map.of("symbol", List.of("BTCUSDT"), "limit", List.of("x"))).error()).isEqualTo(RestError.BAD_PARAMETER);
        assertThat(spot.parseSnapshotRequest("/fapi/v1/depth", Map.of())).isNull();
        assertThat(spot.restErrorBody(RestError.INVALID_SYMBOL, "X")).isEqualTo("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
        assertThat(spot.restErrorBody(RestError.BAD_PARAMETER, "Mandatory parameter 'symbol' was not sent"))
            .startsWith("{\"code\":-1102,");
    }

    @Test
    void shouldParseSubscribeRequestsAndReplyLikeBinance()
    {
        final ClientMessage subscribe =
            spot.parseClientMessage("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth@100ms\"],\"id\":1}");
        assertThat(subscribe).isEqualTo(new ClientMessage(ClientMessage.Method.SUBSCRIBE,
            List.of("btcusdt@depth@100ms"), "1", null));
        assertThat(spot.renderReply(subscribe, List.of("btcusdt@depth@100ms"))).isEqualTo("{\"result\":null,\"id\":1}");

        final ClientMessage list = spot.parseClientMessage("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":\"q-3\"}");
        assertThat(spot.renderReply(list, List.of("a@depth", "b@bookTicker")))
            .isEqualTo("{\"result\":[\"a@depth\",\"b@bookTicker\"],\"id\":\"q-3\"}");

        final ClientMessage broken = spot.parseClientMessage("{\"method\":\"SUBSCRIBE\",");
        assertThat(broken.method()).isEqualTo(ClientMessage.Method.INVALID);
        assertThat(spot.renderClientError(broken, broken.problem())).startsWith("{\"error\":{\"code\":3,");

        final ClientMessage unknown = spot.parseClientMessage("{\"method\":\"TRADE\",\"id\":7}");
        assertThat(unknown.method()).isEqualTo(ClientMessage.Method.INVALID);
        assertThat(spot.renderClientError(unknown, unknown.problem())).startsWith("{\"error\":{\"code\":2,")
            .endsWith(",\"id\":7}");
    }

    @Test
    void shouldAdvanceSpotIdsByOneAndUsdmIdsWithJumps()
    {
        final SplittableRandom random = new SplittableRandom(1);
        long spotId = spot.initialUpdateId(random);
        long usdmId = usdm.initialUpdateId(random);
        int jumps = 0;
        for (int i = 0; i < 1000; i++)
        {
            final boolean first = i % 3 == 0;
            assertThat(spot.nextUpdateId(spotId, first, random)).isEqualTo(spotId + 1);
            spotId++;
            final long next = usdm.nextUpdateId(usdmId, first, random);
            assertThat(next).isGreaterThan(usdmId);
            if (first)
            {
                assertThat(next).as("a new USD-M event never follows on directly").isGreaterThan(usdmId + 1);
            }
            jumps += next > usdmId + 1 ? 1 : 0;
            usdmId = next;
        }
        assertThat(jumps).isGreaterThan(500);
    }

    @Test
    void shouldNameStreamsWithTheLowerCaseSymbol()
    {
        assertThat(spot.streamTypes()).extracting(StreamType::suffix)
            .containsExactly("@depth@100ms", "@depth", "@bookTicker");
        assertThat(usdm.streamTypes()).extracting(StreamType::suffix)
            .containsExactly("@depth@100ms", "@depth@500ms", "@depth", "@bookTicker");
        assertThat(spot.streamName("BTCUSDT", spot.streamTypes().get(2))).isEqualTo("btcusdt@bookTicker");
        assertThat(spot.streamTypes().get(1).intervalMs()).isEqualTo(1000);
        assertThat(usdm.streamTypes().get(1).intervalMs()).isEqualTo(500);
        assertThat(usdm.streamTypes().get(2).intervalMs()).isEqualTo(250);
    }

    private static String fixed(final long mantissa, final int scale)
    {
        final ByteBuf out = Unpooled.buffer();
        Decimals.writeFixed(out, mantissa, scale);
        return out.toString(StandardCharsets.US_ASCII);
    }
}
