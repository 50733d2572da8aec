package dev.feedhandler.orderbook;

import dev.feedhandler.orderbook.testing.PropertyCheck;
import dev.feedhandler.orderbook.testing.ReferenceSide;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static dev.feedhandler.orderbook.testing.ReferenceSide.nonNegativeSum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link BookSide} against a {@link ReferenceSide} under seeded random sets, deletes and clears, compared level by
 * level after every step.
 */
class BookSidePropertyTest
{
    private static final long MID = 1_000_000_000L;

    /** Where the prices of new levels come from. */
    enum Prices
    {
        /** A handful of ticks (and the extremes 0 and Long.MAX_VALUE): constant collisions, updates and deletes. */
        NARROW,
        /** Within a few ticks of the best price, better or worse: inserts and lookups in the linearly probed top. */
        NEAR_TOP,
        /** Uniform over a wide range: lookups fall through to the binary search. */
        DEEP,
        /** A quarter near the top, the rest deep. */
        MIXED
    }

    /** Chances (out of 100) of each step; the rest inserts or updates. */
    record Mix(int updateExisting, int deleteExisting, int deleteAbsent, int clearPerMille)
    {
    }

    private static final Mix BALANCED = new Mix(25, 25, 10, 2);
    private static final Mix GROWING = new Mix(5, 3, 2, 0);

    @Test
    void shouldMatchReferenceOnSmallBooks()
    {
        PropertyCheck.forAll("small books", 300, random ->
            runAgainstReference(random, random.nextBoolean(), 1 + random.nextInt(4), 1_000, 200, Prices.NARROW, BALANCED));
    }

    @Test
    void shouldMatchReferenceWhenUpdatesConcentrateNearTheTop()
    {
        PropertyCheck.forAll("near-top updates", 60, random ->
            runAgainstReference(random, random.nextBoolean(), 2, 1_000, 1_500, Prices.NEAR_TOP, BALANCED));
    }

    @Test
    void shouldMatchReferenceWhenUpdatesSpreadDeep()
    {
        PropertyCheck.forAll("deep updates", 60, random ->
            runAgainstReference(random, random.nextBoolean(), 2, 5_000, 1_500, Prices.DEEP, BALANCED));
    }

    @Test
    void shouldMatchReferenceWhileGrowingToFiveThousandLevelsFromCapacityOne()
    {
        PropertyCheck.forAll("growth to 5,000+ levels", 1, random ->
        {
            for (final boolean isBid : new boolean[]{ true, false })
            {
                final BookSide side = runAgainstReference(random, isBid, 1, 20_000, 9_000, Prices.MIXED, GROWING);
                assertThat(side.depth()).as("depth reached").isGreaterThan(5_000);
            }
        });
    }

    @Test
    void shouldRefuseOnlyNewLevelsWhenFullAndLeaveTheSideUnchanged()
    {
        PropertyCheck.forAll("maxLevels refusal", 300, random ->
        {
            final boolean isBid = random.nextBoolean();
            final int maxLevels = 1 + random.nextInt(40);
            final BookSide side = new BookSide(isBid, 1 + random.nextInt(maxLevels), maxLevels);
            final ReferenceSide reference = new ReferenceSide(isBid);
            final int fillSteps = 4 * maxLevels + 20;
            int refusals = 0;
            // Full first, so a refusal is exercised in every iteration (random prices alone sometimes never filled
            // the side while a new price came: seed 6515236957665284966).
            for (int level = 0; level < maxLevels; level++)
            {
                final long quantity = 1 + random.nextInt(1_000);
                assertThat(side.set(100 + level, quantity)).as("filling level %d of %d", level, maxLevels).isTrue();
                reference.set(100 + level, quantity);
            }
            assertThat(side.set(100 + maxLevels, 1)).as("a new price on a full side").isFalse();
            refusals++;
            reference.assertMatches(side, random);
            for (int step = 0; step < fillSteps + 400; step++)
            {
                // A few more prices than levels: after filling up, most new prices are refused.
                final long price = 100 + random.nextInt(maxLevels + 4);
                final long quantity = step > fillSteps && random.nextInt(6) == 0 ? 0 : 1 + random.nextInt(1_000);
                final boolean refused = reference.depth() == maxLevels && !reference.contains(price) && quantity != 0;

                assertThat(side.set(price, quantity)).as("set(%d, %d) on %s", price, quantity, reference)
                    .isEqualTo(!refused);

                if (refused)
                {
                    refusals++;
                }
                else
                {
                    reference.set(price, quantity);
                }
                reference.assertMatches(side, random);
            }
            assertThat(refusals).as("refusals exercised").isPositive();
        });
    }

