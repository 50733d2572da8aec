package dev.feedhandler.sim.engine;

import dev.feedhandler.sim.InstrumentCounter;
import dev.feedhandler.sim.InstrumentSpec;
import dev.feedhandler.sim.book.BookHistory;
import dev.feedhandler.sim.book.BookSnapshot;
import dev.feedhandler.sim.book.BookWalk;
import dev.feedhandler.sim.book.DiffBatch;
import dev.feedhandler.sim.book.SimBook;
import dev.feedhandler.sim.format.StreamType;
import dev.feedhandler.sim.format.VenueFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One simulated instrument: its book (the truth), history, random walk, streams, faults and counters. The book is
 * owned by the engine thread; other threads see it only through engine commands.
 */
public final class InstrumentState
{
    private final InstrumentSpec spec;
    private final VenueFormat format;
    private final SplittableRandom random;
    private final BookWalk walk;
    private final SimBook book;
    private final SimBook scratch;
    private final BookHistory history;
    private final DiffBatch event = new DiffBatch();
    private final int maxBatch;
    private final List<SimStream> depthStreams = new ArrayList<>();
    private final List<SimStream> allStreams = new ArrayList<>();
    private final SimStream ticker;
    private final FaultSwitches faults = new FaultSwitches();
    private final AtomicLongArray counters = new AtomicLongArray(InstrumentCounter.values().length);
    private volatile long publishedUpdateId;

    private long topBid;
    private long topBidQuantity;
    private long topAsk;
    private long topAskQuantity;

    InstrumentState(
        final InstrumentSpec spec,
        final VenueFormat format,
        final SplittableRandom random,
        final int levels,
        final int maxBatch,
        final int historyUpdates,
        final int historyEvents)
    {
        this.spec = spec;
        this.format = format;
        this.random = random;
        this.maxBatch = maxBatch;
        this.walk = new BookWalk(levels, spec.initialMid(), spec.qtyScale(), random);
        this.book = new SimBook(levels * 2);
        this.scratch = new SimBook(levels * 2);
        final long initialId = format.initialUpdateId(random);
        walk.initialise(book);
        book.updateId(initialId);
        this.history = new BookHistory(historyUpdates, historyEvents, initialId);
        this.publishedUpdateId = initialId;
        SimStream tickerStream = null;
        for (final StreamType type : format.streamTypes())
        {
            final SimStream stream = new SimStream(this, type, format.streamName(spec.symbol(), type), initialId);
            allStreams.add(stream);
            if (type.kind() == StreamType.Kind.DEPTH)
            {
                depthStreams.add(stream);
            }
            else
            {
                tickerStream = stream;
            }
        }
        this.ticker = tickerStream;
        rememberTop();
    }

    public InstrumentSpec spec()
    {
        return spec;
    }

    public VenueFormat format()
    {
        return format;
    }

    /** Engine thread only. */
    SimBook book()
    {
        return book;
    }

    public FaultSwitches faults()
    {
        return faults;
    }

    /**
     * Arm a fault switch.
     *
     * @throws IllegalArgumentException when the fault cannot happen on this venue (a checksum fault where messages
     *                                  carry none, a REST fault where there is no REST snapshot).
     */
    public void arm(final dev.feedhandler.sim.Fault fault)
    {
        if (fault.type() == dev.feedhandler.sim.FaultType.RESNAPSHOT && !format.streamSnapshots())
        {
            throw new IllegalArgumentException(spec.venue() + " sends no snapshots in the stream");
        }
        if (fault.type() == dev.feedhandler.sim.FaultType.CORRUPT_CHECKSUM && !format.hasChecksum())
        {
            throw new IllegalArgumentException(spec.venue() + " messages carry no checksum");
        }
        if (fault.type().scope() == dev.feedhandler.sim.FaultType.Scope.REST && format.streamSnapshots())
        {
            throw new IllegalArgumentException(spec.venue() + " has no REST snapshot: " + fault.type().wireName() +
                " does not apply");
        }
        faults.add(fault);
    }

    public List<SimStream> streams()
    {
        return Collections.unmodifiableList(allStreams);
    }

