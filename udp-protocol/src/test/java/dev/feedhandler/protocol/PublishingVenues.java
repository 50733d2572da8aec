package dev.feedhandler.protocol;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.InstrumentSync;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;
import dev.feedhandler.protocol.publisher.FeedPublisher;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The publishing side of feed tests: per instrument a venue ({@link TestVenueBook}) feeding an {@link InstrumentSync}
 * whose events go to a {@link FeedPublisher}; snapshot requests are answered a few steps later; and, for checking a
 * consumer, the content hash of the publisher's book right after every venue update it published.
 */
final class PublishingVenues implements SyncListener
{
    private final SplittableRandom random;
    private final UnsafeBuffer eventBuffer = new UnsafeBuffer(new byte[1 << 16]);
    private final List<TestVenueBook> venues = new ArrayList<>();
    private final List<InstrumentSync> syncs = new ArrayList<>();
    private final List<Integer> snapshotDue = new ArrayList<>();
    /** Per instrument: venue update id -> content hash of the publisher's book right after that update. */
    private final List<Map<Long, Long>> publishedHashes = new ArrayList<>();
    private FeedPublisher publisher;

    PublishingVenues(final SplittableRandom random, final int instrumentCount)
    {
        this.random = random;
        for (int id = 0; id < instrumentCount; id++)
        {
            venues.add(new TestVenueBook(random));
            publishedHashes.add(new HashMap<>());
        }
    }

    int count()
    {
        return venues.size();
    }

    InstrumentSync sync(final int instrumentId)
    {
        return syncs.get(instrumentId);
    }

    /** The hash of the publisher's book right after it published this venue update, or null. */
    Long publishedHash(final int instrumentId, final long venueUpdateId)
    {
        return publishedHashes.get(instrumentId).get(venueUpdateId);
    }

    /** New syncs for every instrument, publishing to {@code publisher} (a new publisher process starts from scratch). */
    void publishTo(final FeedPublisher publisher)
    {
        this.publisher = publisher;
        syncs.clear();
        snapshotDue.clear();
        for (int id = 0; id < venues.size(); id++)
        {
            final InstrumentSync sync = new InstrumentSync(id, Venue.BINANCE_SPOT.sequenceRule(), this,
                new BookLimits(4, 100_000, 256, 1 << 20));
            syncs.add(sync);
            publisher.addInstrument(new Instrument(id, Venue.BINANCE_SPOT, "SYM" + id, 2, 3), sync.book());
        }
        for (final InstrumentSync sync : syncs)
        {
            sync.start();
        }
    }

    /** One venue update of a random instrument, lost on its way to the sync at {@code dropRate}; then due snapshots. */
    void step(final double dropRate)
    {
        final int id = random.nextInt(venues.size());
        venues.get(id).randomDiff(random, eventBuffer, id);
        if (random.nextDouble() >= dropRate)
        {
            syncs.get(id).onEvent(eventBuffer, 0);
        }
        for (int i = snapshotDue.size() - 1; i >= 0; i--)
        {
            if (random.nextInt(3) == 0)
            {
                final int due = snapshotDue.remove(i);
                venues.get(due).snapshot(eventBuffer, due);
                syncs.get(due).onEvent(eventBuffer, 0);
            }
        }
    }

    public void onStateChange(final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
    {
        publisher.onStateChange(instrumentId, from, to, reason);
    }

    public void onSnapshotRequest(final int instrumentId, final SyncReason reason)
    {
        snapshotDue.add(instrumentId);
        publisher.onSnapshotRequest(instrumentId, reason);
    }

    public void onBookUpdated(final OrderBook book, final BookEvent applied)
    {
        publisher.onBookUpdated(book, applied);
        publishedHashes.get(book.instrumentId()).put(book.lastUpdateId(), FeedRoundTripPropertyTest.contentHash(book));
    }
}