    @Test
    void shouldRefuseANewLevelWhenTheSideHoldsMaxLevels()
    {
        final BookSide asks = new BookSide(false, 1, 3);
        assertThat(asks.set(101, 1)).isTrue();
        assertThat(asks.set(102, 2)).isTrue();
        assertThat(asks.set(103, 3)).isTrue();

        assertThat(asks.set(100, 9)).isFalse();
        assertThat(asks.set(104, 9)).isFalse();

        assertThat(asks.depth()).isEqualTo(3);
        assertThat(asks.bestPrice()).isEqualTo(101);
        assertThat(asks.priceAt(2)).isEqualTo(103);
        assertThat(asks.quantityAtPrice(100)).isZero();
    }

    @Test
    void shouldAcceptUpdatesAndDeletesWhenTheSideHoldsMaxLevels()
    {
        final BookSide bids = new BookSide(true, 2, 2);
        bids.set(100, 1);
        bids.set(99, 2);

        assertThat(bids.set(100, 5)).isTrue();
        assertThat(bids.set(98, 0)).as("delete of an absent level").isTrue();
        assertThat(bids.set(99, 0)).isTrue();
        assertThat(bids.set(97, 7)).as("room again after a delete").isTrue();

        assertThat(bids.depth()).isEqualTo(2);
        assertThat(bids.priceAt(0)).isEqualTo(100);
        assertThat(bids.quantityAt(0)).isEqualTo(5);
        assertThat(bids.priceAt(1)).isEqualTo(97);
        assertThat(bids.quantityAt(1)).isEqualTo(7);
    }

    @Test
    void shouldOrderBidsHighestFirstAndAsksLowestFirst()
    {
        final BookSide bids = new BookSide(true, 4, 16);
        final BookSide asks = new BookSide(false, 4, 16);
        for (final long price : new long[]{ 102, 100, 104, 101 })
        {
            bids.set(price, price * 10);
            asks.set(price, price * 10);
        }

        assertThat(new long[]{ bids.priceAt(0), bids.priceAt(1), bids.priceAt(2), bids.priceAt(3) })
            .containsExactly(104, 102, 101, 100);
        assertThat(new long[]{ asks.priceAt(0), asks.priceAt(1), asks.priceAt(2), asks.priceAt(3) })
            .containsExactly(100, 101, 102, 104);
        assertThat(bids.bestQuantity()).isEqualTo(1_040);
        assertThat(asks.bestQuantity()).isEqualTo(1_000);
    }

    @Test
    void shouldEmptyTheSideOnClearAndAcceptLevelsAgain()
    {
        final BookSide asks = new BookSide(false, 1, 2);
        asks.set(5, 1);
        asks.set(6, 1);

        asks.clear();

        assertThat(asks.isEmpty()).isTrue();
        assertThat(asks.depth()).isZero();
        assertThat(asks.quantityAtPrice(5)).isZero();
        assertThat(asks.set(7, 3)).isTrue();
        assertThat(asks.set(8, 3)).isTrue();
        assertThat(asks.bestPrice()).isEqualTo(7);
    }

