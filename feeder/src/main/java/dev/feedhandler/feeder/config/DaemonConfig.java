package dev.feedhandler.feeder.config;

import dev.feedhandler.feeder.venue.StreamSubscription;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.protocol.aeron.FeedChannels;
import dev.feedhandler.protocol.publisher.PublisherConfig;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The daemon's whole configuration, validated ({@link ConfigLoader}). Documented in docs/configuration.md.
 *
 * @param affinity the {@code [affinity]} table: CPU layout and memory locking ({@link AffinityConfigReader}).
 */
public record DaemonConfig(
    Path source,
    Processor processor,
    Io io,
    Publisher publisher,
    BookLimits limits,
    List<VenueSettings> venues,
    dev.feedhandler.affinity.AffinitySettings affinity,
    Metrics metrics)
{
    /**
     * Counters and metrics (docs/operations.md, "Counters and metrics").
     *
     * @param countersFile      the counters file, or null for the default (one per process under /dev/shm).
     * @param prometheusPort    port of the Prometheus text endpoint, 0 for none.
     * @param prometheusBind    address the endpoint binds to (loopback by default).
     * @param latencyHistograms record per-update stage latencies on the book thread.
     * @param ringTimestamps    the ingest stamps each event with its ring-commit time (a clock read per event on the
     *                          I/O thread), splitting ingress to applied into ingress to ring and ring to applied;
     *                          needs {@code latencyHistograms}.
     */
    public record Metrics(
        Path countersFile, int prometheusPort, String prometheusBind, boolean latencyHistograms, boolean ringTimestamps)
    {
        public static final Metrics DEFAULT = new Metrics(null, 0, "127.0.0.1", true, false);
    }

    /**
     * The book processor thread.
     *
     * @param core             CPU to pin the thread to, or -1 to leave it unpinned.
     * @param idleStrategy     spin, noop, yield, backoff or sleep.
     * @param eventRingBytes   capacity of the I/O → processor ring (power of two).
     * @param commandRingBytes capacity of the processor → I/O ring (power of two).
     */
    public record Processor(int core, String idleStrategy, int eventRingBytes, int commandRingBytes)
    {
    }

    /**
     * The Netty I/O side.
     *
     * @param threads         event loop threads (each writes to the event ring).
     * @param maxFrameBytes   largest WebSocket message or REST body accepted.
     * @param readIdleTimeout a connection silent this long is closed and reconnected.
     * @param connectTimeout  TCP + TLS + WebSocket handshake limit.
     * @param snapshotTimeout a REST depth snapshot (connect, request, whole response) taking longer is abandoned and
     *                        retried with backoff.
     */
    public record Io(
        int threads, int maxFrameBytes, Duration readIdleTimeout, Duration connectTimeout, Duration snapshotTimeout)
    {
    }

    /**
     * The feed.
     *
     * @param channels        Aeron channel, streams, flow control and media driver.
     * @param settings        snapshot cycle, heartbeats, levels per message, retries.
     * @param driverTimeoutMs the media driver silent this long is lost: the daemon stops (exit code 4).
     */
    public record Publisher(FeedChannels channels, PublisherConfig settings, long driverTimeoutMs)
    {
    }

    /**
     * One venue and its instruments. The REST fields are Binance's (REST-bootstrapped venues); the stream fields are
     * for venues whose snapshot comes in the stream (Bybit, OKX, Kraken, Coinbase). The other kind's fields are null
     * or 0.
     *
     * @param venue                  which venue (and so which decoder and sync rule).
     * @param wsUrl                  WebSocket endpoint, e.g. wss://stream.binance.com:9443/stream.
     * @param restDepthUrl           REST depth endpoint, e.g. https://api.binance.com/api/v3/depth (REST venues).
     * @param depthStream            stream suffix, e.g. depth@100ms (REST venues).
     * @param snapshotLimit          levels asked of the REST snapshot (also decides its request weight).
     * @param streamsPerConnection   instruments per connection (Binance: up to 1024 streams); more instruments open
     *                               more connections.
     * @param requestWeightPerMinute REST budget (Binance: 6000 per IP per minute).
     * @param plannedLifetime        reconnect before the venue ends a connection (Binance: 24 h); 0 for never.
     * @param rotationOverlap        how long old and new connections both deliver during a planned rotation.
     * @param snapshotMaxBackoff     longest wait between snapshot retries (and the wait after an HTTP 418 ban).
     * @param trustCertificates      PEM file of certificates to trust instead of the system's (tests), or null.
     * @param instruments            the instruments, in id order across all venues.
     * @param subscription           the book channel and depth to subscribe (stream venues), or null.
     * @param resyncMinInterval      least time between two resyncs (resubscribe or reconnect) of one instrument's
     *                               connection or subscription (stream venues).
     */
    public record VenueSettings(
        Venue venue,
        URI wsUrl,
        URI restDepthUrl,
        String depthStream,
        int snapshotLimit,
        int streamsPerConnection,
        long requestWeightPerMinute,
        Duration plannedLifetime,
        Duration rotationOverlap,
        Duration snapshotMaxBackoff,
        Path trustCertificates,
        List<InstrumentSettings> instruments,
        StreamSubscription subscription,
        Duration resyncMinInterval)
    {
        /** A REST-bootstrapped (Binance) venue. */
        public VenueSettings(
            final Venue venue,
            final URI wsUrl,
            final URI restDepthUrl,
            final String depthStream,
            final int snapshotLimit,
            final int streamsPerConnection,
            final long requestWeightPerMinute,
            final Duration plannedLifetime,
            final Duration rotationOverlap,
            final Duration snapshotMaxBackoff,
            final Path trustCertificates,
            final List<InstrumentSettings> instruments)
        {
            this(venue, wsUrl, restDepthUrl, depthStream, snapshotLimit, streamsPerConnection, requestWeightPerMinute,
                plannedLifetime, rotationOverlap, snapshotMaxBackoff, trustCertificates, instruments, null, null);
        }
    }

    /**
     * @param id               the daemon's id, dense from 0 across all venues in file order.
     * @param symbol           as the venue spells it.
     * @param normalizedSymbol BASE-QUOTE (derived from the symbol when not given).
     */
    public record InstrumentSettings(int id, String symbol, String normalizedSymbol, int priceScale, int qtyScale)
    {
    }
}
