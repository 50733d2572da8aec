package dev.feedhandler.protocol;

import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.sync.InstrumentSync;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import dev.feedhandler.protocol.consumer.BookConsumer;
import dev.feedhandler.protocol.consumer.BookConsumerListener;
import dev.feedhandler.protocol.consumer.ConsumerBook;
import dev.feedhandler.protocol.consumer.ConsumerConfig;
import dev.feedhandler.protocol.publisher.FeedPublisher;
import dev.feedhandler.protocol.publisher.PublisherConfig;
import dev.feedhandler.protocol.publisher.StreamPublisher;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Venue → InstrumentSync → FeedPublisher → (lossy, reordered-between-streams transport) → BookConsumer, with random
 * venue gaps, publisher back-pressure, consumer-side drops, a late join and a publisher restart.
 * <p>
 * Invariants: every complete update the consumer applies to a trustworthy book leaves it equal to the publisher's
 * book at the same venue update id; whenever the consumer has seen the delta stream's latest message, every book it
 * calls trustworthy equals the publisher's at full depth; and once faults stop and a snapshot cycle has passed,
 * every book is trustworthy and equal.
 */
class FeedRoundTripPropertyTest
{
    private static final long STEP_NS = 1_000_000L;
    static long skippedTotal;

    @Test
    void consumerBooksShouldEqualPublisherBooksOnceASnapshotCyclePassed()
    {
        PropertyCheck.forAll("feed round trip", 60, random -> new Scenario(random).run());
        System.out.println("deltas skipped as already in a snapshot: " + skippedTotal);
    }

    private static final class Scenario
    {
        final SplittableRandom random;
        final int instrumentCount;
        final PublishingVenues venues;
        long updatesChecked;
        CapturingSink deltaSink;
        CapturingSink snapshotSink;
        FeedPublisher publisher;
        BookConsumer consumer;
        long nowNs = 1_000_000_000L;
        long epoch = 1;
        double venueDropRate;
        double consumerDropRate;
        boolean joined;
        long caughtUpChecks;

        Scenario(final SplittableRandom random)
        {
            this.random = random;
            this.instrumentCount = 1 + random.nextInt(4);
            this.venues = new PublishingVenues(random, instrumentCount);
        }

        void run()
        {
            consumer = new BookConsumer(new BookConsumerListener()
            {
                public void onBookUpdated(final ConsumerBook book, final long ingressTimeNs, final long publishTimeNs)
                {
                    if (book.isTrustworthy())
                    {
                        final Long expected = venues.publishedHash(book.instrumentId(), book.venueSequence());
                        assertThat(expected).as("publisher book %d at update %d", book.instrumentId(),
                            book.venueSequence()).isNotNull();
                        assertThat(contentHash(book.book())).as("consumer book %d at update %d",
                            book.instrumentId(), book.venueSequence()).isEqualTo(expected);
                        updatesChecked++;
                    }
                }
            }, new ConsumerConfig(64, 8, 100_000, 64 * 1024));
            startPublisher();
            venues.publishTo(publisher);

            // Faulty phase: venue gaps, back-pressure, consumer drops; the consumer joins late.
            venueDropRate = 0.01;
            consumerDropRate = 0.02;
            deltaSink.refuseRate = 0.01;
            snapshotSink.refuseRate = 0.01;
            final int joinAt = random.nextInt(200);
            final int restartAt = random.nextInt(4) == 0 ? 200 + random.nextInt(300) : -1;
            for (int step = 0; step < 600; step++)
            {
                joined |= step >= joinAt;
                if (step == restartAt)
                {
                    restartPublisher();
                }
                step();
            }

            // Clean phase: no faults; two snapshot cycles (the interval is 50 steps) and more deltas.
            venueDropRate = 0;
            consumerDropRate = 0;
            deltaSink.refuseRate = 0;
            snapshotSink.refuseRate = 0;
            for (int step = 0; step < 150; step++)
            {
                step();
            }
            drain(true);

            for (int id = 0; id < instrumentCount; id++)
            {
                final InstrumentSync sync = venues.sync(id);
                final ConsumerBook book = consumer.book(id);
                assertThat(sync.state().isTrustworthy()).as("publisher instrument %d state %s", id, sync.state()).isTrue();
                assertThat(book).as("consumer book %d", id).isNotNull();
                assertThat(book.isTrustworthy()).as("consumer book %d trustworthy (counters %s)", id, counters()).isTrue();
                assertBooksEqual(id, sync.book(), book.book());
                assertThat(book.venueSequence()).isEqualTo(sync.book().lastUpdateId());
            }
            assertThat(caughtUpChecks).isPositive();
            assertThat(updatesChecked).isPositive();
            skippedTotal += consumer.counters().deltasSkipped();
        }

