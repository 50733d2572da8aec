package dev.feedhandler.feeder.replay;

import dev.feedhandler.orderbook.BookJson;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.sync.SyncCounters;

/**
 * Renders one instrument's replay result as a single-line JSON object:
 * <pre>
 * {"venue":..,"instrument":..,"state":..,"applied":..,"dropped":..,"gaps":..,"rejected":..,
 *  "checkpoints":{"checked":..,"matched":..},"book":{"bids":[["price","qty"],..],"asks":[..]}}
 * </pre>
 * Venues whose snapshots come in the stream add {@code "snapshots"} (applied) and {@code "resets"} (snapshots that
 * replaced a live book) after {@code "applied"}; venues with a checksum add {@code "checksums":{"checked":..,
 * "matched":..}} after the checkpoints. Prices and quantities are plain decimal strings with trailing zeros removed.
 */
public final class ReplayReport
{
    private ReplayReport()
    {
    }

    public static String toJson(final String venue, final ReplaySession.InstrumentReplay replay, final int depth)
    {
        final Instrument instrument = replay.instrument();
        final boolean streamSnapshots = instrument.venue().bootstrap() == Venue.Bootstrap.STREAM_SNAPSHOT;
        final SyncCounters counters = replay.sync().counters();
        final StringBuilder out = new StringBuilder(256 + depth * 64);
        out.append("{\"venue\":");
        BookJson.appendString(out, venue).append(",\"instrument\":");
        BookJson.appendString(out, instrument.symbol())
            .append(",\"state\":\"").append(replay.sync().state())
            .append("\",\"applied\":").append(counters.diffsApplied());
        if (streamSnapshots)
        {
            out.append(",\"snapshots\":").append(counters.snapshotsApplied())
                .append(",\"resets\":").append(counters.resets());
        }
        out.append(",\"dropped\":").append(counters.diffsDropped() + counters.duplicates() + replay.sync().pendingDiffs())
            .append(",\"gaps\":").append(counters.gaps())
            .append(",\"rejected\":").append(replay.rejected().size())
            .append(",\"checkpoints\":{\"checked\":").append(replay.checkpointsChecked())
            .append(",\"matched\":").append(replay.checkpointsMatched()).append('}');
        if (instrument.venue().checksum() != Venue.Checksum.NONE)
        {
            out.append(",\"checksums\":{\"checked\":").append(replay.checksumsChecked())
                .append(",\"matched\":").append(replay.checksumsMatched()).append('}');
        }
        out.append(",\"book\":");
        BookJson.appendBook(out, replay.sync().book(), depth, instrument.priceScale(), instrument.qtyScale());
        return out.append('}').toString();
    }
}
