package dev.feedhandler.feeder.fuzz;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.binance.BinanceSnapshotDecoder;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.processor.BookProcessor;
import dev.feedhandler.orderbook.processor.RingMessages;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.InstrumentSync;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;
import dev.feedhandler.orderbook.testing.FuzzRun;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One fuzz scenario of one venue: instrument A's frames, mutated, and instrument B's valid frames, interleaved on one
 * connection, decoded and applied the way the daemon does it: decoder → event ring → {@link BookProcessor} (an
 * {@link InstrumentSync} per instrument) → command ring → resync (a REST snapshot, a resubscription or a new
 * connection). What the ingest does with a decode result is mirrored from {@code BinanceVenueIngest} and
 * {@code StreamVenueIngest}: events into the ring, a rejected frame marks its instrument stale (every instrument on
 * the connection when it names none and nothing else would notice the loss, and always on a connection gap), a new
 * connection resubscribes everything. Time is simulated; nothing sleeps.
 * <p>
 * Checked for every input: no exception; an accepted input yields well-formed events for A only (never B); a
 * rejected one a {@link DecodeReason} (and never names B). After every step: B's book, while trustworthy, equals the
 * naive reference fed only B's valid frames, and B never loses trust because of A (except where the venue's
 * continuity is per connection, Coinbase, and the ingest resyncs the whole connection); A's book, while trustworthy,
 * is sorted, has positive quantities, is not crossed and keeps to its depth. After the corruption stops: both books
 * trustworthy again and B equal to its reference.
 */
final class DecoderFuzzBench implements SyncListener
{
    private static final int A = 0;
    private static final int B = 1;
    private static final long STEP_NS = 1_000_000L;
    private static final int FENCE = 64;
    private static final byte FENCE_BYTE = (byte)0xA5;
    private static final int CLEAN_STEPS = 300;
    private static final int RING_BYTES = 4 * 1024 * 1024;
    private static final int COMMAND_RING_BYTES = 64 * 1024;

    /** Ring memory, reused (zeroed) by every scenario of the thread: a direct buffer per scenario churns GC. */
    private static final ThreadLocal<UnsafeBuffer[]> RING_MEMORY = ThreadLocal.withInitial(() -> new UnsafeBuffer[]{
        new UnsafeBuffer(ByteBuffer.allocateDirect(RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)),
        new UnsafeBuffer(ByteBuffer.allocateDirect(COMMAND_RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH))});

    private final FuzzVenue venue;
    private final SplittableRandom random;
    private final FuzzRun run;
    private final boolean fuzzSnapshots;
    private final FrameMutator mutator;
    private final List<byte[]> corpus = new ArrayList<>();
    private final byte[] capturedSnapshot;
    private final SymbolTable symbols;
    private final RingBuffer events = new ManyToOneRingBuffer(zeroed(RING_MEMORY.get()[0]));
    private final RingBuffer commands = new OneToOneRingBuffer(zeroed(RING_MEMORY.get()[1]));
    private final BookProcessor processor;
    private final SimInstrumentFeed feedA;
    private final SimInstrumentFeed feedB;
    private final BinanceSnapshotDecoder snapshotDecoder = new BinanceSnapshotDecoder(FuzzVenue.MAX_FRAME);
    private final BookEvent event = new BookEvent();
    private final MessageHandler commandHandler = this::onCommand;
    /** Per instrument: steps until its requested snapshot (or resubscription) is served; -1 when none is due. */
    private final int[] snapshotDueIn = {-1, -1};
    private UnsafeBuffer out = new UnsafeBuffer(new byte[0]);
    private StreamFrameDecoder decoder;
    private long connectionSequence;
    private int reconnectDueIn = -1;
    private long nowNs = 1_700_000_000_000_000_000L;
    private long inputs;
    private long budget;

