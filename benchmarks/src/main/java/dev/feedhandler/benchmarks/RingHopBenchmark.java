package dev.feedhandler.benchmarks;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.processor.RingMessages;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The hop from an I/O thread to the book thread: the daemon's event ring (an Agrona {@link ManyToOneRingBuffer}
 * with the daemon's default size), one real book event written the way the ingest writes it (claim, fill, commit)
 * and read back the way the book processor reads it (a handler created once, reading the instrument id and type).
 * Writer and reader are one thread here, so this is the cost of the ring's own work per event, not the cross-core
 * cache transfer (that shows in the end-to-end harness).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class RingHopBenchmark
{
    /** 64 KiB (fits in L2) and the daemon's default event_ring_bytes, 32 MiB. */
    @Param({"65536", "33554432"})
    public int ringBytes;

    @Param({Corpora.BINANCE_SPOT})
    public String corpus;

    private DecodedEvents events;
    private ManyToOneRingBuffer ring;
    private final Reader reader = new Reader();
    private int next;

    @Setup
    public void setup()
    {
        events = new DecodedEvents(Corpora.byName(corpus));
        ring = new ManyToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect(ringBytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    @Benchmark
    public long writeRead()
    {
        final int event = next;
        next = event + 1 == events.count() ? 0 : event + 1;
        final int length = events.length(event);
        final int index = ring.tryClaim(RingMessages.BOOK_EVENT, length);
        if (index < 0)
        {
            throw new IllegalStateException("ring full");
        }
        ring.buffer().putBytes(index, events.buffer(), events.offset(event), length);
        ring.commit(index);
        if (ring.read(reader, 1) != 1 && ring.read(reader, 1) != 1) // a wrap reads its padding record first
        {
            throw new IllegalStateException("nothing read");
        }
        return reader.sum;
    }

    /** Reads what the processor reads first: the instrument id and event type. */
    static final class Reader implements MessageHandler
    {
        long sum;

        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            sum += buffer.getInt(index + BookEvent.INSTRUMENT_ID_OFFSET) + buffer.getShort(index + BookEvent.TYPE_OFFSET);
        }
    }
}
