package dev.feedhandler.feeder.daemon;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.ingest.DisconnectReason;
import dev.feedhandler.orderbook.metrics.CounterFactory;
import dev.feedhandler.orderbook.metrics.CounterType;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One venue's ingest counts, as Agrona counters (in the counters file when the daemon runs). Written by I/O threads
 * (a venue's connections may sit on different event loops, so increments are atomic), read by anyone. The fields keep
 * the {@code AtomicLong} method names the ingest code uses.
 */
public final class IngestCounters
{
    final Count frames;
    final Count bytes;
    final Count events;
    final Count ignored;
    final ReasonCounts rejected;
    final Count ringFull;
    final Count staleNotices;
    final DisconnectCounts disconnects;
    final Count snapshots;
    final Count snapshotRejected;
    final Count snapshotRetries;
    final Count snapshotRequests;
    final Count snapshotRateLimited;
    final Count rotationsInSync;
    final Count rotationsOutOfSync;
    final Count resubscribes;
    final Count resyncReconnects;
    final Count connectionGaps;
    final Count eventsHeldBack;

    /** Counters no tool sees. */
    public IngestCounters()
    {
        this(CounterFactory.detached(), "");
    }

    /** The venue's counters, allocated from {@code factory} (the counters file). */
    public IngestCounters(final CounterFactory factory, final String venue)
    {
        frames = new Count(factory.venue(CounterType.INGEST_FRAMES, venue));
        bytes = new Count(factory.venue(CounterType.INGEST_BYTES, venue));
        events = new Count(factory.venue(CounterType.INGEST_EVENTS, venue));
        ignored = new Count(factory.venue(CounterType.INGEST_IGNORED, venue));
        rejected = new ReasonCounts(factory, venue);
        ringFull = new Count(factory.venue(CounterType.INGEST_RING_FULL, venue));
        staleNotices = new Count(factory.venue(CounterType.INGEST_STALE_NOTICES, venue));
        disconnects = new DisconnectCounts(factory, venue);
        snapshots = new Count(factory.venue(CounterType.INGEST_SNAPSHOTS, venue));
        snapshotRejected = new Count(factory.venue(CounterType.INGEST_SNAPSHOTS_REJECTED, venue));
        snapshotRetries = new Count(factory.venue(CounterType.INGEST_SNAPSHOT_RETRIES, venue));
        snapshotRequests = new Count(factory.venue(CounterType.INGEST_SNAPSHOT_REQUESTS, venue));
        snapshotRateLimited = new Count(factory.venue(CounterType.INGEST_SNAPSHOT_RATE_LIMITED, venue));
        rotationsInSync = new Count(factory.venue(CounterType.INGEST_ROTATIONS_IN_SYNC, venue));
        rotationsOutOfSync = new Count(factory.venue(CounterType.INGEST_ROTATIONS_OUT_OF_SYNC, venue));
        resubscribes = new Count(factory.venue(CounterType.INGEST_RESUBSCRIBES, venue));
        resyncReconnects = new Count(factory.venue(CounterType.INGEST_RESYNC_RECONNECTS, venue));
        connectionGaps = new Count(factory.venue(CounterType.INGEST_CONNECTION_GAPS, venue));
        eventsHeldBack = new Count(factory.venue(CounterType.INGEST_EVENTS_HELD_BACK, venue));
    }

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

    /** Connections lost unplanned, for every reason. */
    public long disconnects()
    {
        return disconnects.total();
    }

    /** Connections lost unplanned for this reason. */
    public long disconnects(final DisconnectReason reason)
    {
        return disconnects.get(reason);
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

    /** REST snapshot requests made (a request for an instrument already waiting is merged by the scheduler). */
    public long snapshotRequests()
    {
        return snapshotRequests.get();
    }

    /** Snapshot answers that were HTTP 429 or 418: the venue's rate limit was hit. */
    public long snapshotRateLimited()
    {
        return snapshotRateLimited.get();
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

    /** One counter, with the {@code AtomicLong} names the ingest uses; atomic for several writer threads. */
    static final class Count
    {
        private final AtomicCounter counter;

        Count(final AtomicCounter counter)
        {
            this.counter = counter;
        }

        long incrementAndGet()
        {
            return counter.increment() + 1;
        }

        long decrementAndGet()
        {
            return counter.decrement() - 1;
        }

        long addAndGet(final long delta)
        {
            return counter.getAndAdd(delta) + delta;
        }

        long get()
        {
            return counter.get();
        }
    }

    /** One counter per {@link DecodeReason} code, with the {@code AtomicLongArray} names the ingest uses. */
    static final class ReasonCounts
    {
        private final AtomicCounter[] counters = new AtomicCounter[DecodeReason.values().length + 1];

        ReasonCounts(final CounterFactory factory, final String venue)
        {
            for (final DecodeReason reason : DecodeReason.values())
            {
                counters[reason.code()] =
                    factory.venueDetail(CounterType.INGEST_DECODE_ERRORS, venue, reason.code(), reason.name());
            }
        }

        long incrementAndGet(final int code)
        {
            return counters[code].increment() + 1;
        }

        long get(final int code)
        {
            return counters[code] == null ? 0 : counters[code].get();
        }

        int length()
        {
            return counters.length;
        }
    }

    /** One counter per unplanned {@link DisconnectReason} (a local close is planned, so it has none). */
    static final class DisconnectCounts
    {
        private static final DisconnectReason[] REASONS = DisconnectReason.values();

        private final AtomicCounter[] counters = new AtomicCounter[REASONS.length];

        DisconnectCounts(final CounterFactory factory, final String venue)
        {
            for (final DisconnectReason reason : REASONS)
            {
                if (reason != DisconnectReason.LOCAL_CLOSE)
                {
                    counters[reason.ordinal()] = factory.venueDetail(
                        CounterType.INGEST_DISCONNECTS, venue, reason.ordinal(), reason.name());
                }
            }
        }

        void increment(final DisconnectReason reason)
        {
            counters[reason.ordinal()].increment();
        }

        long get(final DisconnectReason reason)
        {
            final AtomicCounter counter = counters[reason.ordinal()];
            return counter == null ? 0 : counter.get();
        }

        long total()
        {
            long total = 0;
            for (final DisconnectReason reason : REASONS)
            {
                total += get(reason);
            }
            return total;
        }
    }
}
