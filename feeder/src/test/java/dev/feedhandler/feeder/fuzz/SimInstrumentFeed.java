package dev.feedhandler.feeder.fuzz;

import dev.feedhandler.orderbook.testing.ReferenceSide;
import dev.feedhandler.sim.InstrumentSpec;
import dev.feedhandler.sim.book.BookSnapshot;
import dev.feedhandler.sim.book.BookWalk;
import dev.feedhandler.sim.book.DiffBatch;
import dev.feedhandler.sim.book.LevelChanges;
import dev.feedhandler.sim.book.LevelList;
import dev.feedhandler.sim.book.Side;
import dev.feedhandler.sim.book.SimBook;
import dev.feedhandler.sim.book.TopView;
import dev.feedhandler.sim.book.WindowDelta;
import dev.feedhandler.sim.format.StreamType;
import dev.feedhandler.sim.format.VenueFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * One instrument of a simulated venue, in process: the simulator's random walk and its venue format render valid
 * frames (updates, stream snapshots, REST snapshots) exactly as {@code venue-sim} sends them, while a naive
 * {@link ReferenceSide} pair is fed the levels of every frame rendered: the book a client that received all of them
 * must hold (for a top-N stream that sends no delete for levels pushed out, Kraken, truncated to N).
 */
final class SimInstrumentFeed
{
    private static final int MAX_CHANGES_PER_EVENT = 4;

    private final VenueFormat format;
    private final InstrumentSpec spec;
    private final StreamType stream;
    private final SimBook book = new SimBook(64);
    private final BookWalk walk;
    private final SplittableRandom random;
    private final TopView view;
    private final WindowDelta delta = new WindowDelta();
    private final DiffBatch event = new DiffBatch();
    private final ReferenceSide bids = new ReferenceSide(true);
    private final ReferenceSide asks = new ReferenceSide(false);
    private final int truncateTo;
    private long sequence;
    private long lastEmittedId;

    /**
     * @param stream the depth stream subscribed (Binance: {@code @depth@100ms}; others: their book channel).
     * @param levels levels per side the book hovers around.
     */
    SimInstrumentFeed(
        final VenueFormat format,
        final InstrumentSpec spec,
        final StreamType stream,
        final int levels,
        final SplittableRandom random)
    {
        this.format = format;
        this.spec = spec;
        this.stream = stream;
        this.random = random;
        this.walk = new BookWalk(levels, spec.initialMid(), spec.qtyScale(), random);
        this.view = new TopView(stream.window() == 0 ? Integer.MAX_VALUE : stream.window());
        this.truncateTo = format.deletesPushedOut() || stream.window() == 0 ? Integer.MAX_VALUE : stream.window();
        walk.initialise(book);
        book.updateId(format.initialUpdateId(random));
        lastEmittedId = book.updateId();
        sequence = format.initialStreamSequence(book.updateId());
        view.reset(book);
        resetReference();
    }

    String symbol()
    {
        return spec.symbol();
    }

    /** What a client holding every frame rendered so far must have: bids. */
    ReferenceSide bids()
    {
        return bids;
    }

    ReferenceSide asks()
    {
        return asks;
    }

    /**
     * The next update as the venue renders it (its payload: Binance without the combined-stream envelope, Coinbase
     * without the connection envelope); the reference follows it.
     */
    String update(final long nowMs)
    {
        final ByteBuf out = Unpooled.buffer(512);
        if (format.streamSnapshots())
        {
            nextStreamDelta();
            final long previous = sequence;
            sequence = format.nextStreamSequence(previous);
            format.renderStreamUpdate(out, spec, stream, delta, stream.window() == 0 ? null : view, sequence, previous,
                book.updateId(), nowMs, false);
            apply(delta.bids(), bids);
            apply(delta.asks(), asks);
        }
        else
        {
            nextEvent();
            event.previousLastId(lastEmittedId);
            lastEmittedId = event.lastId();
            format.renderDiff(out, spec, event, nowMs, nowMs - 1);
            apply(event.bids(), bids);
            apply(event.asks(), asks);
        }
        return text(out);
    }

    /** The snapshot a (re)subscription gets on a stream venue; the reference becomes exactly it. */
    String streamSnapshot(final long nowMs)
    {
        final ByteBuf out = Unpooled.buffer(4096);
        view.reset(book);
        format.renderStreamSnapshot(out, spec, stream, view, sequence, book.updateId(), nowMs);
        resetReference();
        return text(out);
    }

    /** A REST depth snapshot body (Binance) of the whole book now. */
    String restSnapshot(final long nowMs)
    {
        final ByteBuf out = Unpooled.buffer(4096);
        format.renderSnapshot(out, spec, BookSnapshot.of(book, Integer.MAX_VALUE), nowMs);
        return text(out);
    }

    /** Binance's combined-stream envelope around a payload. */
    String combined(final String payload)
    {
        final ByteBuf out = Unpooled.buffer(payload.length() + 64);
        format.renderCombined(out, format.streamName(spec.symbol(), stream), Unpooled.wrappedBuffer(
            payload.getBytes(StandardCharsets.UTF_8)));
        return text(out);
    }

    /** One event of 1..4 level changes, as the simulator's engine makes them. */
    private void nextEvent()
    {
        event.clear();
        long id = book.updateId();
        for (int i = 1 + random.nextInt(MAX_CHANGES_PER_EVENT); i > 0; i--)
        {
            id = format.nextUpdateId(id, event.isEmpty(), random);
            walk.next(book);
            book.set(walk.side(), walk.price(), walk.quantity());
            event.add(id, walk.side(), walk.price(), walk.quantity());
        }
        book.updateId(id);
    }

    /** Events until one changes what the stream's subscribers see (a change deep outside a top-N window does not). */
    private void nextStreamDelta()
    {
        do
        {
            nextEvent();
            if (stream.window() == 0)
            {
                delta.fromEvent(event);
            }
            else
            {
                view.advance(book, format.deletesPushedOut(), delta);
            }
        }
        while (delta.isEmpty());
    }

    private void apply(final LevelList levels, final ReferenceSide side)
    {
        for (int i = 0; i < levels.size(); i++)
        {
            side.set(levels.price(i), levels.quantity(i));
        }
        side.truncate(truncateTo);
    }

    private static void apply(final LevelChanges levels, final ReferenceSide side)
    {
        for (int i = 0; i < levels.size(); i++)
        {
            side.set(levels.priceAscending(i), levels.quantityAscending(i));
        }
    }

    private void resetReference()
    {
        bids.clear();
        asks.clear();
        for (int i = 0; i < view.levels(Side.BID); i++)
        {
            bids.set(view.price(Side.BID, i), view.quantity(Side.BID, i));
        }
        for (int i = 0; i < view.levels(Side.ASK); i++)
        {
            asks.set(view.price(Side.ASK, i), view.quantity(Side.ASK, i));
        }
    }

    private static String text(final ByteBuf out)
    {
        final String text = out.toString(StandardCharsets.UTF_8);
        out.release();
        return text;
    }
}
