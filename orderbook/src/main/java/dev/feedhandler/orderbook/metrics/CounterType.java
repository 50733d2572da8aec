package dev.feedhandler.orderbook.metrics;

/**
 * Every kind of counter in the counters file. The ids are stable: tools and dashboards select counters by type id,
 * so an id is never reused or renumbered (add new types with new ids). docs/operations.md says what each one means
 * and what to do when it moves.
 * <p>
 * Ranges: 100 book processor, 200 per-instrument sync, 300 per-venue ingest, 400 per-stream publisher.
 */
public enum CounterType
{
    PROCESSOR_EVENTS(100, "processor_events", "book events taken from the ring", CounterScope.PROCESSOR, false),
    PROCESSOR_STALE_NOTICES(101, "processor_stale_notices", "stale notices from ingest", CounterScope.PROCESSOR, false),
    PROCESSOR_UNKNOWN_INSTRUMENTS(102, "processor_unknown_instruments", "records for unknown instrument ids",
        CounterScope.PROCESSOR, false),
    PROCESSOR_UNKNOWN_MESSAGES(103, "processor_unknown_messages", "records of unknown type", CounterScope.PROCESSOR,
        false),
    PROCESSOR_SNAPSHOT_REQUESTS(104, "processor_snapshot_requests", "snapshot requests sent to ingest",
        CounterScope.PROCESSOR, false),
    PROCESSOR_COMMAND_RING_FULL(105, "processor_command_ring_full", "command ring full (request retried)",
        CounterScope.PROCESSOR, false),
    PROCESSOR_ERRORS(106, "processor_errors", "unexpected exceptions in the book processor (it carries on)",
        CounterScope.PROCESSOR, false),
    INSTRUMENTS_BY_STATE(110, "instruments_by_state", "instruments in state", CounterScope.STATE, true),

    SYNC_DIFFS_APPLIED(200, "sync_diffs_applied", "diffs applied", CounterScope.INSTRUMENT, false),
    SYNC_SNAPSHOTS_APPLIED(201, "sync_snapshots_applied", "snapshots applied", CounterScope.INSTRUMENT, false),
    SYNC_DIFFS_DROPPED(202, "sync_diffs_dropped", "diffs dropped", CounterScope.INSTRUMENT, false),
    SYNC_DUPLICATES(203, "sync_duplicates", "duplicate diffs ignored", CounterScope.INSTRUMENT, false),
    SYNC_OVERLAPS(204, "sync_overlaps", "overlapping diffs applied", CounterScope.INSTRUMENT, false),
    SYNC_GAPS(205, "sync_gaps", "sequence gaps", CounterScope.INSTRUMENT, false),
    SYNC_SNAPSHOT_REQUESTS(206, "sync_snapshot_requests", "snapshot requests (resyncs)", CounterScope.INSTRUMENT,
        false),
    SYNC_BUFFER_OVERFLOWS(207, "sync_buffer_overflows", "pending buffer overflows", CounterScope.INSTRUMENT, false),
    SYNC_SNAPSHOTS_TOO_OLD(208, "sync_snapshots_too_old", "snapshots too old", CounterScope.INSTRUMENT, false),
    SYNC_CROSSED_BOOKS(209, "sync_crossed_books", "crossed books", CounterScope.INSTRUMENT, false),
    SYNC_BOOKS_TOO_DEEP(210, "sync_books_too_deep", "books too deep", CounterScope.INSTRUMENT, false),
    SYNC_UNEXPECTED_SNAPSHOTS(211, "sync_unexpected_snapshots", "unexpected snapshots ignored",
        CounterScope.INSTRUMENT, false),
    SYNC_BAD_INPUTS(212, "sync_bad_inputs", "frames rejected for the instrument", CounterScope.INSTRUMENT, false),
    SYNC_CHECKSUMS_VERIFIED(213, "sync_checksums_verified", "checksums verified", CounterScope.INSTRUMENT, false),
    SYNC_CHECKSUM_MISMATCHES(214, "sync_checksum_mismatches", "checksum mismatches", CounterScope.INSTRUMENT, false),
    SYNC_RESETS(215, "sync_resets", "venue resets (snapshot while live)", CounterScope.INSTRUMENT, false),
    SYNC_LEVELS_TRUNCATED(216, "sync_levels_truncated", "levels truncated beyond book depth",
        CounterScope.INSTRUMENT, false),
    INSTRUMENT_STATE(220, "instrument_state", "sync state (0 awaiting snapshot, 1 bridging, 2 live, 3 stale)",
        CounterScope.INSTRUMENT, true),

