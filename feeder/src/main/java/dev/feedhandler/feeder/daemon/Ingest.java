package dev.feedhandler.feeder.daemon;

import dev.feedhandler.affinity.AffinityStatus;
import dev.feedhandler.affinity.CpuLayout;
import dev.feedhandler.affinity.CpuRole;
import dev.feedhandler.feeder.config.DaemonConfig;
import dev.feedhandler.feeder.ingest.HttpSnapshotClient;
import dev.feedhandler.feeder.ingest.NettyTransport;
import dev.feedhandler.feeder.ingest.RateBudget;
import dev.feedhandler.feeder.ingest.SnapshotScheduler;
import dev.feedhandler.feeder.ingest.WebSocketConnector;
import dev.feedhandler.feeder.ingest.WebSocketOptions;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.metrics.CounterFactory;
import dev.feedhandler.orderbook.processor.RingMessages;
import dev.feedhandler.orderbook.sync.SyncReason;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The I/O side of the daemon: Netty event loops carrying every venue's WebSocket connections and REST snapshot
 * requests, and a 1 ms task that reads the processor's command ring (snapshot requests) and retries stale notices
 * that found the event ring full.
 */
public final class Ingest implements AutoCloseable
{
    private static final long COMMAND_POLL_MS = 1;

    private final NettyTransport transport;
    private final RingBuffer commands;
    private final List<VenueIngest> venues = new ArrayList<>();
    private final MessageHandler commandHandler = this::onCommand;
    private final List<Instrument> instruments;
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(Ingest.class));
    private ScheduledFuture<?> commandPoller;

    Ingest(final DaemonConfig config, final List<Instrument> instruments, final RingBuffer events, final RingBuffer commands)
    {
        this(config, instruments, events, commands, CounterFactory.detached(), new OffsetEpochNanoClock());
    }

    /**
     * As above, with each venue's counters allocated from {@code counterFactory} (the counters file), and events
     * stamped by {@code clock}: the socket read always, the ring commit with {@code [metrics] ring_timestamps}.
     */
    Ingest(
        final DaemonConfig config,
        final List<Instrument> instruments,
        final RingBuffer events,
        final RingBuffer commands,
        final CounterFactory counterFactory,
        final EpochNanoClock clock)
    {
        this.commands = commands;
        this.instruments = instruments;
        this.transport = NettyTransport.create(config.io().threads(), "feeder-io");
        try
        {
            final WebSocketConnector connector = new WebSocketConnector(transport, clock);
            final EpochNanoClock ringClock = config.metrics().ringTimestamps() ? clock : null;
            for (final DaemonConfig.VenueSettings venue : config.venues())
            {
                final SslContext ssl = sslContext(venue);
                if (venue.subscription() != null)
                {
                    venues.add(new StreamVenueIngest(venue, membersOf(venue, instruments), events, connector,
                        WebSocketOptions.defaults()
                            .withMaxFrameBytes(config.io().maxFrameBytes())
                            .withConnectTimeout(config.io().connectTimeout())
                            .withReadIdleTimeout(config.io().readIdleTimeout())
                            .withSslContext(ssl),
                        config.io().maxFrameBytes(), new IngestCounters(counterFactory, venue.venue().configName()),
                        ringClock));
                    continue;
                }
                final HttpSnapshotClient http = new HttpSnapshotClient(transport, ssl, config.io().maxFrameBytes());
                final WebSocketOptions options = WebSocketOptions.defaults()
                    .withMaxFrameBytes(config.io().maxFrameBytes())
                    .withConnectTimeout(config.io().connectTimeout())
                    .withReadIdleTimeout(config.io().readIdleTimeout())
                    .withSslContext(ssl);
                final List<Instrument> members = new ArrayList<>();
                for (final DaemonConfig.InstrumentSettings settings : venue.instruments())
                {
                    members.add(instruments.get(settings.id()));
                }
                final VenueSink sink = new VenueSink();
                final SnapshotScheduler scheduler = new SnapshotScheduler(transport.group().next(), http,
                    new RateBudget(venue.requestWeightPerMinute(), new SystemNanoClock()),
                    config.io().snapshotTimeout(), Duration.ofMillis(500), venue.snapshotMaxBackoff(), sink, clock);
                final BinanceVenueIngest ingest = new BinanceVenueIngest(venue, members, events, connector, options,
                    scheduler, config.io().maxFrameBytes(),
                    new IngestCounters(counterFactory, venue.venue().configName()), ringClock);
                sink.ingest = ingest;
                venues.add(ingest);
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(transport);
            throw ex;
        }
    }

    /** Per-venue counters, in config order. */
    public List<IngestCounters> counters()
    {
        final List<IngestCounters> counters = new ArrayList<>();
        for (final VenueIngest venue : venues)
        {
            counters.add(venue.counters());
        }
        return counters;
    }

    /** Planned connection rotations completed, all venues. */
    public int rotations()
    {
        int rotations = 0;
        for (final VenueIngest venue : venues)
        {
            rotations += venue.rotations();
        }
        return rotations;
    }

    /** Unplanned reconnects, all venues. */
    public int reconnects()
    {
        int reconnects = 0;
        for (final VenueIngest venue : venues)
        {
            reconnects += venue.reconnects();
        }
        return reconnects;
    }

    /**
     * Pin each event loop thread to its [affinity] io CPU (thread i on io[i % n]) and wait until each has recorded
     * the kernel's answer. Nothing happens when io is not placed.
     */
    void placeEventLoops(final AffinityStatus affinity, final CpuLayout layout)
    {
        if (layout.io().isEmpty())
        {
            return;
        }
        int index = 0;
        for (final EventExecutor loop : transport.group())
        {
            final int cpu = layout.ioCpu(index++);
            loop.submit(() -> affinity.pinCurrentThread(CpuRole.IO, cpu)).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    void start()
    {
        commandPoller = transport.group().next().scheduleWithFixedDelay(
            this::pollCommands, COMMAND_POLL_MS, COMMAND_POLL_MS, TimeUnit.MILLISECONDS);
        for (final VenueIngest venue : venues)
        {
            venue.start();
        }
    }

    /** Every millisecond: indexed loops, since an iterator a run would be steady garbage on the I/O thread. */
    private void pollCommands()
    {
        commands.read(commandHandler);
        for (int i = 0, size = venues.size(); i < size; i++)
        {
            venues.get(i).flushPendingStale();
        }
    }

    private void onCommand(final int msgTypeId, final DirectBuffer buffer, final int index, final int length)
    {
        if (msgTypeId != RingMessages.SNAPSHOT_REQUEST)
        {
            return;
        }
        final int instrumentId = buffer.getInt(index + RingMessages.INSTRUMENT_ID_OFFSET);
        final int reasonCode = buffer.getInt(index + RingMessages.REASON_OFFSET);
        if (foundByProcessor(reasonCode) && instrumentId >= 0 && instrumentId < instruments.size())
        {
            logResync(instruments.get(instrumentId), reasonCode, buffer, index);
        }
        for (int i = 0, size = venues.size(); i < size; i++)
        {
            final VenueIngest venue = venues.get(i);
            if (venue.owns(instrumentId))
            {
                venue.onSnapshotRequest(instrumentId, reasonCode);
                return;
            }
        }
    }

    /**
     * Rare path: the book processor broke a book (or still cannot sync it) and asks for a resync. One line per venue,
     * instrument and reason per interval; for a gap it says which ids did not follow, which tells a frame lost on the
     * way (ids skipped) from one out of order (ids going back).
     */
    private void logResync(final Instrument instrument, final int reasonCode, final DirectBuffer buffer, final int index)
    {
        final SyncReason reason = SyncReason.fromCode(reasonCode);
        final String name = instrument.venue().configName() + " " + instrument.symbol();
        String message = name + ": resync requested (" + reason + ")";
        if (reason == SyncReason.GAP)
        {
            message += ": book at update id " + buffer.getLong(index + RingMessages.GAP_BOOK_ID_OFFSET) +
                ", next diff " + ids(buffer, index);
        }
        log.warn(name + "/resync/" + reason, message);
    }

    /** Start-ups need no line, and lost connections and rejected frames had theirs where they were found. */
    private static boolean foundByProcessor(final int reasonCode)
    {
        return reasonCode != SyncReason.STARTED.code() && reasonCode != SyncReason.RECONNECT.code() &&
            reasonCode != SyncReason.BAD_INPUT.code();
    }

    private static String ids(final DirectBuffer buffer, final int index)
    {
        final long prev = buffer.getLong(index + RingMessages.GAP_DIFF_PREV_OFFSET);
        return (prev == BookEvent.NULL_ID ? "" : "pu=" + prev + " ") +
            "U=" + buffer.getLong(index + RingMessages.GAP_DIFF_FIRST_OFFSET) +
            " u=" + buffer.getLong(index + RingMessages.GAP_DIFF_LAST_OFFSET);
    }

    public void close()
    {
        if (commandPoller != null)
        {
            commandPoller.cancel(false);
        }
        for (final VenueIngest venue : venues)
        {
            CloseHelper.quietClose(venue);
        }
        CloseHelper.quietClose(transport);
    }

    private static List<Instrument> membersOf(final DaemonConfig.VenueSettings venue, final List<Instrument> instruments)
    {
        final List<Instrument> members = new ArrayList<>();
        for (final DaemonConfig.InstrumentSettings settings : venue.instruments())
        {
            members.add(instruments.get(settings.id()));
        }
        return members;
    }

    private static SslContext sslContext(final DaemonConfig.VenueSettings venue)
    {
        if (venue.trustCertificates() == null)
        {
            return null; // the default: system trust, hostname verification on
        }
        try
        {
            return SslContextBuilder.forClient().trustManager(venue.trustCertificates().toFile()).build();
        }
        catch (final SSLException ex)
        {
            throw new IllegalStateException("cannot build TLS trust from " + venue.trustCertificates() + ": " + ex, ex);
        }
    }

    /** Routes a venue's snapshot results to its ingest. */
    private static final class VenueSink implements SnapshotScheduler.Sink
    {
        BinanceVenueIngest ingest;

        public void onSnapshot(
            final int instrumentId, final DirectBuffer body, final int offset, final int length, final long receivedNs)
        {
            ingest.onSnapshot(instrumentId, body, offset, length, receivedNs);
        }

        public void onSnapshotRetry(final int instrumentId, final String reason, final long retryInNs)
        {
            ingest.onSnapshotRetry(instrumentId, reason, retryInNs);
        }
    }
}
