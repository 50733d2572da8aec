package dev.feedhandler.feeder.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One stage's latency: recorded without allocation or locks by its single writer (the book thread), read by the
 * metrics thread as interval histograms. A reader {@link #sample() sample} covers the values recorded since the
 * previous sample, plus running totals since start.
 */
final class StageHistogram
{
    /** Values above this (in ns) are recorded as this: a minute is already far beyond any sane stage latency. */
    static final long MAX_TRACKED_NS = 60_000_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    private final String name;
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, MAX_TRACKED_NS, SIGNIFICANT_DIGITS);
    private Histogram interval;
    private long totalCount;
    private double totalSumNs;

    StageHistogram(final String name)
    {
        this.name = name;
    }

    String name()
    {
        return name;
    }

    /** Writer thread only. Negative values (clocks of two threads a hair apart) count as 0. */
    void record(final long nanos)
    {
        recorder.recordValue(nanos < 0 ? 0 : Math.min(nanos, MAX_TRACKED_NS));
    }

    /** What was recorded since the last sample, and totals since start. Reader side (any one thread at a time). */
    synchronized Sample sample()
    {
        interval = recorder.getIntervalHistogram(interval);
        final long count = interval.getTotalCount();
        totalCount += count;
        totalSumNs += count == 0 ? 0 : interval.getMean() * count;
        return new Sample(name, count, count == 0 ? Double.NaN : interval.getValueAtPercentile(50),
            count == 0 ? Double.NaN : interval.getValueAtPercentile(90),
            count == 0 ? Double.NaN : interval.getValueAtPercentile(99),
            count == 0 ? Double.NaN : interval.getValueAtPercentile(99.9),
            count == 0 ? Double.NaN : interval.getMaxValue(), totalCount, totalSumNs);
    }

    /** Percentiles (ns) of one interval; NaN when the interval recorded nothing. */
    record Sample(
        String name, long count, double p50, double p90, double p99, double p999, double max, long totalCount,
        double totalSumNs)
    {
    }
}
