package dev.feedhandler.protocol.consumer;

import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.protocol.sbe.BookDeltaDecoder;
import dev.feedhandler.protocol.sbe.InstrumentState;
import dev.feedhandler.protocol.sbe.MessageHeaderDecoder;
import dev.feedhandler.protocol.sbe.StatusReason;
import dev.feedhandler.protocol.sbe.Venue;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.feedhandler.protocol.consumer.Wire.definition;
import static dev.feedhandler.protocol.consumer.Wire.delta;
import static dev.feedhandler.protocol.consumer.Wire.heartbeat;
import static dev.feedhandler.protocol.consumer.Wire.snapshot;
import static dev.feedhandler.protocol.consumer.Wire.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BookConsumer} merge rules (docs/protocol.md, "Rebuilding books"), one scenario per test: the exact messages
 * on each stream, then the exact book, trust, counters and listener events.
 */
class BookConsumerTest
{
    private static final long E1 = 1_000;
    private static final long E2 = 2_000;
    private static final int MAX_INSTRUMENTS = 8;
    /** Messages are delivered at this offset of a scratch buffer that is scribbled over afterwards. */
    private static final int OFFSET = 40;

    private final Recorder listener = new Recorder();
    private BookConsumer consumer = new BookConsumer(listener, new ConsumerConfig(MAX_INSTRUMENTS, 4, 1000, 64 * 1024));
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[8192]);

    // ---------------------------------------------------------------------------------------------- late join

    @Test
    void shouldKeepALateJoinersBookUntrustedUntilASnapshotThenTrustItAndMatchIt()
    {
        onDelta(delta(E1, 10, 0).venueSequence(1001).bid(100, 6).encode());

        final ConsumerBook book = consumer.book(0);
        assertThat(book).isNotNull();
        assertThat(book.isSynced()).isFalse();
        assertThat(book.isTrustworthy()).isFalse();
        assertThat(consumer.epoch()).isEqualTo(E1);
        assertThat(consumer.counters().deltasBuffered()).isEqualTo(1);
        assertThat(consumer.counters().newSessions()).as("joining is not a restart").isZero();

        onSnapshot(status(E1, 40, 0, InstrumentState.LIVE, StatusReason.NONE));
        onSnapshot(snapshot(E1, 41, 0, 10).venueSequence(1001).bid(100, 6).bid(99, 3).ask(101, 2).encode());

        assertThat(book.isTrustworthy()).isTrue();
        assertThat(render(book)).isEqualTo("100x6 99x3 | 101x2");
        assertThat(book.venueSequence()).isEqualTo(1001);
        assertThat(listener.events).containsExactly("updated 0", "trust 0 true");
        assertThat(listener.lastIngressTimeNs).as("a snapshot has no venue ingress time")
            .isEqualTo(BookDeltaDecoder.ingressTimeNsNullValue());
        assertThat(listener.lastPublishTimeNs).isEqualTo(41);
        assertThat(consumer.counters().deltasSkipped()).as("delta 10 is in the snapshot").isEqualTo(1);
        assertThat(consumer.counters().snapshotsApplied()).isEqualTo(1);

        onDelta(delta(E1, 11, 0).venueSequence(1002).ask(101, 0).ask(102, 4).encode());

        assertThat(render(book)).isEqualTo("100x6 99x3 | 102x4");
        assertThat(book.venueSequence()).isEqualTo(1002);
        assertThat(listener.events).containsExactly("updated 0", "trust 0 true", "updated 0");
    }

    @Test
    void shouldIgnoreAJoinSnapshotThatEndsBeforeTheSequenceBeforeTheFirstMessageSeen()
    {
        onDelta(heartbeat(E1, 10, 10));

        onSnapshot(snapshot(E1, 1, 0, 8).bid(100, 1).ask(101, 1).encode());
        assertThat(consumer.counters().snapshotsTooOld()).isEqualTo(1);
        assertThat(consumer.book(0).isSynced()).isFalse();

        onSnapshot(snapshot(E1, 2, 0, 9).bid(100, 2).ask(101, 1).encode());
        assertThat(consumer.book(0).isTrustworthy()).isTrue();
        assertThat(render(consumer.book(0))).isEqualTo("100x2 | 101x1");
    }

    @Test
    void shouldApplyDeltasBufferedWhileWaitingThatAreNewerThanTheSnapshot()
    {
        onDelta(delta(E1, 10, 0).venueSequence(1001).bid(100, 6).encode());
        onDelta(delta(E1, 11, 0).venueSequence(1002).bid(98, 1).encode());
        onDelta(delta(E1, 12, 0).venueSequence(1003).ask(101, 0).ask(103, 7).encode());
        assertThat(consumer.counters().deltasBuffered()).isEqualTo(3);
        assertThat(consumer.book(0).isTrustworthy()).isFalse();

        onSnapshot(snapshot(E1, 1, 0, 10).venueSequence(1001).bid(100, 6).bid(99, 3).ask(101, 2).encode());

        final ConsumerBook book = consumer.book(0);
        assertThat(render(book)).isEqualTo("100x6 99x3 98x1 | 103x7");
        assertThat(book.venueSequence()).isEqualTo(1003);
        assertThat(book.isTrustworthy()).isTrue();
        assertThat(consumer.counters().deltasSkipped()).isEqualTo(1);
        assertThat(listener.events).containsExactly("updated 0", "trust 0 true");
    }

    @Test
    void shouldSkipDeltasAlreadyContainedInASnapshotThatArrivedBeforeThem()
    {
        onDelta(heartbeat(E1, 10, 10));
        onSnapshot(snapshot(E1, 1, 0, 13).venueSequence(1003).bid(100, 6).ask(103, 7).encode());
        assertThat(consumer.book(0).isTrustworthy()).isTrue();
        listener.events.clear();

        onDelta(delta(E1, 11, 0).venueSequence(1001).bid(100, 9).encode());
        onDelta(delta(E1, 12, 0).venueSequence(1002).bid(99, 9).encode());
        onDelta(delta(E1, 13, 0).venueSequence(1003).ask(104, 9).encode());

        assertThat(consumer.counters().deltasSkipped()).isEqualTo(3);
        assertThat(render(consumer.book(0))).isEqualTo("100x6 | 103x7");
        assertThat(listener.events).isEmpty();

        onDelta(delta(E1, 14, 0).venueSequence(1004).bid(100, 1).encode());

        assertThat(render(consumer.book(0))).isEqualTo("100x1 | 103x7");
        assertThat(consumer.book(0).venueSequence()).isEqualTo(1004);
        assertThat(listener.events).containsExactly("updated 0");
    }

    @Test
    void shouldIgnoreASnapshotForABookAlreadyInSync()
    {
        syncBooks(10, 0);

        onSnapshot(snapshot(E1, 2, 0, 10).bid(1, 1).ask(2, 1).encode());

        assertThat(consumer.counters().snapshotsUnneeded()).isEqualTo(1);
        assertThat(render(consumer.book(0))).isEqualTo("100x5 99x3 | 101x2");
        assertThat(listener.events).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------- delta gaps

    @Test
    void shouldUnsyncEveryBookOnADeltaStreamGapAndIgnoreSnapshotsThatEndBeforeIt()
    {
        syncBooks(10, 0, 1);
        onDelta(delta(E1, 11, 0).bid(100, 7).encode());
        listener.events.clear();

        onDelta(delta(E1, 15, 1).bid(97, 1).encode());

        assertThat(listener.events).containsExactlyInAnyOrder("trust 0 false", "trust 1 false", "gap delta 12..14");
        assertThat(consumer.book(0).isTrustworthy()).isFalse();
        assertThat(consumer.book(1).isTrustworthy()).isFalse();
        assertThat(consumer.counters().deltaGaps()).isEqualTo(1);
        assertThat(consumer.counters().deltaGapMessages()).isEqualTo(3);
        assertThat(consumer.lastDeltaSequence()).isEqualTo(15);

        onSnapshot(snapshot(E1, 3, 1, 13).bid(100, 1).ask(101, 1).encode());
        assertThat(consumer.counters().snapshotsTooOld()).isEqualTo(1);
        assertThat(consumer.book(1).isTrustworthy()).isFalse();

        onSnapshot(snapshot(E1, 4, 1, 14).bid(100, 2).ask(101, 2).encode());
        assertThat(consumer.book(1).isTrustworthy()).isTrue();
        assertThat(render(consumer.book(1))).as("snapshot, then buffered delta 15").isEqualTo("100x2 97x1 | 101x2");
        assertThat(consumer.book(0).isTrustworthy()).as("each book needs its own snapshot").isFalse();

        onSnapshot(snapshot(E1, 5, 0, 15).bid(100, 3).ask(101, 3).encode());
        assertThat(consumer.book(0).isTrustworthy()).isTrue();
        assertThat(render(consumer.book(0))).isEqualTo("100x3 | 101x3");
    }

    @Test
    void shouldRequireABookFirstSeenAfterAGapToGetASnapshotIncludingTheGap()
    {
        onDelta(heartbeat(E1, 10, 10));
        onDelta(heartbeat(E1, 20, 20));
        assertThat(listener.events).containsExactly("gap delta 11..19");

        onDelta(delta(E1, 21, 3).bid(100, 1).encode());
        onSnapshot(snapshot(E1, 1, 3, 18).bid(99, 1).ask(101, 1).encode());
        assertThat(consumer.counters().snapshotsTooOld()).isEqualTo(1);

        onSnapshot(snapshot(E1, 2, 3, 19).bid(99, 1).ask(101, 1).encode());
        assertThat(consumer.book(3).isTrustworthy()).isTrue();
        assertThat(render(consumer.book(3))).isEqualTo("100x1 99x1 | 101x1");
    }

    @Test
    void shouldCountARepeatedDeltaSequenceAsStaleAndNotApplyIt()
    {
        syncBooks(10, 0);
        onDelta(delta(E1, 11, 0).bid(100, 7).encode());

        onDelta(delta(E1, 11, 0).bid(100, 8).encode());
        onDelta(delta(E1, 9, 0).bid(100, 9).encode());

        assertThat(consumer.counters().staleMessages()).isEqualTo(2);
        assertThat(render(consumer.book(0))).isEqualTo("100x7 99x3 | 101x2");
        assertThat(consumer.lastDeltaSequence()).isEqualTo(11);
        assertThat(consumer.counters().deltaGaps()).isZero();
    }

    @Test
    void shouldNeedASnapshotIncludingTheDeltaThatOverflowedTheBuffer()
    {
        consumer = new BookConsumer(listener, new ConsumerConfig(MAX_INSTRUMENTS, 4, 1000, 200));
        onDelta(delta(E1, 10, 0).bid(100, 1).encode());
        onDelta(delta(E1, 11, 0).bid(99, 1).encode());
        onDelta(delta(E1, 12, 0).bid(98, 1).encode());
        assertThat(consumer.counters().bufferOverflows()).as("a 1-level delta takes 104 of 200 bytes").isEqualTo(1);

        onSnapshot(snapshot(E1, 1, 0, 10).bid(100, 1).ask(101, 1).encode());
        assertThat(consumer.counters().snapshotsTooOld()).isEqualTo(1);

        onSnapshot(snapshot(E1, 2, 0, 11).bid(100, 1).bid(99, 1).ask(101, 1).encode());
        assertThat(consumer.book(0).isTrustworthy()).isTrue();
        assertThat(render(consumer.book(0))).isEqualTo("100x1 99x1 98x1 | 101x1");
    }

    // ---------------------------------------------------------------------------------------------- multi-part

    @Test
    void shouldHideAMultiPartUpdateUntilItsLastPart()
    {
        syncBooks(10, 0);

        onDelta(delta(E1, 11, 0).part(0, 3).venueSequence(2000).bid(100, 1).bid(99, 2).encode());
        final ConsumerBook book = consumer.book(0);
        assertThat(book.isSynced()).isTrue();
        assertThat(book.isTrustworthy()).isFalse();
        onDelta(delta(E1, 12, 0).part(1, 3).venueSequence(2000).bid(98, 3).ask(101, 4).encode());
        assertThat(book.isTrustworthy()).isFalse();
        assertThat(listener.events).as("no notification between parts").isEmpty();

        onDelta(delta(E1, 13, 0).part(2, 3).venueSequence(2000).times(77, 88).ask(102, 5).encode());

        assertThat(book.isTrustworthy()).isTrue();
        assertThat(listener.events).containsExactly("updated 0");
        assertThat(listener.lastIngressTimeNs).isEqualTo(77);
        assertThat(listener.lastPublishTimeNs).isEqualTo(88);
        assertThat(render(book)).isEqualTo("100x1 99x2 98x3 | 101x4 102x5");
        assertThat(book.venueSequence()).isEqualTo(2000);
    }

    @Test
    void shouldResyncWhenAPartOfAMultiPartUpdateIsLost()
    {
        syncBooks(10, 0);

        onDelta(delta(E1, 11, 0).part(0, 3).bid(100, 1).encode());
        onDelta(delta(E1, 13, 0).part(2, 3).ask(102, 5).encode());

        final ConsumerBook book = consumer.book(0);
        assertThat(book.isSynced()).isFalse();
        assertThat(listener.events).as("the listener last heard the book was trusted")
            .containsExactlyInAnyOrder("gap delta 12..12", "trust 0 false");

        onSnapshot(snapshot(E1, 2, 0, 13).bid(100, 1).bid(99, 2).ask(101, 4).ask(102, 5).encode());
        assertThat(book.isTrustworthy()).isTrue();
        assertThat(render(book)).isEqualTo("100x1 99x2 | 101x4 102x5");
    }

    /**
     * The delta stream delivered two of three parts when the snapshot stream delivered a snapshot that ends before
     * them: the book is synced mid-update, so nothing is announced until the last part, which makes it trustworthy.
     */
    @Test
    void shouldAnnounceABookSyncedMidUpdateOnlyOnceItsLastPartMakesItTrustworthy()
    {
        onDelta(heartbeat(E1, 10, 10));
        onDelta(delta(E1, 11, 0).part(0, 3).venueSequence(700).bid(100, 1).encode());
        onDelta(delta(E1, 12, 0).part(1, 3).venueSequence(700).bid(99, 2).encode());

        onSnapshot(snapshot(E1, 1, 0, 10).venueSequence(699).bid(100, 5).ask(101, 2).encode());

        final ConsumerBook book = consumer.book(0);
        assertThat(book.isSynced()).isTrue();
        assertThat(book.isTrustworthy()).as("mid-update").isFalse();

        onDelta(delta(E1, 13, 0).part(2, 3).venueSequence(700).ask(102, 3).encode());

        assertThat(book.isTrustworthy()).isTrue();
        assertThat(render(book)).isEqualTo("100x1 99x2 | 101x2 102x3");
        assertThat(listener.events).as("one update when complete, and the trust it gained")
            .containsExactly("updated 0", "trust 0 true");
        assertThat(listener.trusted(0)).isTrue();
    }

    @Test
    void shouldResyncABookThatADeltaWouldMakeDeeperThanMaxLevels()
    {
        consumer = new BookConsumer(listener, new ConsumerConfig(MAX_INSTRUMENTS, 2, 3, 64 * 1024));
        syncBooks(10, 0);

        onDelta(delta(E1, 11, 0).bid(98, 1).bid(97, 1).encode());

        assertThat(consumer.book(0).isSynced()).isFalse();
        assertThat(listener.events).containsExactly("trust 0 false");

        onSnapshot(snapshot(E1, 2, 0, 10).bid(100, 1).ask(101, 1).encode());
        assertThat(consumer.counters().snapshotsTooOld()).as("must include the delta that broke it").isEqualTo(1);
        onSnapshot(snapshot(E1, 3, 0, 11).bid(100, 1).bid(98, 1).bid(97, 1).ask(101, 1).encode());
        assertThat(consumer.book(0).isTrustworthy()).isTrue();
        assertThat(render(consumer.book(0))).isEqualTo("100x1 98x1 97x1 | 101x1");
    }

    // ---------------------------------------------------------------------------------------------- status

    @Test
    void shouldDistrustABookThePublisherCallsStaleUntilThePublishersNextSnapshot()
    {
        syncBooks(10, 0);

        onDelta(status(E1, 11, 0, InstrumentState.STALE, StatusReason.GAP));

        final ConsumerBook book = consumer.book(0);
        assertThat(listener.events).containsExactly("trust 0 false");
        assertThat(book.isTrustworthy()).isFalse();
        assertThat(book.isSynced()).isFalse();
        assertThat(book.publisherState()).isEqualTo(InstrumentState.STALE);
        assertThat(book.publisherReason()).isEqualTo(StatusReason.GAP);

        onDelta(delta(E1, 12, 0).bid(98, 1).encode());
        assertThat(render(book)).as("deltas wait for the snapshot").isEqualTo("100x5 99x3 | 101x2");

        onSnapshot(snapshot(E1, 2, 0, 10).bid(100, 7).ask(101, 1).encode());
        assertThat(consumer.counters().snapshotsTooOld()).as("a snapshot from before the break").isEqualTo(1);
        assertThat(book.isTrustworthy()).isFalse();

        onSnapshot(snapshot(E1, 3, 0, 11).bid(100, 7).ask(101, 1).encode());
        assertThat(book.isTrustworthy()).isTrue();
        assertThat(book.publisherState()).as("snapshots are only of LIVE books").isEqualTo(InstrumentState.LIVE);
        assertThat(render(book)).isEqualTo("100x7 98x1 | 101x1");
        assertThat(listener.events).containsExactly("trust 0 false", "updated 0", "trust 0 true");
    }

    @Test
    void shouldTakeThePublisherAsLiveAfterASnapshotThatIncludesItsLastStatus()
    {
        onDelta(heartbeat(E1, 10, 10));
        onDelta(status(E1, 11, 0, InstrumentState.STALE, StatusReason.CROSSED_BOOK));
        onDelta(status(E1, 12, 0, InstrumentState.LIVE, StatusReason.BRIDGED));
        onDelta(status(E1, 13, 0, InstrumentState.RESYNCING, StatusReason.GAP));

        onSnapshot(snapshot(E1, 1, 0, 13).bid(100, 1).ask(101, 1).encode());
        assertThat(consumer.book(0).isTrustworthy()).isTrue();

        onDelta(status(E1, 14, 0, InstrumentState.HALTED, StatusReason.HALTED));
        assertThat(consumer.book(0).isTrustworthy()).isFalse();
        assertThat(consumer.book(0).publisherState()).isEqualTo(InstrumentState.HALTED);
    }

    @Test
    void shouldIgnoreADeltaStreamStatusOlderThanTheAppliedSnapshot()
    {
        onDelta(heartbeat(E1, 10, 10));
        onSnapshot(snapshot(E1, 1, 0, 20).bid(100, 1).ask(101, 1).encode());
        listener.events.clear();

        onDelta(status(E1, 11, 0, InstrumentState.STALE, StatusReason.GAP));

        final ConsumerBook book = consumer.book(0);
        assertThat(book.isTrustworthy()).isTrue();
        assertThat(book.publisherState()).isEqualTo(InstrumentState.LIVE);
        assertThat(listener.events).isEmpty();

        for (long sequence = 12; sequence <= 20; sequence++)
        {
            onDelta(heartbeat(E1, sequence, sequence));
        }
        onDelta(status(E1, 21, 0, InstrumentState.STALE, StatusReason.CROSSED_BOOK));

        assertThat(book.isTrustworthy()).isFalse();
        assertThat(book.publisherState()).isEqualTo(InstrumentState.STALE);
        assertThat(book.publisherReason()).isEqualTo(StatusReason.CROSSED_BOOK);
        assertThat(listener.events).containsExactly("trust 0 false");
    }

    @Test
    void shouldTakeASnapshotStreamStatusOnlyUntilTheDeltaStreamGaveOne()
    {
        onDelta(heartbeat(E1, 10, 10));
        onSnapshot(status(E1, 1, 0, InstrumentState.STALE, StatusReason.BOOK_TOO_DEEP));
        assertThat(consumer.book(0).publisherState()).isEqualTo(InstrumentState.STALE);
        assertThat(consumer.book(0).publisherReason()).isEqualTo(StatusReason.BOOK_TOO_DEEP);

        onDelta(status(E1, 11, 0, InstrumentState.RESYNCING, StatusReason.GAP));
        onSnapshot(status(E1, 2, 0, InstrumentState.SYNCING, StatusReason.STARTED));

        assertThat(consumer.book(0).publisherState()).isEqualTo(InstrumentState.RESYNCING);
        assertThat(consumer.book(0).publisherReason()).isEqualTo(StatusReason.GAP);
    }

    /**
     * The listener's idea of a book's trust must follow {@link ConsumerBook#isTrustworthy()} outside multi-part
     * updates: here a synced late joiner (no delta-stream status yet) reads a snapshot-stream status that runs ahead
     * of the delta stream.
     */
    @Test
    void shouldTellTheListenerWheneverTrustChangesOutsideAMultiPartUpdate()
    {
        onDelta(heartbeat(E1, 10, 10));
        onSnapshot(snapshot(E1, 1, 0, 10).bid(100, 1).ask(101, 1).encode());
        assertThat(listener.trusted(0)).isTrue();

        onSnapshot(status(E1, 2, 0, InstrumentState.STALE, StatusReason.GAP));

        assertThat(listener.trusted(0)).as("the last trust change the listener heard of")
            .isEqualTo(consumer.book(0).isTrustworthy());
    }

    // ---------------------------------------------------------------------------------------------- epochs

    @Test
    void shouldRebuildEveryBookAfterANewEpochAndIgnoreTheOldEpochsStragglers()
    {
        syncBooks(10, 0);

        onDelta(delta(E2, 1, 0).bid(50, 1).encode());

        final ConsumerBook book = consumer.book(0);
        assertThat(listener.events).containsExactlyInAnyOrder("trust 0 false", "session 1000->2000");
        assertThat(consumer.epoch()).isEqualTo(E2);
        assertThat(consumer.counters().newSessions()).isEqualTo(1);
        assertThat(book.isTrustworthy()).isFalse();
        assertThat(render(book)).as("emptied").isEqualTo(" | ");
        assertThat(consumer.lastDeltaSequence()).isEqualTo(1);

        onDelta(delta(E1, 11, 0).bid(100, 9).encode());
        onSnapshot(snapshot(E1, 2, 0, 11).bid(100, 9).ask(101, 9).encode());
        assertThat(consumer.counters().staleMessages()).isEqualTo(2);
        assertThat(consumer.epoch()).isEqualTo(E2);
        assertThat(consumer.lastDeltaSequence()).isEqualTo(1);
        assertThat(render(book)).isEqualTo(" | ");
        assertThat(book.isSynced()).isFalse();

        onSnapshot(snapshot(E2, 1, 0, 0).bid(49, 2).ask(51, 3).encode());
        assertThat(book.isTrustworthy()).isTrue();
        assertThat(render(book)).isEqualTo("50x1 49x2 | 51x3");
        assertThat(consumer.counters().deltaGaps()).as("a new epoch restarts sequences: no gap").isZero();
    }

    @Test
    void shouldIgnoreASnapshotStreamMessageOfANewerEpochUntilTheDeltaStreamMovesToIt()
    {
        onDelta(heartbeat(E1, 10, 10));

        onSnapshot(snapshot(E2, 1, 0, 5).bid(100, 1).ask(101, 1).encode());

        assertThat(consumer.counters().staleMessages()).isEqualTo(1);
        assertThat(consumer.epoch()).isEqualTo(E1);
        assertThat(consumer.book(0)).isNull();
    }

    // ---------------------------------------------------------------------------------------------- snapshot stream

    @Test
    void shouldAbandonASnapshotWithAGapMidwayAndApplyTheNextCompleteOne()
    {
        onDelta(heartbeat(E1, 10, 10));

        onSnapshot(snapshot(E1, 5, 0, 10).part(0, 3).totals(2, 1).bid(100, 5).encode());
        onSnapshot(snapshot(E1, 7, 0, 10).part(2, 3).totals(2, 1).ask(101, 2).encode());

        assertThat(listener.events).containsExactly("gap snapshot 6..6");
        assertThat(consumer.counters().snapshotsIncomplete()).isEqualTo(1);
        assertThat(consumer.counters().snapshotGaps()).isEqualTo(1);
        assertThat(consumer.counters().snapshotsApplied()).isZero();
        assertThat(consumer.book(0).isSynced()).isFalse();

        onSnapshot(snapshot(E1, 8, 0, 10).part(0, 3).totals(2, 1).bid(100, 5).encode());
        onSnapshot(snapshot(E1, 9, 0, 10).part(1, 3).totals(2, 1).bid(99, 3).encode());
        onSnapshot(snapshot(E1, 10, 0, 10).part(2, 3).totals(2, 1).ask(101, 2).encode());

        assertThat(consumer.book(0).isTrustworthy()).isTrue();
        assertThat(render(consumer.book(0))).isEqualTo("100x5 99x3 | 101x2");
        assertThat(consumer.counters().snapshotsIncomplete()).isEqualTo(1);
    }

    @Test
    void shouldKeepSyncedBooksTrustedThroughASnapshotStreamGap()
    {
        syncBooks(10, 0);

        onSnapshot(heartbeat(E1, 9, 10));

        assertThat(listener.events).containsExactly("gap snapshot 2..8");
        assertThat(consumer.book(0).isTrustworthy()).isTrue();
        assertThat(consumer.lastSnapshotSequence()).isEqualTo(9);
    }

    @Test
    void shouldAssembleASnapshotOfManyPartsLargerThanItsInitialCapacity()
    {
        onDelta(heartbeat(E1, 10, 10));
        final int bids = 700;
        final int asks = 300;
        final int perPart = 64;
        final int parts = (bids + asks + perPart - 1) / perPart;
        int level = 0;
        for (int part = 0; part < parts; part++)
        {
            final Wire.SnapshotBuilder builder = snapshot(E1, 1 + part, 0, 10).part(part, parts).totals(bids, asks);
            for (int i = 0; i < perPart && level < bids + asks; i++, level++)
            {
                if (level < bids)
                {
                    builder.bid(100_000 - level, 1 + level);
                }
                else
                {
                    builder.ask(100_001 + level - bids, 1 + level);
                }
            }
            onSnapshot(builder.encode());
        }

        final OrderBook book = consumer.book(0).book();
        assertThat(consumer.book(0).isTrustworthy()).isTrue();
        assertThat(book.bids().depth()).isEqualTo(bids);
        assertThat(book.asks().depth()).isEqualTo(asks);
        for (int i = 0; i < bids; i++)
        {
            assertThat(book.bids().priceAt(i)).isEqualTo(100_000 - i);
            assertThat(book.bids().quantityAt(i)).isEqualTo(1 + i);
        }
        for (int i = 0; i < asks; i++)
        {
            assertThat(book.asks().priceAt(i)).isEqualTo(100_001 + i);
            assertThat(book.asks().quantityAt(i)).isEqualTo(1 + bids + i);
        }
    }

    @Test
    void shouldNotJoinPartsOfDifferentSnapshots()
    {
        onDelta(heartbeat(E1, 10, 10));

        onSnapshot(snapshot(E1, 1, 0, 10).part(0, 2).totals(1, 1).bid(100, 5).encode());
        onSnapshot(snapshot(E1, 2, 0, 11).part(1, 2).totals(1, 1).ask(101, 2).encode());

        assertThat(consumer.book(0).isSynced()).isFalse();
        assertThat(consumer.counters().snapshotsIncomplete()).isEqualTo(1);
    }

    @Test
    void shouldRejectASnapshotWhosePartsDoNotAddUpToItsLevelCounts()
    {
        onDelta(heartbeat(E1, 10, 10));

        onSnapshot(snapshot(E1, 1, 0, 10).totals(3, 1).bid(100, 5).bid(99, 1).ask(101, 2).encode());

        assertThat(consumer.book(0).isSynced()).isFalse();
        assertThat(consumer.counters().snapshotsIncomplete()).isEqualTo(1);
        assertThat(render(consumer.book(0))).isEqualTo(" | ");
    }

    // ---------------------------------------------------------------------------------------------- bad input

    @Test
    void shouldCountMessagesOfAnotherSchemaOrTemplateOrTooShortAsUnknownAndChangeNothing()
    {
        syncBooks(10, 0);

        onDelta(withSchemaId(delta(E1, 12, 0).bid(100, 1).encode(), 4202));
        onDelta(withSchemaId(delta(E2, 1, 0).bid(100, 1).encode(), 1));
        onDelta(withTemplateId(delta(E1, 12, 0).bid(100, 1).encode(), 9));
        onDelta(Arrays.copyOf(heartbeat(E1, 12, 12), MessageHeaderDecoder.ENCODED_LENGTH + 15));
        onSnapshot(withSchemaId(snapshot(E1, 5, 0, 12).bid(1, 1).encode(), 4202));
        onSnapshot(new byte[3]);

        assertThat(consumer.counters().unknownMessages()).isEqualTo(6);
        assertThat(consumer.counters().rejected(RejectReason.WRONG_SCHEMA)).isEqualTo(3);
        assertThat(consumer.counters().rejected(RejectReason.UNKNOWN_TEMPLATE)).isEqualTo(1);
        assertThat(consumer.counters().rejected(RejectReason.TOO_SHORT)).isEqualTo(2);
        assertThat(consumer.epoch()).isEqualTo(E1);
        assertThat(consumer.lastDeltaSequence()).isEqualTo(10);
        assertThat(consumer.lastSnapshotSequence()).isEqualTo(1);
        assertThat(render(consumer.book(0))).isEqualTo("100x5 99x3 | 101x2");
        assertThat(listener.events).isEmpty();

        onDelta(delta(E1, 11, 0).bid(100, 2).encode());
        assertThat(consumer.counters().deltaGaps()).isZero();
        assertThat(render(consumer.book(0))).isEqualTo("100x2 99x3 | 101x2");
    }

    @Test
    void shouldIgnoreInstrumentIdsOutsideZeroToMaxInstruments()
    {
        onDelta(heartbeat(E1, 10, 10));

        onDelta(delta(E1, 11, MAX_INSTRUMENTS).bid(100, 1).encode());
        onDelta(definition(E1, 12, 1000, Venue.BINANCE_SPOT, 2, 5, "BTCUSDT", "BTC-USDT"));
        onDelta(status(E1, 13, -1, InstrumentState.LIVE, StatusReason.NONE));
        onSnapshot(snapshot(E1, 1, MAX_INSTRUMENTS, 13).bid(100, 1).encode());

        assertThat(consumer.bookCount()).isZero();
        assertThat(consumer.book(MAX_INSTRUMENTS)).isNull();
        assertThat(consumer.counters().unknownMessages()).isEqualTo(4);
        assertThat(consumer.lastDeltaSequence()).as("their sequences still count").isEqualTo(13);
        assertThat(consumer.counters().deltaGaps()).isZero();

        onDelta(delta(E1, 14, MAX_INSTRUMENTS - 1).bid(100, 1).encode());
        assertThat(consumer.bookCount()).isEqualTo(MAX_INSTRUMENTS);
        assertThat(consumer.book(MAX_INSTRUMENTS - 1)).isNotNull();
    }

    // ---------------------------------------------------------------------------------------------- definitions

    @Test
    void shouldRecordADefinitionAndReuseItsStringsWhenItIsRepeated()
    {
        onDelta(heartbeat(E1, 10, 10));
        assertThat(consumer.book(0)).isNull();
        onDelta(status(E1, 11, 0, InstrumentState.SYNCING, StatusReason.STARTED));
        final ConsumerBook book = consumer.book(0);
        assertThat(book.isDefined()).isFalse();
        assertThat(book.venueSymbol()).isNull();
        assertThat(book.priceScale()).isEqualTo(-1);

        onDelta(definition(E1, 12, 0, Venue.BINANCE_SPOT, 2, 5, "BTCUSDT", "BTC-USDT"));

        assertThat(book.isDefined()).isTrue();
        assertThat(book.venueId()).isEqualTo(Venue.BINANCE_SPOT.value());
        assertThat(book.priceScale()).isEqualTo(2);
        assertThat(book.qtyScale()).isEqualTo(5);
        assertThat(book.venueSymbol()).isEqualTo("BTCUSDT");
        assertThat(book.normalizedSymbol()).isEqualTo("BTC-USDT");
        final String venueSymbol = book.venueSymbol();
        final String normalizedSymbol = book.normalizedSymbol();

        onDelta(definition(E1, 13, 0, Venue.BINANCE_SPOT, 2, 5, "BTCUSDT", "BTC-USDT"));
        onSnapshot(definition(E1, 1, 0, Venue.BINANCE_SPOT, 2, 5, "BTCUSDT", "BTC-USDT"));

        assertThat(book.venueSymbol()).isSameAs(venueSymbol);
        assertThat(book.normalizedSymbol()).isSameAs(normalizedSymbol);

        onDelta(definition(E1, 14, 0, Venue.BINANCE_USDM, 1, 3, "BTCUSDC", "BTC-USDC"));

        assertThat(book.venueSymbol()).isEqualTo("BTCUSDC");
        assertThat(book.normalizedSymbol()).isEqualTo("BTC-USDC");
        assertThat(book.venueId()).isEqualTo(Venue.BINANCE_USDM.value());
        assertThat(book.priceScale()).isEqualTo(1);
        assertThat(book.qtyScale()).isEqualTo(3);
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    @Test
    void shouldTakeMessagesThroughItsFragmentHandlersAndCountThem()
    {
        final byte[] join = heartbeat(E1, 10, 10);
        final byte[] snapshot = snapshot(E1, 1, 0, 10).bid(100, 1).ask(101, 1).encode();
        scratch.putBytes(OFFSET, join);
        consumer.deltaHandler().onFragment(scratch, OFFSET, join.length, null);
        scratch.putBytes(OFFSET, snapshot);
        consumer.snapshotHandler().onFragment(scratch, OFFSET, snapshot.length, null);

        assertThat(consumer.book(0).isTrustworthy()).isTrue();
        assertThat(consumer.counters().deltaStreamMessages()).isEqualTo(1);
        assertThat(consumer.counters().snapshotStreamMessages()).isEqualTo(1);
        assertThat(consumer.counters().bytes()).isEqualTo(join.length + snapshot.length);
        assertThat(consumer.counters().snapshotParts()).isEqualTo(1);
    }

    // ----------------------------------------------------------------------------------------------

    /** Join the delta stream at {@code deltaSequence} and sync each book with "100x5 99x3 | 101x2". */
    private void syncBooks(final long deltaSequence, final int... instrumentIds)
    {
        onDelta(heartbeat(E1, deltaSequence, deltaSequence));
        long snapshotSequence = 1;
        for (final int id : instrumentIds)
        {
            onSnapshot(snapshot(E1, snapshotSequence++, id, deltaSequence).venueSequence(500)
                .bid(100, 5).bid(99, 3).ask(101, 2).encode());
            assertThat(consumer.book(id).isTrustworthy()).isTrue();
        }
        listener.events.clear();
    }

    private void onDelta(final byte[] message)
    {
        scratch.putBytes(OFFSET, message);
        consumer.onDeltaStream(scratch, OFFSET, message.length);
        scribble();
    }

    private void onSnapshot(final byte[] message)
    {
        scratch.putBytes(OFFSET, message);
        consumer.onSnapshotStream(scratch, OFFSET, message.length);
        scribble();
    }

    /** The consumer must have copied anything it keeps. */
    private void scribble()
    {
        scratch.setMemory(0, scratch.capacity(), (byte)0x5A);
    }

    private static byte[] withSchemaId(final byte[] message, final int schemaId)
    {
        new UnsafeBuffer(message).putShort(4, (short)schemaId, ByteOrder.LITTLE_ENDIAN);
        return message;
    }

    private static byte[] withTemplateId(final byte[] message, final int templateId)
    {
        new UnsafeBuffer(message).putShort(2, (short)templateId, ByteOrder.LITTLE_ENDIAN);
        return message;
    }

    /** "bid bid ... | ask ask ...", best first, as priceXquantity. */
    static String render(final ConsumerBook book)
    {
        final OrderBook orderBook = book.book();
        return side(orderBook.bids()) + " | " + side(orderBook.asks());
    }

    private static String side(final BookSide side)
    {
        final List<String> levels = new ArrayList<>();
        for (int level = 0; level < side.depth(); level++)
        {
            levels.add(side.priceAt(level) + "x" + side.quantityAt(level));
        }
        return String.join(" ", levels);
    }

    private static final class Recorder implements BookConsumerListener
    {
        final List<String> events = new ArrayList<>();
        final Map<Integer, Boolean> trust = new HashMap<>();
        long lastIngressTimeNs;
        long lastPublishTimeNs;

        boolean trusted(final int instrumentId)
        {
            return trust.getOrDefault(instrumentId, false);
        }

        public void onBookUpdated(final ConsumerBook book, final long ingressTimeNs, final long publishTimeNs)
        {
            events.add("updated " + book.instrumentId());
            lastIngressTimeNs = ingressTimeNs;
            lastPublishTimeNs = publishTimeNs;
        }

        public void onTrustChanged(final ConsumerBook book)
        {
            events.add("trust " + book.instrumentId() + " " + book.isTrustworthy());
            trust.put(book.instrumentId(), book.isTrustworthy());
        }

        public void onGap(final boolean snapshotStream, final long fromSequence, final long toSequence)
        {
            events.add("gap " + (snapshotStream ? "snapshot " : "delta ") + fromSequence + ".." + toSequence);
        }

        public void onNewSession(final long previousEpoch, final long epoch)
        {
            events.add("session " + previousEpoch + "->" + epoch);
        }
    }
}
