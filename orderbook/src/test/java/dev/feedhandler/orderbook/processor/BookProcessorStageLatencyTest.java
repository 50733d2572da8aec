package dev.feedhandler.orderbook.processor;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.metrics.CounterFactory;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The book processor's stage timestamps, driven through the real event ring: each update's stages are recorded in
 * the order the timestamps are taken (ingress and ring commit by the ingest, applied before the publisher is called,
 * published after it returns), the ring stages only for events the ingest stamped, and nothing without a recorder.
 */
class BookProcessorStageLatencyTest
{
    private static final Instrument BTC = new Instrument(0, Venue.BINANCE_SPOT, "BTCUSDT", 2, 8);
    private static final long CLOCK_STEP_NS = 100;

    private final RingBuffer events = ring(64 * 1024, true);
    private final RingBuffer commands = ring(4 * 1024, false);
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[4096]);
    /** Stage records and publisher calls, in the order they happened. */
    private final List<String> log = new ArrayList<>();
    private final SteppingLatency latency = new SteppingLatency(log);
    private AgentInvoker invoker;

    @AfterEach
    void tearDown()
    {
        invoker.close();
    }

    @Test
    void shouldRecordEveryStageOfAStampedEventInTheOrderItsTimestampsWereTaken()
    {
        start(latency);
        write(snapshot(100).ingressTimeNs(1_000).ringTimeNs(1_600));
        write(diff(101, 101).ingressTimeNs(2_000).ringTimeNs(2_250));
        write(diff(102, 103).ingressTimeNs(2_100).ringTimeNs(2_900));

        invoker.invoke();

        // The clock reads 10_100, 10_200, ... : applied and published of the snapshot, then of each diff.
        assertThat(log).containsExactly(
            "ingress_to_applied 9100", "ingress_to_ring 600", "ring_to_applied 8500", "published 100",
            "applied_to_published 100",
            "ingress_to_applied 8300", "ingress_to_ring 250", "ring_to_applied 8050", "published 101",
            "applied_to_published 100",
            "ingress_to_applied 8400", "ingress_to_ring 800", "ring_to_applied 7600", "published 103",
            "applied_to_published 100");
        assertThat(latency.clockReads).isEqualTo(6);
    }

    @Test
    void shouldRecordOnlyTheIngressStagesOfEventsWithoutARingTime()
    {
        start(latency);
        write(snapshot(100).ingressTimeNs(1_000));
        write(diff(101, 101).ingressTimeNs(2_000));

        invoker.invoke();

        assertThat(log).containsExactly(
            "ingress_to_applied 9100", "published 100", "applied_to_published 100",
            "ingress_to_applied 8300", "published 101", "applied_to_published 100");
        assertThat(latency.clockReads).as("no extra clock read for the missing ring time").isEqualTo(4);
    }

    @Test
    void shouldRecordNothingAndReadNoClockWithoutARecorder()
    {
        start(null);
        write(snapshot(100).ingressTimeNs(1_000).ringTimeNs(1_600));
        write(diff(101, 101).ingressTimeNs(2_000).ringTimeNs(2_250));

        invoker.invoke();

        assertThat(log).containsExactly("published 100", "published 101");
        assertThat(latency.clockReads).isZero();
    }

    @Test
    void shouldCarryTheRingTimeOfTheSnapshotIntoTheResetDeltaOfAStreamVenue()
    {
        final Instrument bybit = new Instrument(0, Venue.BYBIT, "BTCUSDT", 2, 8);
        start(latency, bybit);
        write(snapshot(100).ingressTimeNs(1_000).ringTimeNs(1_500));
        write(snapshot(200).ingressTimeNs(3_000).ringTimeNs(3_400)); // a reset while LIVE: published as one diff

        invoker.invoke();

        assertThat(log).filteredOn(line -> line.startsWith("ingress_to_ring") || line.startsWith("ring_to_applied"))
            .containsExactly("ingress_to_ring 500", "ring_to_applied 8600", "ingress_to_ring 400",
                "ring_to_applied 6900");
    }

    private void start(final StageLatency recorder)
    {
        start(recorder, BTC);
    }

    private void start(final StageLatency recorder, final Instrument instrument)
    {
        final BookProcessor processor = new BookProcessor(events, commands, List.of(instrument), BookLimits.DEFAULT,
            new SyncListener()
            {
                public void onStateChange(
                    final int id, final SyncState from, final SyncState to, final SyncReason reason)
                {
                }

                public void onSnapshotRequest(final int id, final SyncReason reason)
                {
                }

                public void onBookUpdated(final OrderBook book, final BookEvent event)
                {
                    log.add("published " + event.lastUpdateId());
                }
            }, nowNs -> 0, () -> 0, CounterFactory.detached(), recorder);
        invoker = new AgentInvoker(Throwable::printStackTrace, null, processor);
        invoker.start();
    }

    private BookEvent snapshot(final long updateId)
    {
        return new BookEvent().wrapForWrite(scratch, 0).resetHeader(0, BookEvent.TYPE_SNAPSHOT)
            .firstUpdateId(updateId).lastUpdateId(updateId).putLevel(0, 50, 1).putLevel(1, 51, 1).bidCount(1).askCount(1);
    }

    private BookEvent diff(final long first, final long last)
    {
        return new BookEvent().wrapForWrite(scratch, 0).resetHeader(0, BookEvent.TYPE_DIFF)
            .firstUpdateId(first).lastUpdateId(last).putLevel(0, 50, last).bidCount(1);
    }

    private void write(final BookEvent event)
    {
        assertThat(events.write(RingMessages.BOOK_EVENT, scratch, 0, event.length())).isTrue();
    }

    private static RingBuffer ring(final int capacity, final boolean manyToOne)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH));
        return manyToOne ? new ManyToOneRingBuffer(buffer) : new OneToOneRingBuffer(buffer);
    }

    /** A clock that moves on by 100 ns at every read (from 10_000), and a recorder that logs each stage in order. */
    private static final class SteppingLatency implements StageLatency
    {
        private final List<String> log;
        private long nowNs = 10_000;
        int clockReads;

        SteppingLatency(final List<String> log)
        {
            this.log = log;
        }

        public long epochNanos()
        {
            clockReads++;
            nowNs += CLOCK_STEP_NS;
            return nowNs;
        }

        public void recordIngressToApplied(final long nanos)
        {
            log.add("ingress_to_applied " + nanos);
        }

        public void recordAppliedToPublished(final long nanos)
        {
            log.add("applied_to_published " + nanos);
        }

        public void recordIngressToRing(final long nanos)
        {
            log.add("ingress_to_ring " + nanos);
        }

        public void recordRingToApplied(final long nanos)
        {
            log.add("ring_to_applied " + nanos);
        }
    }
}
