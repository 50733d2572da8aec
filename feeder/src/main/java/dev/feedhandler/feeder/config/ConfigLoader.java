package dev.feedhandler.feeder.config;

import dev.feedhandler.affinity.AffinitySettings;
import dev.feedhandler.orderbook.FixedPoint;
import dev.feedhandler.orderbook.SymbolNormalizer;
import dev.feedhandler.feeder.venue.StreamSubscription;
import dev.feedhandler.feeder.venue.StreamVenues;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.protocol.aeron.AeronFeed;
import dev.feedhandler.protocol.aeron.FeedChannels;
import dev.feedhandler.orderbook.processor.DataWakeIdleStrategy;
import dev.feedhandler.protocol.aeron.IdleStrategies;
import dev.feedhandler.protocol.publisher.PublisherConfig;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Loads and validates the daemon's TOML configuration. Every default works on a laptop; every error names the file,
 * line, key and reason ({@link ConfigException}).
 */
public final class ConfigLoader
{
    private ConfigLoader()
    {
    }

    public static DaemonConfig load(final Path file)
    {
        final TomlParseResult toml;
        try
        {
            toml = Toml.parse(file);
        }
        catch (final IOException ex)
        {
            throw new ConfigException(file + ": cannot read: " + ex.getMessage());
        }
        if (toml.hasErrors())
        {
            final TomlParseError error = toml.errors().get(0);
            throw new ConfigException(file + ":" + error.position().line() + ": not valid TOML: " + error.getMessage());
        }

        final TableReader root = new TableReader(file, toml, "");
        final DaemonConfig.Processor processor = processor(root.table("processor"));
        final DaemonConfig.Io io = io(root.table("io"));
        final DaemonConfig.Publisher publisher = publisher(root.table("publisher"));
        final BookLimits limits = limits(root.table("limits"));
        final List<DaemonConfig.VenueSettings> venues = venues(file, root.tables("venues"));
        final AffinitySettings affinity = AffinityConfigReader.read(root.table("affinity"), processor, publisher);
        final DaemonConfig.Metrics metrics = metrics(file, root.table("metrics"));
        root.finish();
        if (venues.isEmpty())
        {
            throw new ConfigException(file + ": no [[venues]]: nothing to do");
        }
        return new DaemonConfig(file, processor, io, publisher, limits, venues, affinity, metrics);
    }

    /** Binance REST depth request weight by limit. */
    public static int snapshotRequestWeight(final Venue venue, final int limit)
    {
        if (venue == Venue.BINANCE_USDM)
        {
            return limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20;
        }
        return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    }

    private static DaemonConfig.Processor processor(final TableReader table)
    {
        final int core = table.integer("core", -1, -1, 4095);
        final String idle = table.string("idle", "backoff");
        if (!DataWakeIdleStrategy.NAME.equals(idle)) // the processor's own: parks until the I/O side has data
        {
            try
            {
                IdleStrategies.byName(idle);
            }
            catch (final IllegalArgumentException ex)
            {
                throw table.error("idle", "unknown idle strategy '" + idle + "', expected one of: " +
                    IdleStrategies.NAMES + ", " + DataWakeIdleStrategy.NAME);
            }
        }
        final int eventRing = table.powerOfTwo("event_ring_bytes", 32 * 1024 * 1024, 64 * 1024, 1 << 30);
        final int commandRing = table.powerOfTwo("command_ring_bytes", 1024 * 1024, 4 * 1024, 1 << 28);
        table.finish();
        return new DaemonConfig.Processor(core, idle, eventRing, commandRing);
    }

    private static DaemonConfig.Io io(final TableReader table)
    {
        final DaemonConfig.Io io = new DaemonConfig.Io(
            table.integer("threads", 1, 1, 64),
            table.integer("max_frame_bytes", 8 * 1024 * 1024, 1024, 256 * 1024 * 1024),
            table.millis("read_idle_timeout_ms", Duration.ofSeconds(60), 100, TimeUnit.HOURS.toMillis(1)),
            table.millis("connect_timeout_ms", Duration.ofSeconds(10), 100, TimeUnit.MINUTES.toMillis(5)),
            table.millis("snapshot_timeout_ms", Duration.ofSeconds(20), 100, TimeUnit.MINUTES.toMillis(5)));
        table.finish();
        return io;
    }

