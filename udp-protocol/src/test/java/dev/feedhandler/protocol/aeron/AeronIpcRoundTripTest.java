package dev.feedhandler.protocol.aeron;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.InstrumentSync;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;
import dev.feedhandler.protocol.TestBookEvents;
import dev.feedhandler.protocol.consumer.BookConsumer;
import dev.feedhandler.protocol.consumer.BookConsumerListener;
import dev.feedhandler.protocol.consumer.ConsumerBook;
import dev.feedhandler.protocol.consumer.ConsumerConfig;
import dev.feedhandler.protocol.publisher.FeedPublisher;
import dev.feedhandler.protocol.publisher.PublisherConfig;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Venue events → {@link InstrumentSync} → {@link FeedPublisher} → Aeron IPC on a real embedded media driver →
 * {@link FeedSubscriber} → {@link BookConsumer}: the consumer's book ends trustworthy and equal to the publisher's.
 */
class AeronIpcRoundTripTest
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(20);

    private final SystemEpochNanoClock clock = new SystemEpochNanoClock();
    private final UnsafeBuffer eventBuffer = new UnsafeBuffer(new byte[64 * 1024]);
    private int gaps;

    @Test
    void consumerBookShouldBecomeTrustworthyAndEqualThePublishersOverIpc()
    {
        final BookConsumer consumer = new BookConsumer(new BookConsumerListener()
        {
            public void onGap(final boolean snapshotStream, final long fromSequence, final long toSequence)
            {
                gaps++;
            }
        }, ConsumerConfig.DEFAULT);

        try (AeronFeed feed = AeronFeed.connect(FeedChannels.DEFAULT.withChannel("aeron:ipc"));
            FeedSubscriber subscriber = new FeedSubscriber(feed, consumer))
        {
            final FeedPublisher publisher = feed.newPublisher(PublisherConfig.DEFAULT);
            pollUntil("publications connected", subscriber, null,
                () -> publisher.deltaStream().isConnected() && publisher.snapshotStream().isConnected());
            assertThat(subscriber.isConnectedToDriver()).isTrue();

            final InstrumentSync sync = new InstrumentSync(0, Venue.BINANCE_SPOT.sequenceRule(), new Forwarder(publisher),
                BookLimits.DEFAULT);
            publisher.addInstrument(new Instrument(0, Venue.BINANCE_SPOT, "BTCUSDT", 2, 5), sync.book());
            sync.start();

            feedVenue(sync);
            assertThat(sync.state()).isEqualTo(SyncState.LIVE);
            final OrderBook expected = sync.book();

            pollUntil("consumer book trustworthy at venue update " + expected.lastUpdateId(), subscriber, publisher,
                () -> consumer.book(0) != null && consumer.book(0).isTrustworthy() &&
                consumer.book(0).venueSequence() == expected.lastUpdateId());

            final ConsumerBook book = consumer.book(0);
            assertSideEquals(book.book().bids(), expected.bids());
            assertSideEquals(book.book().asks(), expected.asks());
            assertThat(book.venueSymbol()).isEqualTo("BTCUSDT");
            assertThat(book.normalizedSymbol()).isEqualTo("BTC-USDT");
            assertThat(book.priceScale()).isEqualTo(2);
            assertThat(book.qtyScale()).isEqualTo(5);
            assertThat(gaps).isZero();
            assertThat(consumer.counters().snapshotsApplied()).isEqualTo(1);
            assertThat(consumer.counters().deltas()).as("bridging diff, one diff, three parts, one diff").isEqualTo(6);
            assertThat(publisher.deltaStream().counters().dropped()).isZero();
            assertThat(publisher.deltaStream().counters().notConnected()).isZero();
        }
    }

    /** Diffs before the snapshot (one covered, one bridging), the snapshot, then diffs including a 3-part one. */
    private void feedVenue(final InstrumentSync sync)
    {
        send(sync, TestBookEvents.diff(0, 95, 98).bid(499_990, 1).exchangeTimeMs(1).ingressTimeNs(1));
        send(sync, TestBookEvents.diff(0, 99, 102).bid(500_000, 7).ask(500_001, 0).ask(500_002, 3)
            .exchangeTimeMs(2).ingressTimeNs(2));
        final TestBookEvents.Builder snapshot = TestBookEvents.snapshot(0, 100);
        for (int i = 0; i < 10; i++)
        {
            snapshot.bid(500_000 - i, 10 + i);
        }
        for (int i = 0; i < 10; i++)
        {
            snapshot.ask(500_001 + i, 20 + i);
        }
        send(sync, snapshot);
        send(sync, TestBookEvents.diff(0, 103, 105).bid(499_999, 0).ask(500_003, 44));
        final TestBookEvents.Builder big = TestBookEvents.diff(0, 106, 106);
        for (int i = 0; i < 80; i++)
        {
            big.bid(499_900 - i, 1 + i);
        }
        for (int i = 0; i < 70; i++)
        {
            big.ask(500_100 + i, 2 + i);
        }
        send(sync, big);
        send(sync, TestBookEvents.diff(0, 107, 108).bid(499_900, 0).ask(500_100, 0).ask(500_001, 9));
    }

    private void send(final InstrumentSync sync, final TestBookEvents.Builder event)
    {
        event.writeTo(eventBuffer, 0);
        sync.onEvent(eventBuffer, 0);
    }

    /** Poll the subscriber (and run the publisher's duty cycle, when given) until {@code done}, or fail. */
    private void pollUntil(
        final String what, final FeedSubscriber subscriber, final FeedPublisher publisher, final BooleanSupplier done)
    {
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out waiting for: " + what);
            }
            if (publisher != null)
            {
                publisher.doWork(clock.nanoTime()); // heartbeats, snapshot cycles
            }
            if (subscriber.poll(256) == 0)
            {
                Thread.yield();
            }
        }
    }

    private static void assertSideEquals(final BookSide actual, final BookSide expected)
    {
        assertThat(expected.depth()).isPositive();
        assertThat(actual.depth()).isEqualTo(expected.depth());
        for (int level = 0; level < expected.depth(); level++)
        {
            assertThat(actual.priceAt(level)).as("price at %d", level).isEqualTo(expected.priceAt(level));
            assertThat(actual.quantityAt(level)).as("quantity at %d", level).isEqualTo(expected.quantityAt(level));
        }
    }

    /** The book processor's callbacks, straight to the publisher (as the daemon wires them). */
    private static final class Forwarder implements SyncListener
    {
        private final FeedPublisher publisher;

        Forwarder(final FeedPublisher publisher)
        {
            this.publisher = publisher;
        }

        public void onStateChange(final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
        {
            publisher.onStateChange(instrumentId, from, to, reason);
        }

        public void onSnapshotRequest(final int instrumentId, final SyncReason reason)
        {
            publisher.onSnapshotRequest(instrumentId, reason);
        }

        public void onBookUpdated(final OrderBook book, final BookEvent event)
        {
            publisher.onBookUpdated(book, event);
        }
    }
}
