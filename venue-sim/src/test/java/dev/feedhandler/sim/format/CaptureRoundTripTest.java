package dev.feedhandler.sim.format;

import dev.feedhandler.sim.InstrumentSpec;
import dev.feedhandler.sim.book.BookSnapshot;
import dev.feedhandler.sim.book.DiffBatch;
import dev.feedhandler.sim.book.Side;
import dev.feedhandler.sim.book.SimBook;
import dev.feedhandler.sim.testing.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Byte compatibility with the real captures: every depth diff, bookTicker and REST snapshot in {@code fixtures/} is
 * parsed, fed to the simulator's format with the same values, and must come out as exactly the same bytes
 * (field order, number padding, level order, the combined-stream wrapper).
 */
class CaptureRoundTripTest
{
    private static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "../fixtures"));
    private static final Path SPOT_FRAMES = FIXTURES.resolve("binance-spot/NKNUSDT_ws_depth100ms_and_bookTicker.jsonl");
    private static final Path SPOT_SNAPSHOT = FIXTURES.resolve("binance-spot/NKNUSDT_rest_depth_limit1000_snapshot.json");
    private static final Path USDM_FRAMES =
        FIXTURES.resolve("binance-usdm/SUSHIUSDT_ws_depth100ms_bookTicker_aggTrade_kline.jsonl");
    private static final Path USDM_SNAPSHOT =
        FIXTURES.resolve("binance-usdm/SUSHIUSDT_rest_fapi_depth_limit1000_snapshot.json");

    private static final InstrumentSpec NKN = new InstrumentSpec("binance-spot", "NKNUSDT", 8, 8, 35_130_000L);
    private static final InstrumentSpec SUSHI = new InstrumentSpec("binance-usdm", "SUSHIUSDT", 4, 0, 76_110L);

    @Test
    void shouldRenderEverySpotCaptureFrameByteForByte() throws IOException
    {
        final int[] counts = roundTripFrames(new BinanceSpotFormat(), NKN, SPOT_FRAMES);
        assertThat(counts[0]).as("spot diffs reproduced").isEqualTo(150);
        assertThat(counts[1]).as("spot bookTickers reproduced").isEqualTo(74);
    }

    @Test
    void shouldRenderEveryUsdmCaptureFrameByteForByte() throws IOException
    {
        final int[] counts = roundTripFrames(new BinanceUsdmFormat(), SUSHI, USDM_FRAMES);
        assertThat(counts[0]).as("USD-M diffs reproduced").isEqualTo(255);
        assertThat(counts[1]).as("USD-M bookTickers reproduced").isPositive();
    }

    @Test
    void shouldRenderTheSpotSnapshotByteForByte() throws IOException
    {
        final String capture = Files.readString(SPOT_SNAPSHOT, StandardCharsets.UTF_8).strip();
        assertThat(renderSnapshot(new BinanceSpotFormat(), NKN, capture, 0)).isEqualTo(capture);
    }

    @Test
    void shouldRenderTheUsdmSnapshotByteForByte() throws IOException
    {
        final String capture = Files.readString(USDM_SNAPSHOT, StandardCharsets.UTF_8).strip();
        final long eventTime = number(Json.object(capture), "E");
        assertThat(renderSnapshot(new BinanceUsdmFormat(), SUSHI, capture, eventTime)).isEqualTo(capture);
    }

    private static int[] roundTripFrames(final VenueFormat format, final InstrumentSpec instrument, final Path file)
        throws IOException
    {
        int diffs = 0;
        int tickers = 0;
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            final Map<String, Object> frame = Json.object(line);
            final String stream = (String)frame.get("stream");
            @SuppressWarnings("unchecked")
            final Map<String, Object> data = (Map<String, Object>)frame.get("data");
            final ByteBuf payload = Unpooled.buffer();
            if ("depthUpdate".equals(data.get("e")))
            {
                format.renderDiff(payload, instrument, diff(data, instrument), number(data, "E"),
                    data.containsKey("T") ? number(data, "T") : 0);
                diffs++;
            }
            else if (stream.endsWith("@bookTicker"))
            {
                format.renderTicker(payload, instrument, number(data, "u"),
                    mantissa(data.get("b"), instrument.priceScale()), mantissa(data.get("B"), instrument.qtyScale()),
                    mantissa(data.get("a"), instrument.priceScale()), mantissa(data.get("A"), instrument.qtyScale()),
                    data.containsKey("E") ? number(data, "E") : 0, data.containsKey("T") ? number(data, "T") : 0);
                tickers++;
            }
            else
            {
                continue;
            }
            final ByteBuf combined = Unpooled.buffer();
            format.renderCombined(combined, stream, payload);
            assertThat(combined.toString(StandardCharsets.US_ASCII)).isEqualTo(line);
        }
        return new int[] {diffs, tickers};
    }

    private static DiffBatch diff(final Map<String, Object> data, final InstrumentSpec instrument)
    {
        final DiffBatch diff = new DiffBatch();
        final long first = number(data, "U");
        final long last = number(data, "u");
        boolean opened = false;
        for (final Side side : Side.values())
        {
            for (final Object level : (List<?>)data.get(side == Side.BID ? "b" : "a"))
            {
                final List<?> pair = (List<?>)level;
                diff.add(opened ? last : first, side, mantissa(pair.get(0), instrument.priceScale()),
                    mantissa(pair.get(1), instrument.qtyScale()));
                opened = true;
            }
        }
        if (diff.lastId() != last)
        {
            // One level only: touch it again so the event spans U..u.
            final Side side = diff.bids().size() > 0 ? Side.BID : Side.ASK;
            diff.add(last, side, diff.side(side).priceAscending(0), diff.side(side).quantityAscending(0));
        }
        if (data.containsKey("pu"))
        {
            diff.previousLastId(number(data, "pu"));
        }
        assertThat(diff.firstId()).isEqualTo(first);
        assertThat(diff.lastId()).isEqualTo(last);
        return diff;
    }

    private static String renderSnapshot(
        final VenueFormat format, final InstrumentSpec instrument, final String capture, final long eventTime)
    {
        final Map<String, Object> snapshot = Json.object(capture);
        final SimBook book = new SimBook(16);
        for (final Side side : Side.values())
        {
            for (final Object level : (List<?>)snapshot.get(side == Side.BID ? "bids" : "asks"))
            {
                final List<?> pair = (List<?>)level;
                book.set(side, mantissa(pair.get(0), instrument.priceScale()),
                    mantissa(pair.get(1), instrument.qtyScale()));
            }
        }
        book.updateId(number(snapshot, "lastUpdateId"));
        final ByteBuf out = Unpooled.buffer();
        format.renderSnapshot(out, instrument, BookSnapshot.of(book, 5000), eventTime);
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static long mantissa(final Object text, final int scale)
    {
        return new BigDecimal((String)text).movePointRight(scale).longValueExact();
    }

    private static long number(final Map<String, Object> map, final String key)
    {
        return ((BigDecimal)map.get(key)).longValueExact();
    }
}
