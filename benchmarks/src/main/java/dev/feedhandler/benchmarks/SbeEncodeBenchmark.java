package dev.feedhandler.benchmarks;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.protocol.publisher.FeedPublisher;
import dev.feedhandler.protocol.publisher.MessageSink;
import dev.feedhandler.protocol.publisher.PublisherConfig;
import dev.feedhandler.protocol.publisher.StreamPublisher;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
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

import java.util.concurrent.TimeUnit;

/**
 * The publisher's delta encoding: {@link FeedPublisher#onBookUpdated} for a real applied diff (decoded once from the
 * corpus's live range), which encodes SBE BookDelta messages (split at the default levels per message) into a
 * claimed range. The sink is memory that always grants the claim, so this is the encoding alone; the Aeron
 * publication's cost is {@link AeronIpcPublishBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class SbeEncodeBenchmark
{
    @Param({Corpora.BINANCE_SPOT, Corpora.BINANCE_USDM})
    public String corpus;

    private DecodedEvents events;
    private FeedPublisher publisher;
    private OrderBook book;
    private final BookEvent event = new BookEvent();
    private int next;

    @Setup
    public void setup()
    {
        final Corpus capture = Corpora.byName(corpus);
        events = new DecodedEvents(capture);
        final PublisherConfig config = PublisherConfig.DEFAULT;
        publisher = new FeedPublisher(1L, new StreamPublisher(new MemorySink(), config.maxRetries()),
            new StreamPublisher(new MemorySink(), config.maxRetries()), new SystemEpochNanoClock(), config);
        book = new OrderBook(capture.instrument().id(), 16, 16);
        publisher.addInstrument(capture.instrument(), book);
    }

    @Benchmark
    public long encodeDelta()
    {
        final int index = next;
        next = index + 1 == events.count() ? 0 : index + 1;
        publisher.onBookUpdated(book, event.wrap(events.buffer(), events.offset(index)));
        return publisher.deltaStream().sequence();
    }

    /** Grants every claim at the start of one buffer; the MTU payload of the default Aeron channel. */
    static final class MemorySink implements MessageSink
    {
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);

        public long tryClaim(final int length)
        {
            return length;
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
            return 1376;
        }

        public boolean isConnected()
        {
            return true;
        }
    }
}
