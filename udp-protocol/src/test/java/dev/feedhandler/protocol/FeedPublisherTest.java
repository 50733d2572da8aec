package dev.feedhandler.protocol;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import dev.feedhandler.protocol.publisher.FeedPublisher;
import dev.feedhandler.protocol.publisher.MessageSink;
import dev.feedhandler.protocol.publisher.PublisherConfig;
import dev.feedhandler.protocol.publisher.StreamPublisher;
import dev.feedhandler.protocol.sbe.BookDeltaDecoder;
import dev.feedhandler.protocol.sbe.BookDeltaEncoder;
import dev.feedhandler.protocol.sbe.BookSnapshotDecoder;
import dev.feedhandler.protocol.sbe.HeartbeatDecoder;
import dev.feedhandler.protocol.sbe.InstrumentDefinitionDecoder;
import dev.feedhandler.protocol.sbe.InstrumentState;
import dev.feedhandler.protocol.sbe.InstrumentStatusDecoder;
import dev.feedhandler.protocol.sbe.MessageHeaderDecoder;
import dev.feedhandler.protocol.sbe.StatusReason;
import io.aeron.Publication;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link FeedPublisher} into two {@link CapturingSink}s, decoded with the generated decoders: exact content of every
 * message, part splitting, snapshot cycles, heartbeats, and the epoch and sequence every message starts with.
 */
class FeedPublisherTest
{
    private static final long EPOCH = 1_763_700_000_123_456_789L;
    private static final long START_NS = 1_763_700_001_000_000_000L;
    private static final long SNAPSHOT_INTERVAL_NS = 1_000_000_000L;
    private static final long HEARTBEAT_INTERVAL_NS = 100_000_000L;
    private static final int MAX_RETRIES = 1;
    /** Levels a part can hold in one CapturingSink MTU. */
    private static final int LEVELS_PER_MTU = (CapturingSink.MTU_PAYLOAD - MessageHeaderDecoder.ENCODED_LENGTH -
        BookDeltaDecoder.BLOCK_LENGTH - 4) / BookDeltaEncoder.LevelsEncoder.sbeBlockLength();

    private long nowNs = START_NS;
    private final CapturingSink deltaSink = new CapturingSink(new SplittableRandom(7));
    private final CapturingSink snapshotSink = new CapturingSink(new SplittableRandom(8));
    private final List<byte[]> deltaMessages = new ArrayList<>();
    private final List<byte[]> snapshotMessages = new ArrayList<>();
    private FeedPublisher publisher;

    private FeedPublisher publisher(
        final int maxLevelsPerMessage, final long heartbeatIntervalNs, final int instrumentsPerWork)
    {
        publisher = new FeedPublisher(EPOCH, new StreamPublisher(deltaSink, MAX_RETRIES),
            new StreamPublisher(snapshotSink, MAX_RETRIES), () -> nowNs,
            new PublisherConfig(maxLevelsPerMessage, SNAPSHOT_INTERVAL_NS, heartbeatIntervalNs, instrumentsPerWork,
            MAX_RETRIES));
        return publisher;
    }

    private FeedPublisher publisher(final int maxLevelsPerMessage)
    {
        return publisher(maxLevelsPerMessage, HEARTBEAT_INTERVAL_NS, 4);
    }

    /**
     * Whatever a test did: every message starts with the epoch and its stream's sequence, sequences rise by exactly
     * one except where the publisher dropped a message, the header is schema 4201 v1 with the template's block length,
     * and nothing exceeds one MTU.
     */
    @AfterEach
    void everyMessageShouldCarryTheEpochAndItsStreamsNextSequence()
    {
        takeDeltas();
        takeSnapshots();
        if (publisher != null)
        {
            assertWellFormed("delta stream", deltaMessages, publisher.deltaStream());
            assertWellFormed("snapshot stream", snapshotMessages, publisher.snapshotStream());
        }
    }

    @Test
    void shouldAnnounceAnAddedInstrumentWithADefinitionOnTheDeltaStream()
    {
        publisher(64);

        publisher.addInstrument(new Instrument(0, Venue.BINANCE_SPOT, "NKNUSDT", 5, 1), new OrderBook(0, 4, 100));
        publisher.addInstrument(new Instrument(1, Venue.BINANCE_USDM, "ETHBTC", 6, 3), new OrderBook(1, 4, 100));

        final List<byte[]> deltas = takeDeltas();
        assertThat(deltas).hasSize(2);
        final InstrumentDefinitionDecoder first = definition(deltas.get(0));
        assertThat(first.epoch()).isEqualTo(EPOCH);
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.instrumentId()).isZero();
        assertThat(first.venue()).isEqualTo(dev.feedhandler.protocol.sbe.Venue.BINANCE_SPOT);
        assertThat(first.priceScale()).isEqualTo((short)5);
        assertThat(first.qtyScale()).isEqualTo((short)1);
        assertThat(first.venueSymbol()).isEqualTo("NKNUSDT");
        assertThat(first.normalizedSymbol()).isEqualTo("NKN-USDT");

