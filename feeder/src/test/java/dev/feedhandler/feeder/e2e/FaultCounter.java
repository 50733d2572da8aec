package dev.feedhandler.feeder.e2e;

import dev.feedhandler.orderbook.metrics.CounterType;
import dev.feedhandler.sim.FaultType;

import java.util.function.ToLongFunction;

/**
 * The one daemon counter a simulator fault must move, by exactly one, so an end-to-end test can check that every
 * fault is counted once and as what it was.
 *
 * @param what   the counter and detail, for messages.
 * @param reader reads the counter's current value.
 */
record FaultCounter(String what, ToLongFunction<CounterValues> reader)
{
    long read(final CounterValues values)
    {
        return reader.applyAsLong(values);
    }

    /** The counter for {@code type} injected on {@code venue}'s instrument {@code target}. */
    static FaultCounter of(final String venue, final FaultType type, final int target)
    {
        return switch (type)
        {
            // Coinbase numbers frames per connection; Kraken has no sequence, only the next update shows a loss: its
            // checksum, or first a crossed book (checked before the checksum), whichever the lost levels cause.
            case DROP, REORDER -> venue.equals("coinbase") ?
                venueCounter(CounterType.INGEST_CONNECTION_GAPS, venue, "") :
                venue.equals("kraken") ? new FaultCounter("SYNC_CHECKSUM_MISMATCHES + SYNC_CROSSED_BOOKS", values ->
                    values.instrument(CounterType.SYNC_CHECKSUM_MISMATCHES, target) +
                    values.instrument(CounterType.SYNC_CROSSED_BOOKS, target)) :
                instrumentCounter(CounterType.SYNC_GAPS, target);
            case CORRUPT_CHECKSUM -> instrumentCounter(CounterType.SYNC_CHECKSUM_MISMATCHES, target);
            // Half a frame reads as TRUNCATED, or MALFORMED_JSON where the cut leaves an unterminated string.
            case MALFORMED -> new FaultCounter("INGEST_DECODE_ERRORS TRUNCATED or MALFORMED_JSON", values ->
                values.venue(CounterType.INGEST_DECODE_ERRORS, venue, "TRUNCATED") +
                values.venue(CounterType.INGEST_DECODE_ERRORS, venue, "MALFORMED_JSON"));
            case ABSURD_NUMBER -> venueCounter(CounterType.INGEST_DECODE_ERRORS, venue, "NUMBER_OVERFLOW");
            case WRONG_TYPE -> venueCounter(CounterType.INGEST_DECODE_ERRORS, venue, "WRONG_TYPE");
            case CLOSE -> venueCounter(CounterType.INGEST_DISCONNECTS, venue, "REMOTE_CLOSE");
            case RESET -> venueCounter(CounterType.INGEST_DISCONNECTS, venue, "CONNECTION_RESET");
            case STALL -> venueCounter(CounterType.INGEST_DISCONNECTS, venue, "READ_IDLE");
            case OVERSIZED -> venueCounter(CounterType.INGEST_DISCONNECTS, venue, "FRAME_TOO_LARGE");
            case DUPLICATE -> instrumentCounter(CounterType.SYNC_DUPLICATES, target);
            // REST snapshot faults (Binance), each met by the snapshot request a gap caused. SLOW: one that times out.
            case SLOW, HTTP500 -> venueCounter(CounterType.INGEST_SNAPSHOT_RETRIES, venue, "");
            case HTTP429, HTTP418 -> venueCounter(CounterType.INGEST_SNAPSHOT_RATE_LIMITED, venue, "");
            case STALE -> instrumentCounter(CounterType.SYNC_SNAPSHOTS_TOO_OLD, target);
            default -> throw new IllegalArgumentException("no single counter for " + type);
        };
    }

    private static FaultCounter venueCounter(final CounterType type, final String venue, final String detail)
    {
        return new FaultCounter(type.name() + (detail.isEmpty() ? "" : " " + detail),
            values -> values.venue(type, venue, detail));
    }

    private static FaultCounter instrumentCounter(final CounterType type, final int instrumentId)
    {
        return new FaultCounter(type.name(), values -> values.instrument(type, instrumentId));
    }
}
