package dev.feedhandler.orderbook.processor;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;
import org.agrona.BitUtil;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BookProcessorTest
{
    private final RingBuffer events = ring(64 * 1024);
    private RingBuffer commands = ring(4 * 1024);
    private final List<String> downstreamEvents = new ArrayList<>();
    private final List<Long> dutyCycles = new ArrayList<>();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[4096]);
    private long nowNs = 1_000;
    private BookProcessor processor;
    private AgentInvoker invoker;

    @BeforeEach
    void setUp()
    {
        start(commands);
    }

    @AfterEach
    void tearDown()
    {
        invoker.close();
    }

    @Test
    void shouldRequestEverySnapshotOnStartThroughTheCommandRing()
    {
        assertThat(readCommands()).containsExactly("0:STARTED", "1:STARTED");
        assertThat(processor.counters().snapshotRequests()).isEqualTo(2);
    }

    @Test
    void shouldApplyEventsFromTheRingToTheRightInstrumentAndRunThePublisherWork()
    {
        readCommands();
        writeSnapshot(1, 100, 50, 51);
        writeDiff(1, 100, 101, 50, 7); // USD-M bridge: U <= L <= u

        final int work = invoker.invoke();

        assertThat(work).isEqualTo(2);
        final OrderBook book = processor.sync(1).book();
        assertThat(book.bids().bestQuantity()).isEqualTo(7);
        assertThat(processor.sync(1).state()).isEqualTo(SyncState.LIVE);
        assertThat(processor.sync(0).state()).isEqualTo(SyncState.AWAITING_SNAPSHOT);
        assertThat(processor.counters().events()).isEqualTo(2);
        assertThat(dutyCycles).contains(nowNs);
        assertThat(downstreamEvents).contains("1:AWAITING_SNAPSHOT->BRIDGING:SNAPSHOT_APPLIED", "1:BRIDGING->LIVE:BRIDGED");
    }

    @Test
    void shouldMarkAnInstrumentStaleOnANoticeAndAskForASnapshot()
    {
        readCommands();
        writeSnapshot(0, 100, 50, 51);
        invoker.invoke();

        writeNotice(0, SyncReason.RECONNECT);
        invoker.invoke();

        assertThat(processor.sync(0).state()).isEqualTo(SyncState.STALE);
        assertThat(readCommands()).containsExactly("0:RECONNECT");
        assertThat(processor.counters().staleNotices()).isEqualTo(1);
    }

    @Test
    void shouldCountRecordsForUnknownInstrumentsWithoutTouchingOthers()
    {
        readCommands();
        writeDiff(7, 1, 1, 50, 1);
        writeNotice(-1, SyncReason.BAD_INPUT);

        invoker.invoke();

        assertThat(processor.counters().unknownInstruments()).isEqualTo(2);
        assertThat(processor.sync(0).pendingDiffs()).isZero();
        assertThat(processor.sync(1).pendingDiffs()).isZero();
    }

    @Test
    void shouldSayInAGapsResyncRequestWhereTheBookStoodAndWhichDiffDidNotFollow()
    {
        readCommands();
        writeSnapshot(1, 100, 50, 51);
        writeDiff(1, 100, 101, 50, 7);
        writeDiff(1, 105, 108, 50, 8); // pu = 104, the book is at 101

        invoker.invoke();

        final List<long[]> gaps = new ArrayList<>();
        commands.read((type, buffer, index, length) ->
        {
            assertThat(length).isEqualTo(RingMessages.REQUEST_LENGTH);
            gaps.add(new long[]{
                buffer.getInt(index + RingMessages.INSTRUMENT_ID_OFFSET),
                buffer.getInt(index + RingMessages.REASON_OFFSET),
                buffer.getLong(index + RingMessages.GAP_BOOK_ID_OFFSET),
                buffer.getLong(index + RingMessages.GAP_DIFF_PREV_OFFSET),
                buffer.getLong(index + RingMessages.GAP_DIFF_FIRST_OFFSET),
                buffer.getLong(index + RingMessages.GAP_DIFF_LAST_OFFSET)});
        });
        assertThat(gaps).containsExactly(new long[]{1, SyncReason.GAP.code(), 101, 104, 105, 108});

        writeNotice(1, SyncReason.RECONNECT);
        invoker.invoke();
        writeSnapshot(1, 200, 50, 51);
        invoker.invoke();
        writeNotice(1, SyncReason.CHECKSUM);
        invoker.invoke();
        commands.read((type, buffer, index, length) -> assertThat(buffer.getLong(index +
            RingMessages.GAP_BOOK_ID_OFFSET)).as("ids only for a gap").isEqualTo(BookEvent.NULL_ID));
    }

    @Test
    void shouldRetrySnapshotRequestsThatFoundTheCommandRingFull()
    {
        readCommands();
        writeSnapshot(0, 100, 50, 51);
        writeSnapshot(1, 100, 50, 51);
        invoker.invoke();
        fillCommandRing();
        writeNotice(0, SyncReason.RECONNECT);
        writeNotice(1, SyncReason.RECONNECT);

        invoker.invoke();

        assertThat(processor.counters().commandRingFull()).isEqualTo(2);
        assertThat(readCommands()).allMatch("99:STARTED"::equals);

        invoker.invoke();

        assertThat(readCommands()).containsExactly("0:RECONNECT", "1:RECONNECT");
        assertThat(processor.counters().snapshotRequests()).isEqualTo(4);
    }

    private void fillCommandRing()
    {
        scratch.putInt(0, 99);
        scratch.putInt(4, SyncReason.STARTED.code());
        while (commands.write(RingMessages.SNAPSHOT_REQUEST, scratch, 0, RingMessages.REQUEST_LENGTH))
        {
            // fill
        }
    }

    private void start(final RingBuffer commandRing)
    {
        final List<Instrument> instruments = List.of(
            new Instrument(0, Venue.BINANCE_SPOT, "BTCUSDT", 2, 8),
            new Instrument(1, Venue.BINANCE_USDM, "BTCUSDT", 2, 3));
        processor = new BookProcessor(events, commandRing, instruments, BookLimits.DEFAULT, new SyncListener()
        {
            public void onStateChange(final int id, final SyncState from, final SyncState to, final SyncReason reason)
            {
                downstreamEvents.add(id + ":" + from + "->" + to + ":" + reason);
            }

            public void onSnapshotRequest(final int id, final SyncReason reason)
            {
                downstreamEvents.add(id + ":request:" + reason);
            }

            public void onBookUpdated(final OrderBook book, final BookEvent event)
            {
                downstreamEvents.add(book.instrumentId() + ":updated:" + event.lastUpdateId());
            }
        }, now ->
        {
            dutyCycles.add(now);
            return 0;
        }, () -> nowNs);
        invoker = new AgentInvoker(Throwable::printStackTrace, null, processor);
        invoker.start(); // calls onStart: the first snapshot requests
    }

    private List<String> readCommands()
    {
        final List<String> read = new ArrayList<>();
        int count;
        do // a read stops where the ring wraps: read until empty
        {
            count = commands.read((type, buffer, index, length) ->
            {
                assertThat(type).isEqualTo(RingMessages.SNAPSHOT_REQUEST);
                read.add(buffer.getInt(index) + ":" + SyncReason.fromCode(buffer.getInt(index + 4)));
            });
        }
        while (count > 0);
        return read;
    }

    private void writeSnapshot(final int id, final long updateId, final long bid, final long ask)
    {
        final BookEvent event = new BookEvent().wrapForWrite(scratch, 0)
            .resetHeader(id, BookEvent.TYPE_SNAPSHOT).firstUpdateId(updateId).lastUpdateId(updateId);
        event.putLevel(0, bid, 1).putLevel(1, ask, 1).bidCount(1).askCount(1);
        assertThat(events.write(RingMessages.BOOK_EVENT, scratch, 0, event.length())).isTrue();
    }

    private void writeDiff(final int id, final long first, final long last, final long bid, final long qty)
    {
        final BookEvent event = new BookEvent().wrapForWrite(scratch, 0)
            .resetHeader(id, BookEvent.TYPE_DIFF).firstUpdateId(first).lastUpdateId(last).prevUpdateId(first - 1);
        event.putLevel(0, bid, qty).bidCount(1);
        assertThat(events.write(RingMessages.BOOK_EVENT, scratch, 0, event.length())).isTrue();
    }

    private void writeNotice(final int id, final SyncReason reason)
    {
        scratch.putInt(RingMessages.INSTRUMENT_ID_OFFSET, id);
        scratch.putInt(RingMessages.REASON_OFFSET, reason.code());
        assertThat(events.write(RingMessages.INSTRUMENT_STALE, scratch, 0, RingMessages.NOTICE_LENGTH)).isTrue();
    }

    private static RingBuffer ring(final int capacity)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }
}
