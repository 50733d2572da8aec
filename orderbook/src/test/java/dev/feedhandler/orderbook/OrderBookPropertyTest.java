package dev.feedhandler.orderbook;

import dev.feedhandler.orderbook.testing.PropertyCheck;
import dev.feedhandler.orderbook.testing.ReferenceSide;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OrderBook} against two {@link ReferenceSide}s: contents, crossing and the trusted depth after a snapshot.
 */
class OrderBookPropertyTest
{
    @Test
    void shouldMatchReferenceOnBothSidesAndReportCrossedExactlyWhenBestBidIsAtOrAboveBestAsk()
    {
        PropertyCheck.forAll("crossed iff best bid >= best ask", 300, random ->
        {
            final OrderBook book = new OrderBook(3, 1 + random.nextInt(8), 1_000);
            final ReferenceSide bids = new ReferenceSide(true);
            final ReferenceSide asks = new ReferenceSide(false);
            int crossedSteps = 0;
            for (int step = 0; step < 300; step++)
            {
                if (random.nextInt(200) == 0)
                {
                    book.clear();
                    bids.clear();
                    asks.clear();
                }
                else
                {
                    // Both sides draw from the same few prices, so the book crosses, touches and uncrosses often.
                    final boolean isBid = random.nextBoolean();
                    final long price = 100 + random.nextInt(20);
                    final long quantity = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(50);
                    assertThat(book.set(isBid, price, quantity)).isTrue();
                    (isBid ? bids : asks).set(price, quantity);
                }

                bids.assertMatches(book.bids(), random);
                asks.assertMatches(book.asks(), random);
                final boolean crossed = !bids.isEmpty() && !asks.isEmpty() && bids.bestPrice() >= asks.bestPrice();
                assertThat(book.isCrossed()).as("isCrossed with %s and %s", bids, asks).isEqualTo(crossed);
                crossedSteps += crossed ? 1 : 0;
            }
            assertThat(crossedSteps).as("crossed books exercised").isPositive();
        });
    }

    @Test
    void shouldTrustExactlyTheLevelsAtOrBetterThanTheSnapshotsWorstLevel()
    {
        PropertyCheck.forAll("trusted depth after a snapshot boundary", 300, random ->
        {
            final OrderBook book = new OrderBook(9, 1 + random.nextInt(8), 10_000);
            final ReferenceSide bids = new ReferenceSide(true);
            final ReferenceSide asks = new ReferenceSide(false);
            Long bidBoundary = null;
            Long askBoundary = null;
            for (int step = 0; step < 300; step++)
            {
                final int roll = random.nextInt(100);
                if (roll < 3)
                {
                    // A new snapshot: load levels around the mid and mark its edges.
                    book.clear();
                    bids.clear();
                    asks.clear();
                    loadSnapshot(random, book, bids, asks);
                    book.markSnapshotBoundary();
                    bidBoundary = bids.isEmpty() ? null : bids.worstPrice();
                    askBoundary = asks.isEmpty() ? null : asks.worstPrice();
                }
                else if (roll < 4)
                {
                    book.clear();
                    bids.clear();
                    asks.clear();
                    bidBoundary = null;
                    askBoundary = null;
                }
                else
                {
                    // Diffs anywhere: better than the boundary, at it, and deeper than it.
                    final boolean isBid = random.nextBoolean();
                    final long price = isBid ? 1_000 - random.nextInt(60) : 1_001 + random.nextInt(60);
                    final long quantity = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(50);
                    assertThat(book.set(isBid, price, quantity)).isTrue();
                    (isBid ? bids : asks).set(price, quantity);
                }

                bids.assertMatches(book.bids());
                asks.assertMatches(book.asks());
                assertThat(book.trustedBidDepth()).as("trusted bids with boundary %s in %s", bidBoundary, bids)
                    .isEqualTo(bidBoundary == null ? bids.depth() : bids.depthAtOrBetter(bidBoundary));
                assertThat(book.trustedAskDepth()).as("trusted asks with boundary %s in %s", askBoundary, asks)
                    .isEqualTo(askBoundary == null ? asks.depth() : asks.depthAtOrBetter(askBoundary));
            }
        });
    }

    @Test
    void shouldKeepTrustingOnlyTheSnapshotRangeAfterDeeperLevelsAreInserted()
    {
        final OrderBook book = new OrderBook(1, 4, 100);
        book.set(true, 100, 1);
        book.set(true, 99, 1);
        book.set(true, 98, 1);
        book.set(false, 101, 1);
        book.set(false, 102, 1);
        book.markSnapshotBoundary();

        book.set(true, 97, 1);
        book.set(true, 90, 1);
        book.set(true, 100, 0);
        book.set(false, 103, 1);
        book.set(false, 100, 1);

        assertThat(book.bids().depth()).isEqualTo(4);
        assertThat(book.trustedBidDepth()).as("99 and 98").isEqualTo(2);
        assertThat(book.asks().depth()).isEqualTo(4);
        assertThat(book.trustedAskDepth()).as("100, 101 and 102").isEqualTo(3);
    }

