package dev.feedhandler.sim;

import dev.feedhandler.sim.format.BinanceSpotFormat;
import dev.feedhandler.sim.format.BinanceUsdmFormat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Simulator settings: defaults as {@code *_DEFAULT} constants, fluent setters, and {@link #conclude()} which
 * checks everything at start and names the value and the bound in the error.
 */
public final class SimulatorConfig
{
    public static final String HOST_DEFAULT = "127.0.0.1";
    public static final int PORT_DEFAULT = 0;
    public static final double RATE_DEFAULT = 100;
    public static final double RATE_MAX = 1_000_000;
    public static final int LEVELS_DEFAULT = 200;
    public static final int LEVELS_MAX = 20_000;
    public static final long SEED_DEFAULT = 1;
    /** Zero: the in-process simulator runs until closed (the CLI sets a bound). */
    public static final Duration DURATION_DEFAULT = Duration.ZERO;
    /** Binance spot pings every 20 s. */
    public static final Duration PING_INTERVAL_DEFAULT = Duration.ofSeconds(20);
    /** Binance spot closes a connection whose pong is 60 s late. */
    public static final Duration PONG_TIMEOUT_DEFAULT = Duration.ofSeconds(60);
    public static final int MAX_BATCH_DEFAULT = 5;
    public static final int MAX_BATCH_MAX = 1000;
    public static final int HISTORY_UPDATES_DEFAULT = 1 << 15;
    public static final int HISTORY_EVENTS_DEFAULT = 4096;
    public static final String IDLE_STRATEGY_DEFAULT = "backoff";
    public static final int WORKER_THREADS_DEFAULT = 2;
    /** A connection whose unsent data exceeds this is closed as a slow consumer. */
    public static final int MAX_PENDING_BYTES_DEFAULT = 32 << 20;

    private String host = HOST_DEFAULT;
    private int port = PORT_DEFAULT;
    private final List<InstrumentSpec> instruments = new ArrayList<>();
    private double ratePerSecond = RATE_DEFAULT;
    private int levels = LEVELS_DEFAULT;
    private long seed = SEED_DEFAULT;
    private Duration duration = DURATION_DEFAULT;
    private Duration pingInterval = PING_INTERVAL_DEFAULT;
    private Duration pongTimeout = PONG_TIMEOUT_DEFAULT;
    private int maxBatch = MAX_BATCH_DEFAULT;
    private int historyUpdates = HISTORY_UPDATES_DEFAULT;
    private int historyEvents = HISTORY_EVENTS_DEFAULT;
    private boolean startPaused;
    private String idleStrategy = IDLE_STRATEGY_DEFAULT;
    private int workerThreads = WORKER_THREADS_DEFAULT;
    private int maxPendingBytes = MAX_PENDING_BYTES_DEFAULT;
    private boolean concluded;

    /** Default instruments used when none are added. */
    public static List<InstrumentSpec> defaultInstruments()
    {
        return List.of(
            InstrumentSpec.of(BinanceSpotFormat.NAME, "BTCUSDT"),
            InstrumentSpec.of(BinanceSpotFormat.NAME, "ETHUSDT"),
            InstrumentSpec.of(BinanceUsdmFormat.NAME, "BTCUSDT"));
    }

    /** Address to bind; loopback by default. */
    public SimulatorConfig host(final String host)
    {
        this.host = host;
        return this;
    }

    /** Port to bind, 0 for an ephemeral one. */
    public SimulatorConfig port(final int port)
    {
        this.port = port;
        return this;
    }

    public SimulatorConfig instrument(final InstrumentSpec instrument)
    {
        instruments.add(instrument);
        return this;
    }

    /** Add {@code SYMBOL[/priceScale/qtyScale[/initialPrice]]} tokens for a venue. */
    public SimulatorConfig instruments(final String venue, final String... tokens)
    {
        for (final String token : tokens)
        {
            instruments.add(InstrumentSpec.parse(venue, token));
        }
        return this;
    }

    /** Depth events per second across all instruments. */
    public SimulatorConfig ratePerSecond(final double ratePerSecond)
    {
        this.ratePerSecond = ratePerSecond;
        return this;
    }

    /** Target levels per side of every book. */
    public SimulatorConfig levels(final int levels)
    {
        this.levels = levels;
        return this;
    }

    public SimulatorConfig seed(final long seed)
    {
        this.seed = seed;
        return this;
    }

    /** How long the simulator runs before it stops by itself; zero for until closed. */
    public SimulatorConfig duration(final Duration duration)
    {
        this.duration = duration;
        return this;
    }

    public SimulatorConfig pingInterval(final Duration pingInterval)
    {
        this.pingInterval = pingInterval;
        return this;
    }

    public SimulatorConfig pongTimeout(final Duration pongTimeout)
    {
        this.pongTimeout = pongTimeout;
        return this;
    }

    /** Each event carries 1..maxBatch updates. */
    public SimulatorConfig maxBatch(final int maxBatch)
    {
        this.maxBatch = maxBatch;
        return this;
    }

    /** Updates per instrument kept to rebuild past books (stale snapshots, {@code truthAt}). */
    public SimulatorConfig historyUpdates(final int historyUpdates)
    {
        this.historyUpdates = historyUpdates;
        return this;
    }

    /** Event boundaries per instrument kept for stale snapshots. */
    public SimulatorConfig historyEvents(final int historyEvents)
    {
        this.historyEvents = historyEvents;
        return this;
    }

    /** Start with generation paused ({@link VenueSimulator#resume()} or {@link VenueSimulator#advance(int)}). */
    public SimulatorConfig startPaused(final boolean startPaused)
    {
        this.startPaused = startPaused;
        return this;
    }

    /** Engine thread idle strategy: {@code backoff}, {@code sleep}, {@code yield} or {@code spin}. */
    public SimulatorConfig idleStrategy(final String idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    public SimulatorConfig workerThreads(final int workerThreads)
    {
        this.workerThreads = workerThreads;
        return this;
    }

    public SimulatorConfig maxPendingBytes(final int maxPendingBytes)
    {
        this.maxPendingBytes = maxPendingBytes;
        return this;
    }

    /**
     * Validate everything; fills in the default instruments when none were added.
     *
     * @throws IllegalArgumentException naming the bad value and its bound.
     */
    public SimulatorConfig conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (instruments.isEmpty())
        {
            instruments.addAll(defaultInstruments());
        }
        check(port >= 0 && port <= 65535, "port " + port + " out of range 0..65535");
        check(ratePerSecond > 0 && ratePerSecond <= RATE_MAX,
            "rate " + ratePerSecond + " out of range (0, " + (long)RATE_MAX + "] events/s");
        check(levels >= 1 && levels <= LEVELS_MAX, "levels " + levels + " out of range 1.." + LEVELS_MAX);
        check(!duration.isNegative(), "duration " + duration + " is negative");
        check(!pingInterval.isNegative() && !pingInterval.isZero(), "ping interval " + pingInterval + " must be > 0");
        check(!pongTimeout.isNegative() && !pongTimeout.isZero(), "pong timeout " + pongTimeout + " must be > 0");
        check(maxBatch >= 1 && maxBatch <= MAX_BATCH_MAX, "max batch " + maxBatch + " out of range 1.." + MAX_BATCH_MAX);
        check(historyUpdates >= 16 && historyUpdates <= (1 << 26),
            "history updates " + historyUpdates + " out of range 16.." + (1 << 26));
        check(historyEvents >= 2 && historyEvents <= (1 << 24),
            "history events " + historyEvents + " out of range 2.." + (1 << 24));
        check(workerThreads >= 1 && workerThreads <= 64, "worker threads " + workerThreads + " out of range 1..64");
        check(maxPendingBytes >= 64 * 1024, "max pending bytes " + maxPendingBytes + " < 65536");
        check(List.of("backoff", "sleep", "yield", "spin").contains(idleStrategy),
            "idle strategy '" + idleStrategy + "' is not one of backoff, sleep, yield, spin");
        final Set<String> seen = new HashSet<>();
        for (final InstrumentSpec instrument : instruments)
        {
            check(seen.add(instrument.venue() + ":" + instrument.symbol()),
                "instrument " + instrument.venue() + ":" + instrument.symbol() + " listed twice");
            final long minimumMid = 4L * levels + 16;
            check(instrument.initialMid() > minimumMid, "instrument " + instrument.venue() + ":" +
                instrument.symbol() + ": initial mid " + instrument.initialMid() + " ticks must exceed " +
                minimumMid + " for " + levels + " levels (raise the price or the price scale)");
        }
        concluded = true;
        return this;
    }

    public String host()
    {
        return host;
    }

    public int port()
    {
        return port;
    }

    public List<InstrumentSpec> instruments()
    {
        return List.copyOf(instruments);
    }

    public double ratePerSecond()
    {
        return ratePerSecond;
    }

    public int levels()
    {
        return levels;
    }

    public long seed()
    {
        return seed;
    }

    public Duration duration()
    {
        return duration;
    }

    public Duration pingInterval()
    {
        return pingInterval;
    }

    public Duration pongTimeout()
    {
        return pongTimeout;
    }

    public int maxBatch()
    {
        return maxBatch;
    }

    public int historyUpdates()
    {
        return historyUpdates;
    }

    public int historyEvents()
    {
        return historyEvents;
    }

    public boolean startPaused()
    {
        return startPaused;
    }

    public String idleStrategy()
    {
        return idleStrategy;
    }

    public int workerThreads()
    {
        return workerThreads;
    }

    public int maxPendingBytes()
    {
        return maxPendingBytes;
    }

    private static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
