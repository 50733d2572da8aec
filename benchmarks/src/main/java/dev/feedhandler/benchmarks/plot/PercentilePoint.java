package dev.feedhandler.benchmarks.plot;

/**
 * One row of HdrHistogram's percentile distribution: the value at a percentile and how many samples are at or below
 * it.
 *
 * @param value      the value, in the unit the distribution was written in (the harnesses write microseconds).
 * @param percentile the fraction of samples at or below {@code value}, 0 to 1 (not 0 to 100).
 * @param totalCount the number of samples at or below {@code value}.
 */
public record PercentilePoint(double value, double percentile, long totalCount)
{
    /**
     * HdrHistogram's x coordinate, {@code 1 / (1 - percentile)}: 1 at 0%, 10 at 90%, 100 at 99%, ...; infinite at
     * 100%.
     *
     * @return the inverse of the tail fraction.
     */
    public double inverseTail()
    {
        return 1.0 / (1.0 - percentile);
    }
}
