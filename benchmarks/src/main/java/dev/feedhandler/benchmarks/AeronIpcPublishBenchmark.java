package dev.feedhandler.benchmarks;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.CloseHelper;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Aeron IPC publish: an embedded media driver (shared threading, in its own /dev/shm directory deleted on
 * shutdown), an exclusive IPC publication like the publisher's, and one offer of a message the size of an SBE
 * BookDelta per operation. The subscription is polled in the same operation so the term never fills: the score is
 * offer + same-thread receive, the IPC floor under the publisher.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class AeronIpcPublishBenchmark
{
    /** A BookDelta with 2 levels and with 20 levels: header 8 + block 56 + group header 4 + 17 per level. */
    @Param({"102", "408"})
    public int messageLength;

    private MediaDriver driver;
    private Aeron aeron;
    private ExclusivePublication publication;
    private Subscription subscription;
    private UnsafeBuffer message;
    private final Counter counter = new Counter();

    @Setup
    public void setup()
    {
        driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        publication = aeron.addExclusivePublication("aeron:ipc", 1001);
        subscription = aeron.addSubscription("aeron:ipc", 1001);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!publication.isConnected() || !subscription.isConnected())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("IPC publication did not connect");
            }
            Thread.onSpinWait();
        }
        message = new UnsafeBuffer(new byte[messageLength]);
        message.setMemory(0, messageLength, (byte)7);
    }

    @Benchmark
    public long offerAndPoll()
    {
        long position;
        while ((position = publication.offer(message, 0, messageLength)) < 0)
        {
            subscription.poll(counter, 16);
        }
        subscription.poll(counter, 16);
        return position + counter.bytes;
    }

    @TearDown
    public void tearDown()
    {
        CloseHelper.closeAll(aeron, driver);
    }

    static final class Counter implements FragmentHandler
    {
        long bytes;

        public void onFragment(final org.agrona.DirectBuffer buffer, final int offset, final int length,
            final io.aeron.logbuffer.Header header)
        {
            bytes += length;
        }
    }
}
