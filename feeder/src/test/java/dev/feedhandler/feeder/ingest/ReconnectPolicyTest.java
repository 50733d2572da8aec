package dev.feedhandler.feeder.ingest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReconnectPolicyTest
{
    private static final long SEED = Long.getLong("reconnect.seed", 20261121L);

    private static ReconnectPolicy policy(final double jitter)
    {
        return new ReconnectPolicy(
            Duration.ofMillis(100), Duration.ofSeconds(10), jitter, Duration.ZERO, Duration.ZERO);
    }

    @Test
    void shouldDoubleFromInitialUntilCapWithoutJitter()
    {
        final ReconnectPolicy policy = policy(0.0);
        final SplittableRandom random = new SplittableRandom(SEED);
        final long[] expectedMs = { 100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000 };
        for (int attempt = 0; attempt < expectedMs.length; attempt++)
        {
            assertThat(policy.backoff(attempt, random)).as("attempt %d", attempt)
                .isEqualTo(Duration.ofMillis(expectedMs[attempt]));
        }
    }

    @Test
    void shouldStayCappedForHugeAttemptNumbers()
    {
        final ReconnectPolicy policy = policy(0.0);
        final SplittableRandom random = new SplittableRandom(SEED);
        for (final int attempt : new int[]{ 30, 62, 63, 64, 1000, Integer.MAX_VALUE })
        {
            assertThat(policy.backoff(attempt, random)).as("attempt %d", attempt).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void shouldKeepJitteredBackoffWithinBoundsAndSpreadIt()
    {
        final double jitter = 0.5;
        final ReconnectPolicy policy = policy(jitter);
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int attempt = 0; attempt < 12; attempt++)
        {
            final long cappedNs = policy.cappedBackoffNanos(attempt);
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < 2_000; i++)
            {
                final long ns = policy.backoffNanos(attempt, random);
                assertThat(ns).as("seed %d attempt %d", SEED, attempt)
                    .isBetween((long)(cappedNs * (1 - jitter)), cappedNs);
                min = Math.min(min, ns);
                max = Math.max(max, ns);
            }
            assertThat(max - min).as("spread at attempt %d (seed %d)", attempt, SEED)
                .isGreaterThan((long)(cappedNs * jitter * 0.9));
        }
    }

    @Test
    void shouldBeDeterministicForSameSeed()
    {
        final ReconnectPolicy policy = policy(1.0);
        final SplittableRandom a = new SplittableRandom(SEED);
        final SplittableRandom b = new SplittableRandom(SEED);
        for (int attempt = 0; attempt < 50; attempt++)
        {
            assertThat(policy.backoff(attempt % 10, a)).isEqualTo(policy.backoff(attempt % 10, b));
        }
    }

    @Test
    void shouldDescribeBinanceLimits()
    {
        final ReconnectPolicy binance = ReconnectPolicy.binanceDefaults();
        assertThat(binance.plannedLifetime()).isLessThan(Duration.ofHours(24));
        assertThat(binance.plannedLifetime().plus(binance.rotationOverlap())).isLessThan(Duration.ofHours(24));
        // 300 connection attempts per 5 minutes per IP: even fully jittered, one socket never retries faster.
        assertThat(binance.initialBackoff().toNanos() * (1 - binance.jitter()))
            .isGreaterThanOrEqualTo(Duration.ofMinutes(5).toNanos() / 300.0 / 2);
    }

    @Test
    void shouldRejectInvalidSettings()
    {
        assertThatThrownBy(() -> new ReconnectPolicy(
            Duration.ZERO, Duration.ofSeconds(1), 0, Duration.ZERO, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialBackoff");
        assertThatThrownBy(() -> new ReconnectPolicy(
            Duration.ofSeconds(2), Duration.ofSeconds(1), 0, Duration.ZERO, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> new ReconnectPolicy(
            Duration.ofSeconds(1), Duration.ofSeconds(1), 1.5, Duration.ZERO, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
        assertThatThrownBy(() -> new ReconnectPolicy(
            Duration.ofSeconds(1), Duration.ofSeconds(1), Double.NaN, Duration.ZERO, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
        assertThatThrownBy(() -> new ReconnectPolicy(
            Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ofSeconds(5), Duration.ofSeconds(5)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rotationOverlap");
        assertThatThrownBy(() -> policy(0).backoff(-1, new SplittableRandom(SEED)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempt");
    }
}