    /** Last update id, as published by the engine thread (any thread may read). */
    public long publishedUpdateId()
    {
        return publishedUpdateId;
    }

    public long counter(final InstrumentCounter counter)
    {
        return counters.get(counter.ordinal());
    }

    public void add(final InstrumentCounter counter, final long delta)
    {
        counters.addAndGet(counter.ordinal(), delta);
    }

    /** Distinct live connections subscribed to any of this instrument's streams. */
    public Set<Subscriber> subscribers()
    {
        final Set<Subscriber> all = new LinkedHashSet<>();
        for (final SimStream stream : allStreams)
        {
            for (final Subscriber subscriber : stream.subscribers())
            {
                if (subscriber.isLive())
                {
                    all.add(subscriber);
                }
            }
        }
        return all;
    }

    /** Engine thread: generate one event of 1..maxBatch updates and send it on every stream. */
    void generateEvent(final Dispatch dispatch)
    {
        event.clear();
        final int updates = 1 + random.nextInt(maxBatch);
        long id = book.updateId();
        for (int i = 0; i < updates; i++)
        {
            id = format.nextUpdateId(id, i == 0, random);
            walk.next(book);
            final long previous = book.set(walk.side(), walk.price(), walk.quantity());
            history.recordUpdate(id, walk.side(), walk.price(), previous);
            event.add(id, walk.side(), walk.price(), walk.quantity());
        }
        book.updateId(id);
        history.recordEventEnd(id);
        publishedUpdateId = id;
        add(InstrumentCounter.EVENTS_GENERATED, 1);
        add(InstrumentCounter.UPDATES_GENERATED, updates);
        for (int i = 0, n = depthStreams.size(); i < n; i++)
        {
            depthStreams.get(i).onBaseEvent(event, dispatch);
        }
        if (ticker != null && topChanged())
        {
            rememberTop();
            if (!ticker.subscribers().isEmpty())
            {
                final ByteBuf payload = ByteBufAllocator.DEFAULT.buffer(160);
                format.renderTicker(payload, spec, id, topBid, topBidQuantity, topAsk, topAskQuantity,
                    dispatch.nowMs(), dispatch.nowMs() - 1 - (id & 7));
                ticker.deliver(payload, false, dispatch);
                payload.release();
            }
        }
    }

    /** Engine thread: emit what slower depth streams have merged so far. */
    void flushMergedStreams(final Dispatch dispatch)
    {
        for (final SimStream stream : depthStreams)
        {
            stream.flushMerged(dispatch);
        }
    }

    /** Engine thread: the best {@code depth} levels now. */
    BookSnapshot snapshot(final int depth)
    {
        return BookSnapshot.of(book, depth);
    }

    /**
     * Engine thread: the best {@code depth} levels as of an older update id.
     *
     * @throws IllegalArgumentException when the id is in the future or older than the history holds.
     */
    BookSnapshot snapshotAt(final long updateId, final int depth)
    {
        if (updateId > book.updateId())
        {
            throw new IllegalArgumentException(spec.venue() + ":" + spec.symbol() + " update id " + updateId +
                " is after the current " + book.updateId());
        }
        if (updateId == book.updateId())
        {
            return snapshot(depth);
        }
        book.copyTo(scratch);
        history.rewind(scratch, updateId);
        return BookSnapshot.of(scratch, depth);
    }

    /** Engine thread: the end of the event {@code eventsBack} before the latest (0: the oldest kept). */
    long staleUpdateId(final int eventsBack)
    {
        return history.eventBoundary(eventsBack, book.updateId());
    }

    /** Engine thread: throw if the book is crossed or disordered. */
    void validate()
    {
        book.validate();
    }

    void close()
    {
        for (final SimStream stream : allStreams)
        {
            stream.close();
        }
    }

    private boolean topChanged()
    {
        return book.bids().best() != topBid || book.bids().quantityAt(0) != topBidQuantity ||
            book.asks().best() != topAsk || book.asks().quantityAt(0) != topAskQuantity;
    }

    private void rememberTop()
    {
        topBid = book.bids().best();
        topBidQuantity = book.bids().quantityAt(0);
        topAsk = book.asks().best();
        topAskQuantity = book.asks().quantityAt(0);
    }
}
