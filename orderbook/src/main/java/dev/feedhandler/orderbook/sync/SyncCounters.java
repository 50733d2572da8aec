package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.metrics.CounterFactory;
import dev.feedhandler.orderbook.metrics.CounterType;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Per-instrument counts of what the sync did, as Agrona counters (in the counters file when the daemon runs). Written
 * only by the book thread (release increments); read by anyone.
 */
public final class SyncCounters
{
    final AtomicCounter diffsApplied;
    final AtomicCounter snapshotsApplied;
    final AtomicCounter diffsDropped;
    final AtomicCounter duplicates;
    final AtomicCounter overlaps;
    final AtomicCounter gaps;
    final AtomicCounter snapshotRequests;
    final AtomicCounter bufferOverflows;
    final AtomicCounter snapshotsTooOld;
    final AtomicCounter crossedBooks;
    final AtomicCounter booksTooDeep;
    final AtomicCounter unexpectedSnapshots;
    final AtomicCounter badInputs;
    final AtomicCounter checksumsVerified;
    final AtomicCounter checksumMismatches;
    final AtomicCounter resets;
    final AtomicCounter levelsTruncated;

    /** Counters no tool sees (tests, book-replay). */
    public SyncCounters()
    {
        final CounterFactory detached = CounterFactory.detached();
        this.diffsApplied = detached.processor(CounterType.SYNC_DIFFS_APPLIED);
        this.snapshotsApplied = detached.processor(CounterType.SYNC_SNAPSHOTS_APPLIED);
        this.diffsDropped = detached.processor(CounterType.SYNC_DIFFS_DROPPED);
        this.duplicates = detached.processor(CounterType.SYNC_DUPLICATES);
        this.overlaps = detached.processor(CounterType.SYNC_OVERLAPS);
        this.gaps = detached.processor(CounterType.SYNC_GAPS);
        this.snapshotRequests = detached.processor(CounterType.SYNC_SNAPSHOT_REQUESTS);
        this.bufferOverflows = detached.processor(CounterType.SYNC_BUFFER_OVERFLOWS);
        this.snapshotsTooOld = detached.processor(CounterType.SYNC_SNAPSHOTS_TOO_OLD);
        this.crossedBooks = detached.processor(CounterType.SYNC_CROSSED_BOOKS);
        this.booksTooDeep = detached.processor(CounterType.SYNC_BOOKS_TOO_DEEP);
        this.unexpectedSnapshots = detached.processor(CounterType.SYNC_UNEXPECTED_SNAPSHOTS);
        this.badInputs = detached.processor(CounterType.SYNC_BAD_INPUTS);
        this.checksumsVerified = detached.processor(CounterType.SYNC_CHECKSUMS_VERIFIED);
        this.checksumMismatches = detached.processor(CounterType.SYNC_CHECKSUM_MISMATCHES);
        this.resets = detached.processor(CounterType.SYNC_RESETS);
        this.levelsTruncated = detached.processor(CounterType.SYNC_LEVELS_TRUNCATED);
    }

    /** The instrument's counters, allocated from {@code factory} (the counters file). */
    public SyncCounters(final CounterFactory factory, final Instrument instrument)
    {
        this.diffsApplied = factory.instrument(CounterType.SYNC_DIFFS_APPLIED, instrument);
        this.snapshotsApplied = factory.instrument(CounterType.SYNC_SNAPSHOTS_APPLIED, instrument);
        this.diffsDropped = factory.instrument(CounterType.SYNC_DIFFS_DROPPED, instrument);
        this.duplicates = factory.instrument(CounterType.SYNC_DUPLICATES, instrument);
        this.overlaps = factory.instrument(CounterType.SYNC_OVERLAPS, instrument);
        this.gaps = factory.instrument(CounterType.SYNC_GAPS, instrument);
        this.snapshotRequests = factory.instrument(CounterType.SYNC_SNAPSHOT_REQUESTS, instrument);
        this.bufferOverflows = factory.instrument(CounterType.SYNC_BUFFER_OVERFLOWS, instrument);
        this.snapshotsTooOld = factory.instrument(CounterType.SYNC_SNAPSHOTS_TOO_OLD, instrument);
        this.crossedBooks = factory.instrument(CounterType.SYNC_CROSSED_BOOKS, instrument);
        this.booksTooDeep = factory.instrument(CounterType.SYNC_BOOKS_TOO_DEEP, instrument);
        this.unexpectedSnapshots = factory.instrument(CounterType.SYNC_UNEXPECTED_SNAPSHOTS, instrument);
        this.badInputs = factory.instrument(CounterType.SYNC_BAD_INPUTS, instrument);
        this.checksumsVerified = factory.instrument(CounterType.SYNC_CHECKSUMS_VERIFIED, instrument);
        this.checksumMismatches = factory.instrument(CounterType.SYNC_CHECKSUM_MISMATCHES, instrument);
        this.resets = factory.instrument(CounterType.SYNC_RESETS, instrument);
        this.levelsTruncated = factory.instrument(CounterType.SYNC_LEVELS_TRUNCATED, instrument);
    }

    /** Diffs applied to the book. */
    public long diffsApplied()
    {
        return diffsApplied.get();
    }

    /** Snapshots loaded into the book. */
    public long snapshotsApplied()
    {
        return snapshotsApplied.get();
    }

    /** Diffs not applied: already covered by the snapshot, or discarded from an overflowing or unused buffer. */
    public long diffsDropped()
    {
        return diffsDropped.get();
    }

    /** Diffs received again after they had been applied (ignored). */
    public long duplicates()
    {
        return duplicates.get();
    }

    /**
     * Diffs that overlapped what was applied and reached past it (as when two connections run side by side during a
     * planned rotation): applied, since they hold every touched level as of their last id.
     */
    public long overlaps()
    {
        return overlaps.get();
    }

    /** Continuity breaks: a diff that did not follow the previous one, or did not bridge the snapshot. */
    public long gaps()
    {
        return gaps.get();
    }

    public long snapshotRequests()
    {
        return snapshotRequests.get();
    }

    public long bufferOverflows()
    {
        return bufferOverflows.get();
    }

    /** Snapshots discarded because they ended before the first buffered diff. */
    public long snapshotsTooOld()
    {
        return snapshotsTooOld.get();
    }

    public long crossedBooks()
    {
        return crossedBooks.get();
    }

    public long booksTooDeep()
    {
        return booksTooDeep.get();
    }

    /** Snapshots that arrived while the book was already in sync (ignored). */
    public long unexpectedSnapshots()
    {
        return unexpectedSnapshots.get();
    }

    /** Frames for this instrument that could not be decoded. */
    public long badInputs()
    {
        return badInputs.get();
    }

    /** Venue checksums compared with our book (and equal, unless counted in {@link #checksumMismatches()}). */
    public long checksumsVerified()
    {
        return checksumsVerified.get();
    }

    /** Venue checksums that disagreed with our book: each one resynced the instrument. */
    public long checksumMismatches()
    {
        return checksumMismatches.get();
    }

    /** Snapshots in the stream that replaced a book already in sync (a venue reset, e.g. Bybit {@code u == 1}). */
    public long resets()
    {
        return resets.get();
    }

    /** Levels dropped for lying beyond the instrument's book depth (Kraken sends no delete for them). */
    public long levelsTruncated()
    {
        return levelsTruncated.get();
    }
}
