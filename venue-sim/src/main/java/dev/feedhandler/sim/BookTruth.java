package dev.feedhandler.sim;

import dev.feedhandler.orderbook.FixedPoint;
import dev.feedhandler.sim.book.BookSnapshot;
import dev.feedhandler.sim.book.Side;
import dev.feedhandler.sim.format.TinyJson;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The simulator's full book for one instrument at one update id: what a client that applied every diff up to
 * {@link #updateId()} must hold.
 */
public final class BookTruth
{
    /**
     * One level: mantissas at the instrument's scales and their plain text ({@link FixedPoint#toPlainString}:
     * trailing zeros removed).
     */
    public record Level(long price, long quantity, String priceText, String quantityText)
    {
    }

    private final String venue;
    private final String symbol;
    private final long updateId;
    private final int priceScale;
    private final int qtyScale;
    private final List<Level> bids;
    private final List<Level> asks;

    public BookTruth(final InstrumentSpec instrument, final BookSnapshot snapshot)
    {
        this.venue = instrument.venue();
        this.symbol = instrument.symbol();
        this.updateId = snapshot.updateId();
        this.priceScale = instrument.priceScale();
        this.qtyScale = instrument.qtyScale();
        this.bids = levels(snapshot, Side.BID);
        this.asks = levels(snapshot, Side.ASK);
    }

    public String venue()
    {
        return venue;
    }

    public String symbol()
    {
        return symbol;
    }

    /** Id of the last update included. */
    public long updateId()
    {
        return updateId;
    }

    public int priceScale()
    {
        return priceScale;
    }

    public int qtyScale()
    {
        return qtyScale;
    }

    /** Best (highest) first. */
    public List<Level> bids()
    {
        return bids;
    }

    /** Best (lowest) first. */
    public List<Level> asks()
    {
        return asks;
    }

    public boolean isCrossed()
    {
        return !bids.isEmpty() && !asks.isEmpty() && bids.get(0).price() >= asks.get(0).price();
    }

    /** {@code {"venue":..,"symbol":..,"updateId":N,"bids":[["p","q"],...],"asks":[...]}} with plain decimals. */
    public String toJson()
    {
        final StringBuilder out = new StringBuilder(64 + 40 * (bids.size() + asks.size()));
        out.append("{\"venue\":").append(TinyJson.quote(venue))
            .append(",\"symbol\":").append(TinyJson.quote(symbol))
            .append(",\"updateId\":").append(updateId)
            .append(",\"bids\":");
        appendLevels(out, bids);
        out.append(",\"asks\":");
        appendLevels(out, asks);
        return out.append('}').toString();
    }

    @Override
    public String toString()
    {
        return venue + ":" + symbol + "@" + updateId + " bids=" + bids.size() + " asks=" + asks.size() +
            (bids.isEmpty() || asks.isEmpty() ? "" : " top " + bids.get(0).priceText() + "/" + asks.get(0).priceText());
    }

    private List<Level> levels(final BookSnapshot snapshot, final Side side)
    {
        final int count = snapshot.levels(side);
        final List<Level> levels = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final long price = snapshot.price(side, i);
            final long quantity = snapshot.quantity(side, i);
            levels.add(new Level(price, quantity, FixedPoint.toPlainString(price, priceScale),
                FixedPoint.toPlainString(quantity, qtyScale)));
        }
        return Collections.unmodifiableList(levels);
    }

    private static void appendLevels(final StringBuilder out, final List<Level> levels)
    {
        out.append('[');
        for (int i = 0; i < levels.size(); i++)
        {
            final Level level = levels.get(i);
            out.append(i == 0 ? "[\"" : ",[\"").append(level.priceText()).append("\",\"")
                .append(level.quantityText()).append("\"]");
        }
        out.append(']');
    }
}