    @Test
    void shouldKeepTheBoundaryPriceWhenTheWorstSnapshotLevelIsDeleted()
    {
        final OrderBook book = new OrderBook(1, 4, 100);
        book.set(true, 100, 1);
        book.set(true, 98, 1);
        book.markSnapshotBoundary();

        book.set(true, 98, 0);
        book.set(true, 99, 1);
        book.set(true, 97, 1);

        assertThat(book.trustedBidDepth()).as("100 and 99 are above the boundary 98; 97 is below").isEqualTo(2);
    }

    @Test
    void shouldTrustEveryLevelWhenNoSnapshotBoundaryWasMarked()
    {
        final OrderBook book = new OrderBook(1, 4, 100);
        book.set(true, 100, 1);
        book.set(true, 50, 1);
        book.set(false, 101, 1);

        assertThat(book.trustedBidDepth()).isEqualTo(2);
        assertThat(book.trustedAskDepth()).isEqualTo(1);
    }

    @Test
    void shouldTrustEveryLevelOfASideThatWasEmptyAtTheSnapshot()
    {
        final OrderBook book = new OrderBook(1, 4, 100);
        book.set(false, 101, 1);
        book.markSnapshotBoundary();

        book.set(true, 100, 1);
        book.set(true, 99, 1);

        assertThat(book.trustedBidDepth()).isEqualTo(2);
        assertThat(book.trustedAskDepth()).isEqualTo(1);
    }

    @Test
    void shouldForgetLevelsBoundaryAndLastUpdateIdOnClear()
    {
        final OrderBook book = new OrderBook(1, 4, 100);
        book.set(true, 100, 1);
        book.set(false, 101, 1);
        book.lastUpdateId(42);
        book.markSnapshotBoundary();

        book.clear();
        book.set(true, 90, 1);
        book.set(true, 80, 1);

        assertThat(book.lastUpdateId()).isZero();
        assertThat(book.asks().isEmpty()).isTrue();
        assertThat(book.trustedBidDepth()).as("no boundary after clear").isEqualTo(2);
    }

    @Test
    void shouldCountEqualBestPricesAsCrossed()
    {
        final OrderBook book = new OrderBook(1, 4, 100);
        book.set(true, 100, 1);
        book.set(false, 101, 1);
        assertThat(book.isCrossed()).isFalse();

        book.set(true, 101, 1);
        assertThat(book.isCrossed()).isTrue();

        book.set(true, 101, 0);
        book.set(false, 99, 1);
        assertThat(book.isCrossed()).isTrue();
    }

    @Test
    void shouldNotBeCrossedWithAnEmptySide()
    {
        final OrderBook book = new OrderBook(1, 4, 100);
        book.set(true, 100, 1);
        assertThat(book.isCrossed()).isFalse();

        book.clear();
        book.set(false, 0, 1);
        assertThat(book.isCrossed()).isFalse();
    }

    @Test
    void shouldRouteSetToTheNamedSideAndRefuseNewLevelsBeyondMaxLevels()
    {
        final OrderBook book = new OrderBook(77, 1, 2);
        assertThat(book.instrumentId()).isEqualTo(77);
        assertThat(book.set(true, 10, 1)).isTrue();
        assertThat(book.set(true, 9, 1)).isTrue();
        assertThat(book.set(false, 11, 5)).isTrue();

        assertThat(book.set(true, 8, 1)).isFalse();
        assertThat(book.set(true, 9, 3)).isTrue();

        assertThat(book.bids().depth()).isEqualTo(2);
        assertThat(book.bids().quantityAtPrice(9)).isEqualTo(3);
        assertThat(book.asks().depth()).isEqualTo(1);
        assertThat(book.asks().bestQuantity()).isEqualTo(5);
    }

    private static void loadSnapshot(
        final SplittableRandom random, final OrderBook book, final ReferenceSide bids, final ReferenceSide asks)
    {
        final int bidLevels = random.nextInt(4) == 0 ? 0 : random.nextInt(30);
        final int askLevels = random.nextInt(4) == 0 ? 0 : random.nextInt(30);
        for (int i = 0; i < bidLevels; i++)
        {
            final long price = 1_000 - random.nextInt(40);
            final long quantity = 1 + random.nextInt(50);
            book.set(true, price, quantity);
            bids.set(price, quantity);
        }
        for (int i = 0; i < askLevels; i++)
        {
            final long price = 1_001 + random.nextInt(40);
            final long quantity = 1 + random.nextInt(50);
            book.set(false, price, quantity);
            asks.set(price, quantity);
        }
    }
}