        private String counters()
        {
            final var c = consumer.counters();
            return "gaps=" + c.deltaGaps() + " snapshotsApplied=" + c.snapshotsApplied() + " tooOld=" +
                c.snapshotsTooOld() + " incomplete=" + c.snapshotsIncomplete();
        }

        void startPublisher()
        {
            deltaSink = new CapturingSink(random);
            snapshotSink = new CapturingSink(random);
            publisher = new FeedPublisher(epoch, new StreamPublisher(deltaSink, 1), new StreamPublisher(snapshotSink, 1),
                () -> nowNs, new PublisherConfig(1 + random.nextInt(6), 50 * STEP_NS, 10 * STEP_NS, 2, 1));
        }

        /** A new publisher process: new epoch, new books, everything resynced from the venue. */
        void restartPublisher()
        {
            final CapturingSink oldDeltas = deltaSink;
            final CapturingSink oldSnapshots = snapshotSink;
            epoch++;
            startPublisher();
            // Messages the old process already sent are still in flight ahead of the new ones.
            deltaSink.messages.addAll(oldDeltas.messages);
            snapshotSink.messages.addAll(oldSnapshots.messages);
            deltaSink.refuseRate = oldDeltas.refuseRate;
            snapshotSink.refuseRate = oldSnapshots.refuseRate;
            venues.publishTo(publisher);
        }

        void step()
        {
            nowNs += STEP_NS;
            venues.step(venueDropRate);
            publisher.doWork(nowNs);
            drain(random.nextBoolean());
        }

        /**
         * Deliver queued messages, the two streams interleaved at random, or one stream's backlog first (so a
         * snapshot can overtake the deltas it includes, or trail far behind them); maybe leave some queued.
         */
        void drain(final boolean completely)
        {
            final int mode = random.nextInt(3); // 0: interleave, 1: snapshot stream first, 2: delta stream first
            while (!deltaSink.messages.isEmpty() || !snapshotSink.messages.isEmpty())
            {
                if (!completely && random.nextInt(8) == 0)
                {
                    return;
                }
                final boolean fromDeltas = snapshotSink.messages.isEmpty() ||
                    (!deltaSink.messages.isEmpty() && (mode == 0 ? random.nextBoolean() : mode == 2));
                final byte[] message = (fromDeltas ? deltaSink : snapshotSink).messages.poll();
                if (!joined || random.nextDouble() < consumerDropRate)
                {
                    continue;
                }
                final UnsafeBuffer buffer = new UnsafeBuffer(message);
                if (fromDeltas)
                {
                    consumer.onDeltaStream(buffer, 0, message.length);
                }
                else
                {
                    consumer.onSnapshotStream(buffer, 0, message.length);
                }
            }
            checkCaughtUpInvariant();
        }

        /** Caught up with the delta stream: every trustworthy book must be exactly the publisher's. */
        void checkCaughtUpInvariant()
        {
            if (consumer.epoch() != epoch || consumer.lastDeltaSequence() != publisher.deltaStream().sequence())
            {
                return;
            }
            caughtUpChecks++;
            for (int id = 0; id < instrumentCount; id++)
            {
                final ConsumerBook book = consumer.book(id);
                if (book != null && book.isTrustworthy())
                {
                    assertThat(venues.sync(id).state().isTrustworthy()).as("publisher state of trusted book %d", id)
                        .isTrue();
                    assertBooksEqual(id, venues.sync(id).book(), book.book());
                }
            }
        }
    }

    static long contentHash(final OrderBook book)
    {
        long hash = 17;
        for (final BookSide side : new BookSide[]{book.bids(), book.asks()})
        {
            hash = hash * 31 + side.depth();
            for (int level = 0; level < side.depth(); level++)
            {
                hash = (hash * 31 + side.priceAt(level)) * 31 + side.quantityAt(level);
            }
        }
        return hash;
    }

    static void assertBooksEqual(final int id, final OrderBook expected, final OrderBook actual)
    {
        assertSideEqual(id, "bids", expected.bids(), actual.bids());
        assertSideEqual(id, "asks", expected.asks(), actual.asks());
    }

    private static void assertSideEqual(final int id, final String name, final BookSide expected, final BookSide actual)
    {
        assertThat(actual.depth()).as("instrument %d %s depth", id, name).isEqualTo(expected.depth());
        for (int level = 0; level < expected.depth(); level++)
        {
            assertThat(actual.priceAt(level)).as("instrument %d %s price at %d", id, name, level)
                .isEqualTo(expected.priceAt(level));
            assertThat(actual.quantityAt(level)).as("instrument %d %s qty at %d", id, name, level)
                .isEqualTo(expected.quantityAt(level));
        }
    }
}
