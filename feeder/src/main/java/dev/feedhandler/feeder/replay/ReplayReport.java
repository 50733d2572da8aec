package dev.feedhandler.feeder.replay;

import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.FixedPoint;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.sync.SyncCounters;

/**
 * Renders one instrument's replay result as a single-line JSON object:
 * <pre>
 * {"venue":..,"instrument":..,"state":..,"applied":..,"dropped":..,"gaps":..,"rejected":..,
 *  "checkpoints":{"checked":..,"matched":..},"book":{"bids":[["price","qty"],..],"asks":[..]}}
 * </pre>
 * Prices and quantities are plain decimal strings with trailing zeros removed.
 */
public final class ReplayReport
{
    private ReplayReport()
    {
    }

    public static String toJson(final String venue, final ReplaySession.InstrumentReplay replay, final int depth)
    {
        final Instrument instrument = replay.instrument();
        final SyncCounters counters = replay.sync().counters();
        final OrderBook book = replay.sync().book();
        final StringBuilder out = new StringBuilder(256 + depth * 64);
        out.append("{\"venue\":\"").append(venue)
            .append("\",\"instrument\":\"").append(escape(instrument.symbol()))
            .append("\",\"state\":\"").append(replay.sync().state())
            .append("\",\"applied\":").append(counters.diffsApplied())
            .append(",\"dropped\":").append(counters.diffsDropped() + counters.duplicates() + replay.sync().pendingDiffs())
            .append(",\"gaps\":").append(counters.gaps())
            .append(",\"rejected\":").append(replay.rejected().size())
            .append(",\"checkpoints\":{\"checked\":").append(replay.checkpointsChecked())
            .append(",\"matched\":").append(replay.checkpointsMatched())
            .append("},\"book\":{\"bids\":");
        appendSide(out, book.bids(), depth, instrument);
        out.append(",\"asks\":");
        appendSide(out, book.asks(), depth, instrument);
        return out.append("}}").toString();
    }

    private static void appendSide(
        final StringBuilder out, final BookSide side, final int depth, final Instrument instrument)
    {
        out.append('[');
        final int levels = Math.min(depth, side.depth());
        for (int i = 0; i < levels; i++)
        {
            out.append(i == 0 ? "[\"" : ",[\"");
            FixedPoint.appendPlain(out, side.priceAt(i), instrument.priceScale()).append("\",\"");
            FixedPoint.appendPlain(out, side.quantityAt(i), instrument.qtyScale()).append("\"]");
        }
        out.append(']');
    }

    private static String escape(final String text)
    {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
