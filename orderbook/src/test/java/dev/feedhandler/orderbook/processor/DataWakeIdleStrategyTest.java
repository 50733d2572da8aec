package dev.feedhandler.orderbook.processor;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class DataWakeIdleStrategyTest
{
    /** Far longer than any deadline below: a reader that was not woken would still be parked. */
    private static final long LONG_PARK_NS = TimeUnit.SECONDS.toNanos(60);

    private final RingBuffer ring = new ManyToOneRingBuffer(
        new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024 + RingBufferDescriptor.TRAILER_LENGTH)));
    private final DataWakeIdleStrategy wake = new DataWakeIdleStrategy(ring, LONG_PARK_NS);
    private final UnsafeBuffer record = new UnsafeBuffer(new byte[16]);
    private final AtomicInteger read = new AtomicInteger();
    private AgentRunner runner;

    @AfterEach
    void tearDown()
    {
        if (runner != null)
        {
            // Its park is long here: unpark it if the first wait to stop times out.
            runner.close(10, LockSupport::unpark);
        }
    }

    @Test
    void shouldWakeTheParkedReaderWhenARecordIsCommittedOrWritten()
    {
        final Thread reader = startReader();
        final RingBuffer producerView = new WakingRingBuffer(ring, wake);

        awaitParked(reader);
        final int index = producerView.tryClaim(RingMessages.BOOK_EVENT, 16);
        producerView.commit(index);
        await("the claimed record read", () -> read.get() == 1);

        awaitParked(reader);
        assertThat(producerView.write(RingMessages.BOOK_EVENT, record, 0, 16)).isTrue();
        await("the written record read", () -> read.get() == 2);
    }

    @Test
    void shouldNotParkWhileTheRingHoldsRecords()
    {
        assertThat(ring.write(RingMessages.BOOK_EVENT, record, 0, 16)).isTrue();

        // Past the spins it would park for a minute with an empty ring; the timeout fails the test first.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
        {
            for (int i = 0; i <= DataWakeIdleStrategy.SPINS; i++)
            {
                wake.idle(0);
            }
        });
    }

    @Test
    void shouldRefuseANonPositiveParkTime()
    {
        assertThatThrownBy(() -> new DataWakeIdleStrategy(ring, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private Thread startReader()
    {
        runner = new AgentRunner(wake, Throwable::printStackTrace, null, new Agent()
        {
            public int doWork()
            {
                return ring.read((type, buffer, index, length) -> read.incrementAndGet());
            }

            public String roleName()
            {
                return "wake-test-reader";
            }
        });
        return AgentRunner.startOnThread(runner);
    }

    /** The reader is in its long park (the only park it makes). */
    private static void awaitParked(final Thread reader)
    {
        await("the reader parked", () -> reader.getState() == Thread.State.TIMED_WAITING);
    }

    private static void await(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out after 10 s waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }
}