    INGEST_FRAMES(300, "ingest_frames", "frames received", CounterScope.VENUE, false),
    INGEST_BYTES(301, "ingest_bytes", "bytes received", CounterScope.VENUE, false),
    INGEST_EVENTS(302, "ingest_events", "book events written to the ring", CounterScope.VENUE, false),
    INGEST_IGNORED(303, "ingest_ignored", "frames without book data", CounterScope.VENUE, false),
    INGEST_DECODE_ERRORS(304, "ingest_decode_errors", "frames rejected", CounterScope.VENUE_REASON, false),
    INGEST_RING_FULL(305, "ingest_ring_full", "event ring full (frame lost, instrument resyncs)", CounterScope.VENUE,
        false),
    INGEST_STALE_NOTICES(306, "ingest_stale_notices", "stale notices written", CounterScope.VENUE, false),
    INGEST_DISCONNECTS(307, "ingest_disconnects", "unplanned disconnects (each reconnects)",
        CounterScope.VENUE_REASON, false),
    INGEST_SNAPSHOTS(308, "ingest_snapshots", "REST snapshots served into the ring", CounterScope.VENUE, false),
    INGEST_SNAPSHOTS_REJECTED(309, "ingest_snapshots_rejected", "REST snapshots rejected", CounterScope.VENUE, false),
    INGEST_SNAPSHOT_RETRIES(310, "ingest_snapshot_retries", "REST snapshot retries (429/418/5xx/timeouts)",
        CounterScope.VENUE, false),
    INGEST_ROTATIONS_IN_SYNC(311, "ingest_rotations_in_sync", "planned rotations switched in sync",
        CounterScope.VENUE, false),
    INGEST_ROTATIONS_OUT_OF_SYNC(312, "ingest_rotations_out_of_sync", "planned rotations out of sync",
        CounterScope.VENUE, false),
    INGEST_SNAPSHOT_REQUESTS(313, "ingest_snapshot_requests", "REST snapshot requests made",
        CounterScope.VENUE, false),
    INGEST_SNAPSHOT_RATE_LIMITED(314, "ingest_snapshot_rate_limited", "REST snapshot answers 429/418",
        CounterScope.VENUE, false),
    INGEST_RESUBSCRIBES(315, "ingest_resubscribes", "instruments resubscribed for a snapshot", CounterScope.VENUE,
        false),
    INGEST_RESYNC_RECONNECTS(316, "ingest_resync_reconnects", "connections reopened for a resync",
        CounterScope.VENUE, false),
    INGEST_CONNECTION_GAPS(317, "ingest_connection_gaps", "connection sequence gaps", CounterScope.VENUE, false),
    INGEST_EVENTS_HELD_BACK(318, "ingest_events_held_back", "events held back behind a lost one",
        CounterScope.VENUE, false),

    PUBLISHER_SENT(400, "publisher_sent", "messages sent", CounterScope.STREAM, false),
    PUBLISHER_BYTES(401, "publisher_bytes", "bytes sent", CounterScope.STREAM, false),
    PUBLISHER_BACK_PRESSURED(402, "publisher_back_pressured", "claims back-pressured", CounterScope.STREAM, false),
    PUBLISHER_ADMIN_ACTIONS(403, "publisher_admin_actions", "claims refused for admin actions", CounterScope.STREAM,
        false),
    PUBLISHER_NOT_CONNECTED(404, "publisher_not_connected", "messages not sent: no subscriber", CounterScope.STREAM,
        false),
    PUBLISHER_DROPPED(405, "publisher_dropped", "messages dropped after retries (a gap)", CounterScope.STREAM, false),
    PUBLISHER_CLOSED(406, "publisher_closed", "messages refused: publication closed", CounterScope.STREAM, false);

    private static final CounterType[] BY_ID = new CounterType[500];

    static
    {
        for (final CounterType type : values())
        {
            if (BY_ID[type.id] != null)
            {
                throw new IllegalStateException("duplicate counter type id " + type.id);
            }
            BY_ID[type.id] = type;
        }
    }

    private final int id;
    private final String metricName;
    private final String description;
    private final CounterScope scope;
    private final boolean gauge;

    CounterType(
        final int id, final String metricName, final String description, final CounterScope scope, final boolean gauge)
    {
        this.id = id;
        this.metricName = metricName;
        this.description = description;
        this.scope = scope;
        this.gauge = gauge;
    }

    /** The type id in the counters file. */
    public int id()
    {
        return id;
    }

    /** Snake-case name; Prometheus exports {@code feeder_<name>} (plus {@code _total} for counters). */
    public String metricName()
    {
        return metricName;
    }

    /** Short human text, the start of every label of this type. */
    public String description()
    {
        return description;
    }

    public CounterScope scope()
    {
        return scope;
    }

    /** True for values that go up and down (a state, a count of instruments), false for monotonic counts. */
    public boolean isGauge()
    {
        return gauge;
    }

    /** The type with this id, or null (a file written by a newer daemon may hold types this build does not know). */
    public static CounterType byId(final int id)
    {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
