package dev.feedhandler.feeder.metrics;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.metrics.CounterFactory;
import dev.feedhandler.orderbook.metrics.CounterType;
import dev.feedhandler.orderbook.metrics.CountersFile;
import dev.feedhandler.orderbook.processor.BookProcessor;
import dev.feedhandler.orderbook.processor.RingMessages;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.protocol.publisher.FeedPublisher;
import dev.feedhandler.protocol.publisher.MessageSink;
import dev.feedhandler.protocol.publisher.PublisherConfig;
import dev.feedhandler.protocol.publisher.PublisherCounters;
import dev.feedhandler.protocol.publisher.StreamPublisher;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The book thread's duty cycle still allocates nothing with its counters in the counters file and the stage latency
 * histograms recording every update (clock reads, HdrHistogram recorders), with and without ring timestamps (the
 * ingest's clock read and stamp, done here on the same thread, and the two ring stages). One whole window of diffs
 * after warm-up must allocate exactly zero bytes.
 */
class MetricsHotPathAllocationTest
{
    private static final int WINDOWS = 8;
    private static final int DIFFS_PER_WINDOW = 20_000;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "ring timestamps {0}")
    @ValueSource(booleans = {false, true})
    void shouldCountAndTimeEveryUpdateWithoutAllocating(final boolean ringTimestamps)
    {
        final CountersFile file = CountersFile.create(temp.resolve("feeder.counters"), 256);
        final CounterFactory counters = new CounterFactory(file.manager());
        final EpochNanoClock clock = new OffsetEpochNanoClock();
        final LatencyHistograms latency = new LatencyHistograms(clock, ringTimestamps);
        final RingBuffer events = new ManyToOneRingBuffer(ring(1 << 20));
        final RingBuffer commands = new OneToOneRingBuffer(ring(1 << 16));
        final long[] now = {1_000_000_000L};
        final FeedPublisher publisher = new FeedPublisher(1,
            new StreamPublisher(new DiscardingSink(), 3, new PublisherCounters(counters, 1001, "delta")),
            new StreamPublisher(new DiscardingSink(), 3, new PublisherCounters(counters, 1002, "snapshot")),
            () -> now[0], PublisherConfig.DEFAULT);
        final Instrument instrument = new Instrument(0, Venue.BINANCE_SPOT, "BTCUSDT", 2, 8);
        final BookProcessor processor = new BookProcessor(events, commands, List.of(instrument), BookLimits.DEFAULT,
            publisher, publisher::doWork, () -> now[0], counters, latency);
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
                        .ingressTimeNs(latency.epochNanos());
                    event.putLevel(0, 10_000 - (i & 7), 1 + (i & 3)).putLevel(1, 10_001 + (i & 7), (i & 1) * 7)
                        .bidCount(1).askCount(1);
                    if (ringTimestamps) // as the ingest does it, just before the commit
                    {
                        event.ringTimeNs(clock.nanoTime());
                    }
                    events.write(RingMessages.BOOK_EVENT, scratch, 0, event.length());
                    now[0] += 1_000;
                    invoker.invoke();
                }
                if (window >= 0)
                {
                    allocated[window] = threads.getCurrentThreadAllocatedBytes() - before;
                }
            }

            final long diffs = (WINDOWS + 2L) * DIFFS_PER_WINDOW;
            assertThat(processor.sync(0).counters().diffsApplied()).isEqualTo(diffs);
            final long[] fromFile = new long[1];
            file.reader().forEach((counterId, typeId, key, label) ->
            {
                if (typeId == CounterType.PROCESSOR_EVENTS.id())
                {
                    fromFile[0] = file.reader().getCounterValue(counterId);
                }
            });
            assertThat(fromFile[0]).as("processor events, read from the file").isEqualTo(diffs + 1);
            assertThat(latency.ingressToApplied().sample().totalCount()).as("the snapshot has no ingress time")
                .isEqualTo(diffs);
            assertThat(latency.appliedToPublished().sample().totalCount()).isEqualTo(diffs + 1);
            final Map<String, Long> counts = new HashMap<>();
            latency.stages().forEach(stage -> counts.put(stage.name(), stage.sample().totalCount()));
            if (ringTimestamps)
            {
                assertThat(counts).containsEntry("ingress_to_ring", diffs).containsEntry("ring_to_applied", diffs);
            }
            else
            {
                assertThat(counts).containsOnlyKeys("ingress_to_applied", "applied_to_published");
            }
            assertThat(allocated).as("bytes allocated per window of %d diffs", DIFFS_PER_WINDOW).contains(0L);
        }
        file.close();
    }

    private static UnsafeBuffer ring(final int capacity)
    {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH));
    }

    /** Encodes into one reusable buffer and throws the message away. */
    private static final class DiscardingSink implements MessageSink
    {
        private static final int MTU_PAYLOAD = 1376;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MTU_PAYLOAD]);

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
        }

        public int maxMessageLength()
        {
            return MTU_PAYLOAD;
        }

        public boolean isConnected()
        {
            return true;
        }
    }
}