    private static DaemonConfig.Publisher publisher(final TableReader table)
    {
        final String aeronDir = table.string("aeron_dir", "");
        final FeedChannels channels;
        try
        {
            channels = new FeedChannels(
                table.string("channel", FeedChannels.DEFAULT_CHANNEL),
                table.integer("delta_stream", FeedChannels.DEFAULT_DELTA_STREAM_ID, 1, Integer.MAX_VALUE),
                table.integer("snapshot_stream", FeedChannels.DEFAULT_SNAPSHOT_STREAM_ID, 1, Integer.MAX_VALUE),
                table.string("flow_control", FeedChannels.DEFAULT_FLOW_CONTROL),
                table.powerOfTwo("term_length", FeedChannels.DEFAULT_TERM_LENGTH, 64 * 1024, 1 << 30),
                aeronDir.isEmpty() ? null : aeronDir);
        }
        catch (final IllegalArgumentException ex)
        {
            throw table.error("channel", ex.getMessage());
        }
        final PublisherConfig defaults = PublisherConfig.DEFAULT;
        final PublisherConfig settings = new PublisherConfig(
            table.integer("max_levels_per_message", defaults.maxLevelsPerMessage(), 1, 65_534),
            table.millis("snapshot_interval_ms", Duration.ofNanos(defaults.snapshotIntervalNs()), 10,
                TimeUnit.HOURS.toMillis(1)).toNanos(),
            table.millis("heartbeat_interval_ms", Duration.ofNanos(defaults.heartbeatIntervalNs()), 1,
                TimeUnit.MINUTES.toMillis(1)).toNanos(),
            table.integer("snapshot_instruments_per_cycle", defaults.instrumentsPerWork(), 1, 100_000),
            table.integer("max_retries", defaults.maxRetries(), 0, 1000));
        // The driver heartbeats about once a second: less than that would declare a healthy driver lost.
        final long driverTimeoutMs = table.millis("driver_timeout_ms",
            Duration.ofMillis(AeronFeed.DEFAULT_DRIVER_TIMEOUT_MS), 2_000, TimeUnit.MINUTES.toMillis(10)).toMillis();
        table.finish();
        return new DaemonConfig.Publisher(channels, settings, driverTimeoutMs);
    }

    private static DaemonConfig.Metrics metrics(final Path file, final TableReader table)
    {
        final String countersFile = table.string("counters_file", "");
        final int port = table.integer("prometheus_port", 0, 0, 65_535);
        final String bind = table.string("prometheus_bind", DaemonConfig.Metrics.DEFAULT.prometheusBind());
        if (bind.isEmpty())
        {
            throw table.error("prometheus_bind", "must name an address, e.g. 127.0.0.1");
        }
        final boolean latency = table.bool("latency_histograms", DaemonConfig.Metrics.DEFAULT.latencyHistograms());
        final boolean ringTimestamps = table.bool("ring_timestamps", DaemonConfig.Metrics.DEFAULT.ringTimestamps());
        if (ringTimestamps && !latency)
        {
            throw table.error("ring_timestamps", "needs latency_histograms = true: nothing else records the stages");
        }
        table.finish();
        return new DaemonConfig.Metrics(countersFile.isEmpty() ? null :
            file.toAbsolutePath().getParent().resolve(countersFile), port, bind, latency, ringTimestamps);
    }

    private static BookLimits limits(final TableReader table)
    {
        final BookLimits defaults = BookLimits.DEFAULT;
        final int maxLevels = table.integer("book_max_levels", defaults.maxLevels(), 16, 10_000_000);
        final BookLimits limits = new BookLimits(
            Math.min(defaults.initialLevels(), maxLevels),
            maxLevels,
            defaults.pendingInitialBytes(),
            table.integer("pending_max_bytes", defaults.pendingMaxBytes(), defaults.pendingInitialBytes(), 1 << 30));
        table.finish();
        return limits;
    }

