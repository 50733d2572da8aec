package dev.feedhandler.feeder.venue.kraken;

import dev.feedhandler.feeder.venue.StreamSubscription;
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
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.feedhandler.feeder.TestFrames.lines;
import static dev.feedhandler.feeder.TestFrames.symbols;
import static dev.feedhandler.feeder.venue.kraken.KrakenFrameDecoderTest.CAPTURE;
import static dev.feedhandler.feeder.venue.kraken.KrakenFrameDecoderTest.DOC_EXAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Kraken v2 capture (BTC/USD, depth 10, a snapshot and 509 updates) through {@link KrakenFrameDecoder} into
 * an {@link InstrumentSync}: every message's checksum must match the book we keep, and the book must equal a naive
 * reference built from the same text with {@link BigDecimal}s and a {@link TreeMap}, truncated to 10 levels after
 * every message. A corrupted quantity must be caught by the checksum.
 */
class KrakenCaptureReplayTest
{
    private static final Instrument BTC_USD = new Instrument(0, Venue.KRAKEN, "BTC/USD", "BTC-USD", 1, 8, 10);
    private static final int DEPTH = 10;
    private static final Pattern SIDE = Pattern.compile("\"(bids|asks)\":\\[([^\\]]*)]");
    private static final Pattern LEVEL = Pattern.compile("\\{\"price\":([^,]+),\"qty\":([^}]+)}");
    private static final Pattern CHECKSUM = Pattern.compile("\"checksum\":(\\d+)");

