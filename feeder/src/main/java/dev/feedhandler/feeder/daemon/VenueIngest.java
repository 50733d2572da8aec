package dev.feedhandler.feeder.daemon;

/**
 * One venue's ingest: its connections, decoders and resync actions. {@link Ingest} drives every venue through this.
 */
interface VenueIngest extends AutoCloseable
{
    IngestCounters counters();

    /** Planned rotations completed on this venue's connections. */
    int rotations();

    /** Unplanned reconnects on this venue's connections. */
    int reconnects();

    boolean owns(int instrumentId);

    void start();

    /**
     * The processor asks for a fresh snapshot of an instrument (REST venues: a REST request; stream venues: a
     * resubscription or a reconnect).
     *
     * @param reasonCode the {@code SyncReason} code of the request.
     */
    void onSnapshotRequest(int instrumentId, int reasonCode);

    /** Retry stale notices that found the ring full. Called periodically off the hot path. */
    void flushPendingStale();

    void close();
}
