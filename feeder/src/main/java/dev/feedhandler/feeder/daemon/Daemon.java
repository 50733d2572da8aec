package dev.feedhandler.feeder.daemon;

import dev.feedhandler.affinity.AffinityStartup;
import dev.feedhandler.affinity.AffinityStatus;
import dev.feedhandler.affinity.CpuRole;
import dev.feedhandler.affinity.MachineCpus;
import dev.feedhandler.feeder.config.DaemonConfig;
import dev.feedhandler.feeder.metrics.DaemonMetrics;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.metrics.CounterType;
import dev.feedhandler.orderbook.processor.BookProcessor;
import dev.feedhandler.orderbook.processor.DataWakeIdleStrategy;
import dev.feedhandler.orderbook.processor.WakingRingBuffer;
import dev.feedhandler.protocol.aeron.AeronFeed;
import dev.feedhandler.protocol.aeron.IdleStrategies;
import dev.feedhandler.protocol.publisher.FeedPublisher;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The running daemon: the rings, the book processor on its own (pinned) thread, the feed publisher, and the venue
 * ingest on Netty event loops. {@link #start} wires everything from a {@link DaemonConfig}; {@link #close} stops it
 * in reverse order.
 * <p>
 * Losing the Aeron media driver is fatal: the Aeron client closes itself and every publication with it, so the books
 * can no longer reach anyone. The daemon logs one error and tells its {@link FatalErrorListener}, whose job is to
 * close it ({@code FeederDaemon} then exits with code 4 and the supervisor starts a fresh process, which consumers
 * see as a new session).
 */
public final class Daemon implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /** Told, at most once and from an Aeron thread, that the daemon cannot go on and must be closed. */
    @FunctionalInterface
    public interface FatalErrorListener
    {
        void onFatalError(Throwable cause);
    }

    private final DaemonConfig config;
    private final List<Instrument> instruments;
    private final RingBuffer events;
    private final RingBuffer commands;
    private final AeronFeed feed;
    private final FeedPublisher publisher;
    private final BookProcessor processor;
    private final PausableAgent processorAgent;
    private final AgentRunner processorRunner;
    private final AffinityStatus affinity;
    private final Ingest ingest;
    private final DaemonMetrics metrics;
    private final FatalErrorListener fatalErrors;
    private final AtomicBoolean driverLost = new AtomicBoolean();

    private Daemon(final DaemonConfig config, final AffinityStatus affinity, final FatalErrorListener fatalErrors)
    {
        this.config = config;
        this.affinity = affinity;
        this.fatalErrors = fatalErrors;
        this.instruments = instruments(config);
        this.events = new ManyToOneRingBuffer(ring(config.processor().eventRingBytes()));
        this.commands = new OneToOneRingBuffer(ring(config.processor().commandRingBytes()));
        // One clock for every in-process timestamp: the ingest's socket reads and ring commits, the book thread's
        // stage latencies and the duty cycle. Stages between two threads are then differences on one clock.
        final EpochNanoClock clock = new OffsetEpochNanoClock();
        this.metrics = DaemonMetrics.start(config.metrics(), instruments.size(), config.venues().size(), clock);
        try
        {
            this.feed = AeronFeed.connect(config.publisher().channels(), driverThreads(affinity),
                config.publisher().driverTimeoutMs(), this::onAeronError);
        }
        catch (final RuntimeException ex)
        {
            metrics.close();
            throw ex;
        }
        try
        {
            this.publisher = feed.newPublisher(config.publisher().settings(), metrics.counters());
            // The duty-cycle clock must be epoch ns like the publisher's: it stamps heartbeats and cycle snapshots,
            // and heartbeats compare it with the epoch times deltas were sent at.
            this.processor = new BookProcessor(events, commands, instruments, config.limits(), publisher,
                publisher::doWork, clock::nanoTime, metrics.counters(), metrics.latency());
            for (final Instrument instrument : instruments)
            {
                publisher.addInstrument(instrument, processor.sync(instrument.id()).book());
            }
            this.processorAgent = new PausableAgent(processor);
            // "wake": the processor parks until the I/O side commits a record, which signals it through the ring.
            final DataWakeIdleStrategy wake = DataWakeIdleStrategy.NAME.equals(config.processor().idleStrategy()) ?
                new DataWakeIdleStrategy(events) : null;
            this.processorRunner = new AgentRunner(
                wake != null ? wake : IdleStrategies.byName(config.processor().idleStrategy()),
                this::onProcessorError,
                metrics.counters().processor(CounterType.PROCESSOR_ERRORS),
                processorAgent);
            this.ingest = new Ingest(config, instruments, wake != null ? new WakingRingBuffer(events, wake) : events,
                commands, metrics.counters(), clock);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(feed, metrics);
            throw ex;
        }
    }

    /**
     * Build and start everything.
     *
     * @throws IllegalStateException when the [affinity] layout does not fit this machine, or memory locking is
     *                               required and failed.
     */
    public static Daemon start(final DaemonConfig config)
    {
        return start(config, cause -> { });
    }

    /** As {@link #start(DaemonConfig)}, telling {@code fatalErrors} when the media driver is lost. */
    public static Daemon start(final DaemonConfig config, final FatalErrorListener fatalErrors)
    {
        // Placement first: check the layout, lock memory, confine this thread (and so the threads it starts) to
        // the 'other' CPUs. Each daemon thread then pins itself and records the kernel's answer.
        final AffinityStatus affinity = AffinityStartup.start(config.affinity(), MachineCpus.detect());
        final Daemon daemon = new Daemon(config, affinity, fatalErrors);
        daemon.startThreads();
        return daemon;
    }

    public DaemonConfig config()
    {
        return config;
    }

    public List<Instrument> instruments()
    {
        return instruments;
    }

    public FeedPublisher publisher()
    {
        return publisher;
    }

    public Ingest ingest()
    {
        return ingest;
    }


    /**
     * Stop the book processor's duty cycle for {@code duration}, as a long GC pause would: the event ring fills and
     * the ingest's ring-full handling takes over. For fault drills and tests only.
     */
    public void pauseProcessorFor(final Duration duration)
    {
        processorAgent.pauseFor(duration);
    }

    /** The counters file, the latency histograms and the Prometheus endpoint. */
    public DaemonMetrics metrics()
    {
        return metrics;
    }

    /** What the daemon got: layout check, memory lock, and each placed thread's kernel mask ({@code lines()}). */
    public AffinityStatus affinityStatus()
    {
        return affinity;
    }

    private void startThreads()
    {
        final int core = config.affinity().layout().bookProcessor();
        AgentRunner.startOnThread(processorRunner, runnable -> new Thread(() ->
        {
            affinity.pinCurrentThread(CpuRole.BOOK_PROCESSOR, core);
            runnable.run();
        }, "book-processor"));
        ingest.placeEventLoops(affinity, config.affinity().layout());
        ingest.start();
        for (final String line : affinity.lines())
        {
            LOG.info("placement: {}", line);
        }
        LOG.info("started: {} instruments on {} venues, feed {} streams {}/{} ({})", instruments.size(),
            config.venues().size(), config.publisher().channels().channel(),
            config.publisher().channels().deltaStreamId(), config.publisher().channels().snapshotStreamId(),
            config.publisher().channels().isEmbeddedDriver() ? "embedded media driver" :
                "media driver " + config.publisher().channels().aeronDirectory());
        LOG.info("counters: {} (scripts/feeder-stat){}", metrics.countersFile(), metrics.prometheusPort() > 0 ?
            "; Prometheus: http://" + config.metrics().prometheusBind() + ":" + metrics.prometheusPort() + "/metrics" :
            "");
    }

    /** True once the media driver was lost: nothing is published any more. */
    public boolean isDriverLost()
    {
        return driverLost.get();
    }

    /** The Aeron client's errors, on its conductor thread. Rare path. */
    private void onAeronError(final Throwable error)
    {
        if (error instanceof AgentTerminationException)
        {
            return; // the client's conductor stopping after a termination reported elsewhere (loss, start-up, close)
        }
        if (!AeronFeed.isDriverLost(error))
        {
            LOG.error("aeron client error", error);
        }
        else if (driverLost.compareAndSet(false, true))
        {
            LOG.error("media driver lost: {}; the Aeron client has closed and the feed cannot be published: stopping",
                error.getMessage());
            fatalErrors.onFatalError(error);
        }
    }

    private void onProcessorError(final Throwable error)
    {
        // An exception in the processor is a bug; the agent keeps running (AgentRunner calls doWork again) and counts
        // it in processor_errors.
        LOG.error("book processor error", error);
    }

    public void close()
    {
        // The counters file last: every thread that writes counters has stopped by then.
        CloseHelper.closeAll(ingest, processorRunner, feed, metrics);
        LOG.info("stopped");
    }

    /** The embedded driver's thread, pinned to driver_conductor; null (Aeron's default) when not placed. */
    private static ThreadFactory driverThreads(final AffinityStatus affinity)
    {
        final int cpu = affinity.settings().layout().driverConductor();
        if (cpu < 0)
        {
            return null;
        }
        return runnable -> new Thread(() ->
        {
            affinity.pinCurrentThread(CpuRole.DRIVER_CONDUCTOR, cpu);
            runnable.run();
        }, "driver-conductor");
    }

    private static List<Instrument> instruments(final DaemonConfig config)
    {
        final List<Instrument> instruments = new ArrayList<>();
        for (final DaemonConfig.VenueSettings venue : config.venues())
        {
            final int bookDepth = venue.venue().truncatesToSubscribedDepth() ? venue.subscription().depth() : 0;
            for (final DaemonConfig.InstrumentSettings settings : venue.instruments())
            {
                instruments.add(new Instrument(settings.id(), venue.venue(), settings.symbol(),
                    settings.normalizedSymbol(), settings.priceScale(), settings.qtyScale(), bookDepth));
            }
        }
        return List.copyOf(instruments);
    }

    private static UnsafeBuffer ring(final int capacity)
    {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH));
    }
}
