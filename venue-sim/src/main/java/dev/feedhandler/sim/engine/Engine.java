package dev.feedhandler.sim.engine;

import dev.feedhandler.sim.FaultType;
import dev.feedhandler.sim.GlobalCounter;
import dev.feedhandler.sim.InstrumentCounter;
import dev.feedhandler.sim.InstrumentSpec;
import dev.feedhandler.sim.SimulatorConfig;
import dev.feedhandler.sim.SimulatorStats;
import dev.feedhandler.sim.book.BookSnapshot;
import dev.feedhandler.sim.format.VenueFormat;
import dev.feedhandler.sim.format.VenueFormats;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The book engine: one agent thread owns every simulated book. Each duty cycle it runs queued commands (snapshots,
 * truth, pause, advance), generates the events due at the configured rate, applies pending connection faults, and
 * hands each connection the frames queued for it. Other threads reach the books only through {@link #submit}.
 */
public final class Engine implements Agent
{
    /** Validate every book after every event (and count a failure as an engine error). */
    public static final boolean VALIDATE = Boolean.getBoolean("venue-sim.validate");

    private static final int MAX_EVENTS_PER_CYCLE = 4096;
    private static final int MAX_COMMANDS_PER_CYCLE = 64;
    private static final long MAX_LAG_NS = 500_000_000L;

    private final SimulatorConfig config;
    private final List<InstrumentState> instruments = new ArrayList<>();
    private final Map<String, InstrumentState> byVenueSymbol = new HashMap<>();
    private final Map<String, SimStream> streamsByVenueName = new HashMap<>();
    private final SplittableRandom random;
    private final ConcurrentLinkedQueue<Command<?>> commands = new ConcurrentLinkedQueue<>();
    private final Dispatch dispatch = new Dispatch();
    private final AtomicLongArray globalCounters = new AtomicLongArray(GlobalCounter.values().length);
    private final CompletableFuture<Boolean> stopped = new CompletableFuture<>();
    private final double eventsPerNs;

    private volatile boolean paused;
    private volatile boolean closed;
    private long rateBaseNs;
    private long generatedSinceBase;
    private long endNs = Long.MAX_VALUE;
    private AgentRunner runner;

    public Engine(final SimulatorConfig config)
    {
        this.config = config.conclude();
        this.random = new SplittableRandom(config.seed());
        this.eventsPerNs = config.ratePerSecond() / 1e9;
        this.paused = config.startPaused();
        for (final InstrumentSpec spec : config.instruments())
        {
            final VenueFormat format = VenueFormats.byName(spec.venue());
            final InstrumentState instrument = new InstrumentState(spec, format, random.split(), config.levels(),
                config.maxBatch(), config.historyUpdates(), config.historyEvents());
            instruments.add(instrument);
            byVenueSymbol.put(spec.venue() + ":" + spec.symbol(), instrument);
            for (final SimStream stream : instrument.streams())
            {
                streamsByVenueName.put(spec.venue() + ":" + stream.name(), stream);
            }
        }
    }

    /** Start the engine thread. */
    public void start()
    {
        final long nowNs = System.nanoTime();
        rateBaseNs = nowNs;
        if (!config.duration().isZero())
        {
            endNs = nowNs + config.duration().toNanos();
        }
        runner = new AgentRunner(idleStrategy(config.idleStrategy()), this::onError, null, this);
        AgentRunner.startOnThread(runner, task ->
        {
            final Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        });
    }

    public List<InstrumentState> instruments()
    {
        return Collections.unmodifiableList(instruments);
    }

    /** @return the instrument or null. */
    public InstrumentState instrument(final String venue, final String symbol)
    {
        return byVenueSymbol.get(venue + ":" + symbol);
    }

    /** @return the stream of a venue by its exact name, or null. */
    public SimStream stream(final VenueFormat format, final String streamName)
    {
        return streamsByVenueName.get(format.name() + ":" + streamName);
    }

    public boolean isPaused()
    {
        return paused;
    }

    public long counter(final GlobalCounter counter)
    {
        return globalCounters.get(counter.ordinal());
    }

    public void increment(final GlobalCounter counter)
    {
        globalCounters.incrementAndGet(counter.ordinal());
    }

    /** Completes when the engine thread has stopped: true when its duration ran out, false when closed. */
    public CompletableFuture<Boolean> stopped()
    {
        return stopped;
    }

    /** Run {@code action} on the engine thread. */
    public <T> CompletableFuture<T> submit(final Supplier<T> action)
    {
        final Command<T> command = new Command<>(action);
        if (closed)
        {
            command.fail();
            return command.result;
        }
        commands.offer(command);
        final AgentRunner current = runner;
        if (current != null && current.thread() != null)
        {
            LockSupport.unpark(current.thread());
        }
        if (closed)
        {
            failPendingCommands();
        }
        return command.result;
    }

    /** The best {@code depth} levels now, or (stale) as of an older event. */
    public CompletableFuture<BookSnapshot> snapshot(
        final InstrumentState instrument, final int depth, final boolean stale, final int eventsBack)
    {
        return submit(() -> stale ?
            instrument.snapshotAt(instrument.staleUpdateId(eventsBack), depth) : instrument.snapshot(depth));
    }

    /** The full book now (updateId &lt; 0) or as of an update id the history still holds. */
    public CompletableFuture<BookSnapshot> truth(final InstrumentState instrument, final long updateId)
    {
        return truth(instrument, updateId, Integer.MAX_VALUE);
    }

    /** The best {@code depth} levels now (updateId &lt; 0) or as of an update id the history still holds. */
    public CompletableFuture<BookSnapshot> truth(final InstrumentState instrument, final long updateId, final int depth)
    {
        return submit(() -> updateId < 0 ? instrument.snapshot(depth) : instrument.snapshotAt(updateId, depth));
    }

    /**
     * Subscribe a connection of a stream-snapshot venue on the engine thread and queue the stream's snapshot for it
     * first, unless {@code stillWanted} says the connection dropped the subscription meanwhile.
     */
    public CompletableFuture<Boolean> subscribeWithSnapshot(
        final SimStream stream, final Subscriber subscriber, final java.util.function.BooleanSupplier stillWanted)
    {
        return submit(() ->
        {
            if (!subscriber.isLive() || !stillWanted.getAsBoolean())
            {
                return false;
            }
            stampTime();
            stream.subscribeWithSnapshot(subscriber, dispatch);
            dispatch.flush();
            return true;
        });
    }

    /** Stop generating; slower streams emit what they merged so far. */
    public CompletableFuture<Boolean> pause()
    {
        return submit(() ->
        {
            paused = true;
            for (final InstrumentState instrument : instruments)
            {
                instrument.flushMergedStreams(dispatch);
            }
            dispatch.flush();
            return true;
        });
    }

    public CompletableFuture<Boolean> resume()
    {
        return submit(() ->
        {
            paused = false;
            rateBaseNs = System.nanoTime();
            generatedSinceBase = 0;
            return false;
        });
    }

    /** Generate exactly {@code events} events now, whatever the rate; while paused, slower streams are flushed too. */
    public CompletableFuture<Integer> advance(final int events)
    {
        if (events < 0)
        {
            throw new IllegalArgumentException("events " + events + " < 0");
        }
        return submit(() ->
        {
            stampTime();
            for (int i = 0; i < events; i++)
            {
                generateOne();
                if ((i & 1023) == 1023)
                {
                    dispatch.flush();
                }
            }
            if (paused)
            {
                for (final InstrumentState instrument : instruments)
                {
                    instrument.flushMergedStreams(dispatch);
                }
            }
            dispatch.flush();
            return events;
        });
    }

    /** Any thread: a copy of every counter. */
    public SimulatorStats stats(final int openConnections)
    {
        final Map<GlobalCounter, Long> global = new EnumMap<>(GlobalCounter.class);
        for (final GlobalCounter counter : GlobalCounter.values())
        {
            global.put(counter, counter(counter));
        }
        final List<SimulatorStats.InstrumentStats> perInstrument = new ArrayList<>();
        for (final InstrumentState instrument : instruments)
        {
            final Map<InstrumentCounter, Long> counters = new EnumMap<>(InstrumentCounter.class);
            for (final InstrumentCounter counter : InstrumentCounter.values())
            {
                counters.put(counter, instrument.counter(counter));
            }
            final Map<FaultType, Long> applied = new EnumMap<>(FaultType.class);
            final Map<FaultType, Long> pending = new EnumMap<>(FaultType.class);
            for (final FaultType type : FaultType.values())
            {
                applied.put(type, instrument.faults().applied(type));
                pending.put(type, (long)instrument.faults().pending(type));
            }
            perInstrument.add(new SimulatorStats.InstrumentStats(instrument.spec().venue(), instrument.spec().symbol(),
                instrument.publishedUpdateId(), instrument.subscribers().size(), counters, applied, pending));
        }
        return new SimulatorStats(paused, openConnections, global, perInstrument);
    }

    @Override
    public int doWork()
    {
        final long nowNs = stampTime();
        int work = drainCommands();
        if (nowNs >= endNs)
        {
            throw new AgentTerminationException("duration elapsed");
        }
        if (!paused)
        {
            work += generateDue(nowNs);
        }
        work += applyConnectionFaults(nowNs);
        work += dispatch.flush();
        return work;
    }

    @Override
    public void onClose()
    {
        closed = true;
        failPendingCommands();
        for (final InstrumentState instrument : instruments)
        {
            instrument.close();
        }
        stopped.complete(System.nanoTime() >= endNs);
    }

    @Override
    public String roleName()
    {
        return "venue-sim-engine";
    }

    /** Stop the engine thread (idempotent). */
    public void close()
    {
        final AgentRunner current = runner;
        if (current != null)
        {
            current.close();
        }
        else
        {
            onClose();
        }
    }

    private long stampTime()
    {
        final long nowNs = System.nanoTime();
        dispatch.time(nowNs, System.currentTimeMillis());
        return nowNs;
    }

    private int drainCommands()
    {
        int count = 0;
        Command<?> command;
        while (count < MAX_COMMANDS_PER_CYCLE && (command = commands.poll()) != null)
        {
            command.run();
            count++;
        }
        return count;
    }

    private void failPendingCommands()
    {
        Command<?> command;
        while ((command = commands.poll()) != null)
        {
            command.fail();
        }
    }

    private int generateDue(final long nowNs)
    {
        long due = (long)((nowNs - rateBaseNs) * eventsPerNs) - generatedSinceBase;
        if (due <= 0)
        {
            return 0;
        }
        if (due > MAX_EVENTS_PER_CYCLE)
        {
            if ((double)(due - MAX_EVENTS_PER_CYCLE) / eventsPerNs > MAX_LAG_NS)
            {
                onRateLag(nowNs);
            }
            due = MAX_EVENTS_PER_CYCLE;
        }
        for (long i = 0; i < due; i++)
        {
            generateOne();
        }
        generatedSinceBase += due;
        return (int)due;
    }

    private void onRateLag(final long nowNs)
    {
        increment(GlobalCounter.RATE_LAGS);
        rateBaseNs = nowNs;
        generatedSinceBase = -MAX_EVENTS_PER_CYCLE;
    }

    private void generateOne()
    {
        final InstrumentState instrument = instruments.get(random.nextInt(instruments.size()));
        instrument.generateEvent(dispatch);
        if (VALIDATE)
        {
            instrument.validate();
        }
    }

    private int applyConnectionFaults(final long nowNs)
    {
        int applied = 0;
        for (int i = 0, n = instruments.size(); i < n; i++)
        {
            final InstrumentState instrument = instruments.get(i);
            final FaultSwitches faults = instrument.faults();
            if (!faults.isPending(FaultType.CLOSE) && !faults.isPending(FaultType.RESET) &&
                !faults.isPending(FaultType.STALL))
            {
                continue;
            }
            for (final Subscriber subscriber : instrument.subscribers())
            {
                // Counted before acting, so whoever sees the effect also sees the count.
                if (faults.tryConsume(FaultType.CLOSE))
                {
                    faults.markApplied(FaultType.CLOSE);
                    subscriber.closeByFault();
                    applied++;
                }
                else if (faults.tryConsume(FaultType.RESET))
                {
                    faults.markApplied(FaultType.RESET);
                    subscriber.resetByFault();
                    applied++;
                }
                else if (!subscriber.isStalled(nowNs) && faults.tryConsume(FaultType.STALL))
                {
                    final long delayMs = faults.delayMs(FaultType.STALL);
                    faults.markApplied(FaultType.STALL);
                    subscriber.stallUntil(delayMs == 0 ? Long.MAX_VALUE : nowNs + delayMs * 1_000_000L);
                    applied++;
                }
            }
        }
        return applied;
    }

    private void onError(final Throwable error)
    {
        if (error instanceof AgentTerminationException)
        {
            return;
        }
        increment(GlobalCounter.ENGINE_ERRORS);
        System.err.println("venue-sim: engine error: " + error);
    }

    private static IdleStrategy idleStrategy(final String name)
    {
        switch (name)
        {
            case "spin":
                return new BusySpinIdleStrategy();
            case "yield":
                return new YieldingIdleStrategy();
            case "sleep":
                return new SleepingMillisIdleStrategy(1);
            case "backoff":
            default:
                return new BackoffIdleStrategy(10, 20, 1_000, 1_000_000);
        }
    }

    /** An action for the engine thread and the future it completes. */
    private static final class Command<T>
    {
        private final Supplier<T> action;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Command(final Supplier<T> action)
        {
            this.action = action;
        }

        void run()
        {
            try
            {
                result.complete(action.get());
            }
            catch (final Throwable ex)
            {
                result.completeExceptionally(ex);
            }
        }

        void fail()
        {
            result.completeExceptionally(new IllegalStateException("simulator is closed"));
        }
    }
}
