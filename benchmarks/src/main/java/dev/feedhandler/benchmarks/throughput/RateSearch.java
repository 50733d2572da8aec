package dev.feedhandler.benchmarks.throughput;

/**
 * Which offered rate to probe next, from the outcomes so far; pure logic, no clock and no I/O.
 * <p>
 * <b>Search</b>: from the start rate, double after every rate that held, up to the maximum; after the first failure,
 * bisect between the highest rate that held and the lowest that failed until they are within the precision (a
 * fraction of the rate that held, at least one granularity step). If the start rate fails, halve it until one holds
 * (or the rate would drop below one step), then bisect. The search also ends after {@code maxSearchProbes} probes.
 * <p>
 * <b>Confirm</b>: the highest rate that held is probed again for the full duration. If that fails, the next
 * confirmation is a fraction lower ({@code confirmBackoff}), at most {@code confirmAttempts} in all; the answer is
 * the first confirmed rate, or none.
 * <p>
 * Rates are rounded to the granularity. Call {@link #next()} for the probe to run, then {@link #onResult} with its
 * outcome; {@link #next()} returns null once the search is done.
 */
public final class RateSearch
{
    /** What a probe is for: a short search probe, or a full-length confirmation. */
    public enum Phase
    {
        SEARCH, CONFIRM
    }

    /** One probe to run. */
    public record Probe(Phase phase, int rate)
    {
    }

    private final int startRate;
    private final int maxRate;
    private final int granularity;
    private final double precision;
    private final int maxSearchProbes;
    private final int confirmAttempts;
    private final double confirmBackoff;

    private int highestHeld;
    private int lowestFailed = Integer.MAX_VALUE;
    private int searchProbes;
    private int confirmsRun;
    private int confirmed;
    private Probe pending;
    private boolean done;

    /**
     * @param startRate       first rate probed, msg/s.
     * @param maxRate         never probe above this.
     * @param granularity     rates are multiples of this (at least this).
     * @param precision       stop bisecting when the gap is at most this fraction of the rate that held.
     * @param maxSearchProbes search probes at most, before confirming.
     * @param confirmAttempts confirmations at most.
     * @param confirmBackoff  after a failed confirmation, try this fraction lower (0.1: 10% lower).
     */
    public RateSearch(final int startRate, final int maxRate, final int granularity, final double precision,
        final int maxSearchProbes, final int confirmAttempts, final double confirmBackoff)
    {
        if (granularity < 1 || startRate < granularity || maxRate < startRate)
        {
            throw new IllegalArgumentException("need 1 <= granularity <= startRate <= maxRate: " + granularity + ", " +
                startRate + ", " + maxRate);
        }
        if (!(precision > 0 && precision < 1) || !(confirmBackoff > 0 && confirmBackoff < 1))
        {
            throw new IllegalArgumentException("precision and confirmBackoff must be within (0, 1): " + precision +
                ", " + confirmBackoff);
        }
        if (maxSearchProbes < 1 || confirmAttempts < 1)
        {
            throw new IllegalArgumentException("need maxSearchProbes >= 1 and confirmAttempts >= 1: " +
                maxSearchProbes + ", " + confirmAttempts);
        }
        this.startRate = round(startRate, granularity);
        this.maxRate = maxRate;
        this.granularity = granularity;
        this.precision = precision;
        this.maxSearchProbes = maxSearchProbes;
        this.confirmAttempts = confirmAttempts;
        this.confirmBackoff = confirmBackoff;
    }

    /** The probe to run next (the same one until its result is given), or null when the search is over. */
    public Probe next()
    {
        if (pending == null && !done)
        {
            pending = decide();
            done = pending == null;
        }
        return pending;
    }

    /** The outcome of the probe {@link #next()} gave. */
    public void onResult(final Probe probe, final boolean held)
    {
        if (probe == null || !probe.equals(pending))
        {
            throw new IllegalStateException("not the pending probe: " + probe + " (pending " + pending + ")");
        }
        pending = null;
        if (probe.phase() == Phase.SEARCH)
        {
            searchProbes++;
            onRate(probe.rate(), held);
        }
        else
        {
            confirmsRun++;
            if (held)
            {
                confirmed = probe.rate();
                done = true;
            }
            else
            {
                lowestFailed = Math.min(lowestFailed, probe.rate());
                highestHeld = Math.min(highestHeld, lowerConfirmation(probe.rate()));
            }
        }
    }

    /** The rate the confirmation held, or 0 if none did (yet). */
    public int confirmedRate()
    {
        return confirmed;
    }

    /** The highest rate a search probe held (lowered by failed confirmations), 0 if none. */
    public int highestHeld()
    {
        return highestHeld;
    }

    /** The lowest rate that failed, or {@code Integer.MAX_VALUE} if none. */
    public int lowestFailed()
    {
        return lowestFailed;
    }

    private void onRate(final int rate, final boolean held)
    {
        if (held)
        {
            highestHeld = Math.max(highestHeld, rate);
        }
        else
        {
            lowestFailed = Math.min(lowestFailed, rate);
        }
    }

    private Probe decide()
    {
        if (confirmsRun > 0)
        {
            return confirmsRun < confirmAttempts && highestHeld >= granularity ?
                new Probe(Phase.CONFIRM, highestHeld) : null;
        }
        final int searchRate = searchProbes < maxSearchProbes ? nextSearchRate() : 0;
        if (searchRate > 0)
        {
            return new Probe(Phase.SEARCH, searchRate);
        }
        return highestHeld > 0 ? new Probe(Phase.CONFIRM, highestHeld) : null;
    }

    /** The next search rate, or 0 when the search has converged (or nothing can hold). */
    private int nextSearchRate()
    {
        if (lowestFailed == Integer.MAX_VALUE)
        {
            if (highestHeld == 0)
            {
                return startRate;
            }
            return highestHeld >= maxRate ? 0 : Math.min(maxRate, round(2L * highestHeld, granularity));
        }
        if (highestHeld == 0)
        {
            final int lower = round(lowestFailed / 2L, granularity);
            return lower < lowestFailed ? lower : 0;
        }
        final long gap = (long)lowestFailed - highestHeld;
        if (gap <= Math.max(granularity, (long)(precision * highestHeld)))
        {
            return 0;
        }
        final int middle = round(((long)highestHeld + lowestFailed) / 2, granularity);
        return middle > highestHeld && middle < lowestFailed ? middle : 0;
    }

    private int lowerConfirmation(final int failedRate)
    {
        final int lower = round((long)(failedRate * (1 - confirmBackoff)), granularity);
        return lower < failedRate ? lower : failedRate - granularity;
    }

    /** To the nearest multiple of the granularity, at least one step. */
    static int round(final long rate, final int granularity)
    {
        final long steps = Math.max(1, (rate + granularity / 2) / granularity);
        return (int)Math.min(Integer.MAX_VALUE / granularity * (long)granularity, steps * granularity);
    }
}