    @Test
    void shouldRejectCapacitiesOutsideOneToMaxLevels()
    {
        assertThatThrownBy(() -> new BookSide(true, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BookSide(true, 11, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new BookSide(true, 10, 10).depth()).isZero();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Apply {@code steps} random operations to a new side and to a reference, asserting after every step that they
     * are identical.
     */
    static BookSide runAgainstReference(
        final SplittableRandom random,
        final boolean isBid,
        final int initialCapacity,
        final int maxLevels,
        final int steps,
        final Prices prices,
        final Mix mix)
    {
        final BookSide side = new BookSide(isBid, initialCapacity, maxLevels);
        final ReferenceSide reference = new ReferenceSide(isBid);
        for (int step = 0; step < steps; step++)
        {
            randomStep(random, reference, prices, mix, side);
            reference.assertMatches(side, random);
        }
        return side;
    }

    /** One random set, delete or clear applied to both. */
    static void randomStep(
        final SplittableRandom random,
        final ReferenceSide reference,
        final Prices prices,
        final Mix mix,
        final BookSide side)
    {
        if (random.nextInt(1_000) < mix.clearPerMille())
        {
            side.clear();
            reference.clear();
            return;
        }
        final int roll = random.nextInt(100);
        final long price;
        final long quantity;
        if (!reference.isEmpty() && roll < mix.updateExisting())
        {
            price = existingPrice(random, reference, prices);
            quantity = randomQuantity(random);
        }
        else if (!reference.isEmpty() && roll < mix.updateExisting() + mix.deleteExisting())
        {
            price = existingPrice(random, reference, prices);
            quantity = 0;
        }
        else if (roll < mix.updateExisting() + mix.deleteExisting() + mix.deleteAbsent())
        {
            price = newPrice(random, reference, prices);
            quantity = 0;
        }
        else
        {
            price = newPrice(random, reference, prices);
            quantity = randomQuantity(random);
        }
        final boolean accepted = side.set(price, quantity);
        if (!accepted)
        {
            throw new AssertionError("set(" + price + ", " + quantity + ") refused below maxLevels at depth " +
                reference.depth());
        }
        reference.set(price, quantity);
    }

    static long existingPrice(final SplittableRandom random, final ReferenceSide reference, final Prices prices)
    {
        if (prices == Prices.NEAR_TOP || (prices == Prices.MIXED && random.nextBoolean()))
        {
            return reference.priceAtLevel(random.nextInt(Math.min(reference.depth(), 2 * 8)));
        }
        return reference.existingPriceNear(newPrice(random, reference, prices));
    }

    static long newPrice(final SplittableRandom random, final ReferenceSide reference, final Prices prices)
    {
        switch (prices)
        {
            case NARROW:
            {
                final int pick = random.nextInt(24);
                return pick == 0 ? 0 : pick == 1 ? Long.MAX_VALUE : pick == 2 ? Long.MAX_VALUE - 1 : 100 + pick;
            }
            case NEAR_TOP:
                return nearTop(random, reference);
            case DEEP:
                return MID + random.nextLong(-1_000_000, 1_000_000);
            default:
                return random.nextInt(4) == 0 ? nearTop(random, reference) : MID + random.nextLong(-100_000, 100_000);
        }
    }

    /** A price a few ticks better or worse than the best (or the mid when empty). */
    private static long nearTop(final SplittableRandom random, final ReferenceSide reference)
    {
        final long best = reference.isEmpty() ? MID : reference.bestPrice();
        final long towardsBetter = random.nextInt(-14, 3);
        return nonNegativeSum(best, reference.isBid() ? towardsBetter : -towardsBetter);
    }

    static long randomQuantity(final SplittableRandom random)
    {
        switch (random.nextInt(4))
        {
            case 0:
                return 1 + random.nextInt(10);
            case 1:
                return 1 + (random.nextLong() & Long.MAX_VALUE - 1);
            default:
                return 1 + random.nextLong(100_000_000L);
        }
    }
}
