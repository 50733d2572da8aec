package dev.feedhandler.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import info.bitrich.xchangestream.binance.dto.BinanceWebsocketTransaction;
import info.bitrich.xchangestream.binance.dto.market.DepthBinanceWebSocketTransaction;
import info.bitrich.xchangestream.service.netty.StreamingObjectMapperHelper;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.dto.Order;
import org.knowm.xchange.dto.marketdata.OrderBook;
import org.knowm.xchange.dto.marketdata.OrderBookUpdate;
import org.knowm.xchange.dto.trade.LimitOrder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The peer: XChange ({@code org.knowm.xchange:xchange-stream-binance}) handling the same Binance diff frames as
 * {@link DecodeApplyBenchmark}, the way its {@code BinanceStreamingMarketDataService} does for an order-book
 * subscription: the frame's text as a {@code String} (what Netty hands it), Jackson to a tree, the tree to its
 * {@code BinanceWebsocketTransaction<DepthBinanceWebSocketTransaction>} DTO (prices and quantities as
 * {@code BigDecimal}), then one {@code OrderBookUpdate} per level applied with {@code OrderBook.update}. The book
 * starts from the same REST snapshot; one operation is one frame of the same live range. XChange's sequence-id
 * filtering (a few long compares) and Rx plumbing are left out, which favours the peer slightly.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class XChangeBinanceBenchmark
{
    @Param({Corpora.BINANCE_SPOT, Corpora.BINANCE_USDM, SimulatorCorpora.BINANCE_SPOT, SimulatorCorpora.BINANCE_USDM})
    public String corpus;

    private final ObjectMapper mapper = StreamingObjectMapperHelper.getObjectMapper();
    private final JavaType depthType = mapper.getTypeFactory().constructType(
        new TypeReference<BinanceWebsocketTransaction<DepthBinanceWebSocketTransaction>>()
        {
        });
    private byte[][] frames;
    private OrderBook book;
    private CurrencyPair pair;
    private int next;

    @Setup
    public void setup() throws IOException
    {
        final Corpus capture = Corpora.byName(corpus);
        final int start = new LiveReplay(capture, new NoOpSyncListener()).liveStart();
        frames = new byte[capture.frameCount() - start][];
        for (int i = 0; i < frames.length; i++)
        {
            frames[i] = capture.frameBytes(start + i);
        }
        final String symbol = capture.instrument().symbol();
        pair = new CurrencyPair(symbol.substring(0, symbol.length() - 4), symbol.substring(symbol.length() - 4));
        final JsonNode snapshot = mapper.readTree(capture.snapshot());
        book = new OrderBook(new Date(), orders(snapshot.get("asks"), Order.OrderType.ASK),
            orders(snapshot.get("bids"), Order.OrderType.BID));
        for (int pass = 0; pass < 3; pass++)
        {
            for (int i = 0; i < frames.length; i++)
            {
                onFrame();
            }
        }
        if (book.getBids().isEmpty() || book.getAsks().isEmpty())
        {
            throw new IllegalStateException(corpus + ": XChange book lost a side");
        }
    }

    @Benchmark
    public OrderBook decodeApply() throws IOException
    {
        return onFrame();
    }

    private OrderBook onFrame() throws IOException
    {
        final int frame = next;
        next = frame + 1 == frames.length ? 0 : frame + 1;
        final String text = new String(frames[frame], StandardCharsets.UTF_8);
        final JsonNode tree = mapper.readTree(text);
        final BinanceWebsocketTransaction<DepthBinanceWebSocketTransaction> transaction =
            mapper.readValue(mapper.treeAsTokens(tree), depthType);
        final DepthBinanceWebSocketTransaction depth = transaction.getData();
        final Date time = depth.getEventTime();
        for (final Map.Entry<BigDecimal, BigDecimal> level : depth.getOrderBook().bids.entrySet())
        {
            book.update(new OrderBookUpdate(
                Order.OrderType.BID, level.getValue(), pair, level.getKey(), time, level.getValue()));
        }
        for (final Map.Entry<BigDecimal, BigDecimal> level : depth.getOrderBook().asks.entrySet())
        {
            book.update(new OrderBookUpdate(
                Order.OrderType.ASK, level.getValue(), pair, level.getKey(), time, level.getValue()));
        }
        return book;
    }

    private List<LimitOrder> orders(final JsonNode levels, final Order.OrderType type)
    {
        final List<LimitOrder> orders = new ArrayList<>();
        for (final JsonNode level : levels)
        {
            orders.add(new LimitOrder(type, new BigDecimal(level.get(1).asText()), pair, null, null,
                new BigDecimal(level.get(0).asText())));
        }
        return orders;
    }
}
