package dev.feedhandler.sim.format;

import dev.feedhandler.sim.InstrumentSpec;
import dev.feedhandler.sim.book.BookSnapshot;
import dev.feedhandler.sim.book.DiffBatch;
import dev.feedhandler.sim.book.Side;
import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Binance USD-M futures: ids are shared across the venue, so they jump between (and within) one symbol's events and
 * {@code pu} chains the events of a stream; diffs carry {@code T} and list both sides low to high, as the real
 * capture does. Streams also answer under {@code /public} (the 2026 route).
 */
public final class BinanceUsdmFormat extends BinanceFormat
{
    public static final String NAME = "binance-usdm";

    private static final List<StreamType> STREAMS = List.of(
        StreamType.depth("@depth@100ms", 100),
        StreamType.depth("@depth@500ms", 500),
        StreamType.depth("@depth", 250),
        StreamType.ticker("@bookTicker"));

    public BinanceUsdmFormat()
    {
        super(NAME, "/usdm", "/fapi/v1/depth", 500, 1000);
    }

    @Override
    String stripStreamRoute(final String subPath)
    {
        return subPath.startsWith("/public/") ? subPath.substring("/public".length()) : subPath;
    }

    @Override
    public int defaultPriceScale()
    {
        return 2;
    }

    @Override
    public int defaultQtyScale()
    {
        return 3;
    }

    @Override
    public List<StreamType> streamTypes()
    {
        return STREAMS;
    }

    @Override
    public long initialUpdateId(final SplittableRandom random)
    {
        return 100_000_000_000L + random.nextLong(100_000_000_000L);
    }

    @Override
    public long nextUpdateId(final long previousId, final boolean firstOfEvent, final SplittableRandom random)
    {
        return previousId + 1 + (firstOfEvent ? 1 + random.nextInt(500) : random.nextInt(40));
    }

    @Override
    public void renderDiff(
        final ByteBuf out,
        final InstrumentSpec instrument,
        final DiffBatch diff,
        final long eventTimeMs,
        final long transactionTimeMs)
    {
        Decimals.writeAscii(out, "{\"e\":\"depthUpdate\"");
        writeLongField(out, "E", eventTimeMs, false);
        writeLongField(out, "T", transactionTimeMs, false);
        writeStringField(out, "s", instrument.symbol(), false);
        writeLongField(out, "U", diff.firstId(), false);
        writeLongField(out, "u", diff.lastId(), false);
        writeLongField(out, "pu", diff.previousLastId(), false);
        writeChanges(out, "b", diff.bids(), true, instrument);
        writeChanges(out, "a", diff.asks(), true, instrument);
        out.writeByte('}');
    }

    @Override
    public void renderTicker(
        final ByteBuf out,
        final InstrumentSpec instrument,
        final long updateId,
        final long bidPrice,
        final long bidQuantity,
        final long askPrice,
        final long askQuantity,
        final long eventTimeMs,
        final long transactionTimeMs)
    {
        Decimals.writeAscii(out, "{\"e\":\"bookTicker\"");
        writeLongField(out, "u", updateId, false);
        writeStringField(out, "s", instrument.symbol(), false);
        writeDecimalField(out, "b", bidPrice, instrument.priceScale(), false);
        writeDecimalField(out, "B", bidQuantity, instrument.qtyScale(), false);
        writeDecimalField(out, "a", askPrice, instrument.priceScale(), false);
        writeDecimalField(out, "A", askQuantity, instrument.qtyScale(), false);
        writeLongField(out, "T", transactionTimeMs, false);
        writeLongField(out, "E", eventTimeMs, false);
        out.writeByte('}');
    }

    @Override
    public void renderSnapshot(
        final ByteBuf out, final InstrumentSpec instrument, final BookSnapshot snapshot, final long eventTimeMs)
    {
        out.writeByte('{');
        writeLongField(out, "lastUpdateId", snapshot.updateId(), true);
        writeLongField(out, "E", eventTimeMs, false);
        writeLongField(out, "T", eventTimeMs - 3, false);
        writeSnapshotSide(out, "bids", snapshot, Side.BID, instrument);
        writeSnapshotSide(out, "asks", snapshot, Side.ASK, instrument);
        out.writeByte('}');
    }
}
