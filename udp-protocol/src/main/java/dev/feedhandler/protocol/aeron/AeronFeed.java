package dev.feedhandler.protocol.aeron;

import dev.feedhandler.orderbook.metrics.CounterFactory;
import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.TimeoutException;
import dev.feedhandler.protocol.publisher.AeronMessageSink;
import dev.feedhandler.protocol.publisher.FeedPublisher;
import dev.feedhandler.protocol.publisher.PublisherConfig;
import dev.feedhandler.protocol.publisher.PublisherCounters;
import dev.feedhandler.protocol.publisher.StreamPublisher;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.io.File;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A connection to Aeron for the feed: an embedded media driver (the default: launched in this process, its directory
 * under {@code /dev/shm} named for the process, deleted on close) or an external driver's directory.
 * <p>
 * Losing the media driver is final for an Aeron client: when the driver stops heartbeating for the driver timeout
 * (killed, hung), or drops this client, the client closes itself and every publication and subscription with it.
 * Such errors reach the error handler given to {@link #connect(FeedChannels, ThreadFactory, long, ErrorHandler)};
 * {@link #isDriverLost} tells them apart. Nothing on this feed works after that: the process must reconnect or exit.
 */
public final class AeronFeed implements AutoCloseable
{
    /** Aeron's default: how long the client waits for the driver's heartbeat (or an answer) before giving up. */
    public static final long DEFAULT_DRIVER_TIMEOUT_MS = 10_000;
    private static final long END_OF_STREAM_GRACE_NS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final String EMBEDDED_SUFFIX = "-feedhandler-";
    private static final AtomicInteger EMBEDDED_DRIVERS = new AtomicInteger();

    private final FeedChannels channels;
    private final MediaDriver driver;
    private final Aeron aeron;

    private AeronFeed(final FeedChannels channels, final MediaDriver driver, final Aeron aeron)
    {
        this.channels = channels;
        this.driver = driver;
        this.aeron = aeron;
    }

    /**
     * Launch an embedded driver or connect to the external one named by {@link FeedChannels#aeronDirectory()}.
     *
     * @throws io.aeron.exceptions.AeronException or IllegalStateException naming the directory when no driver answers.
     */
    public static AeronFeed connect(final FeedChannels channels)
    {
        return connect(channels, null, DEFAULT_DRIVER_TIMEOUT_MS, null);
    }

    /**
     * As {@link #connect(FeedChannels)}, with the embedded driver's (SHARED) thread made by {@code driverThreads}
     * (which pins it: {@code [affinity] driver_conductor}; null for Aeron's default factory; ignored for an external
     * driver), the client's driver timeout, and the handler of the Aeron client's errors (null: Aeron's default,
     * which prints them). It runs on the client's conductor thread; see {@link #isDriverLost}.
     */
    public static AeronFeed connect(
        final FeedChannels channels, final ThreadFactory driverThreads, final long driverTimeoutMs,
        final ErrorHandler clientErrors)
    {
        MediaDriver driver = null;
        final String directory;
        if (channels.isEmbeddedDriver())
        {
            deleteAbandonedEmbeddedDirectories(CommonContext.getAeronDirectoryName());
            // Unique per process and per feed, so a daemon and a consumer can share a process (tests).
            directory = CommonContext.getAeronDirectoryName() + EMBEDDED_SUFFIX + ProcessHandle.current().pid() +
                "-" + EMBEDDED_DRIVERS.incrementAndGet();
            final MediaDriver.Context context = new MediaDriver.Context()
                .aeronDirectoryName(directory)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy())
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true);
            if (driverThreads != null)
            {
                context.sharedThreadFactory(driverThreads);
            }
            driver = MediaDriver.launch(context);
        }
        else
        {
            directory = channels.aeronDirectory();
            if (!new File(directory).isDirectory())
            {
                throw new IllegalStateException("no Aeron media driver directory at " + directory +
                    ": start the external driver first, or use the embedded one");
            }
        }
        try
        {
            final Aeron.Context context = new Aeron.Context().aeronDirectoryName(directory)
                .driverTimeoutMs(driverTimeoutMs);
            if (clientErrors != null)
            {
                context.errorHandler(clientErrors);
            }
            return new AeronFeed(channels, driver, Aeron.connect(context));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    /**
     * True for the errors after which the Aeron client has closed itself: the driver's heartbeat stopped for the
     * driver timeout (or the driver shut down), the driver timed this client out, or the client's own conductor
     * stalled past its service interval.
     */
    public static boolean isDriverLost(final Throwable error)
    {
        return error instanceof TimeoutException;
    }

    /**
     * Delete the directories of embedded drivers whose process died without deleting them (SIGKILL, a crash): each
     * holds its publications' log buffers, tens of MB of {@code /dev/shm}. The name says whose a directory is
     * ({@code <aeron dir>-feedhandler-<pid>-<n>}); it is left alone while that process lives.
     *
     * @return directories deleted.
     */
    static int deleteAbandonedEmbeddedDirectories(final String aeronDirectoryBase)
    {
        final File base = new File(aeronDirectoryBase);
        final String prefix = base.getName() + EMBEDDED_SUFFIX;
        final File[] candidates = base.getAbsoluteFile().getParentFile()
            .listFiles((parent, name) -> name.startsWith(prefix));
        int deleted = 0;
        for (final File candidate : candidates == null ? new File[0] : candidates)
        {
            final long pid = embeddedOwner(candidate.getName().substring(prefix.length()));
            if (pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            {
                IoUtil.delete(candidate, true);
                deleted++;
            }
        }
        return deleted;
    }

    /** The pid in {@code <pid>-<n>}, or -1. */
    private static long embeddedOwner(final String suffix)
    {
        final int dash = suffix.indexOf('-');
        try
        {
            return dash > 0 ? Long.parseLong(suffix.substring(0, dash)) : -1;
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    public FeedChannels channels()
    {
        return channels;
    }

    public Aeron aeron()
    {
        return aeron;
    }

    public ExclusivePublication addDeltaPublication()
    {
        return aeron.addExclusivePublication(channels.publicationChannel(), channels.deltaStreamId());
    }

    public ExclusivePublication addSnapshotPublication()
    {
        return aeron.addExclusivePublication(channels.publicationChannel(), channels.snapshotStreamId());
    }

    public Subscription addDeltaSubscription()
    {
        return aeron.addSubscription(channels.channel(), channels.deltaStreamId());
    }

    public Subscription addSnapshotSubscription()
    {
        return aeron.addSubscription(channels.channel(), channels.snapshotStreamId());
    }

    /**
     * A publisher on both streams whose epoch is the current time in nanoseconds, so a restarted publisher always
     * has a larger epoch than the one before.
     */
    public FeedPublisher newPublisher(final PublisherConfig config)
    {
        return newPublisher(config, CounterFactory.detached());
    }

    /** As above, with each stream's counters allocated from {@code counters} (the counters file). */
    public FeedPublisher newPublisher(final PublisherConfig config, final CounterFactory counters)
    {
        final EpochNanoClock clock = new SystemEpochNanoClock();
        return new FeedPublisher(
            clock.nanoTime(),
            new StreamPublisher(new AeronMessageSink(addDeltaPublication()), config.maxRetries(),
                new PublisherCounters(counters, channels.deltaStreamId(), "delta")),
            new StreamPublisher(new AeronMessageSink(addSnapshotPublication()), config.maxRetries(),
                new PublisherCounters(counters, channels.snapshotStreamId(), "snapshot")),
            clock,
            config);
    }

    /**
     * Close the client, then the embedded driver. The driver is given a moment first so it can tell receivers that
     * the streams ended (end-of-stream), which lets them release the images at once instead of after the image
     * liveness timeout.
     */
    public void close()
    {
        CloseHelper.quietClose(aeron);
        if (driver != null)
        {
            LockSupport.parkNanos(END_OF_STREAM_GRACE_NS);
            CloseHelper.quietClose(driver);
        }
    }
}
