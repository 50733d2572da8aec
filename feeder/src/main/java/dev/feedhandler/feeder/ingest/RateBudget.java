package dev.feedhandler.feeder.ingest;

import org.agrona.concurrent.NanoClock;

import java.util.Objects;

/**
 * Token bucket of request weight that never lets any 60-second window spend more than {@code weightPerMinute}
 * (Binance: 6000 per minute per IP): the bucket holds at most {@code burstWeight} and refills at
 * {@code weightPerMinute - burstWeight} per minute, so burst plus one minute of refill is the limit. The default
 * burst is half the limit. It starts full.
 * <p>
 * Not thread-safe: one owner (the {@link SnapshotScheduler}'s event loop). Exact arithmetic: weights are counted in
 * units of 1/60e9, so refill is per nanosecond without rounding drift.
 */
public final class RateBudget
{
    /** Largest limit the unit arithmetic holds without overflow. */
    public static final long MAX_WEIGHT_PER_MINUTE = 100_000_000L;
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    private final long weightPerMinute;
    private final long burstWeight;
    private final long refillPerNanoUnits;
    private final long capacityUnits;
    private final NanoClock clock;
    private long tokensUnits;
    private long lastRefillNs;

    /** Burst = half of {@code weightPerMinute}. */
    public RateBudget(final long weightPerMinute, final NanoClock clock)
    {
        this(weightPerMinute, weightPerMinute / 2, clock);
    }

    /**
     * @param weightPerMinute the venue's limit for any 60 s window (2 .. {@link #MAX_WEIGHT_PER_MINUTE}).
     * @param burstWeight     what may be spent at once (1 .. weightPerMinute - 1); also the heaviest request.
     */
    public RateBudget(final long weightPerMinute, final long burstWeight, final NanoClock clock)
    {
        if (weightPerMinute < 2 || weightPerMinute > MAX_WEIGHT_PER_MINUTE)
        {
            throw new IllegalArgumentException(
                "weightPerMinute must be in [2, " + MAX_WEIGHT_PER_MINUTE + "]: " + weightPerMinute);
        }
        if (burstWeight < 1 || burstWeight >= weightPerMinute)
        {
            throw new IllegalArgumentException(
                "burstWeight must be in [1, weightPerMinute - 1 = " + (weightPerMinute - 1) + "]: " + burstWeight);
        }
        this.weightPerMinute = weightPerMinute;
        this.burstWeight = burstWeight;
        this.refillPerNanoUnits = weightPerMinute - burstWeight;
        this.capacityUnits = burstWeight * NANOS_PER_MINUTE;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tokensUnits = capacityUnits;
        this.lastRefillNs = clock.nanoTime();
    }

    public long weightPerMinute()
    {
        return weightPerMinute;
    }

    /** The most that can be spent at once, and so the heaviest single request. */
    public long burstWeight()
    {
        return burstWeight;
    }

    /** Takes {@code weight} if the bucket holds it. */
    public boolean tryAcquire(final long weight)
    {
        final long units = units(weight);
        refill();
        if (tokensUnits < units)
        {
            return false;
        }
        tokensUnits -= units;
        return true;
    }

    /** 0 if {@code weight} is available now, else how long until it will be (if nothing else is taken). */
    public long nanosUntilAvailable(final long weight)
    {
        final long units = units(weight);
        refill();
        final long missing = units - tokensUnits;
        return missing <= 0 ? 0 : (missing + refillPerNanoUnits - 1) / refillPerNanoUnits;
    }

    /** Whole weight available now. */
    public long availableWeight()
    {
        refill();
        return tokensUnits / NANOS_PER_MINUTE;
    }

    private long units(final long weight)
    {
        if (weight < 1 || weight > burstWeight)
        {
            throw new IllegalArgumentException("weight must be in [1, burstWeight = " + burstWeight + "]: " + weight);
        }
        return weight * NANOS_PER_MINUTE;
    }

    private void refill()
    {
        final long nowNs = clock.nanoTime();
        final long elapsedNs = nowNs - lastRefillNs;
        if (elapsedNs <= 0)
        {
            return;
        }
        lastRefillNs = nowNs;
        final long missing = capacityUnits - tokensUnits;
        if (elapsedNs >= (missing + refillPerNanoUnits - 1) / refillPerNanoUnits)
        {
            tokensUnits = capacityUnits;
        }
        else
        {
            tokensUnits += elapsedNs * refillPerNanoUnits;
        }
    }
}
