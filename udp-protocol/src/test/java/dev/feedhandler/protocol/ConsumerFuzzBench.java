package dev.feedhandler.protocol;

import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.sync.InstrumentSync;
import dev.feedhandler.orderbook.testing.FuzzRun;
import dev.feedhandler.protocol.consumer.BookConsumer;
import dev.feedhandler.protocol.consumer.BookConsumerListener;
import dev.feedhandler.protocol.consumer.ConsumerBook;
import dev.feedhandler.protocol.consumer.ConsumerConfig;
import dev.feedhandler.protocol.consumer.ConsumerCounters;
import dev.feedhandler.protocol.consumer.RejectReason;
import dev.feedhandler.protocol.publisher.FeedPublisher;
import dev.feedhandler.protocol.publisher.PublisherConfig;
import dev.feedhandler.protocol.publisher.StreamPublisher;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * One consumer fuzz scenario: venue → {@link InstrumentSync} → {@link FeedPublisher} (the real encoders, captured by
 * {@link CapturingSink}) → a transport that corrupts packets → {@link BookConsumer}, fed the way
 * {@code FeedSubscriber} feeds it: through its fragment handlers, with the packet inside a larger buffer (as in an
 * Aeron term) or at its very end.
 * <p>
 * Checked for every corrupted packet: nothing thrown; it is rejected with exactly one reason or taken, and a rejected
 * packet changes nothing (epoch, stream sequences); when the corruption is one a consumer can detect, it is rejected
 * for exactly the reason expected. With {@code detectableOnly}: every trustworthy consumer book equals the
 * publisher's whenever the consumer has caught up, and after the corruption stops and snapshot cycles pass, every
 * book is trustworthy and equal to the publisher's. Otherwise (bit flips and the like, which may be taken as valid):
 * every consumer book stays internally valid (sorted, positive quantities).
 */
final class ConsumerFuzzBench
{
    private static final long STEP_NS = 1_000_000L;
    private static final int TERM_BYTES = 64 * 1024;
    private static final int CLEAN_STEPS = 160;

    private final SplittableRandom random;
    private final FuzzRun run;
    private final boolean detectableOnly;
    private final PublishingVenues venues;
    private final UnsafeBuffer term = new UnsafeBuffer(new byte[TERM_BYTES]);
    private final CapturingSink deltaSink;
    private final CapturingSink snapshotSink;
    private final FeedPublisher publisher;
    private final BookConsumer consumer;
    private final FragmentHandler deltaHandler;
    private final FragmentHandler snapshotHandler;
    private byte[] previous = new byte[0];
    private long nowNs = 1_000_000_000L;
    private long inputs;
    private long caughtUpChecks;

    ConsumerFuzzBench(final SplittableRandom random, final FuzzRun run, final boolean detectableOnly)
    {
        this.random = random;
        this.run = run;
        this.detectableOnly = detectableOnly;
        this.venues = new PublishingVenues(random, 1 + random.nextInt(3));
        this.deltaSink = new CapturingSink(random);
        this.snapshotSink = new CapturingSink(random);
        this.publisher = new FeedPublisher(1_700_000_000_000_000_000L, new StreamPublisher(deltaSink, 1),
            new StreamPublisher(snapshotSink, 1), () -> nowNs,
            new PublisherConfig(1 + random.nextInt(6), 50 * STEP_NS, 10 * STEP_NS, 2, 1));
        this.consumer = new BookConsumer(new BookConsumerListener()
        {
            public void onBookUpdated(final ConsumerBook book, final long ingressTimeNs, final long publishTimeNs)
            {
                checkUpdate(book);
            }
        }, new ConsumerConfig(64, 8, 100_000, 64 * 1024));
        this.deltaHandler = consumer.deltaHandler();
        this.snapshotHandler = consumer.snapshotHandler();
        venues.publishTo(publisher);
    }

    /** Corrupt {@code budget} packets, then run clean snapshot cycles and check; returns the packets corrupted. */
    long run(final long budget)
    {
        while (inputs < budget)
        {
            step(budget);
        }
        for (int i = 0; i < CLEAN_STEPS; i++)
        {
            step(0);
        }
        if (detectableOnly)
        {
            assertRecovered();
        }
        return inputs;
    }

    private void step(final long budget)
    {
        nowNs += STEP_NS;
        venues.step(0);
        publisher.doWork(nowNs);
        deliver(deltaSink.messages, true, budget);
        deliver(snapshotSink.messages, false, budget);
        checkCaughtUp();
        checkBooksValid();
    }

    /** Every queued packet of one stream, each corrupted with some probability while inputs remain. */
    private void deliver(final ArrayDeque<byte[]> messages, final boolean deltaStream, final long budget)
    {
        while (!messages.isEmpty())
        {
            final byte[] packet = messages.poll();
            if (inputs < budget && random.nextInt(4) == 0)
            {
                inputs++;
                final SbePacketMutator.Mutant mutant = detectableOnly ? SbePacketMutator.malformed(random, packet) :
                    SbePacketMutator.any(random, packet, previous);
                deliverCorrupt(mutant, deltaStream);
            }
            else
            {
                final long rejectedBefore = consumer.counters().rejectedTotal();
                onFragment(packet, deltaStream);
                if (consumer.counters().rejectedTotal() != rejectedBefore)
                {
                    throw new AssertionError("a valid packet was rejected: " + rejections());
                }
            }
            previous = packet;
        }
    }

