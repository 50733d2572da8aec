package dev.feedhandler.feeder.daemon;

import dev.feedhandler.affinity.CorePinning;
import dev.feedhandler.feeder.config.DaemonConfig;
import dev.feedhandler.feeder.metrics.DaemonMetrics;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.processor.BookProcessor;
import dev.feedhandler.protocol.aeron.AeronFeed;
import dev.feedhandler.protocol.aeron.IdleStrategies;
import dev.feedhandler.protocol.publisher.FeedPublisher;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running daemon: the rings, the book processor on its own (pinned) thread, the feed publisher, and the venue
 * ingest on Netty event loops. {@link #start} wires everything from a {@link DaemonConfig}; {@link #close} stops it
 * in reverse order.
 */
public final class Daemon implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final DaemonConfig config;
    private final List<Instrument> instruments;
    private final RingBuffer events;
    private final RingBuffer commands;
    private final AeronFeed feed;
    private final FeedPublisher publisher;
    private final BookProcessor processor;
    private final AgentRunner processorRunner;
    private final AtomicReference<CorePinning.Result> pinning = new AtomicReference<>();
    private final Ingest ingest;
    private final DaemonMetrics metrics;

    private Daemon(final DaemonConfig config)
    {
        this.config = config;
        this.instruments = instruments(config);
        this.events = new ManyToOneRingBuffer(ring(config.processor().eventRingBytes()));
        this.commands = new OneToOneRingBuffer(ring(config.processor().commandRingBytes()));
        this.metrics = DaemonMetrics.start(config.metrics(), instruments.size(), config.venues().size());
        try
        {
            this.feed = AeronFeed.connect(config.publisher().channels());
        }
        catch (final RuntimeException ex)
        {
            metrics.close();
            throw ex;
        }
        try
        {
            this.publisher = feed.newPublisher(config.publisher().settings(), metrics.counters());
            // The duty-cycle clock must be the publisher's (epoch ns): it stamps heartbeats and cycle snapshots, and
            // heartbeats compare it with the epoch times deltas were sent at.
            final EpochNanoClock dutyCycleClock = new OffsetEpochNanoClock();
            this.processor = new BookProcessor(events, commands, instruments, config.limits(), publisher,
                publisher::doWork, dutyCycleClock::nanoTime, metrics.counters(), metrics.latency());
            for (final Instrument instrument : instruments)
            {
                publisher.addInstrument(instrument, processor.sync(instrument.id()).book());
            }
            this.processorRunner = new AgentRunner(
                IdleStrategies.byName(config.processor().idleStrategy()),
                this::onProcessorError,
                null,
                processor);
            this.ingest = new Ingest(config, instruments, events, commands, metrics.counters());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(feed, metrics);
            throw ex;
        }
    }

    /** Build and start everything. */
    public static Daemon start(final DaemonConfig config)
    {
        final Daemon daemon = new Daemon(config);
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

    /** The counters file, the latency histograms and the Prometheus endpoint. */
    public DaemonMetrics metrics()
    {
        return metrics;
    }

    /** What the kernel granted the book processor thread (null until it started). */
    public CorePinning.Result processorPinning()
    {
        return pinning.get();
    }

    private void startThreads()
    {
        final int core = config.processor().core();
        AgentRunner.startOnThread(processorRunner, runnable -> new Thread(() ->
        {
            final CorePinning.Result result = CorePinning.pinCurrentThread(core);
            pinning.set(result);
            if (result.pinned() || core < 0)
            {
                LOG.info(result.detail());
            }
            else
            {
                LOG.warn("{}; continuing unpinned", result.detail());
            }
            runnable.run();
        }, "book-processor"));
        ingest.start();
        LOG.info("started: {} instruments on {} venues, feed {} streams {}/{} ({})", instruments.size(),
            config.venues().size(), config.publisher().channels().channel(),
            config.publisher().channels().deltaStreamId(), config.publisher().channels().snapshotStreamId(),
            config.publisher().channels().isEmbeddedDriver() ? "embedded media driver" :
                "media driver " + config.publisher().channels().aeronDirectory());
        LOG.info("counters: {} (scripts/feeder-stat){}", metrics.countersFile(), metrics.prometheusPort() > 0 ?
            "; Prometheus: http://" + config.metrics().prometheusBind() + ":" + metrics.prometheusPort() + "/metrics" :
            "");
    }

    private void onProcessorError(final Throwable error)
    {
        // An exception in the processor is a bug; the agent keeps running (AgentRunner calls doWork again).
        LOG.error("book processor error", error);
    }

    public void close()
    {
        // The counters file last: every thread that writes counters has stopped by then.
        CloseHelper.closeAll(ingest, processorRunner, feed, metrics);
        LOG.info("stopped");
    }

    private static List<Instrument> instruments(final DaemonConfig config)
    {
        final List<Instrument> instruments = new ArrayList<>();
        for (final DaemonConfig.VenueSettings venue : config.venues())
        {
            for (final DaemonConfig.InstrumentSettings settings : venue.instruments())
            {
                instruments.add(new Instrument(settings.id(), venue.venue(), settings.symbol(),
                    settings.normalizedSymbol(), settings.priceScale(), settings.qtyScale()));
            }
        }
        return List.copyOf(instruments);
    }

    private static UnsafeBuffer ring(final int capacity)
    {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH));
    }
}
