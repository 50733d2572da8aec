package dev.feedhandler.protocol.consumer;

import dev.feedhandler.orderbook.BookSide;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steady-state delta processing allocates nothing: a synced book is fed pre-encoded BookDeltas (continuous
 * sequences) in measurement windows after a warm-up, with the thread's allocated bytes read around each window. The
 * JIT may allocate a little while it compiles, so one clean window is the proof; a per-message allocation would show
 * in every window.
 */
class ConsumerAllocationTest
{
    private static final long EPOCH = 1_000;
    private static final int WARM_UP_MESSAGES = 30_000;
    private static final int WINDOWS = 6;
    private static final int MESSAGES_PER_WINDOW = 10_000;
    private static final int LEVELS = 80;

    @Test
    void shouldAllocateNothingPerDeltaOnceTheBookIsSynced()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);

        final CountingListener listener = new CountingListener();
        final BookConsumer consumer = new BookConsumer(listener, new ConsumerConfig(4, 256, 10_000, 1 << 20));
        final TreeMap<Long, Long> bids = new TreeMap<>();
        final TreeMap<Long, Long> asks = new TreeMap<>();
        sync(consumer, bids, asks);

        final int total = WARM_UP_MESSAGES + WINDOWS * MESSAGES_PER_WINDOW;
        final Deltas deltas = encode(total, bids, asks);

        deltas.deliver(consumer, 0, WARM_UP_MESSAGES);
        final long[] allocated = new long[WINDOWS];
        for (int window = 0; window < WINDOWS; window++)
        {
            final int from = WARM_UP_MESSAGES + window * MESSAGES_PER_WINDOW;
            final long before = threads.getCurrentThreadAllocatedBytes();
            deltas.deliver(consumer, from, from + MESSAGES_PER_WINDOW);
            allocated[window] = threads.getCurrentThreadAllocatedBytes() - before;
        }

        // Every delta was really applied: the window counts would mean nothing otherwise.
        assertThat(consumer.counters().deltas()).isEqualTo(total);
        assertThat(consumer.counters().deltaGaps()).isZero();
        assertThat(listener.updates).as("one snapshot and every delta").isEqualTo(1 + total);
        final ConsumerBook book = consumer.book(0);
        assertThat(book.isTrustworthy()).isTrue();
        assertSide(book.book().bids(), bids.descendingMap());
        assertSide(book.book().asks(), asks);

        assertThat(Arrays.stream(allocated).min().orElseThrow())
            .as("bytes allocated per window of %d deltas: %s", MESSAGES_PER_WINDOW, Arrays.toString(allocated))
            .isZero();
    }

    /** Join at delta sequence 1 and sync instrument 0 with a snapshot of {@link #LEVELS} levels a side. */
    private static void sync(final BookConsumer consumer, final TreeMap<Long, Long> bids, final TreeMap<Long, Long> asks)
    {
        final byte[] join = Wire.heartbeat(EPOCH, 1, 1);
        consumer.onDeltaStream(new UnsafeBuffer(join), 0, join.length);
        final Wire.SnapshotBuilder snapshot = Wire.snapshot(EPOCH, 1, 0, 1);
        for (int i = 0; i < LEVELS; i++)
        {
            bids.put(10_000L - i, 1L + i);
            snapshot.bid(10_000L - i, 1L + i);
        }
        for (int i = 0; i < LEVELS; i++)
        {
            asks.put(10_001L + i, 1L + i);
            snapshot.ask(10_001L + i, 1L + i);
        }
        final byte[] message = snapshot.encode();
        consumer.onSnapshotStream(new UnsafeBuffer(message), 0, message.length);
        assertThat(consumer.book(0).isTrustworthy()).isTrue();
    }

    /**
     * Deltas from sequence 2 on that change one bid and one ask each, deleting and re-inserting levels as they go so
     * both the update and the insert/delete paths run; the expected book is kept alongside.
     */
    private static Deltas encode(final int count, final TreeMap<Long, Long> bids, final TreeMap<Long, Long> asks)
    {
        final int length = Wire.delta(EPOCH, 2, 0).bid(1, 1).ask(2, 1).encode().length;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[count * length]);
        for (int i = 0; i < count; i++)
        {
            final long bidPrice = 10_000L - (i * 7L) % LEVELS;
            final long bidQuantity = i % 5;
            final long askPrice = 10_001L + (i * 11L) % LEVELS;
            final long askQuantity = (i + 2) % 6;
            apply(bids, bidPrice, bidQuantity);
            apply(asks, askPrice, askQuantity);
            final int encoded = Wire.delta(EPOCH, 2 + i, 0).venueSequence(100 + i).times(i, i)
                .bid(bidPrice, bidQuantity).ask(askPrice, askQuantity).encodeInto(buffer, i * length);
            assertThat(encoded).isEqualTo(length);
        }
        return new Deltas(buffer, length);
    }

    private static void apply(final TreeMap<Long, Long> side, final long price, final long quantity)
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

    private static void assertSide(final BookSide side, final Map<Long, Long> expected)
    {
        final List<String> actual = new ArrayList<>();
        for (int level = 0; level < side.depth(); level++)
        {
            actual.add(side.priceAt(level) + "x" + side.quantityAt(level));
        }
        final List<String> wanted = new ArrayList<>();
        expected.forEach((price, quantity) -> wanted.add(price + "x" + quantity));
        assertThat(actual).containsExactlyElementsOf(wanted);
    }

    /** Fixed-length encoded deltas back to back in one buffer. */
    private static final class Deltas
    {
        private final UnsafeBuffer buffer;
        private final int length;

        Deltas(final UnsafeBuffer buffer, final int length)
        {
            this.buffer = buffer;
            this.length = length;
        }

        void deliver(final BookConsumer consumer, final int from, final int to)
        {
            for (int i = from; i < to; i++)
            {
                consumer.onDeltaStream(buffer, i * length, length);
            }
        }
    }

    private static final class CountingListener implements BookConsumerListener
    {
        long updates;

        public void onBookUpdated(final ConsumerBook book, final long ingressTimeNs, final long publishTimeNs)
        {
            updates++;
        }
    }
}