    private static List<DaemonConfig.VenueSettings> venues(final Path file, final List<TableReader> tables)
    {
        final List<DaemonConfig.VenueSettings> venues = new ArrayList<>();
        final Set<String> seenVenues = new HashSet<>();
        int nextId = 0;
        for (final TableReader table : tables)
        {
            final String name = table.requiredString("name");
            final Venue venue;
            try
            {
                venue = Venue.fromConfigName(name);
            }
            catch (final IllegalArgumentException ex)
            {
                throw table.error("name", ex.getMessage());
            }
            if (!seenVenues.add(name))
            {
                throw table.error("name", "names a venue already configured: " + name);
            }
            if (venue.bootstrap() == Venue.Bootstrap.STREAM_SNAPSHOT)
            {
                venues.add(streamVenue(file, table, venue, nextId));
                nextId += venues.get(venues.size() - 1).instruments().size();
                continue;
            }
            final URI wsUrl = table.uri("ws_url", "ws", "wss");
            final URI restUrl = table.uri("rest_depth_url", "http", "https");
            final String depthStream = table.string("depth_stream", "depth@100ms");
            if (!depthStream.startsWith("depth"))
            {
                throw table.error("depth_stream", "must be a depth stream (depth, depth@100ms, ...): " + depthStream);
            }
            final int snapshotLimit = table.integer("snapshot_limit", 1000, 5, 5000);
            final int streamsPerConnection = table.integer("streams_per_connection", 200, 1, 1024);
            final long weightPerMinute = table.integer("request_weight_per_minute", 6000L, 1L, 1_000_000L);
            final int requestWeight = snapshotRequestWeight(venue, snapshotLimit);
            if (weightPerMinute < 2L * requestWeight)
            {
                // The budget bursts half its per-minute weight at most: one snapshot request must fit in that.
                throw table.error("request_weight_per_minute", "must be at least " + 2 * requestWeight +
                    " (twice the weight " + requestWeight + " of one snapshot request with limit " + snapshotLimit +
                    "), got " + weightPerMinute);
            }
            final Duration lifetime = table.millis("planned_lifetime_ms", Duration.ofHours(23).plusMinutes(45), 0,
                TimeUnit.DAYS.toMillis(7));
            final Duration rotationOverlap =
                table.millis("rotation_overlap_ms", Duration.ofMinutes(1), 10, TimeUnit.HOURS.toMillis(1));
            checkRotation(table, lifetime, rotationOverlap);
            final Duration snapshotMaxBackoff =
                table.millis("snapshot_max_backoff_ms", Duration.ofSeconds(60), 100, TimeUnit.HOURS.toMillis(1));
            final Path trustPath = trustCertificates(file, table);
            final List<DaemonConfig.InstrumentSettings> instruments = instruments(table, name, nextId);
            nextId += instruments.size();
            table.finish();
            venues.add(new DaemonConfig.VenueSettings(venue, wsUrl, restUrl, depthStream, snapshotLimit,
                streamsPerConnection, weightPerMinute, lifetime, rotationOverlap, snapshotMaxBackoff, trustPath, List.copyOf(instruments)));
        }
        return venues;
    }

    /**
     * A venue whose snapshot comes in its stream. Keys: ws_url, channel, depth, instruments_per_connection,
     * planned_lifetime_ms, rotation_overlap_ms, resync_min_interval_ms, trust_certificates, instruments. The REST
     * keys of Binance venues are refused as unknown.
     */
    private static DaemonConfig.VenueSettings streamVenue(
        final Path file, final TableReader table, final Venue venue, final int firstId)
    {
        final String name = venue.configName();
        final URI wsUrl = table.uri("ws_url", "ws", "wss");
        final String channel = table.string("channel", defaultChannel(venue));
        if (channel.isEmpty())
        {
            throw table.error("channel", "must not be empty");
        }
        final int depth = streamDepth(table, venue);
        final StreamSubscription subscription = new StreamSubscription(channel, depth);
        final int perConnectionLimit;
        try
        {
            perConnectionLimit = StreamVenues.protocol(venue, subscription).maxInstrumentsPerConnection();
        }
        catch (final IllegalArgumentException ex)
        {
            // The protocol checks what it can subscribe: the channel (the depth is checked above).
            throw table.error("channel", ex.getMessage());
        }
        final int perConnection = table.integer("instruments_per_connection", Math.min(50, perConnectionLimit), 1,
            perConnectionLimit);
        final Duration lifetime = table.millis("planned_lifetime_ms", Duration.ZERO, 0, TimeUnit.DAYS.toMillis(7));
        final Duration rotationOverlap =
            table.millis("rotation_overlap_ms", Duration.ofSeconds(30), 10, TimeUnit.HOURS.toMillis(1));
        checkRotation(table, lifetime, rotationOverlap);
        final Duration resyncMinInterval =
            table.millis("resync_min_interval_ms", Duration.ofSeconds(1), 0, TimeUnit.MINUTES.toMillis(10));
        final Path trustPath = trustCertificates(file, table);
        final List<DaemonConfig.InstrumentSettings> instruments = instruments(table, name, firstId);
        if (venue == Venue.KRAKEN)
        {
            for (final DaemonConfig.InstrumentSettings instrument : instruments)
            {
                if (!instrument.symbol().contains("/"))
                {
                    throw table.error("instruments", "kraken symbols are BASE/QUOTE, e.g. BTC/USD: " +
                        instrument.symbol());
                }
            }
        }
        table.finish();
        return new DaemonConfig.VenueSettings(venue, wsUrl, null, null, 0, perConnection, 0, lifetime,
            rotationOverlap, null, trustPath, List.copyOf(instruments), subscription, resyncMinInterval);
    }

