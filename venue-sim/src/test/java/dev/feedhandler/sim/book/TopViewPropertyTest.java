package dev.feedhandler.sim.book;

import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that applies what {@link TopView#advance} lists holds exactly the top N of the book after every event: with
 * pushed-out levels deleted (Bybit, OKX), and with them left out and the client truncating (Kraken).
 */
class TopViewPropertyTest
{
    @Test
    void clientsOfTheWindowHoldTheTopOfTheBook()
    {
        PropertyCheck.forAll("top view deltas rebuild the top N", 30, random ->
        {
            final int levels = 5 + random.nextInt(60);
            final int window = 1 + random.nextInt(levels + 10);
            final boolean deletePushedOut = random.nextBoolean();
            final BookWalk walk = new BookWalk(levels, 1_000_000, 4, new SplittableRandom(random.nextLong()));
            final SimBook book = new SimBook(levels * 2);
            walk.initialise(book);
            final TopView view = new TopView(window);
            view.reset(book);
            final TreeMap<Long, Long> bids = new TreeMap<>();
            final TreeMap<Long, Long> asks = new TreeMap<>();
            for (int i = 0; i < view.levels(Side.BID); i++)
            {
                bids.put(view.price(Side.BID, i), view.quantity(Side.BID, i));
            }
            for (int i = 0; i < view.levels(Side.ASK); i++)
            {
                asks.put(view.price(Side.ASK, i), view.quantity(Side.ASK, i));
            }
            final WindowDelta delta = new WindowDelta();
            for (int event = 0; event < 300; event++)
            {
                for (int u = 0, n = 1 + random.nextInt(4); u < n; u++)
                {
                    walk.next(book);
                    book.set(walk.side(), walk.price(), walk.quantity());
                }
                view.advance(book, deletePushedOut, delta);
                apply(bids, delta.bids());
                apply(asks, delta.asks());
                if (!deletePushedOut)
                {
                    while (bids.size() > window)
                    {
                        bids.pollFirstEntry();
                    }
                    while (asks.size() > window)
                    {
                        asks.pollLastEntry();
                    }
                }
                assertSame(bids, book.bids(), window);
                assertSame(asks, book.asks(), window);
            }
        });
    }

    private static void apply(final TreeMap<Long, Long> side, final LevelList levels)
    {
        for (int i = 0; i < levels.size(); i++)
        {
            if (levels.quantity(i) == 0)
            {
                side.remove(levels.price(i));
            }
            else
            {
                side.put(levels.price(i), levels.quantity(i));
            }
        }
    }

    private static void assertSame(final TreeMap<Long, Long> client, final PriceLevels book, final int window)
    {
        final int expected = Math.min(window, book.size());
        assertThat(client).hasSize(expected);
        for (int rank = 0; rank < expected; rank++)
        {
            assertThat(client.get(book.priceAt(rank))).as("rank %d", rank).isEqualTo(book.quantityAt(rank));
        }
    }
}