        final InstrumentDefinitionDecoder second = definition(deltas.get(1));
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(second.instrumentId()).isEqualTo(1);
        assertThat(second.venue()).isEqualTo(dev.feedhandler.protocol.sbe.Venue.BINANCE_USDM);
        assertThat(second.priceScale()).isEqualTo((short)6);
        assertThat(second.qtyScale()).isEqualTo((short)3);
        assertThat(second.venueSymbol()).isEqualTo("ETHBTC");
        assertThat(second.normalizedSymbol()).isEqualTo("ETH-BTC");
        assertThat(takeSnapshots()).isEmpty();
    }

    @Test
    void shouldRejectInstrumentsThatAreNotAddedDenselyInOrder()
    {
        publisher(64);

        assertThatThrownBy(() -> publisher.addInstrument(
            new Instrument(1, Venue.BINANCE_SPOT, "BTCUSDT", 2, 5), new OrderBook(1, 4, 100)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("expected 0, got 1");
        assertThat(takeDeltas()).isEmpty();
    }

    @Test
    void shouldPublishTheWireStateAndReasonOnEveryStateChange()
    {
        publisher(64);
        final OrderBook book = addInstrument(0, "BTCUSDT");
        takeDeltas();
        book.lastUpdateId(4242);
        final Object[][] table = {
            {SyncState.AWAITING_SNAPSHOT, SyncState.BRIDGING, SyncReason.SNAPSHOT_APPLIED,
                InstrumentState.LIVE, StatusReason.SNAPSHOT_APPLIED},
            {SyncState.BRIDGING, SyncState.LIVE, SyncReason.BRIDGED, InstrumentState.LIVE, StatusReason.BRIDGED},
            {SyncState.LIVE, SyncState.STALE, SyncReason.GAP, InstrumentState.STALE, StatusReason.GAP},
            {SyncState.STALE, SyncState.LIVE, SyncReason.BRIDGED, InstrumentState.LIVE, StatusReason.BRIDGED},
            {SyncState.LIVE, SyncState.STALE, SyncReason.CROSSED_BOOK, InstrumentState.STALE,
                StatusReason.CROSSED_BOOK},
            {SyncState.STALE, SyncState.AWAITING_SNAPSHOT, SyncReason.RECONNECT, InstrumentState.SYNCING,
                StatusReason.RECONNECT},
        };

        long expectedSequence = 2;
        for (final Object[] row : table)
        {
            nowNs += 1000;
            publisher.onStateChange(0, (SyncState)row[0], (SyncState)row[1], (SyncReason)row[2]);

            final List<byte[]> deltas = takeDeltas();
            assertThat(deltas).as("%s -> %s", row[0], row[1]).hasSize(1);
            final InstrumentStatusDecoder status = status(deltas.get(0));
            assertThat(status.sequence()).isEqualTo(expectedSequence++);
            assertThat(status.instrumentId()).isZero();
            assertThat(status.state()).as("%s -> %s", row[0], row[1]).isEqualTo(row[3]);
            assertThat(status.reason()).as("%s -> %s", row[0], row[1]).isEqualTo(row[4]);
            assertThat(status.venueSequence()).isEqualTo(4242);
            assertThat(status.publishTimeNs()).isEqualTo(nowNs);
        }
        assertThat(takeSnapshots()).isEmpty();
    }

    @Test
    void shouldPublishResyncingOnlyWhenASnapshotIsRequestedForAStaleInstrument()
    {
        publisher(64);
        addInstrument(0, "BTCUSDT");
        takeDeltas();

        publisher.onSnapshotRequest(0, SyncReason.STARTED);
        assertThat(takeDeltas()).as("a SYNCING instrument's first request").isEmpty();

        publisher.onStateChange(0, SyncState.LIVE, SyncState.STALE, SyncReason.GAP);
        publisher.onSnapshotRequest(0, SyncReason.GAP);
        final List<byte[]> deltas = takeDeltas();
        assertThat(deltas).hasSize(2);
        assertThat(status(deltas.get(0)).state()).isEqualTo(InstrumentState.STALE);
        final InstrumentStatusDecoder resyncing = status(deltas.get(1));
        assertThat(resyncing.state()).isEqualTo(InstrumentState.RESYNCING);
        assertThat(resyncing.reason()).isEqualTo(StatusReason.GAP);
        assertThat(resyncing.sequence()).isEqualTo(3);

        publisher.onSnapshotRequest(0, SyncReason.SNAPSHOT_TOO_OLD);
        final List<byte[]> again = takeDeltas();
        assertThat(again).as("a further request while resyncing says why").hasSize(1);
        assertThat(status(again.get(0)).state()).isEqualTo(InstrumentState.RESYNCING);
        assertThat(status(again.get(0)).reason()).isEqualTo(StatusReason.SNAPSHOT_TOO_OLD);
    }

    @Test
    void shouldSplitADiffWithMoreLevelsThanMaxLevelsPerMessageIntoConsecutiveParts()
    {
        publisher(4);
        final OrderBook book = addInstrument(0, "BTCUSDT");
        takeDeltas();
        final BookEvent diff = TestBookEvents.diff(0, 201, 205)
            .bid(106, 1).bid(105, 2).bid(104, 3).bid(103, 0).bid(102, 5).bid(101, 6)
            .ask(107, 7).ask(108, 0).ask(109, 9).ask(110, 10).ask(111, 11)
            .exchangeTimeMs(1_763_700_000_123L).ingressTimeNs(1_763_700_000_124_000_001L)
            .build();
        nowNs += 5;

        publisher.onBookUpdated(book, diff);

        final List<byte[]> deltas = takeDeltas();
        assertThat(deltas).hasSize(3);
        final List<String> levels = new ArrayList<>();
        for (int part = 0; part < 3; part++)
        {
            final BookDeltaDecoder delta = delta(deltas.get(part));
            assertThat(delta.sequence()).isEqualTo(2 + part);
            assertThat(delta.instrumentId()).isZero();
            assertThat(delta.partIndex()).isEqualTo(part);
            assertThat(delta.partCount()).isEqualTo(3);
            assertThat(delta.venueSequence()).isEqualTo(205);
            assertThat(delta.exchangeTimeNs()).isEqualTo(1_763_700_000_123_000_000L);
            assertThat(delta.ingressTimeNs()).isEqualTo(1_763_700_000_124_000_001L);
            assertThat(delta.publishTimeNs()).isEqualTo(nowNs);
            final List<String> partLevels = levels(delta);
            assertThat(partLevels).hasSize(part < 2 ? 4 : 3);
            levels.addAll(partLevels);
        }
        assertThat(levels).containsExactly(
            "BID 106x1", "BID 105x2", "BID 104x3", "BID 103x0", "BID 102x5", "BID 101x6",
            "ASK 107x7", "ASK 108x0", "ASK 109x9", "ASK 110x10", "ASK 111x11");
        assertThat(takeSnapshots()).isEmpty();
    }

    @Test
    void shouldPublishCeilingOfLevelsOverMaxLevelsPartsHoldingEveryLevelInOrder()
    {
        PropertyCheck.forAll("delta parts", 100, random ->
        {
            deltaSink.messages.clear();
            deltaMessages.clear();
            final int maxLevels = 1 + random.nextInt(8);
            final FeedPublisher feed = publisher(maxLevels);
            final OrderBook book = addInstrument(0, "BTCUSDT");
            takeDeltas();
            final int bids = random.nextInt(20);
            final int asks = random.nextInt(20);
            final TestBookEvents.Builder builder = TestBookEvents.diff(0, 10, 11);
            final List<String> expected = new ArrayList<>();
            for (int i = 0; i < bids; i++)
            {
                builder.bid(1000 - i, i);
                expected.add("BID " + (1000 - i) + "x" + i);
            }
            for (int i = 0; i < asks; i++)
            {
                builder.ask(2000 + i, i + 1);
                expected.add("ASK " + (2000 + i) + "x" + (i + 1));
            }

            feed.onBookUpdated(book, builder.build());

            final List<byte[]> deltas = takeDeltas();
            final int expectedParts = Math.max(1, (bids + asks + maxLevels - 1) / maxLevels);
            assertThat(deltas).hasSize(expectedParts);
            final List<String> levels = new ArrayList<>();
            for (int part = 0; part < expectedParts; part++)
            {
                final BookDeltaDecoder delta = delta(deltas.get(part));
                assertThat(delta.partIndex()).isEqualTo(part);
                assertThat(delta.partCount()).isEqualTo(expectedParts);
                assertThat(delta.venueSequence()).isEqualTo(11);
                assertThat(delta.sequence()).isEqualTo(2 + part);
                levels.addAll(levels(delta));
            }
            assertThat(levels).containsExactlyElementsOf(expected);
            assertWellFormed("delta stream", deltaMessages, feed.deltaStream());
        });
    }

    @Test
    void shouldPublishBidsBeforeAsksWhenTheVenueEventListsAsksFirst()
    {
        publisher(64);
        final OrderBook book = addInstrument(0, "BTCUSDT");
        takeDeltas();

        publisher.onBookUpdated(book, TestBookEvents.diff(0, 5, 6).ask(101, 1).ask(102, 2).bid(100, 3)
            .asksFirst().build());

        assertThat(levels(delta(takeDeltas().get(0)))).containsExactly("BID 100x3", "ASK 101x1", "ASK 102x2");
    }

    @Test
    void shouldPublishANullExchangeTimeWhenTheVenueGaveNone()
    {
        publisher(64);
        final OrderBook book = addInstrument(0, "BTCUSDT");
        takeDeltas();

        publisher.onBookUpdated(book, TestBookEvents.diff(0, 5, 6).bid(100, 3).build());

        assertThat(delta(takeDeltas().get(0)).exchangeTimeNs()).isEqualTo(BookDeltaDecoder.exchangeTimeNsNullValue());
    }

    @Test
    void shouldCapLevelsPerPartSoEveryPartFitsOneMtu()
    {
        publisher(65_534);
        final OrderBook book = addInstrument(0, "BTCUSDT");
        final TestBookEvents.Builder builder = TestBookEvents.diff(0, 5, 6);
        for (int i = 0; i < 200; i++)
        {
            builder.bid(10_000 - i, i + 1);
            book.set(true, 10_000 - i, i + 1);
            book.set(false, 20_000 + i, i + 1);
        }

        publisher.onBookUpdated(book, builder.build());
        publisher.onBookUpdated(book, TestBookEvents.snapshot(0, 6).build());

        final List<byte[]> deltas = takeDeltas();
        assertThat(deltas).hasSize(1 + (200 + LEVELS_PER_MTU - 1) / LEVELS_PER_MTU);
        assertThat(delta(deltas.get(1)).levels().count()).isEqualTo(LEVELS_PER_MTU);
        final List<byte[]> snapshots = takeSnapshots();
        assertThat(snapshots).hasSize((400 + LEVELS_PER_MTU - 1) / LEVELS_PER_MTU);
        assertThat(snapshot(snapshots.get(0)).levels().count()).isEqualTo(LEVELS_PER_MTU);
        for (final byte[] message : deltaMessages)
        {
            assertThat(message.length).isLessThanOrEqualTo(CapturingSink.MTU_PAYLOAD);
        }
        for (final byte[] message : snapshotMessages)
        {
            assertThat(message.length).isLessThanOrEqualTo(CapturingSink.MTU_PAYLOAD);
        }
    }

    @Test
    void shouldRejectASinkTooSmallToHoldOneLevel()
    {
        final MessageSink tiny = new TinySink(80);

        assertThatThrownBy(() -> new FeedPublisher(EPOCH, new StreamPublisher(tiny, 0),
            new StreamPublisher(snapshotSink, 0), () -> nowNs, PublisherConfig.DEFAULT))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("80 bytes");
    }

    @Test
    void shouldPublishTheWholeBookOnTheSnapshotStreamWhenAVenueSnapshotIsLoaded()
    {
        publisher(64);
        final OrderBook book = addInstrument(0, "BTCUSDT");
        publisher.onStateChange(0, SyncState.AWAITING_SNAPSHOT, SyncState.BRIDGING, SyncReason.SNAPSHOT_APPLIED);
        fill(book, 500, new long[][]{{100, 5}, {99, 6}, {98, 7}}, new long[][]{{101, 1}, {102, 2}});
        takeDeltas();
        nowNs += 77;

        publisher.onBookUpdated(book, TestBookEvents.snapshot(0, 500).build());

        assertThat(takeDeltas()).isEmpty();
        final List<byte[]> snapshots = takeSnapshots();
        assertThat(snapshots).hasSize(1);
        final BookSnapshotDecoder snapshot = snapshot(snapshots.get(0));
        assertThat(snapshot.epoch()).isEqualTo(EPOCH);
        assertThat(snapshot.sequence()).isEqualTo(1);
        assertThat(snapshot.instrumentId()).isZero();
        assertThat(snapshot.partIndex()).isZero();
        assertThat(snapshot.partCount()).isEqualTo(1);
        assertThat(snapshot.lastDeltaSequence()).as("definition and status on the delta stream").isEqualTo(2);
        assertThat(snapshot.venueSequence()).isEqualTo(500);
        assertThat(snapshot.publishTimeNs()).isEqualTo(nowNs);
        assertThat(snapshot.bidCount()).isEqualTo(3);
        assertThat(snapshot.askCount()).isEqualTo(2);
        assertThat(levels(snapshot)).containsExactly("BID 100x5", "BID 99x6", "BID 98x7", "ASK 101x1", "ASK 102x2");
    }

    @Test
    void shouldSplitASnapshotIntoPartsThatEachCarryTheWholeBooksTotals()
    {
        publisher(2);
        final OrderBook book = addInstrument(0, "BTCUSDT");
        fill(book, 900, new long[][]{{100, 5}, {99, 6}, {98, 7}}, new long[][]{{101, 1}, {102, 2}});
        publisher.onBookUpdated(book, TestBookEvents.diff(0, 899, 900).bid(100, 5).build());

        publisher.onBookUpdated(book, TestBookEvents.snapshot(0, 900).build());

        final List<byte[]> snapshots = takeSnapshots();
        assertThat(snapshots).hasSize(3);
        final List<String> levels = new ArrayList<>();
        for (int part = 0; part < 3; part++)
        {
            final BookSnapshotDecoder snapshot = snapshot(snapshots.get(part));
            assertThat(snapshot.sequence()).isEqualTo(1 + part);
            assertThat(snapshot.partIndex()).isEqualTo(part);
            assertThat(snapshot.partCount()).isEqualTo(3);
            assertThat(snapshot.lastDeltaSequence()).isEqualTo(2);
            assertThat(snapshot.venueSequence()).isEqualTo(900);
            assertThat(snapshot.bidCount()).isEqualTo(3);
            assertThat(snapshot.askCount()).isEqualTo(2);
            levels.addAll(levels(snapshot));
        }
        assertThat(levels).containsExactly("BID 100x5", "BID 99x6", "BID 98x7", "ASK 101x1", "ASK 102x2");
    }

    @Test
    void shouldNameTheDeltaStreamsCurrentSequenceInEverySnapshot()
    {
        publisher(64);
        final OrderBook book = addInstrument(0, "BTCUSDT");
        fill(book, 10, new long[][]{{100, 5}}, new long[][]{{101, 1}});
        publisher.onBookUpdated(book, TestBookEvents.snapshot(0, 10).build());
        for (int i = 0; i < 5; i++)
        {
            publisher.onBookUpdated(book, TestBookEvents.diff(0, 11 + i, 11 + i).bid(100, 6 + i).build());
        }
        book.set(true, 100, 10);
        book.lastUpdateId(15);

        publisher.onBookUpdated(book, TestBookEvents.snapshot(0, 15).build());

        final List<byte[]> snapshots = takeSnapshots();
        assertThat(snapshot(snapshots.get(0)).lastDeltaSequence()).isEqualTo(1);
        assertThat(snapshot(snapshots.get(1)).lastDeltaSequence()).isEqualTo(6);
        assertThat(publisher.deltaStream().sequence()).isEqualTo(6);
    }

    @Test
    void shouldSendAHeartbeatOnEachStreamIdleForTheHeartbeatInterval()
    {
        publisher(64, HEARTBEAT_INTERVAL_NS, 4);
        final OrderBook book = addInstrument(0, "BTCUSDT");
        assertThat(publisher.doWork(START_NS)).as("the first cycle: definition and status").isEqualTo(2);
        takeDeltas();
        takeSnapshots();

        assertThat(publisher.doWork(START_NS + HEARTBEAT_INTERVAL_NS - 1)).isZero();
        assertThat(takeDeltas()).isEmpty();
        assertThat(takeSnapshots()).isEmpty();

        assertThat(publisher.doWork(START_NS + HEARTBEAT_INTERVAL_NS)).isEqualTo(2);
        final HeartbeatDecoder deltaHeartbeat = heartbeat(single(takeDeltas()));
        assertThat(deltaHeartbeat.epoch()).isEqualTo(EPOCH);
        assertThat(deltaHeartbeat.sequence()).isEqualTo(2);
        assertThat(deltaHeartbeat.publishTimeNs()).isEqualTo(START_NS + HEARTBEAT_INTERVAL_NS);
        assertThat(deltaHeartbeat.deltaSequence()).isEqualTo(2);
        final HeartbeatDecoder snapshotHeartbeat = heartbeat(single(takeSnapshots()));
        assertThat(snapshotHeartbeat.sequence()).isEqualTo(3);
        assertThat(snapshotHeartbeat.publishTimeNs()).isEqualTo(START_NS + HEARTBEAT_INTERVAL_NS);
        assertThat(snapshotHeartbeat.deltaSequence()).as("the delta stream's last sequence").isEqualTo(2);

        // A delta keeps the delta stream busy; only the snapshot stream is idle at the next interval.
        nowNs = START_NS + HEARTBEAT_INTERVAL_NS + 10;
        publisher.onBookUpdated(book, TestBookEvents.diff(0, 5, 5).bid(100, 1).build());
        takeDeltas();
        assertThat(publisher.doWork(START_NS + 2 * HEARTBEAT_INTERVAL_NS)).isEqualTo(1);
        assertThat(takeDeltas()).isEmpty();
        final HeartbeatDecoder next = heartbeat(single(takeSnapshots()));
        assertThat(next.sequence()).isEqualTo(4);
        assertThat(next.deltaSequence()).isEqualTo(3);
    }

    @Test
    void shouldPublishDefinitionAndStatusOfEveryInstrumentAndSnapshotsOfLiveOnesInACycle()
    {
        publisher(64, Long.MAX_VALUE / 4, 2);
        final OrderBook live = addInstrument(0, "BTCUSDT");
        addInstrument(1, "ETHUSDT");
        addInstrument(2, "BNBUSDT");
        final OrderBook snapshotted = addInstrument(3, "SOLUSDT");
        addInstrument(4, "XRPUSDT");
        fill(live, 70, new long[][]{{100, 5}, {99, 1}}, new long[][]{{101, 2}});
        publisher.onStateChange(0, SyncState.AWAITING_SNAPSHOT, SyncState.BRIDGING, SyncReason.SNAPSHOT_APPLIED);
        publisher.onStateChange(2, SyncState.LIVE, SyncState.STALE, SyncReason.CROSSED_BOOK);
        fill(snapshotted, 80, new long[][]{{50, 1}}, new long[][]{{51, 1}, {52, 3}});
        publisher.onBookUpdated(snapshotted, TestBookEvents.snapshot(3, 80).build());
        publisher.onStateChange(4, SyncState.LIVE, SyncState.STALE, SyncReason.GAP);
        publisher.onSnapshotRequest(4, SyncReason.GAP);
        takeSnapshots();
        takeDeltas();
        final long deltaSequence = publisher.deltaStream().sequence();

        final long cycleStartNs = START_NS + 1;
        assertThat(publisher.doWork(cycleStartNs)).isEqualTo(5);
        assertThat(publisher.isCycleInProgress()).isTrue();
        assertThat(publisher.cycles()).isZero();
        assertThat(describe(takeSnapshots(), deltaSequence))
            .containsExactly("definition 0 BTCUSDT", "status 0 LIVE", "snapshot 0 @70 2/1", "definition 1 ETHUSDT",
            "status 1 SYNCING");

        assertThat(publisher.doWork(cycleStartNs + 1)).isEqualTo(5);
        assertThat(describe(takeSnapshots(), deltaSequence))
            .containsExactly("definition 2 BNBUSDT", "status 2 STALE", "definition 3 SOLUSDT", "status 3 LIVE",
            "snapshot 3 @80 1/2");
        assertThat(publisher.cycles()).isZero();

        assertThat(publisher.doWork(cycleStartNs + 2)).isEqualTo(2);
        assertThat(describe(takeSnapshots(), deltaSequence)).containsExactly("definition 4 XRPUSDT", "status 4 RESYNCING");
        assertThat(publisher.isCycleInProgress()).isFalse();
        assertThat(publisher.cycles()).isEqualTo(1);

        assertThat(publisher.doWork(cycleStartNs + SNAPSHOT_INTERVAL_NS - 1)).as("before the interval").isZero();
        assertThat(takeSnapshots()).isEmpty();

        assertThat(publisher.doWork(cycleStartNs + SNAPSHOT_INTERVAL_NS)).isEqualTo(5);
        assertThat(describe(takeSnapshots(), deltaSequence)).startsWith("definition 0 BTCUSDT");
        assertThat(takeDeltas()).as("cycles use the snapshot stream only").isEmpty();
    }

    @Test
    void shouldStampCycleMessagesWithTheDoWorkTimeAndTheBooksVenueSequence()
    {
        publisher(64, Long.MAX_VALUE / 4, 4);
        final OrderBook book = addInstrument(0, "BTCUSDT");
        fill(book, 321, new long[][]{{100, 5}}, new long[][]{{101, 2}});
        publisher.onStateChange(0, SyncState.BRIDGING, SyncState.LIVE, SyncReason.BRIDGED);

        publisher.doWork(START_NS + 999);

        final List<byte[]> snapshots = takeSnapshots();
        assertThat(snapshots).hasSize(3);
        final InstrumentDefinitionDecoder definition = definition(snapshots.get(0));
        assertThat(definition.venueSymbol()).isEqualTo("BTCUSDT");
        assertThat(definition.normalizedSymbol()).isEqualTo("BTC-USDT");
        final InstrumentStatusDecoder status = status(snapshots.get(1));
        assertThat(status.state()).isEqualTo(InstrumentState.LIVE);
        assertThat(status.reason()).isEqualTo(StatusReason.BRIDGED);
        assertThat(status.venueSequence()).isEqualTo(321);
        assertThat(status.publishTimeNs()).isEqualTo(START_NS + 999);
        final BookSnapshotDecoder snapshot = snapshot(snapshots.get(2));
        assertThat(snapshot.publishTimeNs()).isEqualTo(START_NS + 999);
        assertThat(snapshot.venueSequence()).isEqualTo(321);
        assertThat(snapshot.lastDeltaSequence()).isEqualTo(2);
    }

    @Test
    void shouldStartASnapshotCycleAtTheNextDoWorkWhenADeltaIsDropped()
    {
        publisher(64, Long.MAX_VALUE / 4, 4);
        final OrderBook book = addInstrument(0, "BTCUSDT");
        fill(book, 10, new long[][]{{100, 5}}, new long[][]{{101, 2}});
        publisher.onStateChange(0, SyncState.BRIDGING, SyncState.LIVE, SyncReason.BRIDGED);
        publisher.doWork(START_NS);
        assertThat(publisher.cycles()).isEqualTo(1);
        takeSnapshots();
        publisher.onBookUpdated(book, TestBookEvents.diff(0, 11, 11).bid(100, 6).build());
        publisher.doWork(START_NS + 1);
        assertThat(takeSnapshots()).as("no cycle before the interval while nothing was dropped").isEmpty();

        deltaSink.refuseRate = 1;
        book.set(true, 100, 7);
        book.lastUpdateId(12);
        publisher.onBookUpdated(book, TestBookEvents.diff(0, 12, 12).bid(100, 7).build());
        deltaSink.refuseRate = 0;
        assertThat(deltaSink.refused).isEqualTo(1 + MAX_RETRIES);
        assertThat(publisher.deltaStream().counters().dropped()).isEqualTo(1);
        final long droppedSequence = publisher.deltaStream().sequence();

        assertThat(publisher.doWork(START_NS + 2)).isEqualTo(3);
        assertThat(publisher.cycles()).isEqualTo(2);
        final List<byte[]> snapshots = takeSnapshots();
        assertThat(snapshots).hasSize(3);
        final BookSnapshotDecoder snapshot = snapshot(snapshots.get(2));
        assertThat(snapshot.lastDeltaSequence()).as("includes the dropped delta").isEqualTo(droppedSequence);
        assertThat(levels(snapshot)).containsExactly("BID 100x7", "ASK 101x2");

        publisher.onBookUpdated(book, TestBookEvents.diff(0, 13, 13).bid(100, 8).build());
        final List<byte[]> deltas = takeDeltas();
        assertThat(delta(deltas.get(deltas.size() - 1)).sequence()).isEqualTo(droppedSequence + 1);
        assertThat(publisher.doWork(START_NS + 3)).as("one cycle per drop").isZero();
    }

    @Test
    void shouldStartASnapshotCycleWhenAStatusOnTheDeltaStreamIsDropped()
    {
        publisher(64, Long.MAX_VALUE / 4, 4);
        addInstrument(0, "BTCUSDT");
        publisher.doWork(START_NS);
        takeSnapshots();

        deltaSink.refuseRate = 1;
        publisher.onStateChange(0, SyncState.LIVE, SyncState.STALE, SyncReason.GAP);
        deltaSink.refuseRate = 0;

        assertThat(publisher.doWork(START_NS + 1)).isEqualTo(2);
        assertThat(describe(takeSnapshots(), 0)).containsExactly("definition 0 BTCUSDT", "status 0 STALE");
    }

    @Test
    void shouldNotStartACycleEarlyWhenOnlyTheSnapshotStreamDropped()
    {
        publisher(64, Long.MAX_VALUE / 4, 4);
        final OrderBook book = addInstrument(0, "BTCUSDT");
        fill(book, 10, new long[][]{{100, 5}}, new long[][]{{101, 2}});
        publisher.doWork(START_NS);
        takeSnapshots();

        snapshotSink.refuseRate = 1;
        publisher.onBookUpdated(book, TestBookEvents.snapshot(0, 10).build());
        snapshotSink.refuseRate = 0;

        assertThat(publisher.snapshotStream().counters().dropped()).isEqualTo(1);
        assertThat(publisher.doWork(START_NS + 1)).isZero();
        assertThat(publisher.isCycleInProgress()).isFalse();
    }

    @Test
    void shouldNotStartASnapshotCycleForADeltaNobodyWasConnectedToReceive()
    {
        publisher(64, Long.MAX_VALUE / 4, 4);
        final OrderBook book = addInstrument(0, "BTCUSDT");
        fill(book, 10, new long[][]{{100, 5}}, new long[][]{{101, 2}});
        publisher.doWork(START_NS);
        takeSnapshots();

        deltaSink.connected = false;
        publisher.onBookUpdated(book, TestBookEvents.diff(0, 11, 11).bid(100, 6).build());

        assertThat(publisher.deltaStream().counters().notConnected()).isEqualTo(1);
        assertThat(publisher.deltaStream().counters().dropped()).as("not a drop: nobody misses it").isZero();
        assertThat(publisher.doWork(START_NS + 1)).isZero();
        assertThat(publisher.isCycleInProgress()).isFalse();
        assertThat(takeSnapshots()).isEmpty();
    }

    @Test
    void shouldStartASnapshotCycleAsSoonAsTheFirstSubscriberArrives()
    {
        publisher(64, Long.MAX_VALUE / 4, 4);
        final OrderBook book = addInstrument(0, "BTCUSDT");
        fill(book, 10, new long[][]{{100, 5}}, new long[][]{{101, 2}});
        publisher.onStateChange(0, SyncState.BRIDGING, SyncState.LIVE, SyncReason.BRIDGED);
        deltaSink.connected = false;
        snapshotSink.connected = false;
        publisher.doWork(START_NS);
        assertThat(publisher.cycles()).as("the first cycle, unheard").isEqualTo(1);

        snapshotSink.connected = true;
        assertThat(publisher.doWork(START_NS + 1)).as("only one stream connected").isZero();
        deltaSink.connected = true;
        assertThat(publisher.doWork(START_NS + 2)).as("definition, status, snapshot").isEqualTo(3);
        assertThat(publisher.cycles()).isEqualTo(2);
        assertThat(describe(takeSnapshots(), 2))
            .containsExactly("definition 0 BTCUSDT", "status 0 LIVE", "snapshot 0 @10 1/1");
        assertThat(publisher.doWork(START_NS + 3)).as("one cycle per arrival").isZero();
    }

    @Test
    void shouldStartARequestedSnapshotCycleAtTheNextDoWork()
    {
        publisher(64, Long.MAX_VALUE / 4, 4);
        addInstrument(0, "BTCUSDT");
        publisher.doWork(START_NS);
        takeSnapshots();

        publisher.requestSnapshotCycle();
        assertThat(takeSnapshots()).as("not before doWork").isEmpty();

        assertThat(publisher.doWork(START_NS + 1)).isEqualTo(2);
        assertThat(publisher.cycles()).isEqualTo(2);
    }

    @Test
    void shouldStampEveryMessageWithTheEpochAndConsecutivePerStreamSequences()
    {
        publisher(3, HEARTBEAT_INTERVAL_NS, 1);
        final OrderBook first = addInstrument(0, "BTCUSDT");
        final OrderBook second = addInstrument(1, "ETHUSDT");
        fill(first, 10, new long[][]{{100, 5}, {99, 4}, {98, 3}}, new long[][]{{101, 2}, {102, 1}});
        fill(second, 20, new long[][]{{10, 5}}, new long[][]{{11, 2}});
        publisher.onBookUpdated(first, TestBookEvents.snapshot(0, 10).build());
        publisher.onStateChange(0, SyncState.STALE, SyncState.BRIDGING, SyncReason.SNAPSHOT_APPLIED);
        publisher.onBookUpdated(second, TestBookEvents.snapshot(1, 20).build());
        for (int step = 0; step < 50; step++)
        {
            nowNs += HEARTBEAT_INTERVAL_NS / 3;
            if (step % 4 == 0)
            {
                publisher.onBookUpdated(first, TestBookEvents.diff(0, 11 + step, 11 + step)
                    .bid(100, step).bid(97, step).ask(101, step + 1).ask(103, 1).build());
            }
            publisher.doWork(nowNs);
        }

        takeDeltas();
        takeSnapshots();
        assertThat(deltaMessages).hasSizeGreaterThan(20);
        assertThat(snapshotMessages).hasSizeGreaterThan(20);
        for (final List<byte[]> stream : List.of(deltaMessages, snapshotMessages))
        {
            long expected = 1;
            for (final byte[] message : stream)
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(message);
                assertThat(buffer.getLong(MessageHeaderDecoder.ENCODED_LENGTH, ByteOrder.LITTLE_ENDIAN))
                    .isEqualTo(EPOCH);
                assertThat(buffer.getLong(MessageHeaderDecoder.ENCODED_LENGTH + 8, ByteOrder.LITTLE_ENDIAN))
                    .isEqualTo(expected++);
            }
        }
        assertThat(publisher.deltaStream().sequence()).isEqualTo(deltaMessages.size());
        assertThat(publisher.snapshotStream().sequence()).isEqualTo(snapshotMessages.size());
    }

    // ----------------------------------------------------------------------------------------------------------------

    private OrderBook addInstrument(final int id, final String symbol)
    {
        final OrderBook book = new OrderBook(id, 8, 1000);
        publisher.addInstrument(new Instrument(id, Venue.BINANCE_SPOT, symbol, 2, 4), book);
        return book;
    }

    private static void fill(final OrderBook book, final long lastUpdateId, final long[][] bids, final long[][] asks)
    {
        for (final long[] level : bids)
        {
            book.set(true, level[0], level[1]);
        }
        for (final long[] level : asks)
        {
            book.set(false, level[0], level[1]);
        }
        book.lastUpdateId(lastUpdateId);
    }

    private List<byte[]> takeDeltas()
    {
        return take(deltaSink, deltaMessages);
    }

    private List<byte[]> takeSnapshots()
    {
        return take(snapshotSink, snapshotMessages);
    }

    private static List<byte[]> take(final CapturingSink sink, final List<byte[]> all)
    {
        final List<byte[]> taken = new ArrayList<>(sink.messages);
        sink.messages.clear();
        all.addAll(taken);
        return taken;
    }

    private static byte[] single(final List<byte[]> messages)
    {
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    private static void assertWellFormed(final String name, final List<byte[]> messages, final StreamPublisher stream)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        long previous = 0;
        for (final byte[] message : messages)
        {
            assertThat(message.length).as(name).isLessThanOrEqualTo(CapturingSink.MTU_PAYLOAD);
            final UnsafeBuffer buffer = new UnsafeBuffer(message);
            header.wrap(buffer, 0);
            assertThat(header.schemaId()).as(name).isEqualTo(MessageHeaderDecoder.SCHEMA_ID);
            assertThat(header.version()).as(name).isEqualTo(MessageHeaderDecoder.SCHEMA_VERSION);
            assertThat(header.blockLength()).as(name + " template " + header.templateId())
                .isEqualTo(blockLength(header.templateId()));
            final long epoch = buffer.getLong(MessageHeaderDecoder.ENCODED_LENGTH, ByteOrder.LITTLE_ENDIAN);
            final long sequence = buffer.getLong(MessageHeaderDecoder.ENCODED_LENGTH + 8, ByteOrder.LITTLE_ENDIAN);
            assertThat(epoch).as(name).isEqualTo(EPOCH);
            if (stream.counters().dropped() == 0 && stream.counters().notConnected() == 0)
            {
                assertThat(sequence).as(name + " without drops").isEqualTo(previous + 1);
            }
            else
            {
                assertThat(sequence).as(name).isGreaterThan(previous);
            }
            previous = sequence;
        }
        assertThat(previous).as(name + ": the stream's sequence is the last one used").isLessThanOrEqualTo(
            stream.sequence());
        assertThat(stream.counters().sent()).as(name).isEqualTo(messages.size());
    }

    private static int blockLength(final int templateId)
    {
        switch (templateId)
        {
            case HeartbeatDecoder.TEMPLATE_ID:
                return HeartbeatDecoder.BLOCK_LENGTH;
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                return InstrumentDefinitionDecoder.BLOCK_LENGTH;
            case InstrumentStatusDecoder.TEMPLATE_ID:
                return InstrumentStatusDecoder.BLOCK_LENGTH;
            case BookDeltaDecoder.TEMPLATE_ID:
                return BookDeltaDecoder.BLOCK_LENGTH;
            case BookSnapshotDecoder.TEMPLATE_ID:
                return BookSnapshotDecoder.BLOCK_LENGTH;
            default:
                throw new AssertionError("unknown template " + templateId);
        }
    }

    /** One line per message, for asserting a stream's content in order. */
    private static List<String> describe(final List<byte[]> messages, final long expectedLastDeltaSequence)
    {
        final List<String> lines = new ArrayList<>();
        for (final byte[] message : messages)
        {
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(new UnsafeBuffer(message), 0);
            switch (header.templateId())
            {
                case InstrumentDefinitionDecoder.TEMPLATE_ID:
                    final InstrumentDefinitionDecoder definition = definition(message);
                    lines.add("definition " + definition.instrumentId() + " " + definition.venueSymbol());
                    break;
                case InstrumentStatusDecoder.TEMPLATE_ID:
                    final InstrumentStatusDecoder status = status(message);
                    lines.add("status " + status.instrumentId() + " " + status.state());
                    break;
                case BookSnapshotDecoder.TEMPLATE_ID:
                    final BookSnapshotDecoder snapshot = snapshot(message);
                    assertThat(snapshot.lastDeltaSequence()).isEqualTo(expectedLastDeltaSequence);
                    lines.add("snapshot " + snapshot.instrumentId() + " @" + snapshot.venueSequence() + " " +
                        snapshot.bidCount() + "/" + snapshot.askCount());
                    break;
                default:
                    lines.add("template " + header.templateId());
                    break;
            }
        }
        return lines;
    }

    private static MessageHeaderDecoder header(final byte[] message, final int templateId)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(new UnsafeBuffer(message), 0);
        assertThat(header.templateId()).as("template id").isEqualTo(templateId);
        return header;
    }

    static InstrumentDefinitionDecoder definition(final byte[] message)
    {
        final MessageHeaderDecoder header = header(message, InstrumentDefinitionDecoder.TEMPLATE_ID);
        return new InstrumentDefinitionDecoder().wrap(header.buffer(), MessageHeaderDecoder.ENCODED_LENGTH,
            header.blockLength(), header.version());
    }

    static InstrumentStatusDecoder status(final byte[] message)
    {
        final MessageHeaderDecoder header = header(message, InstrumentStatusDecoder.TEMPLATE_ID);
        return new InstrumentStatusDecoder().wrap(header.buffer(), MessageHeaderDecoder.ENCODED_LENGTH,
            header.blockLength(), header.version());
    }

    static BookDeltaDecoder delta(final byte[] message)
    {
        final MessageHeaderDecoder header = header(message, BookDeltaDecoder.TEMPLATE_ID);
        return new BookDeltaDecoder().wrap(header.buffer(), MessageHeaderDecoder.ENCODED_LENGTH,
            header.blockLength(), header.version());
    }

    static BookSnapshotDecoder snapshot(final byte[] message)
    {
        final MessageHeaderDecoder header = header(message, BookSnapshotDecoder.TEMPLATE_ID);
        return new BookSnapshotDecoder().wrap(header.buffer(), MessageHeaderDecoder.ENCODED_LENGTH,
            header.blockLength(), header.version());
    }

    static HeartbeatDecoder heartbeat(final byte[] message)
    {
        final MessageHeaderDecoder header = header(message, HeartbeatDecoder.TEMPLATE_ID);
        return new HeartbeatDecoder().wrap(header.buffer(), MessageHeaderDecoder.ENCODED_LENGTH,
            header.blockLength(), header.version());
    }

    static List<String> levels(final BookDeltaDecoder delta)
    {
        final List<String> levels = new ArrayList<>();
        for (final BookDeltaDecoder.LevelsDecoder level : delta.levels())
        {
            levels.add(level.side() + " " + level.price() + "x" + level.quantity());
        }
        return levels;
    }

    static List<String> levels(final BookSnapshotDecoder snapshot)
    {
        final List<String> levels = new ArrayList<>();
        for (final BookSnapshotDecoder.LevelsDecoder level : snapshot.levels())
        {
            levels.add(level.side() + " " + level.price() + "x" + level.quantity());
        }
        return levels;
    }

    /** A sink whose messages are too small to be useful. */
    private static final class TinySink implements MessageSink
    {
        private final int maxMessageLength;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);

        TinySink(final int maxMessageLength)
        {
            this.maxMessageLength = maxMessageLength;
        }

        public long tryClaim(final int length)
        {
            return Publication.CLOSED;
        }

        public MutableDirectBuffer buffer()
        {
            return buffer;
        }

        public int offset()
        {
            return 0;
        }

        public void commit()
        {
        }

        public int maxMessageLength()
        {
            return maxMessageLength;
        }

        public boolean isConnected()
        {
            return false;
        }
    }
}
