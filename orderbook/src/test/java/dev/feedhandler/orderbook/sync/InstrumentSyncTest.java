package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.OrderBook;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.feedhandler.orderbook.sync.RecordingSyncListener.diffApplied;
import static dev.feedhandler.orderbook.sync.RecordingSyncListener.snapshotApplied;
import static dev.feedhandler.orderbook.sync.RecordingSyncListener.snapshotRequest;
import static dev.feedhandler.orderbook.sync.RecordingSyncListener.stateChange;
import static dev.feedhandler.orderbook.sync.SyncReason.BAD_INPUT;
import static dev.feedhandler.orderbook.sync.SyncReason.BOOK_TOO_DEEP;
import static dev.feedhandler.orderbook.sync.SyncReason.BRIDGED;
import static dev.feedhandler.orderbook.sync.SyncReason.BUFFER_OVERFLOW;
import static dev.feedhandler.orderbook.sync.SyncReason.CROSSED_BOOK;
import static dev.feedhandler.orderbook.sync.SyncReason.GAP;
import static dev.feedhandler.orderbook.sync.SyncReason.RECONNECT;
import static dev.feedhandler.orderbook.sync.SyncReason.SNAPSHOT_APPLIED;
import static dev.feedhandler.orderbook.sync.SyncReason.SNAPSHOT_TOO_OLD;
import static dev.feedhandler.orderbook.sync.SyncReason.STARTED;
import static dev.feedhandler.orderbook.sync.SyncState.AWAITING_SNAPSHOT;
import static dev.feedhandler.orderbook.sync.SyncState.BRIDGING;
import static dev.feedhandler.orderbook.sync.SyncState.LIVE;
import static dev.feedhandler.orderbook.sync.SyncState.STALE;
import static dev.feedhandler.orderbook.sync.TestEvents.diff;
import static dev.feedhandler.orderbook.sync.TestEvents.snapshot;
import static dev.feedhandler.orderbook.sync.TestEvents.topOfBook;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenarios for {@link InstrumentSync} on the Binance spot and USD-M rules, asserting the exact list of state changes,
 * snapshot requests and book updates, the exact counters, and the book.
 */
class InstrumentSyncTest
{
    static final int INSTRUMENT_ID = 7;

    private final RecordingSyncListener listener = new RecordingSyncListener(INSTRUMENT_ID);

    // ------------------------------------------------------------------------------------------------ start, buffer

    @Test
    void shouldRequestASnapshotOnStart()
    {
        final InstrumentSync sync = spot();

        sync.start();

        assertThat(listener.drain()).containsExactly(snapshotRequest(STARTED));
        assertThat(sync.state()).isEqualTo(AWAITING_SNAPSHOT);
        assertThat(sync.instrumentId()).isEqualTo(INSTRUMENT_ID);
        assertThat(sync.book().instrumentId()).isEqualTo(INSTRUMENT_ID);
        assertThat(counters(sync)).isEqualTo("snapshotRequests=1");
    }

    @Test
    void shouldBufferDiffsThatArriveBeforeTheSnapshot()
    {
        final InstrumentSync sync = spot();
        sync.start();
        listener.drain();

        diff(101, 103).bid(100, 1).sendTo(sync);
        diff(104, 104).ask(102, 1).sendTo(sync);

        assertThat(listener.drain()).isEmpty();
        assertThat(sync.pendingDiffs()).isEqualTo(2);
        assertThat(sync.state()).isEqualTo(AWAITING_SNAPSHOT);
        assertEmpty(sync.book());
        assertThat(counters(sync)).isEqualTo("snapshotRequests=1");
    }

    // ------------------------------------------------------------------------------------------------ bridging

