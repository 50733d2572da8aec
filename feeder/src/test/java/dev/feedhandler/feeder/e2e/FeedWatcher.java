package dev.feedhandler.feeder.e2e;

import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.protocol.aeron.AeronFeed;
import dev.feedhandler.protocol.aeron.FeedChannels;
import dev.feedhandler.protocol.aeron.FeedSubscriber;
import dev.feedhandler.protocol.consumer.BookConsumer;
import dev.feedhandler.protocol.consumer.BookConsumerListener;
import dev.feedhandler.protocol.consumer.ConsumerBook;
import dev.feedhandler.protocol.consumer.ConsumerConfig;
import dev.feedhandler.protocol.consumer.ConsumerCounters;
import dev.feedhandler.protocol.publisher.FeedPublisher;
import dev.feedhandler.protocol.publisher.PublisherCounters;
import dev.feedhandler.sim.BookTruth;
import dev.feedhandler.sim.VenueSimulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;

/**
 * The consumer side of the in-process end-to-end tests: a {@link BookConsumer} on the feed's channel, polled by its
 * own thread, recording every publisher status and every loss of trust per instrument, with deadline waits that
 * evaluate their condition under the consumer's lock. {@link #pause()} makes it a slow consumer: it stops polling
 * (its media driver keeps receiving until the image's window is full) until {@link #resume()}.
 */
final class FeedWatcher implements AutoCloseable
{
    private static final long TIMEOUT_SECONDS = 60;

    private final List<List<String>> statuses = new ArrayList<>();
    private final List<List<String>> trustLost = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean paused = new AtomicBoolean();
    private final int instrumentCount;
    private final BookConsumer consumer;
    private final AeronFeed feed;
    private final FeedSubscriber subscriber;
    private final Thread poller;

    FeedWatcher(final String channel, final int instrumentCount)
    {
        this.instrumentCount = instrumentCount;
        for (int i = 0; i < instrumentCount; i++)
        {
            statuses.add(Collections.synchronizedList(new ArrayList<>()));
            trustLost.add(Collections.synchronizedList(new ArrayList<>()));
        }
        consumer = new BookConsumer(new BookConsumerListener()
        {
            public void onPublisherStatus(final ConsumerBook book)
            {
                statuses.get(book.instrumentId()).add(book.publisherState() + ":" + book.publisherReason());
            }

            public void onTrustChanged(final ConsumerBook book)
            {
                if (!book.isTrustworthy())
                {
                    trustLost.get(book.instrumentId()).add(book.publisherState() + ":" + book.publisherReason());
                }
            }
        }, ConsumerConfig.DEFAULT);
        feed = AeronFeed.connect(FeedChannels.DEFAULT.withChannel(channel));
        subscriber = new FeedSubscriber(feed, consumer);
        poller = new Thread(() ->
        {
            while (running.get())
            {
                if (paused.get() || pollOnce() == 0)
                {
                    LockSupport.parkNanos(100_000);
                }
            }
        }, "e2e-consumer");
        poller.start();
    }

    /** Stop polling: a consumer that has stalled (its driver still acknowledges what fits in its window). */
    void pause()
    {
        paused.set(true);
    }

    void resume()
    {
        paused.set(false);
    }

    /** The publisher epoch the consumer follows (0 before the first message). */
    long epoch()
    {
        synchronized (consumer)
        {
            return consumer.epoch();
        }
    }

    /** Publisher images (one per stream and publisher session) this consumer's subscriptions have seen. */
    int imagesSeen()
    {
        return subscriber.imagesSeen();
    }

    /** The consumer's book; read it only inside {@link #awaitCondition} or {@link #locked}. */
    ConsumerBook book(final int instrumentId)
    {
        return consumer.book(instrumentId);
    }

    /** Run something that reads books under the consumer's lock. */
    void locked(final Runnable action)
    {
        synchronized (consumer)
        {
            action.run();
        }
    }

    long counter(final ToLongFunction<ConsumerCounters> counter)
    {
        synchronized (consumer)
        {
            return counter.applyAsLong(consumer.counters());
        }
    }

    /**
     * No delta-stream gap so far. A gap the publisher made on purpose (dropped after its retries under
     * back-pressure, e.g. a consumer starved of CPU) shows in the message.
     */
    void assertNoDeltaGaps(final FeedPublisher publisher)
    {
        final PublisherCounters sent = publisher.deltaStream().counters();
        final long gaps = counter(ConsumerCounters::deltaGaps);
        if (gaps != 0)
        {
            throw new AssertionError("delta-stream gaps: " + gaps + " (publisher: dropped " + sent.dropped() +
                ", back-pressured " + sent.backPressured() + ", not connected " + sent.notConnected() + ")");
        }
    }

