package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import dev.feedhandler.orderbook.testing.ReferenceSide;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model venue evolves a true book through random updates and publishes it as Binance spot or USD-M diffs and
 * snapshots; the stream reaches an {@link InstrumentSync} with dropped, duplicated and swapped diffs and with snapshots
 * answered late. Whenever the sync says its book is trustworthy, the book must equal the venue's truth as of the
 * book's last update id, at every depth; once the faults stop, it must end LIVE on the venue's current book.
 */
class InstrumentSyncPropertyTest
{
    @Test
    void shouldMatchTheVenueWheneverTrustworthyAndEndLiveDespiteFaultsOnSpot()
    {
        PropertyCheck.forAll("spot stream with faults", 100, random -> new Scenario(random, false, true).run());
    }

    @Test
    void shouldMatchTheVenueWheneverTrustworthyAndEndLiveDespiteFaultsOnUsdm()
    {
        PropertyCheck.forAll("USD-M stream with faults", 100, random -> new Scenario(random, true, true).run());
    }

    @Test
    void shouldSyncOnceAndNeverGapOnAFaultFreeStreamOnSpot()
    {
        PropertyCheck.forAll("spot stream without faults", 30, random -> new Scenario(random, false, false).run());
    }

    @Test
    void shouldSyncOnceAndNeverGapOnAFaultFreeStreamOnUsdm()
    {
        PropertyCheck.forAll("USD-M stream without faults", 30, random -> new Scenario(random, true, false).run());
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The venue's book as of one update id, best first. */
    record Truth(long[] bidPrices, long[] bidQuantities, long[] askPrices, long[] askQuantities)
    {
        static Truth of(final ReferenceSide bids, final ReferenceSide asks)
        {
            final long[][] b = toArrays(bids);
            final long[][] a = toArrays(asks);
            return new Truth(b[0], b[1], a[0], a[1]);
        }

        private static long[][] toArrays(final ReferenceSide side)
        {
            final long[] prices = new long[side.depth()];
            final long[] quantities = new long[side.depth()];
            int i = 0;
            for (final Map.Entry<Long, Long> level : side.levels().entrySet())
            {
                prices[i] = level.getKey();
                quantities[i++] = level.getValue();
            }
            return new long[][]{ prices, quantities };
        }

        void assertEquals(final OrderBook book, final String when)
        {
            assertSide(book.bids(), bidPrices, bidQuantities, when);
            assertSide(book.asks(), askPrices, askQuantities, when);
        }

        private static void assertSide(final BookSide side, final long[] prices, final long[] quantities, final String when)
        {
            side.validateInternalState();
            if (side.depth() != prices.length)
            {
                throw new AssertionError(when + ": " + (side.isBid() ? "bid" : "ask") + " depth " + side.depth() +
                    " but the venue has " + prices.length);
            }
            for (int i = 0; i < prices.length; i++)
            {
                if (side.priceAt(i) != prices[i] || side.quantityAt(i) != quantities[i])
                {
                    throw new AssertionError(when + ": " + (side.isBid() ? "bid" : "ask") + " level " + i + " is " +
                        side.priceAt(i) + "@" + side.quantityAt(i) + " but the venue has " + prices[i] + "@" +
                        quantities[i]);
                }
            }
        }
    }

    /** A published event: its bytes, and the id it brings the book to. */
    record Published(byte[] bytes, short type, long firstUpdateId, long lastUpdateId)
    {
        @Override
        public String toString()
        {
            return (type == BookEvent.TYPE_DIFF ? "diff " + firstUpdateId + ".." : "snapshot ") + lastUpdateId;
        }
    }

    /**
     * The matching engine: each update gets an id and changes a few levels of a book that never crosses (bids below
     * the mid, asks above it). Updates are grouped into diffs: on spot ids are consecutive (next U = previous u + 1);
     * on USD-M they jump (U = previous u + 1..1000, pu = previous u).
     */
    static final class Venue
    {
        private static final long MID = 5_000_000L;

        private final SplittableRandom random;
        private final boolean usdm;
        private final int width;
        private final int targetDepth;
        private final ReferenceSide bids = new ReferenceSide(true);
        private final ReferenceSide asks = new ReferenceSide(false);
        private final Map<Long, Truth> truthById = new HashMap<>();
        private final Map<Long, Long> changedBids = new LinkedHashMap<>();
        private final Map<Long, Long> changedAsks = new LinkedHashMap<>();
        private long lastId;
        private long lastPublishedId;
        private long diffFirstId = -1;
        private int updatesLeftInDiff;

        Venue(final SplittableRandom random, final boolean usdm)
        {
            this.random = random;
            this.usdm = usdm;
            this.width = 20 + random.nextInt(300);
            this.targetDepth = 1 + random.nextInt(width);
            for (int i = 0; i < targetDepth * 2; i++)
            {
                changeLevel();
            }
            changedBids.clear();
            changedAsks.clear();
            lastId = 1_000_000L + random.nextInt(1_000_000);
            lastPublishedId = lastId;
            truthById.put(lastId, Truth.of(bids, asks));
        }

        long lastPublishedId()
        {
            return lastPublishedId;
        }

        long lastId()
        {
            return lastId;
        }

        Truth truthAt(final long updateId)
        {
            return truthById.get(updateId);
        }

        /** One engine update; returns the diff it completes, or null. */
        Published update()
        {
            if (diffFirstId < 0)
            {
                lastId += usdm ? 1 + random.nextInt(1_000) : 1;
                diffFirstId = lastId;
                updatesLeftInDiff = 1 + random.nextInt(6);
            }
            else
            {
                lastId += usdm ? 1 + random.nextInt(3) : 1;
            }
            for (int changes = 1 + random.nextInt(3); changes > 0; changes--)
            {
                changeLevel();
            }
            if (--updatesLeftInDiff > 0)
            {
                return null;
            }
            final Published diff = encode(BookEvent.TYPE_DIFF, diffFirstId, lastId, lastPublishedId, changedBids,
                changedAsks);
            changedBids.clear();
            changedAsks.clear();
            diffFirstId = -1;
            lastPublishedId = lastId;
            truthById.put(lastId, Truth.of(bids, asks));
            return diff;
        }

        /** The whole book as of the last update, possibly in the middle of a diff not yet published. */
        Published snapshot()
        {
            truthById.putIfAbsent(lastId, Truth.of(bids, asks));
            return encode(BookEvent.TYPE_SNAPSHOT, lastId, lastId, BookEvent.NULL_ID, bids.levels(), asks.levels());
        }

        private void changeLevel()
        {
            final boolean isBid = random.nextBoolean();
            final ReferenceSide side = isBid ? bids : asks;
            final boolean delete = !side.isEmpty() && random.nextInt(100) < (side.depth() > targetDepth ? 55 : 20);
            long distance = random.nextBoolean() ? 1 + random.nextInt(Math.min(10, width)) : 1 + random.nextInt(width);
            if (delete && random.nextInt(10) < 7)
            {
                // Mostly delete a level that exists; otherwise one that may not (normal on Binance).
                distance = Math.abs(side.existingPriceNear(isBid ? MID - distance : MID + distance) - MID);
            }
            final long price = isBid ? MID - distance : MID + distance;
            final long quantity = delete ? 0 : 1 + random.nextInt(random.nextBoolean() ? 10 : 1_000_000);
            side.set(price, quantity);
            (isBid ? changedBids : changedAsks).put(price, quantity);
        }

        private Published encode(
            final short type,
            final long firstUpdateId,
            final long lastUpdateId,
            final long prevUpdateId,
            final Map<Long, Long> bidLevels,
            final Map<Long, Long> askLevels)
        {
            final long[][] bidArray = shuffled(bidLevels);
            final long[][] askArray = shuffled(askLevels);
            final boolean asksFirst = random.nextInt(4) == 0;
            final byte[] bytes = new byte[BookEvent.lengthFor(bidArray.length + askArray.length)];
            final BookEvent event = new BookEvent().wrapForWrite(new UnsafeBuffer(bytes), 0)
                .resetHeader(InstrumentSyncTest.INSTRUMENT_ID, type)
                .flags(asksFirst ? BookEvent.FLAG_ASKS_FIRST : 0)
                .firstUpdateId(firstUpdateId)
                .lastUpdateId(lastUpdateId)
                .prevUpdateId(usdm ? prevUpdateId : BookEvent.NULL_ID)
                .bidCount(bidArray.length)
                .askCount(askArray.length);
            int index = 0;
            for (final long[] level : asksFirst ? askArray : bidArray)
            {
                event.putLevel(index++, level[0], level[1]);
            }
            for (final long[] level : asksFirst ? bidArray : askArray)
            {
                event.putLevel(index++, level[0], level[1]);
            }
            return new Published(bytes, type, firstUpdateId, lastUpdateId);
        }

        private long[][] shuffled(final Map<Long, Long> levels)
        {
            final long[][] array = new long[levels.size()][];
            int i = 0;
            for (final Map.Entry<Long, Long> level : levels.entrySet())
            {
                array[i++] = new long[]{ level.getKey(), level.getValue() };
            }
            for (int j = array.length - 1; j > 0; j--)
            {
                final int k = random.nextInt(j + 1);
                final long[] swap = array[j];
                array[j] = array[k];
                array[k] = swap;
            }
            return array;
        }
    }

    /** An event on its way to the sync, delivered once {@code due} diffs have been published. */
    record Scheduled(Published event, long due, long sequence)
    {
    }

    /**
     * Drives the venue, the faulty wire and the sync, checking the book after every delivered event and every book
     * update the sync reports.
     */
    static final class Scenario implements SyncListener
    {
        private static final int MAX_SETTLE_UPDATES = 20_000;

        private final SplittableRandom random;
        private final Venue venue;
        private final InstrumentSync sync;
        private final boolean withFaults;
        private final int faultDiffs;
        private final int dropPercentX10;
        private final int duplicatePercentX10;
        private final int swapPercentX10;
        private final int maxSnapshotDelay;
        private final PriorityQueue<Scheduled> wire = new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.sequence, b.sequence));
        private final List<Integer> snapshotTimers = new ArrayList<>();
        private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[1 << 16]);
        private long published;
        private long sequence;
        private Published held;
        private boolean faultsOn;
        private int faultsInjected;
        private boolean droppedWhileLive;
        private long snapshotRequestsSeen;
        private long diffUpdatesSeen;
        private long snapshotUpdatesSeen;
        private int eventsDelivered;
        /** Transitions seen, by "FROM->TO REASON": for looking at what a run exercised. */
        final Map<String, Integer> transitions = new TreeMap<>();

        Scenario(final SplittableRandom random, final boolean usdm, final boolean withFaults)
        {
            this.random = random;
            this.venue = new Venue(random, usdm);
            this.withFaults = withFaults;
            this.faultDiffs = 150 + random.nextInt(350);
            final int intensity = withFaults ? new int[]{ 5, 10, 30, 80 }[random.nextInt(4)] : 0;
            this.dropPercentX10 = intensity;
            this.duplicatePercentX10 = intensity;
            this.swapPercentX10 = intensity;
            final int pendingMaxBytes = new int[]{ 16 * 1024, 64 * 1024, 1024 * 1024 }[random.nextInt(3)];
            // Keep a late snapshot's worth of the largest diffs (18 levels) well inside the buffer, so that the sync
            // can always converge once the faults stop.
            final int largestEntry = 8 + BookEvent.lengthFor(18);
            this.maxSnapshotDelay = Math.min(random.nextInt(31), pendingMaxBytes / 3 / largestEntry);
            final int initialLevels = 1 + random.nextInt(64);
            final BookLimits limits = new BookLimits(initialLevels, 4_096, 256, pendingMaxBytes);
            final SequenceRule rule = usdm ? BinanceUsdmSequenceRule.INSTANCE : BinanceSpotSequenceRule.INSTANCE;
            this.sync = new InstrumentSync(InstrumentSyncTest.INSTRUMENT_ID, rule, this, limits);
        }

        void run()
        {
            sync.start();
            faultsOn = withFaults;
            while (published < faultDiffs)
            {
                step();
            }
            faultsOn = false;
            int updates = 0;
            while (!settled())
            {
                if (++updates > MAX_SETTLE_UPDATES)
                {
                    throw new AssertionError("did not settle LIVE after the faults stopped: " + describe());
                }
                step();
            }

            final SyncCounters counters = sync.counters();
            assertThat(sync.state()).as(describe()).isEqualTo(SyncState.LIVE);
            assertThat(sync.book().lastUpdateId()).as(describe()).isEqualTo(venue.lastPublishedId());
            venue.truthAt(venue.lastPublishedId()).assertEquals(sync.book(), "at the end");
            assertThat(counters.snapshotRequests()).isEqualTo(snapshotRequestsSeen);
            assertThat(counters.diffsApplied()).isEqualTo(diffUpdatesSeen);
            assertThat(counters.snapshotsApplied()).isGreaterThanOrEqualTo(snapshotUpdatesSeen);
            if (droppedWhileLive)
            {
                assertThat(counters.gaps()).as("gaps after a diff was dropped while LIVE").isPositive();
            }
            if (faultsInjected == 0)
            {
                assertThat(counters.gaps()).as(describe()).isZero();
                assertThat(counters.duplicates()).as(describe()).isZero();
                assertThat(counters.snapshotsTooOld()).as(describe()).isZero();
                assertThat(counters.snapshotRequests()).as(describe()).isEqualTo(1);
                assertThat(counters.snapshotsApplied()).as(describe()).isEqualTo(1);
                assertThat(counters.unexpectedSnapshots()).as(describe()).isZero();
                assertThat(counters.diffsApplied() + counters.diffsDropped()).as(describe()).isEqualTo(published);
                assertThat(counters.bufferOverflows()).as(describe()).isZero();
            }
            assertThat(counters.crossedBooks()).isZero();
            assertThat(counters.booksTooDeep()).isZero();
        }

        private boolean settled()
        {
            return sync.state() == SyncState.LIVE && wire.isEmpty() && held == null && snapshotTimers.isEmpty() &&
                sync.book().lastUpdateId() == venue.lastPublishedId();
        }

        /** One venue update; answer snapshot requests whose time has come; publish and deliver what is due. */
        private void step()
        {
            final Published diff = venue.update();
            for (int i = snapshotTimers.size() - 1; i >= 0; i--)
            {
                final int left = snapshotTimers.get(i) - 1;
                if (left == 0)
                {
                    snapshotTimers.remove(i);
                    final Published snapshot = venue.snapshot();
                    schedule(snapshot, published + random.nextInt(maxSnapshotDelay + 1));
                    if (faultsOn && random.nextInt(1_000) < duplicatePercentX10 * 3)
                    {
                        // Answered twice: the copy arrives later, when the book may be LIVE or broken again.
                        faultsInjected++;
                        schedule(snapshot, published + random.nextInt(3 * maxSnapshotDelay + 10));
                    }
                }
                else
                {
                    snapshotTimers.set(i, left);
                }
            }
            if (diff != null)
            {
                published++;
                route(diff);
            }
            deliverDue();
        }

        private void route(final Published diff)
        {
            final Published previouslyHeld = held;
            held = null;
            final int roll = faultsOn ? random.nextInt(1_000) : 1_000;
            if (roll < dropPercentX10)
            {
                faultsInjected++;
                droppedWhileLive |= sync.state() == SyncState.LIVE;
            }
            else if (roll < dropPercentX10 + duplicatePercentX10)
            {
                faultsInjected++;
                schedule(diff, published);
                schedule(diff, published + random.nextInt(6));
            }
            else if (roll < dropPercentX10 + duplicatePercentX10 + swapPercentX10 && previouslyHeld == null)
            {
                faultsInjected++;
                held = diff;
            }
            else
            {
                schedule(diff, published);
            }
            if (previouslyHeld != null)
            {
                schedule(previouslyHeld, published);
            }
        }

        private void schedule(final Published event, final long due)
        {
            wire.add(new Scheduled(event, due, sequence++));
        }

        private void deliverDue()
        {
            while (!wire.isEmpty() && wire.peek().due <= published)
            {
                deliver(wire.poll().event);
            }
        }

        private void deliver(final Published event)
        {
            final int offset = random.nextInt(64);
            scratch.setMemory(0, offset, (byte)0x33);
            scratch.putBytes(offset, event.bytes);
            sync.onEvent(scratch, offset);
            eventsDelivered++;
            checkBook("after delivering " + event);
        }

        private void checkBook(final String when)
        {
            final OrderBook book = sync.book();
            if (sync.state().isTrustworthy())
            {
                final Truth truth = venue.truthAt(book.lastUpdateId());
                if (truth == null)
                {
                    throw new AssertionError(when + ": " + sync.state() + " at id " + book.lastUpdateId() +
                        ", which the venue never reached");
                }
                truth.assertEquals(book, when + " in " + sync.state() + " at " + book.lastUpdateId());
                if (book.isCrossed())
                {
                    throw new AssertionError(when + ": crossed");
                }
            }
            else if (!book.bids().isEmpty() || !book.asks().isEmpty() || book.lastUpdateId() != 0)
            {
                throw new AssertionError(when + ": " + sync.state() + " but the book is not empty");
            }
        }

        public void onStateChange(final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
        {
            if (from == to)
            {
                throw new AssertionError("state change to the same state " + to);
            }
            transitions.merge(from + "->" + to + " " + reason, 1, Integer::sum);
        }

        public void onSnapshotRequest(final int instrumentId, final SyncReason reason)
        {
            snapshotRequestsSeen++;
            // The venue answers after at least one more engine update, so the snapshot's id is one a diff carries.
            snapshotTimers.add(1 + random.nextInt(3));
        }

        public void onBookUpdated(final OrderBook book, final BookEvent event)
        {
            if (event.type() == BookEvent.TYPE_DIFF)
            {
                diffUpdatesSeen++;
            }
            else
            {
                snapshotUpdatesSeen++;
            }
            final Truth truth = venue.truthAt(event.lastUpdateId());
            if (truth == null)
            {
                throw new AssertionError("book updated to id " + event.lastUpdateId() + ", which the venue never reached");
            }
            truth.assertEquals(book, "on update to " + event.lastUpdateId());
        }

        private String describe()
        {
            return "state " + sync.state() + ", book at " + sync.book().lastUpdateId() + ", venue published up to " +
                venue.lastPublishedId() + " (engine at " + venue.lastId() + "), " + published + " diffs published, " +
                eventsDelivered + " events delivered, " + faultsInjected + " faults, pending " + sync.pendingDiffs() +
                ", wire " + wire.size() + ", snapshot timers " + snapshotTimers + ", counters " +
                InstrumentSyncTest.counters(sync) + ", max snapshot delay " + maxSnapshotDelay +
                Arrays.toString(new int[]{ dropPercentX10, duplicatePercentX10, swapPercentX10 });
        }
    }
}
