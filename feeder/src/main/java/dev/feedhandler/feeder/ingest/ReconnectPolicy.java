package dev.feedhandler.feeder.ingest;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When {@link ReconnectingWebSocket} reconnects and rotates.
 *
 * @param initialBackoff  wait before the first reconnect attempt.
 * @param maxBackoff      cap of the exponential backoff; a session that stayed open this long resets it.
 * @param jitter          fraction (0..1) of the backoff that is randomly taken off, so that many clients that
 *                        lost their connections together do not come back together.
 * @param plannedLifetime open a replacement session this long after a session opened (Binance ends connections at
 *                        24 h); zero = never.
 * @param rotationOverlap how long the old and the new session both deliver before the old one is closed.
 */
public record ReconnectPolicy(
    Duration initialBackoff,
    Duration maxBackoff,
    double jitter,
    Duration plannedLifetime,
    Duration rotationOverlap)
{
    public ReconnectPolicy
    {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(plannedLifetime, "plannedLifetime");
        Objects.requireNonNull(rotationOverlap, "rotationOverlap");
        if (initialBackoff.isNegative() || initialBackoff.isZero())
        {
            throw new IllegalArgumentException("initialBackoff must be > 0: " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0)
        {
            throw new IllegalArgumentException(
                "maxBackoff must be >= initialBackoff: " + maxBackoff + " < " + initialBackoff);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0))
        {
            throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
        }
        if (plannedLifetime.isNegative())
        {
            throw new IllegalArgumentException("plannedLifetime must be >= 0: " + plannedLifetime);
        }
        if (rotationOverlap.isNegative())
        {
            throw new IllegalArgumentException("rotationOverlap must be >= 0: " + rotationOverlap);
        }
        if (!plannedLifetime.isZero() && rotationOverlap.compareTo(plannedLifetime) >= 0)
        {
            throw new IllegalArgumentException(
                "rotationOverlap must be < plannedLifetime: " + rotationOverlap + " >= " + plannedLifetime);
        }
    }

    /**
     * Binance: first retry after 1 s, doubling to 1 min (at most 300 connection attempts per 5 min per IP);
     * rotate at 23 h 45 min (connections end at 24 h) with 1 min of overlap.
     */
    public static ReconnectPolicy binanceDefaults()
    {
        return new ReconnectPolicy(
            Duration.ofSeconds(1),
            Duration.ofMinutes(1),
            0.5,
            Duration.ofHours(23).plusMinutes(45),
            Duration.ofMinutes(1));
    }

    /**
     * Wait before reconnect attempt {@code attempt} (0 for the first): {@code min(initial * 2^attempt, max)}, less
     * a random part of at most {@code jitter} of it. Pure: the same random state gives the same answer.
     */
    public Duration backoff(final int attempt, final RandomGenerator random)
    {
        return Duration.ofNanos(backoffNanos(attempt, random));
    }

    /** {@link #backoff} in nanoseconds. */
    public long backoffNanos(final int attempt, final RandomGenerator random)
    {
        final long capped = cappedBackoffNanos(attempt);
        return capped - (long)(capped * jitter * random.nextDouble());
    }

    /** The backoff before jitter: {@code min(initial * 2^attempt, max)}. */
    public long cappedBackoffNanos(final int attempt)
    {
        if (attempt < 0)
        {
            throw new IllegalArgumentException("attempt must be >= 0: " + attempt);
        }
        final long initialNs = initialBackoff.toNanos();
        final long maxNs = maxBackoff.toNanos();
        if (attempt >= Long.SIZE - 1 || initialNs > (maxNs >> attempt))
        {
            return maxNs;
        }
        return Math.min(maxNs, initialNs << attempt);
    }
}
