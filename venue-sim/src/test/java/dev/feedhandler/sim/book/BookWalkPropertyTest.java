package dev.feedhandler.sim.book;

import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The random walk keeps a sane book: never crossed, never an empty side, depth near the target, and the mid moves.
 */
class BookWalkPropertyTest
{
    @Test
    void shouldNeverCrossOrEmptyASideAndKeepDepthNearTarget()
    {
        PropertyCheck.forAll("book walk invariants", 20, random ->
        {
            final int levels = new int[] {1, 2, 5, 50, 200}[random.nextInt(5)];
            final long mid = 4L * levels + 17 + random.nextInt(1_000_000);
            final BookWalk walk = new BookWalk(levels, mid, random.nextInt(9), new SplittableRandom(random.nextLong()));
            final SimBook book = new SimBook(levels);
            walk.initialise(book);
            book.validate();
            assertThat(book.bids().size()).isEqualTo(levels);
            assertThat(book.asks().size()).isEqualTo(levels);
            final int maxLevels = levels + levels / 4 + 2;
            long lowestBid = Long.MAX_VALUE;
            long highestBid = Long.MIN_VALUE;
            for (int step = 0; step < 20_000; step++)
            {
                walk.next(book);
                final long previous = book.side(walk.side()).quantityOf(walk.price());
                assertThat(walk.quantity()).as("a change changes something").isNotEqualTo(previous);
                book.set(walk.side(), walk.price(), walk.quantity());
                book.validate();
                assertThat(book.bids().size()).isBetween(1, maxLevels);
                assertThat(book.asks().size()).isBetween(1, maxLevels);
                lowestBid = Math.min(lowestBid, book.bids().best());
                highestBid = Math.max(highestBid, book.bids().best());
            }
            assertThat(highestBid - lowestBid).as("the touch moves").isGreaterThan(2);
            if (levels >= 50)
            {
                assertThat(book.bids().size()).as("depth stays near the target").isGreaterThan(levels / 2);
            }
        });
    }

    @Test
    void shouldProduceTheSameChangesForTheSameSeed()
    {
        final SimBook first = new SimBook(8);
        final SimBook second = new SimBook(8);
        final BookWalk a = new BookWalk(20, 100_000, 8, new SplittableRandom(99));
        final BookWalk b = new BookWalk(20, 100_000, 8, new SplittableRandom(99));
        a.initialise(first);
        b.initialise(second);
        for (int i = 0; i < 5000; i++)
        {
            a.next(first);
            b.next(second);
            assertThat(b.side()).isEqualTo(a.side());
            assertThat(b.price()).isEqualTo(a.price());
            assertThat(b.quantity()).isEqualTo(a.quantity());
            first.set(a.side(), a.price(), a.quantity());
            second.set(b.side(), b.price(), b.quantity());
        }
        assertThat(BookSnapshot.of(second, 1000)).isEqualTo(BookSnapshot.of(first, 1000));
    }
}