    /**
     * @param fuzzSnapshots mutate A's REST snapshot bodies (the Binance snapshot decoder) instead of its frames.
     */
    DecoderFuzzBench(final FuzzVenue venue, final SplittableRandom random, final FuzzRun run, final boolean fuzzSnapshots)
    {
        this.venue = venue;
        this.random = random;
        this.run = run;
        this.fuzzSnapshots = fuzzSnapshots;
        this.symbols = new SymbolTable(2);
        symbols.add(venue.a);
        symbols.add(venue.b);
        this.feedA = venue.feedA(random.split());
        this.feedB = venue.feedB(random.split());
        for (final String line : venue.corpus)
        {
            corpus.add(line.getBytes(StandardCharsets.UTF_8));
        }
        this.capturedSnapshot = fuzzSnapshots ? venue.capturedSnapshot() : null;
        if (fuzzSnapshots)
        {
            corpus.add(capturedSnapshot);
        }
        this.mutator = new FrameMutator(corpus, List.of(venue.b.symbol()));
        this.processor = new BookProcessor(events, commands, List.of(venue.a, venue.b), BookLimits.DEFAULT, this,
            nowNs -> 0, () -> nowNs);
    }

    /** Run up to {@code budget} inputs, then the clean phase and its checks; returns the inputs used. */
    long run(final long budget)
    {
        this.budget = budget;
        processor.onStart();
        connect();
        drain();
        while (inputs < budget)
        {
            step(true);
        }
        for (int i = 0; i < CLEAN_STEPS; i++)
        {
            step(false);
        }
        assertRecovered();
        return inputs;
    }

    private void step(final boolean corrupt)
    {
        nowNs += STEP_NS;
        if (random.nextInt(100) < 30)
        {
            deliverValid(feedB, feedB.update(nowMs()));
        }
        else if (corrupt && !fuzzSnapshots)
        {
            fuzzFramesOfA();
        }
        else
        {
            deliverValid(feedA, feedA.update(nowMs()));
            if (corrupt && inputs < budget)
            {
                forceSnapshotOfA();
            }
        }
        serveDue();
        drain();
        checkBooks();
    }