    /** Every instrument's statuses so far, for failure messages. */
    String allStatuses()
    {
        return statuses.toString();
    }

    List<String> statuses(final int instrumentId)
    {
        return statuses.get(instrumentId);
    }

    List<String> trustLost(final int instrumentId)
    {
        return trustLost.get(instrumentId);
    }

    List<String> statusesSince(final int instrumentId, final int from)
    {
        final List<String> list = statuses.get(instrumentId);
        synchronized (list)
        {
            return new ArrayList<>(list.subList(from, list.size()));
        }
    }

    /** The instrument went STALE with one of {@code reasons} ({@code "A|B"}) since its status number {@code from}. */
    boolean wentStaleSince(final int instrumentId, final int from, final String reasons)
    {
        final List<String> since = statusesSince(instrumentId, from);
        for (final String reason : reasons.split("\\|"))
        {
            if (since.contains("STALE:" + reason))
            {
                return true;
            }
        }
        return false;
    }

    int[] lostCounts()
    {
        final int[] counts = new int[instrumentCount];
        for (int id = 0; id < counts.length; id++)
        {
            counts[id] = trustLost.get(id).size();
        }
        return counts;
    }

    void awaitAllTrusted()
    {
        awaitCondition("every instrument trusted", () ->
        {
            for (int id = 0; id < instrumentCount; id++)
            {
                final ConsumerBook book = consumer.book(id);
                if (book == null || !book.isTrustworthy())
                {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Pause the simulator, wait until every consumer book is trustworthy and equal to the simulator's truth level by
     * level (for top-N venues: the view a client holds), then resume. {@code instruments} are {venue, symbol} in id
     * order.
     */
    void awaitBooksEqualTheTruth(final VenueSimulator simulator, final String[][] instruments)
    {
        simulator.pause();
        try
        {
            for (int id = 0; id < instruments.length; id++)
            {
                final int instrument = id;
                final BookTruth truth = simulator.truth(instruments[id][0], instruments[id][1]);
                awaitCondition(instruments[id][0] + " " + instruments[id][1] + " equal to the truth", () ->
                {
                    final ConsumerBook book = consumer.book(instrument);
                    return book != null && book.isTrustworthy() &&
                        difference(book.book().bids(), truth.bids()) == null &&
                        difference(book.book().asks(), truth.asks()) == null;
                });
            }
        }
        finally
        {
            simulator.resume();
        }
    }

    /**
     * Before a connection fault: wait until the venue has exactly one connection carrying the symbol, so the fault
     * cannot land on a connection the daemon is just closing (after a rotation or a resync by reconnect).
     */
    void awaitOneConnection(final VenueSimulator simulator, final String venue, final String symbol)
    {
        awaitCondition(venue + " " + symbol + " on exactly one connection",
            () -> simulator.stats().instrument(venue, symbol).connections() == 1);
    }

    /** The first difference between a consumer side and the truth, or null when they are equal. */
    static String difference(final BookSide side, final List<BookTruth.Level> truth)
    {
        if (side.depth() != truth.size())
        {
            return "depth " + side.depth() + " vs " + truth.size();
        }
        for (int level = 0; level < truth.size(); level++)
        {
            if (side.priceAt(level) != truth.get(level).price() || side.quantityAt(level) != truth.get(level).quantity())
            {
                return "level " + level + ": " + side.priceAt(level) + "x" + side.quantityAt(level) + " vs " +
                    truth.get(level).price() + "x" + truth.get(level).quantity();
            }
        }
        return null;
    }

    /** Wait up to 60 s for the condition, evaluated under the consumer's lock. */
    void awaitCondition(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!evaluate(condition))
        {
            if (System.nanoTime() - deadline >= 0)
            {
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s waiting for " + what +
                    "; statuses " + statuses + "; trust lost " + trustLost);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // poll interval of a deadline wait
        }
    }

    public void close()
    {
        running.set(false);
        try
        {
            poller.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        subscriber.close();
        feed.close();
    }

    private boolean evaluate(final BooleanSupplier condition)
    {
        synchronized (consumer)
        {
            return condition.getAsBoolean();
        }
    }

    private int pollOnce()
    {
        synchronized (consumer)
        {
            return subscriber.poll(256);
        }
    }
}
