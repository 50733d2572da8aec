package dev.feedhandler.sim;

import dev.feedhandler.sim.book.BookSnapshot;
import dev.feedhandler.sim.engine.Engine;
import dev.feedhandler.sim.engine.InstrumentState;
import dev.feedhandler.sim.server.SimServer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Binance-like venue on loopback: HTTP and WebSocket on one port, books that random-walk at a configured rate, fault
 * switches, and the truth at every update id. Use {@link #start}, then point clients at {@link #httpUrl()} /
 * {@link #webSocketUrl()} plus a venue's path ({@code /spot/ws/btcusdt@depth@100ms}, {@code /usdm/fapi/v1/depth}...).
 * <p>
 * Runs until {@link #close()} or, with a configured duration, until that elapses.
 */
public final class VenueSimulator implements AutoCloseable
{
    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final SimulatorConfig config;
    private final Engine engine;
    private final SimServer server;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    private VenueSimulator(final SimulatorConfig config, final Engine engine, final SimServer server, final int port)
    {
        this.config = config;
        this.engine = engine;
        this.server = server;
        this.port = port;
    }

    /**
     * Bind the server and start generating (unless the config starts paused).
     *
     * @throws IllegalArgumentException for a bad config.
     * @throws IllegalStateException    when the port cannot be bound.
     */
    public static VenueSimulator start(final SimulatorConfig config)
    {
        config.conclude();
        final Engine engine = new Engine(config);
        final SimServer server = new SimServer(engine, config);
        final int port;
        try
        {
            port = server.start();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", ex);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException("cannot bind " + config.host() + ":" + config.port() + ": " + ex, ex);
        }
        final VenueSimulator simulator = new VenueSimulator(config, engine, server, port);
        server.onStop(simulator::close);
        engine.start();
        engine.stopped().thenAccept(byDuration ->
        {
            if (byDuration)
            {
                final Thread shutdown = new Thread(simulator::close, "venue-sim-shutdown");
                shutdown.setDaemon(true);
                shutdown.start();
            }
        });
        return simulator;
    }

    public SimulatorConfig config()
    {
        return config;
    }

    /** The bound port. */
    public int port()
    {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} */
    public String httpUrl()
    {
        return "http://" + config.host() + ":" + port;
    }

    /** {@code ws://127.0.0.1:<port>} */
    public String webSocketUrl()
    {
        return "ws://" + config.host() + ":" + port;
    }

    /**
     * The book a client of the venue should hold now: the full book, or for top-N venues the venue's usual depth
     * (OKX 400, Bybit 50, Kraken 10; see {@link dev.feedhandler.sim.format.VenueFormat#truthDepth()}).
     */
    public BookTruth truth(final String venue, final String symbol)
    {
        final InstrumentState instrument = instrument(venue, symbol);
        return new BookTruth(instrument.spec(),
            await(engine.truth(instrument, -1, instrument.format().truthDepth())));
    }

    /** The best {@code depth} levels of each side now: what a client of a top-{@code depth} stream holds. */
    public BookTruth truth(final String venue, final String symbol, final int depth)
    {
        if (depth < 1)
        {
            throw new IllegalArgumentException("depth " + depth + " < 1");
        }
        final InstrumentState instrument = instrument(venue, symbol);
        return new BookTruth(instrument.spec(), await(engine.truth(instrument, -1, depth)));
    }

    /**
     * The full book as of {@code updateId} (any id from the oldest the history holds to the current one).
     *
     * @throws IllegalArgumentException when the history no longer holds it or it is in the future.
     */
    public BookTruth truthAt(final String venue, final String symbol, final long updateId)
    {
        if (updateId < 0)
        {
            throw new IllegalArgumentException("update id " + updateId + " < 0");
        }
        final InstrumentState instrument = instrument(venue, symbol);
        final BookSnapshot snapshot = await(engine.truth(instrument, updateId));
        return new BookTruth(instrument.spec(), snapshot);
    }

    /** Stop generating updates; returns once no more will be sent (slower streams have flushed what they merged). */
    public void pause()
    {
        await(engine.pause());
    }

    public void resume()
    {
        await(engine.resume());
    }

    public boolean isPaused()
    {
        return engine.isPaused();
    }

    /** Generate exactly {@code events} events now, paused or not; returns once they were handed to the network. */
    public void advance(final int events)
    {
        await(engine.advance(events));
    }

    /**
     * Arm a fault switch for an instrument.
     *
     * @throws IllegalArgumentException for an unknown instrument.
     */
    public void injectFault(final String venue, final String symbol, final Fault fault)
    {
        instrument(venue, symbol).arm(fault);
    }

    public void injectFault(final String venue, final String symbol, final FaultType type, final int count)
    {
        injectFault(venue, symbol, Fault.of(type, count));
    }

    public SimulatorStats stats()
    {
        return engine.stats(server.openConnections());
    }

    /** Wait until the simulator has stopped (its duration elapsed, or closed). */
    public boolean awaitTermination(final Duration timeout) throws InterruptedException
    {
        try
        {
            terminated.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (final TimeoutException ex)
        {
            return false;
        }
        catch (final ExecutionException ex)
        {
            return true;
        }
    }

    public boolean isTerminated()
    {
        return terminated.isDone();
    }

    /** Stop generating, close every connection with a close frame, and release the port. Idempotent. */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        try
        {
            engine.close();
            server.close();
        }
        finally
        {
            terminated.complete(null);
        }
    }

    private InstrumentState instrument(final String venue, final String symbol)
    {
        final InstrumentState instrument = engine.instrument(venue, symbol);
        if (instrument == null)
        {
            throw new IllegalArgumentException("unknown instrument " + venue + ":" + symbol);
        }
        return instrument;
    }

    private static <T> T await(final CompletableFuture<T> result)
    {
        try
        {
            return result.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalStateException("simulator did not answer within " + CALL_TIMEOUT_SECONDS + " s", ex);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof RuntimeException)
            {
                throw (RuntimeException)ex.getCause();
            }
            throw new IllegalStateException(ex.getCause());
        }
    }
}