    /**
     * One to four mutants of one frame of A (the next one of its stream, which A then never gets intact, or a real
     * one), each the next frame on the connection.
     */
    private void fuzzFramesOfA()
    {
        final boolean fromStream = random.nextInt(5) < 2;
        final String payload = fromStream ? feedA.update(nowMs()) :
            venue.corpus.get(random.nextInt(venue.corpus.size()));
        for (int i = 1 + random.nextInt(4); i > 0 && inputs < budget; i--)
        {
            final long sequence = ++connectionSequence;
            final String seed = fromStream ? venue.frame(feedA, payload, sequence, nowMs()) :
                venue.seed(payload, sequence);
            fuzzFrameOfA(mutator.mutate(random, seed.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void fuzzFrameOfA(final FrameMutator.Mutant mutant)
    {
        inputs++;
        final int result = decode(decoder, mutant.bytes(), null);
        if (result > 0)
        {
            run.tally("accepted");
            forward(result, A, mutant);
        }
        else if (result == 0)
        {
            run.tally("ignored");
        }
        else
        {
            final DecodeReason reason = DecodeReason.fromResult(result);
            run.tally("rejected " + reason);
            if (decoder.lastInstrument() == venue.b)
            {
                throw new AssertionError("a rejected frame of A named B: " + mutant.kind() + " " + show(mutant));
            }
            onRejected(reason, decoder.lastInstrument());
        }
    }

    /** The snapshot decoder's fuzz: keep A asking for snapshots, as a lost connection would. */
    private void forceSnapshotOfA()
    {
        if (processor.sync(A).state().isTrustworthy() && snapshotDueIn[A] < 0)
        {
            markStale(A, SyncReason.RECONNECT);
        }
    }

    private void deliverValid(final SimInstrumentFeed feed, final String payload)
    {
        final int expected = feed == feedA ? A : B;
        final byte[] frame = venue.frame(feed, payload, ++connectionSequence, nowMs()).getBytes(StandardCharsets.UTF_8);
        final int result = decode(decoder, frame, null);
        if (result > 0)
        {
            forward(result, expected, null);
        }
        else if (result == 0)
        {
            throw new AssertionError(venue + ": a valid frame was ignored: " + payload);
        }
        else
        {
            final DecodeReason reason = DecodeReason.fromResult(result);
            if (reason != DecodeReason.CONNECTION_GAP)
            {
                throw new AssertionError(venue + ": a valid frame was rejected: " + reason + " " + payload);
            }
            onRejected(reason, decoder.lastInstrument()); // the fuzzed frame before it broke the connection's count
        }
    }

    /**
     * Decode into a window fenced on both sides, sized as the ingest sizes it; the fences must be intact after.
     *
     * @param snapshotOf the instrument of a REST snapshot body, or null for a stream frame.
     */
    private int decode(final StreamFrameDecoder decoder, final byte[] frame, final Instrument snapshotOf)
    {
        final int capacity = StreamFrameDecoder.outputBound(frame.length);
        if (out.capacity() < capacity + 2 * FENCE)
        {
            out = new UnsafeBuffer(new byte[capacity + 2 * FENCE + 4096]);
        }
        out.setMemory(0, FENCE, FENCE_BYTE);
        out.setMemory(FENCE + capacity, FENCE, FENCE_BYTE);
        final int at = 1 + random.nextInt(32);
        final UnsafeBuffer in = new UnsafeBuffer(new byte[at + frame.length + 16]);
        in.setMemory(0, in.capacity(), (byte)'{');
        in.putBytes(at, frame);
        final int result = snapshotOf == null ?
            decoder.decode(in, at, frame.length, out, FENCE, capacity, nowNs) :
            snapshotDecoder.decode(in, at, frame.length, snapshotOf, out, FENCE, capacity, nowNs);
        for (int i = 0; i < FENCE; i++)
        {
            if (out.getByte(i) != FENCE_BYTE || out.getByte(FENCE + capacity + i) != FENCE_BYTE)
            {
                throw new AssertionError(venue + ": decoder wrote outside its output window: " +
                    new String(frame, StandardCharsets.ISO_8859_1));
            }
        }
        if (result > capacity)
        {
            throw new AssertionError(venue + ": result " + result + " beyond the capacity " + capacity);
        }
        return result;
    }

    /** Check each event of an accepted frame and write it to the ring, as the ingest does. */
    private void forward(final int length, final int instrumentId, final FrameMutator.Mutant mutant)
    {
        int at = FENCE;
        while (at < FENCE + length)
        {
            event.wrap(out, at);
            checkEvent(instrumentId, mutant);
            if (!events.write(RingMessages.BOOK_EVENT, out, at, event.length()))
            {
                throw new AssertionError("event ring full: the bench drains it every step");
            }
            at += event.length();
        }
        if (at != FENCE + length)
        {
            throw new AssertionError(venue + ": events do not add up to the result " + length + describe(mutant));
        }
    }

    private void checkEvent(final int instrumentId, final FrameMutator.Mutant mutant)
    {
        final BookEvent event = this.event;
        final short type = event.type();
        if (event.instrumentId() != instrumentId)
        {
            throw new AssertionError(venue + ": an event for instrument " + event.instrumentId() + " from a frame of " +
                instrumentId + describe(mutant));
        }
        if (type != BookEvent.TYPE_DIFF && type != BookEvent.TYPE_SNAPSHOT && type != BookEvent.TYPE_TOP_OF_BOOK)
        {
            throw new AssertionError(venue + ": event type " + type + describe(mutant));
        }
        if (event.bidCount() < 0 || event.askCount() < 0 ||
            event.length() != BookEvent.lengthFor(event.bidCount() + event.askCount(), event.hasLevelFormats()))
        {
            throw new AssertionError(venue + ": event of " + event.bidCount() + "+" + event.askCount() +
                " levels is " + event.length() + " bytes" + describe(mutant));
        }
        if (event.firstUpdateId() != BookEvent.NULL_ID && event.lastUpdateId() != BookEvent.NULL_ID &&
            event.firstUpdateId() > event.lastUpdateId())
        {
            throw new AssertionError(venue + ": first update id after the last" + describe(mutant));
        }
        // A book ticker may show an empty side as price 0; a book level never has price 0.
        final long minPrice = type == BookEvent.TYPE_TOP_OF_BOOK ? 0 : 1;
        for (int i = 0; i < event.bidCount(); i++)
        {
            checkLevel(event.bidPrice(i), event.bidQuantity(i), minPrice, mutant);
        }
        for (int i = 0; i < event.askCount(); i++)
        {
            checkLevel(event.askPrice(i), event.askQuantity(i), minPrice, mutant);
        }
    }

    private void checkLevel(final long price, final long quantity, final long minPrice, final FrameMutator.Mutant mutant)
    {
        if (price < minPrice || quantity < 0)
        {
            throw new AssertionError(venue + ": level " + price + "@" + quantity + describe(mutant));
        }
    }

    /** What the ingest does with a rejected frame. */
    private void onRejected(final DecodeReason reason, final Instrument instrument)
    {
        if (reason == DecodeReason.CONNECTION_GAP)
        {
            markStale(A, SyncReason.GAP);
            markStale(B, SyncReason.GAP);
            scheduleReconnect();
        }
        else if (instrument != null)
        {
            markStale(instrument.id(), SyncReason.BAD_INPUT);
        }
        else if (venue.lossNeedsConnectionResync)
        {
            markStale(A, SyncReason.BAD_INPUT);
            markStale(B, SyncReason.BAD_INPUT);
            scheduleReconnect();
        }
    }

    private void markStale(final int instrumentId, final SyncReason reason)
    {
        final UnsafeBuffer notice = new UnsafeBuffer(new byte[RingMessages.NOTICE_LENGTH]);
        notice.putInt(RingMessages.INSTRUMENT_ID_OFFSET, instrumentId);
        notice.putInt(RingMessages.REASON_OFFSET, reason.code());
        if (!events.write(RingMessages.INSTRUMENT_STALE, notice, 0, RingMessages.NOTICE_LENGTH))
        {
            throw new AssertionError("event ring full: the bench drains it every step");
        }
    }

    /** A new connection: a new decoder, and the venue's snapshots of everything subscribed on it. */
    private void connect()
    {
        decoder = venue.newDecoder(symbols);
        connectionSequence = 0;
        reconnectDueIn = -1;
        if (!venue.restSnapshots)
        {
            deliverValid(feedA, feedA.streamSnapshot(nowMs()));
            deliverValid(feedB, feedB.streamSnapshot(nowMs()));
        }
    }

    private void scheduleReconnect()
    {
        if (reconnectDueIn < 0)
        {
            reconnectDueIn = random.nextInt(4);
        }
    }

    /** The processor's snapshot requests, as the ingest answers them. */
    private void onCommand(final int type, final DirectBuffer buffer, final int index, final int length)
    {
        final int instrumentId = buffer.getInt(index + RingMessages.INSTRUMENT_ID_OFFSET);
        final SyncReason reason = SyncReason.fromCode(buffer.getInt(index + RingMessages.REASON_OFFSET));
        if (!venue.restSnapshots && (reason == SyncReason.STARTED || reason == SyncReason.RECONNECT))
        {
            return; // the (re)connect subscribes it
        }
        if (venue.resyncByReconnect)
        {
            scheduleReconnect();
        }
        else if (snapshotDueIn[instrumentId] < 0)
        {
            snapshotDueIn[instrumentId] = random.nextInt(4);
        }
    }

    private void serveDue()
    {
        if (reconnectDueIn >= 0 && reconnectDueIn-- == 0)
        {
            connect();
        }
        for (int id = A; id <= B; id++)
        {
            if (snapshotDueIn[id] >= 0 && snapshotDueIn[id]-- == 0)
            {
                serveSnapshot(id);
            }
        }
    }

    private void serveSnapshot(final int id)
    {
        final SimInstrumentFeed feed = id == A ? feedA : feedB;
        if (!venue.restSnapshots)
        {
            deliverValid(feed, feed.streamSnapshot(nowMs()));
            return;
        }
        // A diff first: the snapshot then falls inside the buffered diffs, which USD-M's bridge rule needs.
        deliverValid(feed, feed.update(nowMs()));
        final byte[] body = feed.restSnapshot(nowMs()).getBytes(StandardCharsets.UTF_8);
        if (id == A && fuzzSnapshots && inputs < budget)
        {
            fuzzSnapshotOfA(body);
            return;
        }
        final int result = decode(null, body, feed == feedA ? venue.a : venue.b);
        if (result <= 0)
        {
            throw new AssertionError(venue + ": a valid snapshot was rejected: " + result);
        }
        forward(result, id, null);
    }

    /**
     * REST snapshots of A (now, or the real one), mutated, until one is accepted or four were rejected: the ingest
     * asks again after each rejection (here at once: time is simulated).
     */
    private void fuzzSnapshotOfA(final byte[] body)
    {
        for (int i = 0; i < 4 && inputs < budget; i++)
        {
            final byte[] seed = random.nextInt(10) == 0 ? capturedSnapshot : body;
            final FrameMutator.Mutant mutant = mutator.mutate(random, seed);
            inputs++;
            final int result = decode(null, mutant.bytes(), venue.a);
            if (result > 0)
            {
                run.tally("accepted");
                forward(result, A, mutant);
                return;
            }
            if (result == 0)
            {
                throw new AssertionError("a snapshot body rejected without a reason: " + show(mutant));
            }
            run.tally("rejected " + DecodeReason.fromResult(result));
        }
        snapshotDueIn[A] = random.nextInt(2);
    }

    /** Run the processor until the ring is empty, then take its snapshot requests. */
    private void drain()
    {
        while (processor.doWork() > 0)
        {
            commands.read(commandHandler);
        }
        commands.read(commandHandler);
    }

    private void checkBooks()
    {
        final InstrumentSync b = processor.sync(B);
        if (b.state().isTrustworthy())
        {
            assertEqualsReference(b.book(), null);
            run.tally("~ steps with B trustworthy, equal to its reference");
        }
        final InstrumentSync a = processor.sync(A);
        if (a.state().isTrustworthy())
        {
            checkValid(a.book());
            run.tally("~ steps with A trustworthy, valid");
        }
    }

    private void assertEqualsReference(final OrderBook book, final String when)
    {
        try
        {
            feedB.bids().assertMatches(book.bids());
            feedB.asks().assertMatches(book.asks());
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError(venue + ": B's book differs from its reference " +
                (when != null ? when : "after " + inputs + " inputs") + ": " + ex.getMessage(), ex);
        }
    }

    /** Sorted, positive quantities, not crossed, within the venue's depth. */
    private void checkValid(final OrderBook book)
    {
        final BookSide bids = book.bids();
        final BookSide asks = book.asks();
        bids.validateInternalState();
        asks.validateInternalState();
        if (book.isCrossed())
        {
            throw new AssertionError(venue + ": A is trustworthy with a crossed book: bid " + bids.bestPrice() +
                " ask " + asks.bestPrice());
        }
        final int depth = venue.a.bookDepth();
        if (depth > 0 && (bids.depth() > depth || asks.depth() > depth))
        {
            throw new AssertionError(venue + ": A is trustworthy deeper than " + depth + " levels");
        }
    }

    private void assertRecovered()
    {
        final InstrumentSync a = processor.sync(A);
        final InstrumentSync b = processor.sync(B);
        if (!b.state().isTrustworthy() || !a.state().isTrustworthy())
        {
            throw new AssertionError(venue + ": not recovered after " + CLEAN_STEPS + " clean steps: A " + a.state() +
                " " + describe(a) + ", B " + b.state() + " " + describe(b));
        }
        assertEqualsReference(b.book(), "after the clean phase");
        checkValid(a.book());
    }

    private static String describe(final InstrumentSync sync)
    {
        final var c = sync.counters();
        return "(last update " + sync.book().lastUpdateId() + ", pending " + sync.pendingDiffs() + ", gaps " + c.gaps() +
            ", snapshots applied " + c.snapshotsApplied() + ", too old " + c.snapshotsTooOld() + ", requests " +
            c.snapshotRequests() + ", crossed " + c.crossedBooks() + ", checksum mismatches " +
            c.checksumMismatches() + ", bad inputs " + c.badInputs() + ")";
    }

    public void onStateChange(final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
    {
        if (instrumentId == B && to == SyncState.STALE &&
            !(venue.lossNeedsConnectionResync && (reason == SyncReason.GAP || reason == SyncReason.BAD_INPUT)))
        {
            throw new AssertionError(venue + ": B went stale (" + reason + ") after " + inputs + " inputs of A");
        }
        if (instrumentId == A && to.isTrustworthy())
        {
            checkValid(processor.sync(A).book());
        }
    }

    public void onSnapshotRequest(final int instrumentId, final SyncReason reason)
    {
    }

    public void onBookUpdated(final OrderBook book, final BookEvent event)
    {
        if (book.instrumentId() == A && processor.sync(A).state().isTrustworthy())
        {
            checkValid(book);
        }
    }

    private static UnsafeBuffer zeroed(final UnsafeBuffer buffer)
    {
        buffer.setMemory(0, buffer.capacity(), (byte)0);
        return buffer;
    }

    private long nowMs()
    {
        return nowNs / 1_000_000L;
    }

    private String describe(final FrameMutator.Mutant mutant)
    {
        return mutant == null ? " (a valid frame)" : " (" + mutant.kind() + ": " + show(mutant) + ")";
    }

    private static String show(final FrameMutator.Mutant mutant)
    {
        final String text = mutant.text();
        return text.length() > 600 ? text.substring(0, 600) + "... (" + text.length() + " bytes)" : text;
    }
}
