package dev.feedhandler.protocol;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.processor.BookProcessor;
import dev.feedhandler.orderbook.processor.RingMessages;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.protocol.publisher.FeedPublisher;
import dev.feedhandler.protocol.publisher.MessageSink;
import dev.feedhandler.protocol.publisher.PublisherConfig;
import dev.feedhandler.protocol.publisher.StreamPublisher;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The book thread's whole duty cycle allocates nothing: reading diffs from the event ring, applying them, and
 * encoding BookDeltas (and heartbeats) into the publication. Measured in windows after a warm-up; one whole window
 * must allocate exactly zero bytes (a per-message allocation would show in every window).
 */
class ProcessorPublishAllocationTest
{
    private static final int WINDOWS = 8;
    private static final int DIFFS_PER_WINDOW = 20_000;

    @Test
    void shouldApplyAndPublishDiffsWithoutAllocating()
    {
        final RingBuffer events = new ManyToOneRingBuffer(ring(1 << 20));
        final RingBuffer commands = new OneToOneRingBuffer(ring(1 << 16));
        final DiscardingSink deltas = new DiscardingSink();
        final long[] now = {1_000_000_000L};
        final FeedPublisher publisher = new FeedPublisher(1, new StreamPublisher(deltas, 3),
            new StreamPublisher(new DiscardingSink(), 3), () -> now[0], PublisherConfig.DEFAULT);
        final Instrument instrument = new Instrument(0, Venue.BINANCE_SPOT, "BTCUSDT", 2, 8);
        final BookProcessor processor = new BookProcessor(events, commands, List.of(instrument), BookLimits.DEFAULT,
            publisher, publisher::doWork, () -> now[0]);
        publisher.addInstrument(instrument, processor.sync(0).book());
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[4096]);
        final BookEvent event = new BookEvent();

        try (AgentInvoker invoker = new AgentInvoker(Throwable::printStackTrace, null, processor))
        {
            invoker.start();
            event.wrapForWrite(scratch, 0).resetHeader(0, BookEvent.TYPE_SNAPSHOT).firstUpdateId(100).lastUpdateId(100);
            for (int i = 0; i < 50; i++)
            {
                event.putLevel(i, 10_000 - i, 5).putLevel(50 + i, 10_001 + i, 5);
            }
            event.bidCount(50).askCount(50);
            events.write(RingMessages.BOOK_EVENT, scratch, 0, event.length());
            invoker.invoke();

            long id = 100;
            final long[] allocated = new long[WINDOWS];
            for (int window = -2; window < WINDOWS; window++) // two windows of warm-up
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < DIFFS_PER_WINDOW; i++)
                {
                    id++;
                    event.wrapForWrite(scratch, 0).resetHeader(0, BookEvent.TYPE_DIFF).firstUpdateId(id).lastUpdateId(id)
                        .ingressTimeNs(now[0]);
                    event.putLevel(0, 10_000 - (i & 7), 1 + (i & 3)).putLevel(1, 10_001 + (i & 7), (i & 1) * 7)
                        .bidCount(1).askCount(1);
                    events.write(RingMessages.BOOK_EVENT, scratch, 0, event.length());
                    now[0] += 1_000;
                    invoker.invoke();
                }
                if (window >= 0)
                {
                    allocated[window] = threads.getCurrentThreadAllocatedBytes() - before;
                }
            }

            assertThat(processor.sync(0).counters().diffsApplied()).isEqualTo((WINDOWS + 2L) * DIFFS_PER_WINDOW);
            assertThat(deltas.committed).as("BookDelta and other messages encoded").isGreaterThanOrEqualTo(
                (WINDOWS + 2L) * DIFFS_PER_WINDOW);
            assertThat(allocated).as("bytes allocated per window of %d diffs", DIFFS_PER_WINDOW).contains(0L);
        }
    }

    private static UnsafeBuffer ring(final int capacity)
    {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH));
    }

    /** A sink that encodes into one reusable buffer and throws the message away. */
    private static final class DiscardingSink implements MessageSink
    {
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CapturingSink.MTU_PAYLOAD]);
        long committed;

        public long tryClaim(final int length)
        {
            return 1;
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
            committed++;
        }

        public int maxMessageLength()
        {
            return CapturingSink.MTU_PAYLOAD;
        }

        public boolean isConnected()
        {
            return true;
        }
    }
}