    private final KrakenFrameDecoder decoder = new KrakenFrameDecoder(symbols(BTC_USD), 1 << 16);
    private final Recorder listener = new Recorder();
    private final InstrumentSync sync = new InstrumentSync(BTC_USD, listener, BookLimits.DEFAULT);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 16]);

    @Test
    void shouldVerifyEveryChecksumOfTheCaptureAndEndWithTheReferenceBook()
    {
        final List<String> lines = lines(CAPTURE);
        assertThat(lines).hasSize(510);
        final Reference reference = new Reference();
        sync.start();

        for (final String line : lines)
        {
            feed(line);
            reference.apply(line);
            assertThat(sync.state()).as(line).isEqualTo(SyncState.LIVE);
        }

        assertThat(sync.counters().checksumsVerified()).isEqualTo(510);
        assertThat(sync.counters().checksumMismatches()).isZero();
        assertThat(sync.counters().snapshotsApplied()).isEqualTo(1);
        assertThat(sync.counters().diffsApplied()).isEqualTo(509);
        assertThat(sync.counters().levelsTruncated()).as("levels pushed out of the top 10").isPositive();
        assertThat(listener.snapshotRequests).containsExactly(SyncReason.STARTED);
        assertThat(book(sync.book().bids())).isEqualTo(reference.mantissas(reference.bids));
        assertThat(book(sync.book().asks())).isEqualTo(reference.mantissas(reference.asks));
        assertThat(sync.book().bids().depth()).isEqualTo(DEPTH);
        assertThat(sync.book().asks().depth()).isEqualTo(DEPTH);
    }

    @Test
    void shouldVerifyTheDocExampleSnapshot()
    {
        sync.start();

        feed(lines(DOC_EXAMPLE).get(0));

        assertThat(sync.state()).isEqualTo(SyncState.LIVE);
        assertThat(sync.counters().checksumsVerified()).isEqualTo(1);
        assertThat(sync.counters().checksumMismatches()).isZero();
        assertThat(sync.book().bids().bestPrice()).isEqualTo(452_835L);
        assertThat(sync.book().asks().bestPrice()).isEqualTo(452_852L);
    }

    @Test
    void shouldCatchACorruptedQuantityByItsChecksumAndAskForThatSymbolAlone()
    {
        final List<String> lines = new ArrayList<>(lines(CAPTURE));
        final int corruptAt = 100;
        final String original = lines.get(corruptAt);
        final Matcher qty = Pattern.compile("\"qty\":([0-9.]+)").matcher(original);
        assertThat(qty.find()).isTrue();
        final String bumped = new BigDecimal(qty.group(1)).add(new BigDecimal("0.00000001")).toPlainString();
        final String corrupted = original.substring(0, qty.start(1)) + bumped + original.substring(qty.end(1));
        lines.set(corruptAt, corrupted);
        sync.start();

        for (int i = 0; i <= corruptAt; i++)
        {
            feed(lines.get(i));
        }

        assertThat(sync.state()).isEqualTo(SyncState.STALE);
        assertThat(sync.counters().checksumMismatches()).isEqualTo(1);
        assertThat(sync.counters().checksumsVerified()).isEqualTo(corruptAt + 1);
        assertThat(listener.transitions).endsWith(SyncState.STALE + " " + SyncReason.CHECKSUM);
        assertThat(listener.snapshotRequests).containsExactly(SyncReason.STARTED, SyncReason.CHECKSUM);
        assertThat(listener.snapshotRequestIds).containsOnly(BTC_USD.id());

        // The ingest resubscribes that one symbol: unsubscribe then subscribe it again, naming nothing else.
        final KrakenProtocol protocol = new KrakenProtocol(new StreamSubscription("book", DEPTH));
        assertThat(protocol.unsubscribeMessages(BTC_USD)).singleElement().asString()
            .contains("\"symbol\":[\"BTC/USD\"]");
        assertThat(protocol.subscribeMessages(List.of(BTC_USD))).singleElement().asString()
            .contains("\"symbol\":[\"BTC/USD\"]");

        // Until the fresh snapshot comes, updates are dropped and the book stays STALE.
        feed(lines.get(corruptAt + 1));
        assertThat(sync.state()).isEqualTo(SyncState.STALE);
    }

    @Test
    void shouldBeLiveAgainAfterTheResubscribeSnapshotAndMatchTheRestOfTheCapture()
    {
        final List<String> lines = lines(CAPTURE);
        final int corruptAt = 200;
        final Reference reference = new Reference();
        sync.start();
        for (int i = 0; i < corruptAt; i++)
        {
            feed(lines.get(i));
            reference.apply(lines.get(i));
        }
        feed(lines.get(corruptAt).replaceFirst("\"checksum\":\\d+", "\"checksum\":1"));
        reference.apply(lines.get(corruptAt));
        assertThat(sync.state()).isEqualTo(SyncState.STALE);

        // What the resubscribe brings: a snapshot of the book as it now stands, with that state's checksum.
        feed(reference.snapshotText(checksumOf(lines.get(corruptAt))));
        for (int i = corruptAt + 1; i < lines.size(); i++)
        {
            feed(lines.get(i));
            reference.apply(lines.get(i));
        }

        assertThat(sync.state()).isEqualTo(SyncState.LIVE);
        assertThat(sync.counters().checksumMismatches()).isEqualTo(1);
        assertThat(sync.counters().checksumsVerified()).isEqualTo(lines.size() + 1);
        assertThat(book(sync.book().bids())).isEqualTo(reference.mantissas(reference.bids));
        assertThat(book(sync.book().asks())).isEqualTo(reference.mantissas(reference.asks));
    }

    private void feed(final String line)
    {
        final byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        final int length = decoder.decode(new UnsafeBuffer(bytes), 0, bytes.length, out, 0, out.capacity(), 1L);
        assertThat(length).as(line).isPositive();
        final BookEvent event = new BookEvent();
        for (int at = 0; at < length; at += event.length())
        {
            event.wrap(out, at);
            sync.onEvent(out, at);
        }
    }

    private static long checksumOf(final String line)
    {
        final Matcher matcher = CHECKSUM.matcher(line);
        assertThat(matcher.find()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** A side best first as (price, quantity) mantissas. */
    private static List<Map.Entry<Long, Long>> book(final BookSide side)
    {
        final List<Map.Entry<Long, Long>> levels = new ArrayList<>();
        for (int level = 0; level < side.depth(); level++)
        {
            levels.add(Map.entry(side.priceAt(level), side.quantityAt(level)));
        }
        return levels;
    }

    /** The naive book: decimal text to BigDecimal, applied in order, truncated to the depth after every message. */
    private static final class Reference
    {
        final NavigableMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
        final NavigableMap<BigDecimal, BigDecimal> asks = new TreeMap<>();

        void apply(final String line)
        {
            if (line.contains("\"type\":\"snapshot\""))
            {
                bids.clear();
                asks.clear();
            }
            final Matcher side = SIDE.matcher(line);
            while (side.find())
            {
                final NavigableMap<BigDecimal, BigDecimal> levels = side.group(1).equals("bids") ? bids : asks;
                final Matcher level = LEVEL.matcher(side.group(2));
                while (level.find())
                {
                    final BigDecimal price = new BigDecimal(level.group(1));
                    final BigDecimal qty = new BigDecimal(level.group(2));
                    if (qty.signum() == 0)
                    {
                        levels.remove(price);
                    }
                    else
                    {
                        levels.put(price, qty);
                    }
                }
            }
            truncate(bids);
            truncate(asks);
        }

        private static void truncate(final NavigableMap<BigDecimal, BigDecimal> levels)
        {
            while (levels.size() > DEPTH)
            {
                levels.pollLastEntry();
            }
        }

        /** Best first, as {@link #book} lists the real one. */
        List<Map.Entry<Long, Long>> mantissas(final NavigableMap<BigDecimal, BigDecimal> levels)
        {
            final List<Map.Entry<Long, Long>> result = new ArrayList<>();
            levels.forEach((price, qty) -> result.add(Map.entry(
                price.movePointRight(BTC_USD.priceScale()).longValueExact(),
                qty.movePointRight(BTC_USD.qtyScale()).longValueExact())));
            return result;
        }

        String snapshotText(final long checksum)
        {
            return "{\"channel\":\"book\",\"type\":\"snapshot\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":" +
                levelsText(bids) + ",\"asks\":" + levelsText(asks) + ",\"checksum\":" + checksum + "}]}";
        }

        private static String levelsText(final NavigableMap<BigDecimal, BigDecimal> levels)
        {
            final StringBuilder text = new StringBuilder("[");
            levels.forEach((price, qty) -> text.append(text.length() == 1 ? "" : ",")
                .append("{\"price\":").append(price.toPlainString())
                .append(",\"qty\":").append(qty.toPlainString()).append('}'));
            return text.append(']').toString();
        }
    }

    private static final class Recorder implements SyncListener
    {
        final List<String> transitions = new ArrayList<>();
        final List<SyncReason> snapshotRequests = new ArrayList<>();
        final List<Integer> snapshotRequestIds = new ArrayList<>();

        public void onStateChange(
            final int instrumentId, final SyncState from, final SyncState to, final SyncReason reason)
        {
            transitions.add(to + " " + reason);
        }

        public void onSnapshotRequest(final int instrumentId, final SyncReason reason)
        {
            snapshotRequests.add(reason);
            snapshotRequestIds.add(instrumentId);
        }

        public void onBookUpdated(final OrderBook book, final BookEvent event)
        {
        }
    }
}
