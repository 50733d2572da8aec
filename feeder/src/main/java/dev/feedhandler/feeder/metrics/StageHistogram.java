package dev.feedhandler.feeder.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One stage's latency: recorded without allocation or locks by its single writer (the book thread), read by the
 * metrics thread as interval histograms. A reader {@link #sample() sample} covers the values recorded since the
 * previous sample, plus running totals since start. An in-process tool reads a window instead: everything since
 * its {@link #markWindow() mark}. A window misses nothing, but its reads drain the recorder too, so the next sample's
 * quantiles miss what they drained (the totals do not): the daemon's own endpoint never reads windows.
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
    /** Reader side: everything drained since the last {@link #markWindow()}; null until the first mark. */
    private Histogram window;

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
        final long count = drain();
        return new Sample(name, count, count == 0 ? Double.NaN : interval.getValueAtPercentile(50),
            count == 0 ? Double.NaN : interval.getValueAtPercentile(90),
            count == 0 ? Double.NaN : interval.getValueAtPercentile(99),
            count == 0 ? Double.NaN : interval.getValueAtPercentile(99.9),
            count == 0 ? Double.NaN : interval.getMaxValue(), totalCount, totalSumNs);
    }

    /** Start a window: {@link #windowCopy()} leaves out everything recorded before this call. Reader side. */
    synchronized void markWindow()
    {
        drain();
        if (window == null)
        {
            window = new Histogram(1, MAX_TRACKED_NS, SIGNIFICANT_DIGITS);
        }
        else
        {
            window.reset();
        }
    }

    /** A copy of everything recorded since the last {@link #markWindow()}. Reader side; allocates. */
    synchronized Histogram windowCopy()
    {
        if (window == null)
        {
            throw new IllegalStateException("no window on " + name + ": call markWindow() first");
        }
        drain();
        return window.copy();
    }

    /** Move what was recorded since the last drain into {@link #interval}, the totals and the window. */
    private long drain()
    {
        interval = recorder.getIntervalHistogram(interval);
        final long count = interval.getTotalCount();
        totalCount += count;
        totalSumNs += count == 0 ? 0 : interval.getMean() * count;
        if (window != null)
        {
            window.add(interval);
        }
        return count;
    }

    /** Percentiles (ns) of one interval; NaN when the interval recorded nothing. */
    record Sample(
        String name, long count, double p50, double p90, double p99, double p999, double max, long totalCount,
        double totalSumNs)
    {
    }
}
