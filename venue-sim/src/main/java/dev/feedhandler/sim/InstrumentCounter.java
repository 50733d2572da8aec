package dev.feedhandler.sim;

/**
 * Per-instrument counts, with the labels the stats JSON uses.
 */
public enum InstrumentCounter
{
    /** Depth events generated (the truth advanced by one event). */
    EVENTS_GENERATED("eventsGenerated"),
    /** Level updates generated (update ids consumed). */
    UPDATES_GENERATED("updatesGenerated"),
    /** Depth events sent on a stream with subscribers (a duplicate counts twice; dropped ones not at all). */
    EVENTS_SENT("eventsSent"),
    /** Depth frames written, one per subscribed connection. */
    FRAMES_SENT("framesSent"),
    /** Ticker frames written, one per subscribed connection. */
    TICKERS_SENT("tickersSent"),
    /** Depth frames not written because the connection was stalled. */
    FRAMES_STALLED("framesStalled"),
    /** Depth snapshots answered with 200. */
    SNAPSHOTS_SERVED("snapshotsServed"),
    /** Depth requests answered with an error status by a fault switch. */
    SNAPSHOT_ERRORS("snapshotErrors"),
    /** Depth requests received for the instrument, whatever the answer. */
    SNAPSHOT_REQUESTS("snapshotRequests");

    private final String label;

    InstrumentCounter(final String label)
    {
        this.label = label;
    }

    public String label()
    {
        return label;
    }
}
