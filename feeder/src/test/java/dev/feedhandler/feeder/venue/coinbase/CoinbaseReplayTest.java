package dev.feedhandler.feeder.venue.coinbase;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.venue.coinbase.CoinbaseFrameDecoderPropertyTest.Event;
import dev.feedhandler.feeder.venue.coinbase.CoinbaseFrameDecoderPropertyTest.Frame;
import dev.feedhandler.feeder.venue.coinbase.CoinbaseFrameDecoderPropertyTest.Update;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.InstrumentSync;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static dev.feedhandler.feeder.TestFrames.symbols;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.BTC_USD;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.ETH_USD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay of a generated Coinbase session for two products, the way the daemon runs it: frames through the
 * connection's decoder, each event to its product's {@link InstrumentSync}; the final books equal a naive reference
 * that applies the same changes to sorted maps. A lost frame makes the decoder report a connection gap; after the
 * books go stale and a new connection (new decoder, new snapshots) starts, they are exact again.
 */
class CoinbaseReplayTest
{
    private static final Instrument[] PRODUCTS = {BTC_USD, ETH_USD};

    private final Map<Integer, InstrumentSync> syncs = new HashMap<>();
    private final Map<Integer, TreeMap<Long, Long>[]> reference = new HashMap<>();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);
    private CoinbaseFrameDecoder decoder;
    private long sequence;

    @Test
    void shouldKeepBothBooksEqualToTheReferenceThroughARandomSession()
    {
        PropertyCheck.forAll("Coinbase session replayed into InstrumentSync", 40, random ->
        {
            start();
            connect(random);
            for (int i = 0; i < 400; i++)
            {
                assertThat(replay(nextFrame(random))).isNotNegative();
            }

            assertBooksEqualReference();
            for (final InstrumentSync sync : syncs.values())
            {
                assertThat(sync.state()).isEqualTo(SyncState.LIVE);
                assertThat(sync.counters().gaps()).isZero();
                assertThat(sync.counters().diffsApplied()).isPositive();
            }
        });
    }

    @Test
    void shouldRecoverFromALostFrameByReconnecting()
    {
        final SplittableRandom random = new SplittableRandom(7);
        start();
        connect(random);
        for (int i = 0; i < 50; i++)
        {
            replay(nextFrame(random));
        }
        final Frame lost = nextFrame(random);
        reference.clear(); // what the lost frame changed is unknown to us; the new snapshots carry it
        applyToReference(lost);

        final int result = replay(nextFrame(random));

        assertThat(result).isEqualTo(-DecodeReason.CONNECTION_GAP.code());
        syncs.values().forEach(sync -> sync.markStale(SyncReason.RECONNECT));
        syncs.values().forEach(sync -> assertThat(sync.state()).isEqualTo(SyncState.STALE));

        connect(random);
        for (int i = 0; i < 50; i++)
        {
            assertThat(replay(nextFrame(random))).isNotNegative();
        }
        assertBooksEqualReference();
        syncs.values().forEach(sync -> assertThat(sync.state()).isEqualTo(SyncState.LIVE));
    }

    private void start()
    {
        syncs.clear();
        reference.clear();
        for (final Instrument product : PRODUCTS)
        {
            final InstrumentSync sync = new InstrumentSync(product, new NoOpListener(), BookLimits.DEFAULT);
            sync.start();
            syncs.put(product.id(), sync);
        }
    }

    /** A new connection: a new decoder, its own sequence, a subscriptions frame, then one snapshot per product. */
    private void connect(final SplittableRandom random)
    {
        decoder = new CoinbaseFrameDecoder(symbols(PRODUCTS), 1 << 20);
        sequence = random.nextInt(3);
        assertThat(replay(new Frame("subscriptions", sequence++, Instant.EPOCH, List.of()))).isZero();
        final List<Event> snapshots = new ArrayList<>();
        for (final Instrument product : PRODUCTS)
        {
            snapshots.add(new Event(product, true, levels(random, 1 + random.nextInt(60), true)));
        }
        assertThat(replay(new Frame("l2_data", sequence++, Instant.EPOCH, snapshots))).isPositive();
    }

    private Frame nextFrame(final SplittableRandom random)
    {
        if (random.nextInt(10) == 0)
        {
            return new Frame("heartbeats", sequence++, Instant.EPOCH, List.of());
        }
        final List<Event> events = new ArrayList<>();
        for (final Instrument product : PRODUCTS)
        {
            if (events.isEmpty() || random.nextBoolean())
            {
                // Rarely the venue resends a snapshot (a reset): the book is replaced.
                final boolean snapshot = random.nextInt(100) == 0;
                final int count = 1 + random.nextInt(snapshot ? 40 : 6);
                events.add(new Event(product, snapshot, levels(random, count, snapshot)));
            }
        }
        return new Frame("l2_data", sequence++, Instant.ofEpochMilli(1_700_000_000_000L + sequence), events);
    }

    /**
     * Bids below 20.00 and offers from 20.00 up, so no book is ever crossed. Updates may repeat a price (the later
     * wins) and delete levels; a snapshot lists each price once with a size, as a venue's snapshot does.
     */
    private static List<Update> levels(final SplittableRandom random, final int count, final boolean isSnapshot)
    {
        final List<Update> updates = new ArrayList<>();
        final Set<Long> prices = new HashSet<>();
        for (int i = 0; i < count; i++)
        {
            final boolean isBid = random.nextBoolean();
            final long price = isBid ? 1000 + random.nextInt(1000) : 2000 + random.nextInt(1000);
            final long quantity = !isSnapshot && random.nextInt(3) == 0 ? 0 : 1 + random.nextLong(1_000_000_000L);
            if (!isSnapshot || prices.add(price))
            {
                updates.add(new Update(isBid, price, quantity));
            }
        }
        return updates;
    }

    /** Render, decode and apply one frame; update the reference with what it carried. */
    private int replay(final Frame frame)
    {
        final byte[] text = CoinbaseFrameDecoderPropertyTest.render(new SplittableRandom(frame.sequence()), frame)
            .getBytes(StandardCharsets.UTF_8);
        final int result = decoder.decode(new UnsafeBuffer(text), 0, text.length, out, 0, out.capacity(), 1L);
        if (result < 0)
        {
            return result;
        }
        final BookEvent event = new BookEvent();
        for (int at = 0; at < result; at += event.length())
        {
            event.wrap(out, at);
            syncs.get(event.instrumentId()).onEvent(out, at);
        }
        applyToReference(frame);
        return result;
    }

    private void applyToReference(final Frame frame)
    {
        if (frame.isBook())
        {
            frame.events().forEach(event -> CoinbaseFrameDecoderPropertyTest.applyModel(reference, event));
        }
    }

    private void assertBooksEqualReference()
    {
        for (final Instrument product : PRODUCTS)
        {
            final OrderBook book = syncs.get(product.id()).book();
            final TreeMap<Long, Long>[] expected = reference.get(product.id());
            assertThat(levels(book.bids())).as(product.symbol() + " bids").isEqualTo(expected[0]);
            assertThat(levels(book.asks())).as(product.symbol() + " asks").isEqualTo(expected[1]);
        }
    }

    private static Map<Long, Long> levels(final BookSide side)
    {
        final Map<Long, Long> levels = new TreeMap<>();
        for (int i = 0; i < side.depth(); i++)
        {
            levels.put(side.priceAt(i), side.quantityAt(i));
        }
        return levels;
    }

    private static final class NoOpListener implements SyncListener
    {
        public void onStateChange(
            final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
        {
        }

        public void onSnapshotRequest(final int instrumentId, final SyncReason reason)
        {
        }

        public void onBookUpdated(final OrderBook book, final BookEvent event)
        {
        }
    }
}
