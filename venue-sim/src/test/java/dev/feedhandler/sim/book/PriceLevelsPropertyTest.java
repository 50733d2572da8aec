package dev.feedhandler.sim.book;

import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sorted-array side against a TreeMap, after every random set/delete.
 */
class PriceLevelsPropertyTest
{
    @Test
    void shouldMatchTreeMapAfterEveryOperation()
    {
        PropertyCheck.forAll("price levels vs TreeMap", 50, random ->
        {
            for (final Side side : Side.values())
            {
                final PriceLevels levels = new PriceLevels(side, 4);
                final Comparator<Long> order = side == Side.BID ? Comparator.reverseOrder() : Comparator.naturalOrder();
                final TreeMap<Long, Long> reference = new TreeMap<>(order);
                for (int step = 0; step < 400; step++)
                {
                    final long price = 1 + random.nextInt(60);
                    final long quantity = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(1000);
                    final Long before = reference.get(price);
                    final long previous = levels.set(price, quantity);
                    assertThat(previous).isEqualTo(before == null ? 0 : before);
                    if (quantity == 0)
                    {
                        reference.remove(price);
                    }
                    else
                    {
                        reference.put(price, quantity);
                    }
                    levels.validate();
                    assertSame(levels, reference);
                }
                final PriceLevels copy = new PriceLevels(side, 1);
                levels.copyTo(copy);
                assertSame(copy, reference);
            }
        });
    }

    @Test
    void shouldRankBidsHighToLowAndAsksLowToHigh()
    {
        final PriceLevels bids = new PriceLevels(Side.BID, 2);
        final PriceLevels asks = new PriceLevels(Side.ASK, 2);
        for (final long price : new long[] {5, 9, 7})
        {
            bids.set(price, price * 10);
            asks.set(price, price * 10);
        }
        assertThat(new long[] {bids.priceAt(0), bids.priceAt(1), bids.priceAt(2)}).containsExactly(9, 7, 5);
        assertThat(new long[] {asks.priceAt(0), asks.priceAt(1), asks.priceAt(2)}).containsExactly(5, 7, 9);
        assertThat(bids.best()).isEqualTo(9);
        assertThat(asks.best()).isEqualTo(5);
        assertThat(bids.quantityAt(0)).isEqualTo(90);
        assertThat(asks.quantityOf(8)).isZero();
        assertThat(asks.set(8, 0)).as("deleting an absent level").isZero();
        assertThat(asks.size()).isEqualTo(3);
    }

    private static void assertSame(final PriceLevels levels, final TreeMap<Long, Long> reference)
    {
        assertThat(levels.size()).isEqualTo(reference.size());
        int rank = 0;
        for (final Map.Entry<Long, Long> entry : reference.entrySet())
        {
            assertThat(levels.priceAt(rank)).isEqualTo(entry.getKey());
            assertThat(levels.quantityAt(rank)).isEqualTo(entry.getValue());
            assertThat(levels.quantityOf(entry.getKey())).isEqualTo(entry.getValue());
            rank++;
        }
    }
}
