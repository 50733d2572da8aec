package dev.feedhandler.feeder.replay;

import dev.feedhandler.protocol.aeron.AeronFeed;
import dev.feedhandler.protocol.aeron.FeedChannels;
import dev.feedhandler.protocol.publisher.FeedPublisher;
import dev.feedhandler.protocol.publisher.PublisherConfig;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Puts a replay on the feed: every sync event of the {@link ReplaySession} goes through a {@link FeedPublisher} on
 * Aeron, at the capture's own pace or as fast as possible. Before the first frame it can wait for a subscriber;
 * after the last it runs a full snapshot cycle and lingers (heartbeats, retransmissions) before closing, so
 * receivers get everything and then see the streams end.
 */
final class ReplayPublisher implements AutoCloseable
{
    private final AeronFeed feed;
    private final FeedPublisher publisher;
    private final SystemEpochNanoClock clock = new SystemEpochNanoClock();
    private final boolean originalPace;
    private long firstExchangeTimeMs = Long.MIN_VALUE;
    private long startNs;

    /**
     * @param skipSequence delta-stream sequence to leave out on purpose (fault injection), or 0 for none.
     */
    ReplayPublisher(final FeedChannels channels, final boolean originalPace, final long skipSequence)
    {
        this.feed = AeronFeed.connect(channels);
        this.publisher = feed.newPublisher(PublisherConfig.DEFAULT);
        this.originalPace = originalPace;
        publisher.deltaStream().skipSequenceAt(skipSequence);
    }

    FeedPublisher publisher()
    {
        return publisher;
    }

    /** Wire the session's events to the publisher. Call before instruments are added. */
    void attach(final ReplaySession session)
    {
        session.forwardTo(publisher, publisher::addInstrument);
        session.pacer(this::beforeApply);
    }

    /** @return true once a subscriber is connected to both streams, false if none came within the timeout. */
    boolean awaitSubscriber(final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (!(publisher.deltaStream().isConnected() && publisher.snapshotStream().isConnected()))
        {
            if (System.nanoTime() - deadline >= 0)
            {
                return false;
            }
            publisher.doWork(clock.nanoTime());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    /** After the last frame: a full snapshot cycle, then heartbeats for {@code lingerNs}. */
    void finish(final long lingerNs)
    {
        publisher.requestSnapshotCycle();
        do
        {
            publisher.doWork(clock.nanoTime());
        }
        while (publisher.isCycleInProgress());
        final long end = System.nanoTime() + lingerNs;
        while (System.nanoTime() - end < 0)
        {
            publisher.doWork(clock.nanoTime());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    void printCounters(final PrintStream err)
    {
        err.printf("book-replay: published epoch %d: delta stream seq %d sent %d dropped %d not-connected %d " +
            "back-pressured %d; snapshot stream seq %d sent %d; snapshot cycles %d%n",
            publisher.epoch(), publisher.deltaStream().sequence(), publisher.deltaStream().counters().sent(),
            publisher.deltaStream().counters().dropped(), publisher.deltaStream().counters().notConnected(),
            publisher.deltaStream().counters().backPressured(), publisher.snapshotStream().sequence(),
            publisher.snapshotStream().counters().sent(), publisher.cycles());
    }

    private void beforeApply(final long exchangeTimeMs)
    {
        if (originalPace)
        {
            pace(exchangeTimeMs);
        }
        publisher.doWork(clock.nanoTime());
    }

    /** Wait until as much time has passed since the first frame as the venue's clock says. */
    private void pace(final long exchangeTimeMs)
    {
        if (firstExchangeTimeMs == Long.MIN_VALUE)
        {
            firstExchangeTimeMs = exchangeTimeMs;
            startNs = System.nanoTime();
            return;
        }
        final long dueNs = startNs + TimeUnit.MILLISECONDS.toNanos(exchangeTimeMs - firstExchangeTimeMs);
        while (System.nanoTime() - dueNs < 0)
        {
            publisher.doWork(clock.nanoTime());
            LockSupport.parkNanos(Math.min(TimeUnit.MILLISECONDS.toNanos(1), dueNs - System.nanoTime()));
        }
    }

    public void close()
    {
        feed.close();
    }
}
