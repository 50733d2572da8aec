package dev.feedhandler.benchmarks.processor;

import dev.feedhandler.affinity.CorePinning;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.processor.BookProcessor;
import dev.feedhandler.orderbook.processor.RingMessages;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.InstrumentSync;
import dev.feedhandler.orderbook.sync.SyncState;
import dev.feedhandler.protocol.aeron.AeronFeed;
import dev.feedhandler.protocol.aeron.FeedChannels;
import dev.feedhandler.protocol.aeron.IdleStrategies;
import dev.feedhandler.protocol.publisher.FeedPublisher;
import dev.feedhandler.protocol.publisher.PublisherConfig;
import dev.feedhandler.protocol.publisher.PublisherCounters;
import io.aeron.Subscription;
import net.openhft.affinity.Affinity;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The book processor alone, in events per second on one core: a producer thread fills the daemon's event ring
 * ({@link ManyToOneRingBuffer} of the daemon's default size) with pre-decoded diffs ({@link SyntheticBookStream}); the
 * real {@link BookProcessor} (sync rules, books) runs on its own pinned thread under an {@link AgentRunner}, as the
 * daemon wires it, with the real {@link FeedPublisher} encoding every applied diff as SBE onto Aeron IPC (an
 * embedded media driver with its own directory under {@code /dev/shm}, deleted at the end); a consumer drains the
 * delta stream. Nothing decodes JSON and no socket is involved: this is ring -> book -> publish.
 * <p>
 * After warm-up rounds, each measured round counts the events the processor read from the ring; the report is the
 * median (with min and max) of the rounds. At the end the producer stops, the processor and consumer drain, and the
 * run is checked: every instrument LIVE, every diff applied, no gap on the delta stream, no delta dropped, one
 * BookDelta received per diff. Bounded, exits by itself: 0 when the checks pass, 1 otherwise, 2 for bad arguments.
 */
@Command(
    name = "processor-throughput",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Events per second through ring -> book processor -> SBE publisher -> Aeron IPC, processor pinned.")
public final class ProcessorThroughput implements Callable<Integer>
{
    private static final long FIRST_ID = 1_000_000L;
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    @Option(names = "--rounds", defaultValue = "5", description = "measured rounds (default 5)")
    private int rounds;

    @Option(names = "--warmup-rounds", defaultValue = "2", description = "rounds run first and not counted (default 2)")
    private int warmupRounds;

    @Option(names = "--round-seconds", defaultValue = "5", description = "length of a round (default 5)")
    private double roundSeconds;

    @Option(names = "--cpu", defaultValue = "" + Integer.MIN_VALUE, paramLabel = "N",
        description = "pin the processor to this CPU, -1 for none (default: the highest CPU this process may use, " +
            "if it may use more than one); the other threads are kept off it")
    private int cpu;

    @Option(names = "--instruments", defaultValue = "1", description = "instruments, events round-robin (default 1)")
    private int instruments;

    @Option(names = "--levels", defaultValue = "1000", description = "book levels per side (default 1000)")
    private int levels;

    @Option(names = "--levels-per-side", defaultValue = "1",
        description = "levels each diff sets on each side (default 1, like the end-to-end harness)")
    private int levelsPerSide;

    @Option(names = "--ring-bytes", defaultValue = "" + (32 * 1024 * 1024),
        description = "event ring capacity, a power of two (default 33554432, the daemon's event_ring_bytes)")
    private int ringBytes;

    @Option(names = "--idle", defaultValue = "backoff",
        description = "processor idle strategy: " + IdleStrategies.NAMES + " (default backoff, the daemon's default)")
    private String idle;

    @Option(names = "--term-length", defaultValue = "" + (64 * 1024 * 1024),
        description = "Aeron IPC term length (default 64 MiB: half of it, ~15 ms of deltas at 5M/s, is the room " +
            "the consumer has for a scheduling hiccup before the publisher is back-pressured)")
    private int termLength;

    private final PrintStream out;

    ProcessorThroughput(final PrintStream out)
    {
        this.out = out;
    }

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new ProcessorThroughput(System.out)).execute(args));
    }

    public Integer call() throws Exception
    {
        if (rounds < 1 || warmupRounds < 0 || roundSeconds <= 0 || instruments < 1 || Integer.bitCount(ringBytes) != 1)
        {
            throw new CommandLine.ParameterException(new CommandLine(this),
                "need rounds >= 1, warm-up rounds >= 0, round seconds > 0, instruments >= 1, ring bytes a power of 2");
        }
        final int processorCpu = cpu == Integer.MIN_VALUE ? defaultCpu() : cpu;
        final SyntheticBookStream stream = new SyntheticBookStream(levels, levelsPerSide, 7);
        final List<Instrument> list = new ArrayList<>();
        for (int i = 0; i < instruments; i++)
        {
            list.add(new Instrument(i, Venue.BINANCE_SPOT, "BENCH" + i + "USDT", SyntheticBookStream.PRICE_SCALE,
                SyntheticBookStream.QTY_SCALE));
        }
        final RingBuffer events = new ManyToOneRingBuffer(ring(ringBytes));
        final RingBuffer commands = new OneToOneRingBuffer(ring(1024 * 1024));
        out.printf(Locale.ROOT, "processor: %d instrument(s), %d levels per side, %d level(s) per side per diff " +
            "(%d-byte events), ring %d bytes, idle %s; %d warm-up + %d measured rounds of %.1f s%n", instruments,
            levels, levelsPerSide, stream.diffLength(), ringBytes, idle, warmupRounds, rounds, roundSeconds);
        out.println("placement: " + keepOffCpu(processorCpu));

        AeronFeed feed = null;
        AgentRunner runner = null;
        Thread producerThread = null;
        Thread drainThread = null;
        RingProducer producer = null;
        DeltaDrain drain = null;
        try
        {
            feed = AeronFeed.connect(new FeedChannels("aeron:ipc", FeedChannels.DEFAULT_DELTA_STREAM_ID,
                FeedChannels.DEFAULT_SNAPSHOT_STREAM_ID, null, termLength, null));
            final Subscription deltas = feed.addDeltaSubscription();
            final FeedPublisher publisher = feed.newPublisher(PublisherConfig.DEFAULT);
            final EpochNanoClock clock = new OffsetEpochNanoClock();
            final BookProcessor processor = new BookProcessor(events, commands, list, BookLimits.DEFAULT, publisher,
                publisher::doWork, clock::nanoTime);
            for (final Instrument instrument : list)
            {
                publisher.addInstrument(instrument, processor.sync(instrument.id()).book());
            }
            await(publisher.deltaStream()::isConnected, "the delta subscription to connect");
            writeSnapshots(stream, events);

            drain = new DeltaDrain(deltas);
            drainThread = start(drain, "delta-drain");
            producer = new RingProducer(events, stream, instruments, FIRST_ID);
            final AtomicReference<String> pinning = new AtomicReference<>();
            runner = new AgentRunner(IdleStrategies.byName(idle), Throwable::printStackTrace, null, processor);
            AgentRunner.startOnThread(runner, runnable -> new Thread(() ->
            {
                pinning.set(CorePinning.pinCurrentThread(processorCpu).detail());
                runnable.run();
            }, "book-processor"));
            await(() -> instrumentsIn(processor, SyncState.BRIDGING) == instruments, "every snapshot applied");
            out.println("placement: " + pinning.get());
            producerThread = start(producer, "ring-producer");

            final double[] rates = measure(processor, producer);
            producer.stop();
            producerThread.join();
            final long produced = producer.written();
            final boolean processed = awaitQuietly(() -> processor.counters().events() == produced + instruments);
            CloseHelper.close(runner); // the processor thread has ended: what it sent is final
            runner = null;
            final long sent = publisher.deltaStream().counters().sent();
            final DeltaDrain consumer = drain;
            final boolean received = awaitQuietly(() -> consumer.messages() >= sent);
            drain.stop();
            drainThread.join();
            report(rates);
            return check(processor, publisher, drain, produced, processed && received) ? 0 : 1;
        }
        finally
        {
            if (producer != null)
            {
                producer.stop();
            }
            if (drain != null)
            {
                drain.stop();
            }
            joinQuietly(producerThread);
            joinQuietly(drainThread);
            CloseHelper.closeAll(runner, feed);
        }
    }

    /** Warm-up and measured rounds: events per second read from the ring in each measured round. */
    private double[] measure(final BookProcessor processor, final RingProducer producer)
    {
        final long roundNs = (long)(roundSeconds * 1e9);
        final double[] rates = new double[rounds];
        out.printf(Locale.ROOT, "%-9s %14s %14s %16s%n", "round", "events/s", "ns/event", "ring-full waits");
        for (int round = -warmupRounds; round < rounds; round++)
        {
            final long events0 = processor.counters().events();
            final long full0 = producer.ringFull();
            final long start = System.nanoTime();
            final long end = start + roundNs;
            for (long now = start; now - end < 0; now = System.nanoTime())
            {
                LockSupport.parkNanos(end - now);
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            final double rate = (processor.counters().events() - events0) / seconds;
            final long fullWaits = producer.ringFull() - full0;
            out.printf(Locale.ROOT, "%-9s %,14.0f %,14.1f %,16d%s%n", round < 0 ? "warm-up" : "" + (round + 1), rate,
                1e9 / rate, fullWaits, fullWaits == 0 ? "  (ring never full: the producer set the pace)" : "");
            if (round >= 0)
            {
                rates[round] = rate;
            }
        }
        return rates;
    }

    private void report(final double[] rates)
    {
        final double[] sorted = rates.clone();
        Arrays.sort(sorted);
        final double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] :
            (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        out.printf(Locale.ROOT, "processor throughput: median %,.0f events/s (%,.1f ns/event), min %,.0f, max %,.0f " +
            "over %d rounds%n", median, 1e9 / median, sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    /** The end-of-run checks; prints each failure. */
    private boolean check(final BookProcessor processor, final FeedPublisher publisher, final DeltaDrain drain,
        final long produced, final boolean drained)
    {
        long applied = 0;
        long syncGaps = 0;
        int notLive = 0;
        for (int i = 0; i < instruments; i++)
        {
            final InstrumentSync sync = processor.sync(i);
            applied += sync.counters().diffsApplied();
            syncGaps += sync.counters().gaps();
            notLive += sync.state() == SyncState.LIVE ? 0 : 1;
        }
        final PublisherCounters published = publisher.deltaStream().counters();
        out.printf(Locale.ROOT, "checks: diffs produced %d, applied %d, instruments not LIVE %d, sync gaps %d; deltas " +
            "received %d, delta-stream gaps %d, dropped %d, back-pressured %d; drained in time %b%n", produced,
            applied, notLive, syncGaps, drain.deltas(), drain.gaps(), published.dropped(), published.backPressured(),
            drained);
        final boolean ok = drained && applied == produced && notLive == 0 && syncGaps == 0 &&
            drain.deltas() == applied && drain.gaps() == 0 && published.dropped() == 0;
        if (published.dropped() > 0)
        {
            out.println("checks: deltas were dropped because the consumer fell behind (back-pressure); on a busy " +
                "machine that is the consumer's scheduling, not the processor: give it a core, or a longer term");
        }
        out.println(ok ? "checks: passed" : "checks: FAILED");
        return ok;
    }

    private void writeSnapshots(final SyntheticBookStream stream, final RingBuffer events)
    {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[stream.snapshotLength()]);
        for (int i = 0; i < instruments; i++)
        {
            final int length = stream.writeSnapshot(scratch, 0, i, FIRST_ID - 1);
            if (!events.write(RingMessages.BOOK_EVENT, scratch, 0, length))
            {
                throw new IllegalStateException("the event ring has no room for the snapshots: raise --ring-bytes");
            }
        }
    }

    private static int instrumentsIn(final BookProcessor processor, final SyncState state)
    {
        return (int)processor.counters().instrumentsIn(state);
    }

    /** The highest CPU this process may use if it may use more than one, else -1 (no pinning). */
    private static int defaultCpu()
    {
        final BitSet allowed = Affinity.getAffinity();
        return allowed.cardinality() > 1 ? allowed.length() - 1 : -1;
    }

    /** Confines this thread, and so the threads it starts from now on, to the CPUs other than the processor's. */
    private static String keepOffCpu(final int processorCpu)
    {
        if (processorCpu < 0)
        {
            return "processor not pinned; other threads unrestricted";
        }
        try
        {
            final BitSet others = (BitSet)Affinity.getAffinity().clone();
            others.clear(processorCpu);
            if (others.isEmpty())
            {
                return "no CPU besides " + processorCpu + ": other threads share it";
            }
            Affinity.setAffinity(others);
            return "producer, consumer and media driver on CPUs " + Affinity.getAffinity();
        }
        catch (final Throwable ex) // no native affinity here: run unrestricted
        {
            return "other threads unrestricted: " + ex;
        }
    }

    private static Thread start(final Runnable runnable, final String name)
    {
        final Thread thread = new Thread(runnable, name);
        thread.start();
        return thread;
    }

    private static void await(final BooleanSupplier condition, final String what)
    {
        if (!awaitQuietly(condition))
        {
            throw new IllegalStateException("timed out waiting for " + what);
        }
    }

    private static boolean awaitQuietly(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + DRAIN_TIMEOUT_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    private static void joinQuietly(final Thread thread) throws InterruptedException
    {
        if (thread != null)
        {
            thread.join();
        }
    }

    private static UnsafeBuffer ring(final int capacity)
    {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH));
    }
}
