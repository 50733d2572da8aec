package dev.feedhandler.feeder.replay;

import dev.feedhandler.orderbook.BookJson;
import dev.feedhandler.orderbook.Instrument;
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
        final StringBuilder out = new StringBuilder(256 + depth * 64);
        out.append("{\"venue\":");
        BookJson.appendString(out, venue).append(",\"instrument\":");
        BookJson.appendString(out, instrument.symbol())
            .append(",\"state\":\"").append(replay.sync().state())
            .append("\",\"applied\":").append(counters.diffsApplied())
            .append(",\"dropped\":").append(counters.diffsDropped() + counters.duplicates() + replay.sync().pendingDiffs())
            .append(",\"gaps\":").append(counters.gaps())
            .append(",\"rejected\":").append(replay.rejected().size())
            .append(",\"checkpoints\":{\"checked\":").append(replay.checkpointsChecked())
            .append(",\"matched\":").append(replay.checkpointsMatched())
            .append("},\"book\":");
        BookJson.appendBook(out, replay.sync().book(), depth, instrument.priceScale(), instrument.qtyScale());
        return out.append('}').toString();
    }
}
