package dev.feedhandler.feeder.venue.bybit;

import dev.feedhandler.feeder.replay.NaiveJson;
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
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import static dev.feedhandler.feeder.TestFrames.lines;
import static dev.feedhandler.feeder.TestFrames.symbols;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Bybit capture (XRPUSDT {@code orderbook.500}: a snapshot and 49 deltas) through the decoder into an
 * {@link InstrumentSync}: every message applies, {@code u} never skips, and the book equals a naive
 * {@code TreeMap<BigDecimal, BigDecimal>} built from the same lines.
 */
class BybitCaptureReplayTest
{
    static final Instrument XRPUSDT = new Instrument(0, Venue.BYBIT, "XRPUSDT", 4, 0);

    @Test
    void shouldApplySnapshotAndEveryDeltaWithoutGapAndEqualTheNaiveBook()
    {
        final List<String> lines = lines(BybitFrameDecoderTest.CAPTURE);
        final RecordingListener listener = new RecordingListener();
        final InstrumentSync sync = new InstrumentSync(XRPUSDT, listener, BookLimits.DEFAULT);
        final BybitFrameDecoder decoder = new BybitFrameDecoder(symbols(XRPUSDT), 1 << 20);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);
        sync.start();

        for (final String line : lines)
        {
            final byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            final int result = decoder.decode(new UnsafeBuffer(bytes), 0, bytes.length, out, 0, out.capacity(), 1L);
            assertThat(result).isPositive();
            assertThat(new BookEvent().wrap(out, 0).length()).isEqualTo(result);
            sync.onEvent(out, 0);
        }

        System.out.printf("bybit XRPUSDT: snapshots %d, deltas applied %d, gaps %d%n",
            sync.counters().snapshotsApplied(), sync.counters().diffsApplied(), sync.counters().gaps());
        assertThat(lines).hasSize(50);
        assertThat(sync.counters().snapshotsApplied()).isEqualTo(1);
        assertThat(sync.counters().diffsApplied()).isEqualTo(49);
        assertThat(sync.counters().gaps()).isZero();
        assertThat(sync.counters().diffsDropped()).isZero();
        assertThat(sync.counters().resets()).isZero();
        assertThat(sync.state()).isEqualTo(SyncState.LIVE);
        assertThat(listener.transitions).containsExactly("AWAITING_SNAPSHOT->LIVE:SNAPSHOT_APPLIED");
        assertThat(listener.updates).isEqualTo(50);
        assertThat(sync.book().lastUpdateId()).isEqualTo(20254869L + 49);

        final NaiveBook naive = NaiveBook.of(lines);
        assertThat(naive.lastU).isEqualTo(sync.book().lastUpdateId());
        assertSideEquals(sync.book().bids(), naive.bids);
        assertSideEquals(sync.book().asks(), naive.asks);
    }

    static void assertSideEquals(final BookSide side, final NavigableMap<BigDecimal, BigDecimal> naive)
    {
        assertThat(side.depth()).isEqualTo(naive.size());
        final Iterator<Map.Entry<BigDecimal, BigDecimal>> expected = naive.entrySet().iterator();
        for (int level = 0; level < side.depth(); level++)
        {
            final Map.Entry<BigDecimal, BigDecimal> entry = expected.next();
            assertThat(BigDecimal.valueOf(side.priceAt(level), XRPUSDT.priceScale())).as("price at level %d", level)
                .isEqualByComparingTo(entry.getKey());
            assertThat(BigDecimal.valueOf(side.quantityAt(level), XRPUSDT.qtyScale())).as("qty at level %d", level)
                .isEqualByComparingTo(entry.getValue());
        }
    }

    /** Bybit's rules the slow, obvious way: a snapshot (or u == 1) replaces the book, a delta sets sizes, 0 deletes. */
    static final class NaiveBook
    {
        final NavigableMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
        final NavigableMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
        long lastU;

        @SuppressWarnings("unchecked")
        static NaiveBook of(final List<String> lines)
        {
            final NaiveBook book = new NaiveBook();
            for (final String line : lines)
            {
                final Map<String, Object> message = (Map<String, Object>)NaiveJson.parse(line);
                final Map<String, Object> data = (Map<String, Object>)message.get("data");
                final long u = ((BigDecimal)data.get("u")).longValueExact();
                if ("snapshot".equals(message.get("type")) || u == 1)
                {
                    book.bids.clear();
                    book.asks.clear();
                }
                else
                {
                    assertThat(u).as("u after %d", book.lastU).isEqualTo(book.lastU + 1);
                }
                apply(book.bids, (List<Object>)data.getOrDefault("b", new ArrayList<>()));
                apply(book.asks, (List<Object>)data.getOrDefault("a", new ArrayList<>()));
                book.lastU = u;
            }
            return book;
        }

        @SuppressWarnings("unchecked")
        private static void apply(final NavigableMap<BigDecimal, BigDecimal> side, final List<Object> levels)
        {
            for (final Object level : levels)
            {
                final List<String> pair = (List<String>)level;
                final BigDecimal price = new BigDecimal(pair.get(0));
                final BigDecimal qty = new BigDecimal(pair.get(1));
                if (qty.signum() == 0)
                {
                    side.remove(price);
                }
                else
                {
                    side.put(price, qty);
                }
            }
        }
    }

    private static final class RecordingListener implements SyncListener
    {
        final List<String> transitions = new ArrayList<>();
        int updates;

        public void onStateChange(final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
        {
            transitions.add(from + "->" + to + ":" + reason);
        }

        public void onSnapshotRequest(final int instrumentId, final SyncReason reason)
        {
        }

        public void onBookUpdated(final OrderBook book, final BookEvent event)
        {
            updates++;
        }
    }
}
