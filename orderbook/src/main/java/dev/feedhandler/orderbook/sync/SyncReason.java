package dev.feedhandler.orderbook.sync;

/**
 * Why an instrument changed {@link SyncState} or asked for a snapshot. Codes are stable (wire and counters).
 */
public enum SyncReason
{
    /** Subscription started: first snapshot. */
    STARTED(1),
    /** A snapshot was loaded and no buffered diff bridged it yet. */
    SNAPSHOT_APPLIED(2),
    /** The first diff after the snapshot satisfied the venue's bridge rule. */
    BRIDGED(3),
    /** A diff did not follow the previous one (the venue's continuity rule). */
    GAP(4),
    /** Best bid at or above best ask after an update. */
    CROSSED_BOOK(5),
    /** A side would exceed its configured maximum depth. */
    BOOK_TOO_DEEP(6),
    /** Too many diffs buffered while waiting for a snapshot. */
    BUFFER_OVERFLOW(7),
    /** The snapshot ends before the first buffered diff starts: ask for a newer one. */
    SNAPSHOT_TOO_OLD(8),
    /** A frame for this instrument could not be decoded. */
    BAD_INPUT(9),
    /** The connection carrying this instrument was lost or replaced. */
    RECONNECT(10),
    /** The venue's book checksum disagreed with ours after an update. */
    CHECKSUM(11);

    private static final SyncReason[] BY_CODE = new SyncReason[12];

    static
    {
        for (final SyncReason reason : values())
        {
            BY_CODE[reason.code] = reason;
        }
    }

    private final int code;

    SyncReason(final int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code;
    }

    /** The reason with this code; BAD_INPUT for a code this build does not know (the book may be wrong). */
    public static SyncReason fromCode(final int code)
    {
        return code > 0 && code < BY_CODE.length && BY_CODE[code] != null ? BY_CODE[code] : BAD_INPUT;
    }
}
