package dev.feedhandler.sim.format;

import dev.feedhandler.sim.InstrumentSpec;
import dev.feedhandler.sim.book.BookSnapshot;
import dev.feedhandler.sim.book.DiffBatch;
import dev.feedhandler.sim.book.Side;
import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Binance spot: ids are consecutive per symbol ({@code U == previous u + 1}); diffs list bids high to low and asks
 * low to high, as the real capture does; no transaction time.
 */
public final class BinanceSpotFormat extends BinanceFormat
{
    public static final String NAME = "binance-spot";

    private static final List<StreamType> STREAMS = List.of(
        StreamType.depth("@depth@100ms", 100),
        StreamType.depth("@depth", 1000),
        StreamType.ticker("@bookTicker"));

    public BinanceSpotFormat()
    {
        super(NAME, "/spot", "/api/v3/depth", 100, 5000);
    }

    @Override
    public int defaultPriceScale()
    {
        return 2;
    }

    @Override
    public int defaultQtyScale()
    {
        return 8;
    }

    @Override
    public List<StreamType> streamTypes()
    {
        return STREAMS;
    }

    @Override
    public long initialUpdateId(final SplittableRandom random)
    {
        return 1_000_000_000L + random.nextInt(1_000_000_000);
    }

    @Override
    public long nextUpdateId(final long previousId, final boolean firstOfEvent, final SplittableRandom random)
    {
        return previousId + 1;
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
        writeStringField(out, "s", instrument.symbol(), false);
        writeLongField(out, "U", diff.firstId(), false);
        writeLongField(out, "u", diff.lastId(), false);
        writeChanges(out, "b", diff.bids(), false, instrument);
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
        out.writeByte('{');
        writeLongField(out, "u", updateId, true);
        writeStringField(out, "s", instrument.symbol(), false);
        writeDecimalField(out, "b", bidPrice, instrument.priceScale(), false);
        writeDecimalField(out, "B", bidQuantity, instrument.qtyScale(), false);
        writeDecimalField(out, "a", askPrice, instrument.priceScale(), false);
        writeDecimalField(out, "A", askQuantity, instrument.qtyScale(), false);
        out.writeByte('}');
    }

    @Override
    public void renderSnapshot(
        final ByteBuf out, final InstrumentSpec instrument, final BookSnapshot snapshot, final long eventTimeMs)
    {
        out.writeByte('{');
        writeLongField(out, "lastUpdateId", snapshot.updateId(), true);
        writeSnapshotSide(out, "bids", snapshot, Side.BID, instrument);
        writeSnapshotSide(out, "asks", snapshot, Side.ASK, instrument);
        out.writeByte('}');
    }
}
