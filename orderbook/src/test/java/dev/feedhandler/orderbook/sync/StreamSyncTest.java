package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.checksum.BookChecksum;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static dev.feedhandler.orderbook.sync.InstrumentSyncTest.INSTRUMENT_ID;
import static dev.feedhandler.orderbook.sync.InstrumentSyncTest.counters;
import static dev.feedhandler.orderbook.sync.TestEvents.diff;
import static dev.feedhandler.orderbook.sync.TestEvents.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InstrumentSync} for venues whose snapshot comes in the stream (Bybit, OKX, Kraken, Coinbase): no buffering,
 * resets, checksums and truncation to a book depth.
 */
class StreamSyncTest
{
    private final List<String> log = new ArrayList<>();
    private final SyncListener listener = new SyncListener()
    {
        public void onStateChange(final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
        {
            log.add(from + "->" + to + " " + reason);
        }

        public void onSnapshotRequest(final int instrumentId, final SyncReason reason)
        {
            log.add("request " + reason);
        }

        public void onBookUpdated(final OrderBook book, final BookEvent event)
        {
            final StringBuilder text = new StringBuilder(event.type() == BookEvent.TYPE_DIFF ? "diff " : "snapshot ");
            text.append(event.lastUpdateId());
            for (int i = 0; i < event.bidCount(); i++)
            {
                text.append(" b").append(event.bidPrice(i)).append('x').append(event.bidQuantity(i));
            }
            for (int i = 0; i < event.askCount(); i++)
            {
                text.append(" a").append(event.askPrice(i)).append('x').append(event.askQuantity(i));
            }
            log.add(text.toString());
        }
    };

    /** A stand-in venue checksum: best bid quantity times 1000 plus best ask quantity. */
    private static final BookChecksum TOP_QUANTITIES = book ->
        (book.bids().isEmpty() ? 0 : book.bids().bestQuantity() * 1000) +
        (book.asks().isEmpty() ? 0 : book.asks().bestQuantity());

    private InstrumentSync bybit()
    {
        return new InstrumentSync(INSTRUMENT_ID, BybitSequenceRule.INSTANCE, Venue.Bootstrap.STREAM_SNAPSHOT, null, 0,
            false, listener, BookLimits.DEFAULT);
    }

    private InstrumentSync checksummed(final int depth)
    {
        return new InstrumentSync(INSTRUMENT_ID, UnsequencedRule.INSTANCE, Venue.Bootstrap.STREAM_SNAPSHOT,
            TOP_QUANTITIES, depth, false, listener, BookLimits.DEFAULT);
    }

    @Test
    void shouldDropDiffsBeforeTheSnapshotAndGoLiveOnIt()
    {
        final InstrumentSync sync = bybit();
        sync.start();
        diff(4, 4).bid(100, 1).sendTo(sync);
        snapshot(5).bid(100, 2).ask(101, 3).sendTo(sync);
        diff(6, 6).bid(99, 4).sendTo(sync);

        assertThat(log).containsExactly("request STARTED", "AWAITING_SNAPSHOT->LIVE SNAPSHOT_APPLIED",
            "snapshot 5 b100x2 a101x3", "diff 6 b99x4");
        assertThat(sync.state()).isEqualTo(SyncState.LIVE);
        assertThat(counters(sync)).isEqualTo("diffsApplied=1 snapshotsApplied=1 diffsDropped=1 snapshotRequests=1");
    }

    @Test
    void shouldGoStaleOnAGapDropDiffsUntilTheNextSnapshotAndRecoverOnIt()
    {
        final InstrumentSync sync = bybit();
        sync.start();
        snapshot(5).bid(100, 2).ask(101, 3).sendTo(sync);
        log.clear();

        diff(7, 7).bid(99, 1).sendTo(sync);
        diff(8, 8).bid(98, 1).sendTo(sync);
        snapshot(20).bid(97, 1).ask(102, 1).sendTo(sync);
        diff(21, 21).ask(103, 1).sendTo(sync);

        assertThat(log).containsExactly("LIVE->STALE GAP", "request GAP", "STALE->LIVE SNAPSHOT_APPLIED",
            "snapshot 20 b97x1 a102x1", "diff 21 a103x1");
        assertThat(sync.book().bids().depth()).isEqualTo(1);
        assertThat(counters(sync))
            .isEqualTo("diffsApplied=1 snapshotsApplied=2 diffsDropped=2 gaps=1 snapshotRequests=2");
    }

    @Test
    void shouldIgnoreARepeatedDeltaAndReplaceTheBookOnASnapshotWhileLive()
    {
        final InstrumentSync sync = bybit();
        sync.start();
        snapshot(5).bid(100, 2).ask(101, 3).sendTo(sync);
        diff(6, 6).bid(99, 4).sendTo(sync);
        diff(6, 6).bid(99, 4).sendTo(sync);
        log.clear();

        snapshot(1).bid(50, 1).ask(60, 1).sendTo(sync); // u == 1: service restart
        diff(2, 2).bid(51, 1).sendTo(sync);

        // Downstream, in-sync consumers ignore snapshots: the reset goes out as the diff from the old book to the
        // new one, every old level deleted, then the snapshot's levels.
        assertThat(log).containsExactly("diff 1 b100x0 b99x0 b50x1 a101x0 a60x1", "diff 2 b51x1");
        assertThat(sync.state()).isEqualTo(SyncState.LIVE);
        assertThat(sync.book().bids().bestPrice()).isEqualTo(51);
        assertThat(sync.book().asks().depth()).isEqualTo(1);
        assertThat(counters(sync))
            .isEqualTo("diffsApplied=2 snapshotsApplied=2 duplicates=1 snapshotRequests=1 resets=1");
    }

    /**
     * Whatever the old book and the new snapshot, a downstream book that applies the published reset diff level by
     * level (as consumers do) ends equal to the new book.
     */
    @Test
    void shouldPublishAResetAsTheDiffThatTurnsTheOldBookIntoTheNewOne()
    {
        PropertyCheck.forAll("reset diff", 300, random ->
        {
            final List<BookEvent> published = new ArrayList<>();
            final InstrumentSync sync = new InstrumentSync(INSTRUMENT_ID, UnsequencedRule.INSTANCE,
                Venue.Bootstrap.STREAM_SNAPSHOT, null, random.nextBoolean() ? 0 : 1 + random.nextInt(10), false,
                new SyncListener()
                {
                    public void onStateChange(final int id, final SyncState from, final SyncState to, final SyncReason r)
                    {
                    }

                    public void onSnapshotRequest(final int id, final SyncReason reason)
                    {
                    }

                    public void onBookUpdated(final OrderBook book, final BookEvent event)
                    {
                        final ExpandableArrayBuffer copy = new ExpandableArrayBuffer(256);
                        copy.putBytes(0, event.buffer(), event.offset(), event.length());
                        published.add(new BookEvent().wrap(copy, 0));
                    }
                }, BookLimits.DEFAULT);
            sync.start();
            randomBook(random, snapshot(5)).sendTo(sync);
            // A snapshot goes downstream as the book it made (the publisher sends the book, not the event).
            final TreeMap<Long, Long> downstreamBids = side(sync.book().bids());
            final TreeMap<Long, Long> downstreamAsks = side(sync.book().asks());
            randomBook(random, snapshot(6)).sendTo(sync); // the reset

            assertThat(published).hasSize(2);
            assertThat(published.get(1).type()).isEqualTo(BookEvent.TYPE_DIFF);
            apply(published.get(1), downstreamBids, downstreamAsks);
            assertThat(downstreamBids).isEqualTo(side(sync.book().bids()));
            assertThat(downstreamAsks).isEqualTo(side(sync.book().asks()));
        });
    }

    private static TestEvents.Builder randomBook(final SplittableRandom random, final TestEvents.Builder event)
    {
        final long mid = 1_000 + random.nextInt(50);
        for (int i = random.nextInt(20); i > 0; i--)
        {
            event.bid(mid - 1 - random.nextInt(40), 1 + random.nextInt(9));
        }
        for (int i = random.nextInt(20); i > 0; i--)
        {
            event.ask(mid + random.nextInt(40), 1 + random.nextInt(9));
        }
        return event;
    }

    private static void apply(
        final BookEvent event, final Map<Long, Long> bids, final Map<Long, Long> asks)
    {
        for (int i = 0; i < event.bidCount(); i++)
        {
            set(bids, event.bidPrice(i), event.bidQuantity(i));
        }
        for (int i = 0; i < event.askCount(); i++)
        {
            set(asks, event.askPrice(i), event.askQuantity(i));
        }
    }

    private static void set(final Map<Long, Long> side, final long price, final long quantity)
    {
        if (quantity == 0)
        {
            side.remove(price);
        }
        else
        {
            side.put(price, quantity);
        }
    }

    private static TreeMap<Long, Long> side(final BookSide side)
    {
        final TreeMap<Long, Long> levels = new TreeMap<>();
        for (int level = 0; level < side.depth(); level++)
        {
            levels.put(side.priceAt(level), side.quantityAt(level));
        }
        return levels;
    }

    @Test
    void shouldVerifyTheChecksumOfSnapshotsAndDiffsAndResyncOnAMismatch()
    {
        final InstrumentSync sync = checksummed(0);
        sync.start();
        snapshot(0).bid(100, 2).ask(101, 3).checksum(2003).sendTo(sync);
        diff(0, 0).bid(100, 4).checksum(4003).sendTo(sync);
        diff(0, 0).ask(101, 5).checksum(4006).sendTo(sync); // ours is 4005
        diff(0, 0).ask(101, 6).checksum(4006).sendTo(sync); // dropped: STALE until the next snapshot

        assertThat(log).containsExactly("request STARTED", "AWAITING_SNAPSHOT->LIVE SNAPSHOT_APPLIED",
            "snapshot 0 b100x2 a101x3", "diff 0 b100x4", "LIVE->STALE CHECKSUM", "request CHECKSUM");
        assertThat(sync.book().bids().isEmpty()).isTrue();
        assertThat(counters(sync)).isEqualTo("diffsApplied=1 snapshotsApplied=1 diffsDropped=1 snapshotRequests=2 " +
            "checksumsVerified=3 checksumMismatches=1");
    }

    @Test
    void shouldRejectASnapshotWhoseChecksumDisagrees()
    {
        final InstrumentSync sync = checksummed(0);
        sync.start();
        snapshot(0).bid(100, 2).ask(101, 3).checksum(1).sendTo(sync);
        snapshot(0).bid(100, 2).ask(101, 3).checksum(2003).sendTo(sync);

        assertThat(log).containsExactly("request STARTED", "AWAITING_SNAPSHOT->STALE CHECKSUM",
            "request CHECKSUM", "STALE->LIVE SNAPSHOT_APPLIED", "snapshot 0 b100x2 a101x3");
    }

    @Test
    void shouldSkipTheChecksumWhenTheEventCarriesNone()
    {
        final InstrumentSync sync = checksummed(0);
        sync.start();
        snapshot(0).bid(100, 2).ask(101, 3).sendTo(sync);
        diff(0, 0).bid(100, 4).sendTo(sync);

        assertThat(sync.state()).isEqualTo(SyncState.LIVE);
        assertThat(sync.counters().checksumsVerified()).isZero();
    }

    @Test
    void shouldTruncateToTheBookDepthAndPassTheCutLevelsOnAsDeletionsAfterTheDiff()
    {
        final InstrumentSync sync = checksummed(2);
        sync.start();
        snapshot(0).bid(100, 1).bid(99, 1).ask(101, 1).ask(102, 1).sendTo(sync);
        log.clear();

        diff(0, 0).bid(100, 5).bid(99, 6).ask(100, 7).sendTo(sync); // ask 100 meets bid 100: crossed, and cuts 102
        assertThat(sync.state()).isEqualTo(SyncState.STALE);
        log.clear();

        snapshot(0).bid(100, 1).bid(99, 1).ask(101, 1).ask(102, 1).sendTo(sync);
        log.clear();
        diff(0, 0).bid(100, 2).bid(99, 3).bid(99, 3).ask(100, 0).sendTo(sync);
        diff(0, 0).bid(99, 0).sendTo(sync);
        diff(0, 0).bid(100, 0).bid(99, 4).sendTo(sync);
        diff(0, 0).ask(100, 0).ask(99, 0).bid(98, 1).bid(97, 1).ask(100, 1).sendTo(sync);
        // bids 99,98 after the last diff (97 cut); asks 100,101 (102 cut)

        assertThat(log).containsExactly(
            "diff 0 b100x2 b99x3 b99x3 a100x0",
            "diff 0 b99x0",
            "diff 0 b100x0 b99x4",
            "diff 0 b98x1 b97x1 a100x0 a99x0 a100x1",
            "diff 0 b97x0 a102x0");
        assertThat(sync.book().bids().depth()).isEqualTo(2);
        assertThat(sync.book().bids().priceAt(1)).isEqualTo(98);
        assertThat(sync.book().asks().priceAt(1)).isEqualTo(101);
        assertThat(sync.counters().levelsTruncated()).isEqualTo(3); // one in the crossed diff, two after
    }
}
