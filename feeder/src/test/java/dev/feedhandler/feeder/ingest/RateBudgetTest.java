package dev.feedhandler.feeder.ingest;

import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateBudgetTest
{
    private static final long MINUTE_NS = TimeUnit.MINUTES.toNanos(1);
    private static final long SEED = Long.getLong("budget.seed", 42L);
    private static final int SCALE = Integer.getInteger("property.scale", 1);

    private final CachedNanoClock clock = new CachedNanoClock();

    @Test
    void shouldStartWithHalfTheMinuteAsBurst()
    {
        final RateBudget budget = new RateBudget(6000, clock);

        assertThat(budget.burstWeight()).isEqualTo(3000);
        assertThat(budget.availableWeight()).isEqualTo(3000);
        for (int i = 0; i < 12; i++)
        {
            assertThat(budget.tryAcquire(250)).as("request %d", i).isTrue();
        }
        assertThat(budget.tryAcquire(250)).isFalse();
        assertThat(budget.availableWeight()).isZero();
    }

    @Test
    void shouldRefillLinearlyAndSayWhenWeightIsAvailable()
    {
        final RateBudget budget = new RateBudget(6000, clock);
        assertThat(budget.tryAcquire(3000)).isTrue();

        // Refill is 3000 per minute: 250 takes 5 s.
        assertThat(budget.nanosUntilAvailable(250)).isEqualTo(TimeUnit.SECONDS.toNanos(5));
        clock.advance(TimeUnit.SECONDS.toNanos(5) - 1);
        assertThat(budget.tryAcquire(250)).isFalse();
        assertThat(budget.nanosUntilAvailable(250)).isEqualTo(1);
        clock.advance(1);
        assertThat(budget.nanosUntilAvailable(250)).isZero();
        assertThat(budget.tryAcquire(250)).isTrue();
        assertThat(budget.tryAcquire(1)).isFalse();
    }

    @Test
    void shouldNeverHoldMoreThanBurst()
    {
        final RateBudget budget = new RateBudget(6000, 1000, clock);
        clock.advance(TimeUnit.HOURS.toNanos(5));

        assertThat(budget.availableWeight()).isEqualTo(1000);
        assertThat(budget.tryAcquire(1000)).isTrue();
        assertThat(budget.tryAcquire(1)).isFalse();
    }

    @Test
    void shouldIgnoreClockGoingBackwards()
    {
        final RateBudget budget = new RateBudget(600, clock);
        assertThat(budget.tryAcquire(300)).isTrue();
        clock.update(-MINUTE_NS);

        assertThat(budget.availableWeight()).isZero();
        assertThat(budget.tryAcquire(1)).isFalse();
    }

    @Test
    void shouldNeverSpendMoreThanTheLimitInAnyMinute()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final long limit = 6000;
        final RateBudget budget = new RateBudget(limit, clock);
        final ArrayDeque<long[]> window = new ArrayDeque<>(); // {timeNs, weight} spent in the last minute
        long spentInWindow = 0;
        long totalSpent = 0;
        final int steps = 200_000 * SCALE;
        for (int i = 0; i < steps; i++)
        {
            clock.advance(random.nextLong(0, TimeUnit.MILLISECONDS.toNanos(200)));
            final long weight = new long[]{ 1, 5, 25, 50, 250 }[random.nextInt(5)];
            final long now = clock.nanoTime();
            while (!window.isEmpty() && now - window.peekFirst()[0] >= MINUTE_NS)
            {
                spentInWindow -= window.pollFirst()[1];
            }
            if (budget.tryAcquire(weight))
            {
                window.addLast(new long[]{ now, weight });
                spentInWindow += weight;
                totalSpent += weight;
                assertThat(spentInWindow).as("seed %d step %d", SEED, i).isLessThanOrEqualTo(limit);
            }
        }
        // And it does let the steady rate through: ~3000 per minute after the first burst.
        final double minutes = clock.nanoTime() / (double)MINUTE_NS;
        assertThat(totalSpent).isGreaterThan((long)(minutes * 3000 * 0.95));
    }

    @Test
    void shouldRejectWeightsItCanNeverGrantAndBadLimits()
    {
        final RateBudget budget = new RateBudget(6000, clock);
        assertThatThrownBy(() -> budget.tryAcquire(3001)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("burstWeight");
        assertThatThrownBy(() -> budget.nanosUntilAvailable(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateBudget(1, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateBudget(6000, 6000, clock)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("burstWeight");
        assertThatThrownBy(() -> new RateBudget(RateBudget.MAX_WEIGHT_PER_MINUTE + 1, clock))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