    @Test
    void shouldDropDiffsUpToAndIncludingLAndBridgeWithTheDiffStartingAtLPlusOneOnSpot()
    {
        final InstrumentSync sync = spot();
        sync.start();
        diff(95, 98).bid(100, 9).sendTo(sync);
        diff(99, 102).bid(100, 8).sendTo(sync);
        diff(103, 105).bid(100, 7).ask(101, 3).sendTo(sync);
        diff(106, 106).bid(99, 4).sendTo(sync);

        snapshot(102).bid(100, 5).ask(101, 2).ask(102, 6).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            snapshotRequest(STARTED),
            snapshotApplied(102),
            diffApplied(105),
            stateChange(AWAITING_SNAPSHOT, LIVE, BRIDGED),
            diffApplied(106));
        assertThat(sync.state()).isEqualTo(LIVE);
        assertThat(sync.pendingDiffs()).isZero();
        assertThat(sync.book().lastUpdateId()).isEqualTo(106);
        assertLevels(sync.book().bids(), 100, 7, 99, 4);
        assertLevels(sync.book().asks(), 101, 3, 102, 6);
        assertThat(counters(sync)).isEqualTo("diffsApplied=2 snapshotsApplied=1 diffsDropped=2 snapshotRequests=1");
    }

    @Test
    void shouldBridgeWithADiffThatStraddlesLPlusOneOnSpot()
    {
        final InstrumentSync sync = spot();
        sync.start();
        diff(100, 104).bid(100, 7).sendTo(sync);

        snapshot(102).bid(100, 5).ask(101, 2).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            snapshotRequest(STARTED),
            snapshotApplied(102),
            diffApplied(104),
            stateChange(AWAITING_SNAPSHOT, LIVE, BRIDGED));
        assertLevels(sync.book().bids(), 100, 7);
        assertThat(counters(sync)).isEqualTo("diffsApplied=1 snapshotsApplied=1 snapshotRequests=1");
    }

    @Test
    void shouldKeepTheDiffEndingAtLAndBridgeWithItOnUsdm()
    {
        final InstrumentSync sync = usdm();
        sync.start();
        diff(80, 90).prev(70).bid(100, 9).sendTo(sync);
        diff(95, 102).prev(90).bid(100, 8).sendTo(sync);
        diff(110, 120).prev(102).ask(101, 1).sendTo(sync);

        snapshot(102).bid(100, 5).ask(101, 2).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            snapshotRequest(STARTED),
            snapshotApplied(102),
            diffApplied(102),
            stateChange(AWAITING_SNAPSHOT, LIVE, BRIDGED),
            diffApplied(120));
        assertThat(sync.book().lastUpdateId()).isEqualTo(120);
        assertLevels(sync.book().bids(), 100, 8);
        assertLevels(sync.book().asks(), 101, 1);
        assertThat(counters(sync)).isEqualTo("diffsApplied=2 snapshotsApplied=1 diffsDropped=1 snapshotRequests=1");
    }

    @Test
    void shouldBridgeWithTheDiffContainingLOnUsdm()
    {
        final InstrumentSync sync = usdm();
        sync.start();
        diff(95, 101).prev(90).bid(100, 9).sendTo(sync);
        diff(102, 130).prev(101).bid(100, 8).sendTo(sync);

        snapshot(110).bid(100, 5).ask(101, 2).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            snapshotRequest(STARTED),
            snapshotApplied(110),
            diffApplied(130),
            stateChange(AWAITING_SNAPSHOT, LIVE, BRIDGED));
        assertLevels(sync.book().bids(), 100, 8);
        assertThat(counters(sync)).isEqualTo("diffsApplied=1 snapshotsApplied=1 diffsDropped=1 snapshotRequests=1");
    }

    @Test
    void shouldTreatTheSnapshotAsTooOldOnUsdmWhenTheFirstKeptDiffStartsAfterL()
    {
        final InstrumentSync sync = usdm();
        sync.start();
        diff(103, 105).prev(102).bid(100, 1).sendTo(sync);

        snapshot(102).bid(100, 5).ask(101, 2).sendTo(sync);

        assertThat(listener.drain()).containsExactly(snapshotRequest(STARTED), snapshotRequest(SNAPSHOT_TOO_OLD));
        assertThat(sync.state()).isEqualTo(AWAITING_SNAPSHOT);
        assertThat(sync.pendingDiffs()).isEqualTo(1);
        assertEmpty(sync.book());
        assertThat(counters(sync)).isEqualTo("snapshotRequests=2 snapshotsTooOld=1");
    }

    @Test
    void shouldWaitInBridgingWhenTheSnapshotCoversEveryBufferedDiffThenGoLiveOnTheFirstBridgingDiff()
    {
        final InstrumentSync sync = spot();
        sync.start();
        diff(95, 100).bid(100, 9).sendTo(sync);

        snapshot(100).bid(100, 5).ask(101, 2).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            snapshotRequest(STARTED),
            stateChange(AWAITING_SNAPSHOT, BRIDGING, SNAPSHOT_APPLIED),
            snapshotApplied(100));
        assertThat(sync.state()).isEqualTo(BRIDGING);
        assertThat(sync.pendingDiffs()).isZero();
        assertThat(sync.book().lastUpdateId()).isEqualTo(100);
        assertLevels(sync.book().bids(), 100, 5);
        assertLevels(sync.book().asks(), 101, 2);
        assertThat(counters(sync)).isEqualTo("snapshotsApplied=1 diffsDropped=1 snapshotRequests=1");

        diff(98, 100).bid(100, 9).sendTo(sync);

        assertThat(listener.drain()).isEmpty();
        assertThat(sync.state()).isEqualTo(BRIDGING);
        assertLevels(sync.book().bids(), 100, 5);

        diff(101, 103).bid(100, 6).sendTo(sync);

        assertThat(listener.drain()).containsExactly(diffApplied(103), stateChange(BRIDGING, LIVE, BRIDGED));
        assertThat(sync.state()).isEqualTo(LIVE);
        assertLevels(sync.book().bids(), 100, 6);
        assertThat(counters(sync)).isEqualTo("diffsApplied=1 snapshotsApplied=1 diffsDropped=2 snapshotRequests=1");
    }

    @Test
    void shouldBridgeFromBridgingWithTheDiffEndingAtLOnUsdm()
    {
        final InstrumentSync sync = usdm();
        sync.start();
        snapshot(102).bid(100, 5).ask(101, 2).sendTo(sync);
        listener.drain();

        diff(90, 101).prev(80).bid(100, 9).sendTo(sync);
        diff(95, 102).prev(90).bid(100, 8).sendTo(sync);

        assertThat(listener.drain()).containsExactly(diffApplied(102), stateChange(BRIDGING, LIVE, BRIDGED));
        assertLevels(sync.book().bids(), 100, 8);
        assertThat(counters(sync)).isEqualTo("diffsApplied=1 snapshotsApplied=1 diffsDropped=1 snapshotRequests=1");
    }

    @Test
    void shouldGoStaleOnADiffThatDoesNotBridgeWhileBridgingAndResyncFromIt()
    {
        final InstrumentSync sync = spot();
        sync.start();
        snapshot(100).bid(100, 5).ask(101, 2).sendTo(sync);
        listener.drain();

        diff(102, 104).bid(100, 1).sendTo(sync);

        assertThat(listener.drain()).containsExactly(stateChange(BRIDGING, STALE, GAP), snapshotRequest(GAP));
        assertThat(sync.state()).isEqualTo(STALE);
        assertThat(sync.pendingDiffs()).isEqualTo(1);
        assertEmpty(sync.book());
        assertThat(counters(sync)).isEqualTo("snapshotsApplied=1 gaps=1 snapshotRequests=2");

        snapshot(103).bid(100, 4).ask(101, 2).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            snapshotApplied(103),
            diffApplied(104),
            stateChange(STALE, LIVE, BRIDGED));
        assertLevels(sync.book().bids(), 100, 1);
        assertThat(counters(sync)).isEqualTo("diffsApplied=1 snapshotsApplied=2 gaps=1 snapshotRequests=2");
    }

    // ------------------------------------------------------------------------------------------------ too old

    @Test
    void shouldKeepBufferedDiffsAndAskAgainWhenTheSnapshotIsTooOldThenSyncFromANewerOne()
    {
        final InstrumentSync sync = spot();
        sync.start();
        diff(96, 99).bid(100, 9).sendTo(sync);
        diff(105, 107).bid(100, 1).sendTo(sync);
        diff(108, 110).bid(100, 2).sendTo(sync);

        snapshot(100).bid(100, 9).ask(101, 9).sendTo(sync);

        assertThat(listener.drain()).containsExactly(snapshotRequest(STARTED), snapshotRequest(SNAPSHOT_TOO_OLD));
        assertThat(sync.state()).isEqualTo(AWAITING_SNAPSHOT);
        assertThat(sync.pendingDiffs()).isEqualTo(2);
        assertEmpty(sync.book());
        // A snapshot found too old is not counted as applied.
        assertThat(counters(sync)).isEqualTo("diffsDropped=1 snapshotRequests=2 snapshotsTooOld=1");

        snapshot(106).bid(100, 5).ask(101, 2).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            snapshotApplied(106),
            diffApplied(107),
            stateChange(AWAITING_SNAPSHOT, LIVE, BRIDGED),
            diffApplied(110));
        assertThat(sync.state()).isEqualTo(LIVE);
        assertThat(sync.book().lastUpdateId()).isEqualTo(110);
        assertLevels(sync.book().bids(), 100, 2);
        assertLevels(sync.book().asks(), 101, 2);
        assertThat(counters(sync)).isEqualTo(
            "diffsApplied=2 snapshotsApplied=1 diffsDropped=1 snapshotRequests=2 snapshotsTooOld=1");
    }

    @Test
    void shouldDropBufferedDiffsAheadOfTheOneThatBridgesInsteadOfCallingEverySnapshotTooOld()
    {
        final InstrumentSync sync = spot();
        sync.start();
        diff(5_000, 5_001).bid(100, 7).sendTo(sync); // out of order: a corrupt id, or another stream's
        diff(101, 103).bid(100, 1).sendTo(sync);
        diff(104, 106).bid(100, 2).sendTo(sync);

        snapshot(100).bid(100, 9).ask(101, 9).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            snapshotRequest(STARTED),
            snapshotApplied(100),
            diffApplied(103),
            stateChange(AWAITING_SNAPSHOT, LIVE, BRIDGED),
            diffApplied(106));
        assertThat(sync.book().lastUpdateId()).isEqualTo(106);
        assertLevels(sync.book().bids(), 100, 2);
        assertThat(counters(sync)).isEqualTo("diffsApplied=2 snapshotsApplied=1 diffsDropped=1 snapshotRequests=1");
    }

    @Test
    void shouldDropAnOutOfOrderBufferedDiffWhenTheSnapshotIsTooOldSoTheNextSnapshotCanSync()
    {
        final InstrumentSync sync = spot();
        sync.start();
        diff(5_000, 5_001).bid(100, 7).sendTo(sync); // out of order: a corrupt id, or another stream's
        diff(101, 103).bid(100, 1).sendTo(sync);

        snapshot(103).bid(100, 1).ask(101, 9).sendTo(sync);

        assertThat(listener.drain()).containsExactly(snapshotRequest(STARTED), snapshotRequest(SNAPSHOT_TOO_OLD));
        assertThat(sync.pendingDiffs()).as("only the run after the break is kept").isEqualTo(1);

        diff(104, 106).bid(100, 2).sendTo(sync);
        snapshot(106).bid(100, 2).ask(101, 9).sendTo(sync);
        diff(107, 107).bid(100, 3).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            stateChange(AWAITING_SNAPSHOT, BRIDGING, SNAPSHOT_APPLIED),
            snapshotApplied(106),
            diffApplied(107),
            stateChange(BRIDGING, LIVE, BRIDGED));
        assertLevels(sync.book().bids(), 100, 3);
        assertThat(counters(sync)).isEqualTo(
            "diffsApplied=1 snapshotsApplied=1 diffsDropped=3 snapshotRequests=2 snapshotsTooOld=1");
    }

    // ------------------------------------------------------------------------------------------------ gaps

    @Test
    void shouldClearTheBookKeepTheGapDiffAndResyncAfterAGapWhileLive()
    {
        final InstrumentSync sync = liveSpotAt103();

        diff(107, 109).bid(100, 7).sendTo(sync);

        assertThat(listener.drain()).containsExactly(stateChange(LIVE, STALE, GAP), snapshotRequest(GAP));
        assertThat(sync.state()).isEqualTo(STALE);
        assertThat(sync.pendingDiffs()).isEqualTo(1);
        assertEmpty(sync.book());
        assertThat(counters(sync)).isEqualTo("diffsApplied=1 snapshotsApplied=1 gaps=1 snapshotRequests=2");

        diff(110, 112).ask(101, 4).sendTo(sync);

        assertThat(listener.drain()).isEmpty();
        assertThat(sync.pendingDiffs()).isEqualTo(2);

        snapshot(108).bid(100, 6).ask(101, 3).ask(102, 1).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            snapshotApplied(108),
            diffApplied(109),
            stateChange(STALE, LIVE, BRIDGED),
            diffApplied(112));
        assertThat(sync.book().lastUpdateId()).isEqualTo(112);
        assertLevels(sync.book().bids(), 100, 7);
        assertLevels(sync.book().asks(), 101, 4, 102, 1);
        assertThat(counters(sync)).isEqualTo("diffsApplied=3 snapshotsApplied=2 gaps=1 snapshotRequests=2");
    }

    @Test
    void shouldGoStaleOnADiffWhosePreviousIdIsNotTheLastAppliedOnUsdm()
    {
        final InstrumentSync sync = usdm();
        sync.start();
        snapshot(100).bid(100, 5).ask(101, 2).sendTo(sync);
        diff(95, 120).prev(90).bid(100, 6).sendTo(sync);
        diff(500, 510).prev(120).bid(99, 1).sendTo(sync);
        listener.drain();

        // Starts right after the last id, as spot would require, but chains from another event.
        diff(511, 515).prev(509).bid(98, 1).sendTo(sync);

        assertThat(listener.drain()).containsExactly(stateChange(LIVE, STALE, GAP), snapshotRequest(GAP));
        assertEmpty(sync.book());
        assertThat(sync.pendingDiffs()).isEqualTo(1);
        assertThat(counters(sync)).isEqualTo("diffsApplied=2 snapshotsApplied=1 gaps=1 snapshotRequests=2");
    }

    @Test
    void shouldKeepTheDiffsFromAGapInsideTheBufferAndResyncFromThem()
    {
        final InstrumentSync sync = spot();
        sync.start();
        diff(101, 103).bid(100, 1).sendTo(sync);
        diff(104, 106).bid(100, 2).sendTo(sync);
        diff(104, 106).bid(100, 2).sendTo(sync);
        diff(110, 112).bid(100, 3).sendTo(sync);
        diff(113, 115).bid(100, 4).sendTo(sync);

        snapshot(102).bid(100, 9).ask(101, 9).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            snapshotRequest(STARTED),
            snapshotApplied(102),
            diffApplied(103),
            stateChange(AWAITING_SNAPSHOT, LIVE, BRIDGED),
            diffApplied(106),
            stateChange(LIVE, STALE, GAP),
            snapshotRequest(GAP));
        assertThat(sync.state()).isEqualTo(STALE);
        assertThat(sync.pendingDiffs()).isEqualTo(2);
        assertEmpty(sync.book());
        assertThat(counters(sync)).isEqualTo(
            "diffsApplied=2 snapshotsApplied=1 duplicates=1 gaps=1 snapshotRequests=2");

        snapshot(111).bid(100, 8).ask(101, 9).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            snapshotApplied(111),
            diffApplied(112),
            stateChange(STALE, LIVE, BRIDGED),
            diffApplied(115));
        assertThat(sync.book().lastUpdateId()).isEqualTo(115);
        assertLevels(sync.book().bids(), 100, 4);
        assertLevels(sync.book().asks(), 101, 9);
        assertThat(counters(sync)).isEqualTo(
            "diffsApplied=4 snapshotsApplied=2 duplicates=1 gaps=1 snapshotRequests=2");
    }

    // ------------------------------------------------------------------------------------------------ duplicates

    @Test
    void shouldApplyADiffThatOverlapsTheLastAppliedAndReachesPastIt()
    {
        // A second connection (planned rotation) batches differently: 102..105 overlaps 103 and reaches past it.
        final InstrumentSync sync = liveSpotAt103();

        diff(102, 105).bid(100, 7).ask(102, 3).sendTo(sync);
        diff(106, 106).bid(100, 8).sendTo(sync);

        assertThat(listener.drain()).containsExactly(diffApplied(105), diffApplied(106));
        assertThat(sync.state()).isEqualTo(LIVE);
        assertThat(sync.book().lastUpdateId()).isEqualTo(106);
        assertLevels(sync.book().bids(), 100, 8, 99, 1);
        assertThat(sync.counters().overlaps()).isEqualTo(1);
        assertThat(sync.counters().gaps()).isZero();
    }

    @Test
    void shouldTreatAnOverlappingUsdmDiffThatReachesPastTheLastAppliedAsBridging()
    {
        final InstrumentSync sync = usdm();
        sync.start();
        snapshot(100).bid(100, 1).ask(101, 1).sendTo(sync);
        diff(99, 104).prev(98).bid(100, 2).sendTo(sync);
        listener.drain();

        // Another connection's batch: starts before 104, ends after it, its pu names a different predecessor.
        diff(103, 110).prev(102).bid(100, 3).sendTo(sync);

        assertThat(listener.drain()).containsExactly(diffApplied(110));
        assertThat(sync.state()).isEqualTo(LIVE);
        assertThat(sync.counters().overlaps()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreAndCountDuplicatesWhileLive()
    {
        final InstrumentSync sync = liveSpotAt103();
        diff(104, 106).bid(100, 6).sendTo(sync);
        listener.drain();

        diff(104, 106).bid(100, 999).sendTo(sync);
        diff(101, 103).ask(101, 999).sendTo(sync);
        diff(106, 106).bid(98, 999).sendTo(sync);

        assertThat(listener.drain()).isEmpty();
        assertThat(sync.state()).isEqualTo(LIVE);
        assertThat(sync.book().lastUpdateId()).isEqualTo(106);
        assertLevels(sync.book().bids(), 100, 6, 99, 1);
        assertLevels(sync.book().asks(), 101, 2);
        assertThat(counters(sync)).isEqualTo("diffsApplied=2 snapshotsApplied=1 duplicates=3 snapshotRequests=1");
    }

    @Test
    void shouldIgnoreAndCountDuplicatesWhileLiveOnUsdm()
    {
        final InstrumentSync sync = usdm();
        sync.start();
        snapshot(100).bid(100, 5).ask(101, 2).sendTo(sync);
        diff(95, 120).prev(90).bid(100, 6).sendTo(sync);
        diff(500, 510).prev(120).bid(99, 1).sendTo(sync);
        listener.drain();

        diff(500, 510).prev(120).bid(99, 999).sendTo(sync);
        diff(95, 120).prev(90).bid(100, 999).sendTo(sync);

        assertThat(listener.drain()).isEmpty();
        assertThat(sync.state()).isEqualTo(LIVE);
        assertThat(sync.book().lastUpdateId()).isEqualTo(510);
        assertLevels(sync.book().bids(), 100, 6, 99, 1);
        assertThat(counters(sync)).isEqualTo("diffsApplied=2 snapshotsApplied=1 duplicates=2 snapshotRequests=1");
    }

    // ------------------------------------------------------------------------------------------------ broken books

    @Test
    void shouldGoStaleWhenADiffCrossesTheBook()
    {
        final InstrumentSync sync = liveSpotAt103();

        diff(104, 104).bid(101, 1).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            stateChange(LIVE, STALE, CROSSED_BOOK),
            snapshotRequest(CROSSED_BOOK));
        assertThat(sync.state()).isEqualTo(STALE);
        assertThat(sync.pendingDiffs()).isZero();
        assertEmpty(sync.book());
        assertThat(counters(sync)).isEqualTo("diffsApplied=1 snapshotsApplied=1 snapshotRequests=2 crossedBooks=1");
    }

    @Test
    void shouldRejectACrossedSnapshotButKeepTheBufferedDiffsForTheNextOne()
    {
        final InstrumentSync sync = spot();
        sync.start();
        diff(99, 101).bid(100, 1).sendTo(sync);

        snapshot(100).bid(101, 1).ask(101, 1).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            snapshotRequest(STARTED),
            stateChange(AWAITING_SNAPSHOT, STALE, CROSSED_BOOK),
            snapshotRequest(CROSSED_BOOK));
        assertThat(sync.state()).isEqualTo(STALE);
        assertThat(sync.pendingDiffs()).isEqualTo(1);
        assertEmpty(sync.book());
        assertThat(counters(sync)).isEqualTo("snapshotRequests=2 crossedBooks=1");

        snapshot(100).bid(100, 5).ask(102, 1).sendTo(sync);

        assertThat(sync.state()).isEqualTo(LIVE);
        assertLevels(sync.book().bids(), 100, 1);
    }

    @Test
    void shouldGoStaleWhenADiffWouldMakeASideDeeperThanMaxLevels()
    {
        final InstrumentSync sync = new InstrumentSync(
            INSTRUMENT_ID, BinanceSpotSequenceRule.INSTANCE, listener, new BookLimits(1, 3, 64, 4096));
        sync.start();
        snapshot(100).bid(100, 1).bid(99, 1).bid(98, 1).ask(101, 1).sendTo(sync);
        diff(101, 101).bid(100, 2).sendTo(sync);
        listener.drain();

        diff(102, 102).bid(97, 1).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            stateChange(LIVE, STALE, BOOK_TOO_DEEP),
            snapshotRequest(BOOK_TOO_DEEP));
        assertThat(sync.state()).isEqualTo(STALE);
        assertEmpty(sync.book());
        assertThat(counters(sync)).isEqualTo("diffsApplied=1 snapshotsApplied=1 snapshotRequests=2 booksTooDeep=1");
    }

    @Test
    void shouldRejectASnapshotDeeperThanMaxLevels()
    {
        final InstrumentSync sync = new InstrumentSync(
            INSTRUMENT_ID, BinanceSpotSequenceRule.INSTANCE, listener, new BookLimits(1, 3, 64, 4096));
        sync.start();

        snapshot(100).bid(100, 1).ask(101, 1).ask(102, 1).ask(103, 1).ask(104, 1).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            snapshotRequest(STARTED),
            stateChange(AWAITING_SNAPSHOT, STALE, BOOK_TOO_DEEP),
            snapshotRequest(BOOK_TOO_DEEP));
        assertEmpty(sync.book());
        assertThat(counters(sync)).isEqualTo("snapshotRequests=2 booksTooDeep=1");
    }

    // ------------------------------------------------------------------------------------------------ overflow

    @Test
    void shouldStartOverFromTheOverflowingDiffAndAskForASnapshotWhenTheBufferOverflows()
    {
        final InstrumentSync sync = smallBufferSpot();
        sync.start();
        for (int i = 0; i < 5; i++)
        {
            diff(101 + i, 101 + i).bid(100, 1 + i).sendTo(sync);
        }
        assertThat(sync.pendingDiffs()).isEqualTo(5);
        assertThat(listener.drain()).containsExactly(snapshotRequest(STARTED));

        diff(106, 106).bid(100, 6).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            stateChange(AWAITING_SNAPSHOT, STALE, BUFFER_OVERFLOW),
            snapshotRequest(BUFFER_OVERFLOW));
        assertThat(sync.state()).isEqualTo(STALE);
        assertThat(sync.pendingDiffs()).isEqualTo(1);
        assertThat(counters(sync)).isEqualTo("diffsDropped=5 snapshotRequests=2 bufferOverflows=1");

        snapshot(105).bid(100, 5).ask(101, 1).sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            snapshotApplied(105),
            diffApplied(106),
            stateChange(STALE, LIVE, BRIDGED));
        assertLevels(sync.book().bids(), 100, 6);
        assertThat(counters(sync)).isEqualTo(
            "diffsApplied=1 snapshotsApplied=1 diffsDropped=5 snapshotRequests=2 bufferOverflows=1");
    }

    @Test
    void shouldDropADiffLargerThanTheWholeBuffer()
    {
        final InstrumentSync sync = smallBufferSpot();
        sync.start();
        diff(101, 101).bid(100, 1).sendTo(sync);
        listener.drain();
        final TestEvents.Builder huge = diff(102, 102);
        for (int i = 0; i < 40; i++)
        {
            huge.bid(100 - i, 1);
        }

        huge.sendTo(sync);

        assertThat(listener.drain()).containsExactly(
            stateChange(AWAITING_SNAPSHOT, STALE, BUFFER_OVERFLOW),
            snapshotRequest(BUFFER_OVERFLOW));
        assertThat(sync.pendingDiffs()).isZero();
        assertThat(counters(sync)).isEqualTo("diffsDropped=2 snapshotRequests=2 bufferOverflows=1");
    }

    @Test
    void shouldAcceptAsManyDiffsAfterAnOverflowAsBefore()
    {
        final InstrumentSync sync = smallBufferSpot();
        sync.start();
        for (int i = 0; i < 6; i++)
        {
            diff(101 + i, 101 + i).bid(100, 1 + i).sendTo(sync);
        }
        listener.drain();

        for (int i = 6; i < 10; i++)
        {
            diff(101 + i, 101 + i).bid(100, 1 + i).sendTo(sync);
        }

        assertThat(listener.drain()).isEmpty();
        assertThat(sync.pendingDiffs()).isEqualTo(5);
        assertThat(counters(sync)).isEqualTo("diffsDropped=5 snapshotRequests=2 bufferOverflows=1");
    }

    // ------------------------------------------------------------------------------------------------ unexpected input

    @Test
    void shouldIgnoreAndCountASnapshotWhileLive()
    {
        final InstrumentSync sync = liveSpotAt103();

        snapshot(200).bid(100, 999).ask(101, 999).sendTo(sync);

        assertThat(listener.drain()).isEmpty();
        assertThat(sync.state()).isEqualTo(LIVE);
        assertThat(sync.book().lastUpdateId()).isEqualTo(103);
        assertLevels(sync.book().bids(), 100, 5, 99, 1);
        assertLevels(sync.book().asks(), 101, 2);
        assertThat(counters(sync)).isEqualTo(
            "diffsApplied=1 snapshotsApplied=1 snapshotRequests=1 unexpectedSnapshots=1");
    }

    @Test
    void shouldIgnoreAndCountASnapshotWhileBridging()
    {
        final InstrumentSync sync = spot();
        sync.start();
        snapshot(100).bid(100, 5).ask(101, 2).sendTo(sync);
        listener.drain();

        snapshot(90).bid(100, 999).sendTo(sync);

        assertThat(listener.drain()).isEmpty();
        assertThat(sync.state()).isEqualTo(BRIDGING);
        assertThat(sync.book().lastUpdateId()).isEqualTo(100);
        assertLevels(sync.book().bids(), 100, 5);
        assertThat(counters(sync)).isEqualTo("snapshotsApplied=1 snapshotRequests=1 unexpectedSnapshots=1");
    }

    @Test
    void shouldGoStaleAndCountBadInputWhileLive()
    {
        final InstrumentSync sync = liveSpotAt103();

        sync.markStale(BAD_INPUT);

        assertThat(listener.drain()).containsExactly(stateChange(LIVE, STALE, BAD_INPUT), snapshotRequest(BAD_INPUT));
        assertThat(sync.state()).isEqualTo(STALE);
        assertEmpty(sync.book());
        assertThat(counters(sync)).isEqualTo("diffsApplied=1 snapshotsApplied=1 snapshotRequests=2 badInputs=1");
    }

    @Test
    void shouldOnlyCountBadInputWhileAwaitingSnapshot()
    {
        final InstrumentSync sync = spot();
        sync.start();
        diff(101, 103).bid(100, 1).sendTo(sync);
        listener.drain();

        sync.markStale(BAD_INPUT);

        assertThat(listener.drain()).isEmpty();
        assertThat(sync.state()).isEqualTo(AWAITING_SNAPSHOT);
        assertThat(sync.pendingDiffs()).isEqualTo(1);
        assertThat(counters(sync)).isEqualTo("snapshotRequests=1 badInputs=1");
    }

    @Test
    void shouldGoStaleOnReconnectWhileBridgingWithoutCountingBadInput()
    {
        final InstrumentSync sync = spot();
        sync.start();
        snapshot(100).bid(100, 5).ask(101, 2).sendTo(sync);
        listener.drain();

        sync.markStale(RECONNECT);

        assertThat(listener.drain()).containsExactly(stateChange(BRIDGING, STALE, RECONNECT), snapshotRequest(RECONNECT));
        assertEmpty(sync.book());
        assertThat(counters(sync)).isEqualTo("snapshotsApplied=1 snapshotRequests=2");
    }

    @Test
    void shouldIgnoreEventsThatAreNeitherDiffsNorSnapshots()
    {
        final InstrumentSync sync = liveSpotAt103();

        topOfBook(104).bid(100, 999).ask(101, 999).sendTo(sync);

        assertThat(listener.drain()).isEmpty();
        assertThat(sync.book().lastUpdateId()).isEqualTo(103);
        assertLevels(sync.book().bids(), 100, 5, 99, 1);
        assertThat(counters(sync)).isEqualTo("diffsApplied=1 snapshotsApplied=1 snapshotRequests=1");
    }

    @Test
    void shouldApplyEventsWhoseAskBlockComesFirst()
    {
        final InstrumentSync sync = spot();
        sync.start();
        diff(101, 101).asksFirst().bid(99, 3).ask(102, 0).ask(103, 4).sendTo(sync);
        snapshot(100).asksFirst().bid(100, 5).ask(101, 2).ask(102, 6).sendTo(sync);

        assertThat(sync.state()).isEqualTo(LIVE);
        assertLevels(sync.book().bids(), 100, 5, 99, 3);
        assertLevels(sync.book().asks(), 101, 2, 103, 4);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private InstrumentSync spot()
    {
        return new InstrumentSync(INSTRUMENT_ID, BinanceSpotSequenceRule.INSTANCE, listener, new BookLimits(4, 64, 64, 4096));
    }

    private InstrumentSync usdm()
    {
        return new InstrumentSync(INSTRUMENT_ID, BinanceUsdmSequenceRule.INSTANCE, listener, new BookLimits(4, 64, 64, 4096));
    }

    /**
     * 64-byte initial, 560-byte maximum buffer: five one-level diffs (96 bytes, 104 with their entry header) fit, a
     * sixth does not.
     */
    private InstrumentSync smallBufferSpot()
    {
        return new InstrumentSync(INSTRUMENT_ID, BinanceSpotSequenceRule.INSTANCE, listener, new BookLimits(4, 64, 64, 560));
    }

    /** Spot, LIVE at 103 with bids 100@5, 99@1 and asks 101@2; the listener drained; 1 diff and 1 snapshot applied. */
    private InstrumentSync liveSpotAt103()
    {
        final InstrumentSync sync = spot();
        sync.start();
        snapshot(100).bid(100, 5).ask(101, 2).sendTo(sync);
        diff(101, 103).bid(99, 1).sendTo(sync);
        assertThat(sync.state()).isEqualTo(LIVE);
        listener.drain();
        return sync;
    }

    private static void assertEmpty(final OrderBook book)
    {
        assertThat(book.bids().depth()).as("bid depth").isZero();
        assertThat(book.asks().depth()).as("ask depth").isZero();
        assertThat(book.lastUpdateId()).as("lastUpdateId").isZero();
    }

    /** Levels best first as price, quantity pairs. */
    private static void assertLevels(final BookSide side, final long... pricesAndQuantities)
    {
        final List<String> actual = new ArrayList<>();
        for (int i = 0; i < side.depth(); i++)
        {
            actual.add(side.priceAt(i) + "@" + side.quantityAt(i));
        }
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < pricesAndQuantities.length; i += 2)
        {
            expected.add(pricesAndQuantities[i] + "@" + pricesAndQuantities[i + 1]);
        }
        assertThat(actual).as(side.isBid() ? "bids" : "asks").isEqualTo(expected);
    }

    /** Every non-zero counter as {@code name=value}, in declaration order. */
    static String counters(final InstrumentSync sync)
    {
        final SyncCounters c = sync.counters();
        final StringBuilder text = new StringBuilder();
        append(text, "diffsApplied", c.diffsApplied());
        append(text, "snapshotsApplied", c.snapshotsApplied());
        append(text, "diffsDropped", c.diffsDropped());
        append(text, "duplicates", c.duplicates());
        append(text, "gaps", c.gaps());
        append(text, "snapshotRequests", c.snapshotRequests());
        append(text, "bufferOverflows", c.bufferOverflows());
        append(text, "snapshotsTooOld", c.snapshotsTooOld());
        append(text, "crossedBooks", c.crossedBooks());
        append(text, "booksTooDeep", c.booksTooDeep());
        append(text, "unexpectedSnapshots", c.unexpectedSnapshots());
        append(text, "badInputs", c.badInputs());
        append(text, "checksumsVerified", c.checksumsVerified());
        append(text, "checksumMismatches", c.checksumMismatches());
        append(text, "resets", c.resets());
        append(text, "levelsTruncated", c.levelsTruncated());
        return text.toString();
    }

    private static void append(final StringBuilder text, final String name, final long value)
    {
        if (value != 0)
        {
            text.append(text.length() == 0 ? "" : " ").append(name).append('=').append(value);
        }
    }
}
