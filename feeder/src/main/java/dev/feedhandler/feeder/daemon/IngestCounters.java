package dev.feedhandler.feeder.daemon;

import dev.feedhandler.feeder.DecodeReason;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One venue's ingest counts. Written by I/O threads (a venue's connections may sit on different event loops), read
 * by anyone.
 */
public final class IngestCounters
{
    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    final AtomicLong ignored = new AtomicLong();
    final AtomicLongArray rejected = new AtomicLongArray(DecodeReason.values().length + 1);
    final AtomicLong ringFull = new AtomicLong();
    final AtomicLong staleNotices = new AtomicLong();
    final AtomicLong disconnects = new AtomicLong();
    final AtomicLong snapshots = new AtomicLong();
    final AtomicLong snapshotRejected = new AtomicLong();
    final AtomicLong snapshotRetries = new AtomicLong();
    final AtomicLong rotationsInSync = new AtomicLong();
    final AtomicLong rotationsOutOfSync = new AtomicLong();
    final AtomicLong resubscribes = new AtomicLong();
    final AtomicLong resyncReconnects = new AtomicLong();
    final AtomicLong connectionGaps = new AtomicLong();
    final AtomicLong eventsHeldBack = new AtomicLong();

    public long frames()
    {
        return frames.get();
    }

    public long bytes()
    {
        return bytes.get();
    }

    /** Book events written to the ring. */
    public long events()
    {
        return events.get();
    }

    /** Frames that carry no book data (trades, subscription replies). */
    public long ignored()
    {
        return ignored.get();
    }

    /** Frames rejected for this reason. */
    public long rejected(final DecodeReason reason)
    {
        return rejected.get(reason.code());
    }

    public long rejectedTotal()
    {
        long total = 0;
        for (int i = 0; i < rejected.length(); i++)
        {
            total += rejected.get(i);
        }
        return total;
    }

    /** Frames lost because the event ring was full (their instruments resync). */
    public long ringFull()
    {
        return ringFull.get();
    }

    public long staleNotices()
    {
        return staleNotices.get();
    }

    /** Connections lost unplanned. */
    public long disconnects()
    {
        return disconnects.get();
    }

    /** REST snapshots decoded into the ring. */
    public long snapshots()
    {
        return snapshots.get();
    }

    public long snapshotRejected()
    {
        return snapshotRejected.get();
    }

    public long snapshotRetries()
    {
        return snapshotRetries.get();
    }

    /** Planned rotations where the new connection took over once it was in sync (no update lost). */
    public long rotationsInSync()
    {
        return rotationsInSync.get();
    }

    /** Planned rotations where the old connection ended first; its instruments may have resynced. */
    public long rotationsOutOfSync()
    {
        return rotationsOutOfSync.get();
    }

    /** Stream venues: instruments resubscribed to get a fresh snapshot in the stream. */
    public long resubscribes()
    {
        return resubscribes.get();
    }

    /** Stream venues that resync by reconnecting (Coinbase): connections reopened for a resync. */
    public long resyncReconnects()
    {
        return resyncReconnects.get();
    }

    /** Stream venues: connection-level sequence jumps (Coinbase sequence_num); every instrument on it resyncs. */
    public long connectionGaps()
    {
        return connectionGaps.get();
    }

    /**
     * Stream venues: events not forwarded because an earlier event of the same instrument was lost and its stale
     * notice is still waiting for room in the ring (forwarding them would apply updates over a hole).
     */
    public long eventsHeldBack()
    {
        return eventsHeldBack.get();
    }
}