    /** A planned rotation opens the new connection {@code overlap} before the old one's lifetime ends. */
    private static void checkRotation(final TableReader table, final Duration lifetime, final Duration overlap)
    {
        if (!lifetime.isZero() && overlap.compareTo(lifetime) >= 0)
        {
            throw table.error("rotation_overlap_ms", "must be shorter than planned_lifetime_ms (" +
                lifetime.toMillis() + "), got " + overlap.toMillis());
        }
    }

    private static String defaultChannel(final Venue venue)
    {
        switch (venue)
        {
            case BYBIT:
                return "orderbook";
            case OKX:
                return "books";
            case KRAKEN:
                return "book";
            default:
                return "level2";
        }
    }

    /** Bybit: 1, 50, 200 or 1000 (default 50); Kraken: 10, 25, 100, 500 or 1000 (default 10); others take none. */
    private static int streamDepth(final TableReader table, final Venue venue)
    {
        final int[] allowed;
        final int fallback;
        if (venue == Venue.BYBIT)
        {
            allowed = new int[]{ 1, 50, 200, 1000 };
            fallback = 50;
        }
        else if (venue == Venue.KRAKEN)
        {
            allowed = new int[]{ 10, 25, 100, 500, 1000 };
            fallback = 10;
        }
        else
        {
            return 0;
        }
        final int depth = table.integer("depth", fallback, 1, 1000);
        for (final int value : allowed)
        {
            if (value == depth)
            {
                return depth;
            }
        }
        throw table.error("depth", venue.configName() + " offers depths " + java.util.Arrays.toString(allowed) +
            ", got " + depth);
    }

    private static Path trustCertificates(final Path file, final TableReader table)
    {
        final String trust = table.string("trust_certificates", "");
        final Path trustPath = trust.isEmpty() ? null : file.toAbsolutePath().getParent().resolve(trust);
        if (trustPath != null && !Files.isReadable(trustPath))
        {
            throw table.error("trust_certificates", "is not a readable file: " + trustPath);
        }
        return trustPath;
    }

    private static List<DaemonConfig.InstrumentSettings> instruments(
        final TableReader table, final String venueName, final int firstId)
    {
        int nextId = firstId;
        final List<DaemonConfig.InstrumentSettings> instruments = new ArrayList<>();
        final Set<String> symbols = new HashSet<>();
        for (final TableReader instrument : table.tables("instruments"))
        {
            final String symbol = instrument.requiredString("symbol");
            if (!symbols.add(symbol))
            {
                throw instrument.error("symbol", "is listed twice for " + venueName + ": " + symbol);
            }
            instruments.add(new DaemonConfig.InstrumentSettings(
                nextId++,
                symbol,
                instrument.string("normalized", SymbolNormalizer.normalize(symbol)),
                instrument.integer("price_scale", 8, 0, FixedPoint.MAX_SCALE),
                instrument.integer("qty_scale", 8, 0, FixedPoint.MAX_SCALE)));
            instrument.finish();
        }
        if (instruments.isEmpty())
        {
            throw table.error("instruments", "must list at least one instrument for " + venueName);
        }
        return instruments;
    }
}
