package dev.feedhandler.orderbook.sync;

/**
 * Per-instrument counts of what the sync did. Written only by the book thread; read by reports on the same thread.
 */
public final class SyncCounters
{
    long diffsApplied;
    long snapshotsApplied;
    long diffsDropped;
    long duplicates;
    long overlaps;
    long gaps;
    long snapshotRequests;
    long bufferOverflows;
    long snapshotsTooOld;
    long crossedBooks;
    long booksTooDeep;
    long unexpectedSnapshots;
    long badInputs;
    long checksumsVerified;
    long checksumMismatches;
    long resets;
    long levelsTruncated;

    /** Diffs applied to the book. */
    public long diffsApplied()
    {
        return diffsApplied;
    }

    /** Snapshots loaded into the book. */
    public long snapshotsApplied()
    {
        return snapshotsApplied;
    }

    /** Diffs not applied: already covered by the snapshot, or discarded from an overflowing or unused buffer. */
    public long diffsDropped()
    {
        return diffsDropped;
    }

    /** Diffs received again after they had been applied (ignored). */
    public long duplicates()
    {
        return duplicates;
    }

    /**
     * Diffs that overlapped what was applied and reached past it (as when two connections run side by side during a
     * planned rotation): applied, since they hold every touched level as of their last id.
     */
    public long overlaps()
    {
        return overlaps;
    }

    /** Continuity breaks: a diff that did not follow the previous one, or did not bridge the snapshot. */
    public long gaps()
    {
        return gaps;
    }

    public long snapshotRequests()
    {
        return snapshotRequests;
    }

    public long bufferOverflows()
    {
        return bufferOverflows;
    }

    /** Snapshots discarded because they ended before the first buffered diff. */
    public long snapshotsTooOld()
    {
        return snapshotsTooOld;
    }

    public long crossedBooks()
    {
        return crossedBooks;
    }

    public long booksTooDeep()
    {
        return booksTooDeep;
    }

    /** Snapshots that arrived while the book was already in sync (ignored). */
    public long unexpectedSnapshots()
    {
        return unexpectedSnapshots;
    }

    /** Frames for this instrument that could not be decoded. */
    public long badInputs()
    {
        return badInputs;
    }

    /** Venue checksums compared with our book (and equal, unless counted in {@link #checksumMismatches()}). */
    public long checksumsVerified()
    {
        return checksumsVerified;
    }

    /** Venue checksums that disagreed with our book: each one resynced the instrument. */
    public long checksumMismatches()
    {
        return checksumMismatches;
    }

    /** Snapshots in the stream that replaced a book already in sync (a venue reset, e.g. Bybit {@code u == 1}). */
    public long resets()
    {
        return resets;
    }

    /** Levels dropped for lying beyond the instrument's book depth (Kraken sends no delete for them). */
    public long levelsTruncated()
    {
        return levelsTruncated;
    }
}