    private void deliverCorrupt(final SbePacketMutator.Mutant mutant, final boolean deltaStream)
    {
        final ConsumerCounters counters = consumer.counters();
        final long[] before = reasonCounts();
        final long rejectedBefore = counters.rejectedTotal();
        final long epoch = consumer.epoch();
        final long deltaSequence = consumer.lastDeltaSequence();
        final long snapshotSequence = consumer.lastSnapshotSequence();

        onFragment(mutant.bytes(), deltaStream);

        final long rejected = counters.rejectedTotal() - rejectedBefore;
        if (rejected > 1)
        {
            throw new AssertionError(mutant.kind() + ": one packet counted " + rejected + " times: " + rejections());
        }
        if (mutant.expected() != null && counters.rejected(mutant.expected()) - before[mutant.expected().ordinal()] != 1)
        {
            throw new AssertionError(mutant.kind() + ": expected a rejection for " + mutant.expected() + ", got " +
                rejections());
        }
        if (rejected == 1)
        {
            run.tally("rejected " + increased(before));
            if (consumer.epoch() != epoch || consumer.lastDeltaSequence() != deltaSequence ||
                consumer.lastSnapshotSequence() != snapshotSequence)
            {
                throw new AssertionError(mutant.kind() + ": a rejected packet changed the consumer's sequences");
            }
        }
        else
        {
            run.tally("taken (" + mutant.kind() + ")");
        }
    }

    /** As {@code FeedSubscriber} delivers: a fragment inside a term buffer, now and then flush with its end. */
    private void onFragment(final byte[] packet, final boolean deltaStream)
    {
        final int offset = random.nextInt(8) == 0 ? TERM_BYTES - packet.length :
            32 * random.nextInt((TERM_BYTES - packet.length) / 32);
        term.putBytes(offset, packet);
        (deltaStream ? deltaHandler : snapshotHandler).onFragment(term, offset, packet.length, null);
    }

    /** A complete update applied to a trustworthy book must leave it as the publisher's was at that venue update. */
    private void checkUpdate(final ConsumerBook book)
    {
        if (detectableOnly && book.isTrustworthy())
        {
            final Long expected = venues.publishedHash(book.instrumentId(), book.venueSequence());
            if (expected == null || FeedRoundTripPropertyTest.contentHash(book.book()) != expected)
            {
                throw new AssertionError("consumer book " + book.instrumentId() + " at venue update " +
                    book.venueSequence() + " differs from the publisher's");
            }
        }
    }

    /** Caught up with the delta stream: every trustworthy book is exactly the publisher's. */
    private void checkCaughtUp()
    {
        if (!detectableOnly || consumer.lastDeltaSequence() != publisher.deltaStream().sequence())
        {
            return;
        }
        caughtUpChecks++;
        for (int id = 0; id < venues.count(); id++)
        {
            final ConsumerBook book = consumer.book(id);
            if (book != null && book.isTrustworthy())
            {
                assertSameBook(id, venues.sync(id).book(), book.book());
                run.tally("~ caught-up checks of a trustworthy book");
            }
        }
    }

    private void checkBooksValid()
    {
        for (int id = 0; id < consumer.bookCount(); id++)
        {
            final ConsumerBook book = consumer.book(id);
            if (book != null)
            {
                book.book().bids().validateInternalState();
                book.book().asks().validateInternalState();
            }
        }
    }

    private void assertRecovered()
    {
        for (int id = 0; id < venues.count(); id++)
        {
            final ConsumerBook book = consumer.book(id);
            if (book == null || !book.isTrustworthy() || !venues.sync(id).state().isTrustworthy())
            {
                throw new AssertionError("instrument " + id + " not trustworthy " + CLEAN_STEPS +
                    " clean steps after the corruption stopped: consumer " + (book == null ? "no book" :
                    book.isSynced() + "/" + book.publisherState()) + ", publisher " + venues.sync(id).state());
            }
            assertSameBook(id, venues.sync(id).book(), book.book());
        }
        if (caughtUpChecks == 0)
        {
            throw new AssertionError("the consumer never caught up with the delta stream");
        }
    }

    /** Compared level by level; the assertion with its description only runs on a difference (it is slow). */
    private static void assertSameBook(final int id, final OrderBook expected, final OrderBook actual)
    {
        if (!sameSide(expected.bids(), actual.bids()) || !sameSide(expected.asks(), actual.asks()))
        {
            FeedRoundTripPropertyTest.assertBooksEqual(id, expected, actual);
        }
    }

    private static boolean sameSide(final BookSide expected, final BookSide actual)
    {
        if (expected.depth() != actual.depth())
        {
            return false;
        }
        for (int level = 0; level < expected.depth(); level++)
        {
            if (expected.priceAt(level) != actual.priceAt(level) || expected.quantityAt(level) != actual.quantityAt(level))
            {
                return false;
            }
        }
        return true;
    }

    private String rejections()
    {
        final StringBuilder text = new StringBuilder();
        for (final RejectReason reason : RejectReason.values())
        {
            text.append(reason).append('=').append(consumer.counters().rejected(reason)).append(' ');
        }
        return text.toString();
    }

    private long[] reasonCounts()
    {
        final RejectReason[] reasons = RejectReason.values();
        final long[] counts = new long[reasons.length];
        for (final RejectReason reason : reasons)
        {
            counts[reason.ordinal()] = consumer.counters().rejected(reason);
        }
        return counts;
    }

    private RejectReason increased(final long[] before)
    {
        for (final RejectReason reason : RejectReason.values())
        {
            if (consumer.counters().rejected(reason) != before[reason.ordinal()])
            {
                return reason;
            }
        }
        throw new AssertionError("no reason counted");
    }
}
