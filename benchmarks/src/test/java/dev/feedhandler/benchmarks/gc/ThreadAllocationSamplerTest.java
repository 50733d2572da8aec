package dev.feedhandler.benchmarks.gc;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadAllocationSamplerTest
{
    private static final int MEGABYTE = 1 << 20;
    private byte[][] kept;

    @Test
    void shouldAttributeTheBytesAThreadAllocatedBetweenTwoSamplesInTheWindow()
    {
        final ThreadAllocationSampler sampler = new ThreadAllocationSampler(1, TimeUnit.HOURS);
        final long before = System.nanoTime();
        sampler.sample();
        kept = new byte[10][];
        for (int i = 0; i < kept.length; i++)
        {
            kept[i] = new byte[MEGABYTE];
        }
        sampler.sample();
        final long after = System.nanoTime();

        assertThat(sampler.allocatedBetween(before, after))
            .filteredOn(bytes -> bytes.thread().equals(Thread.currentThread().getName()))
            .singleElement()
            .satisfies(bytes -> assertThat(bytes.bytes()).isBetween(10L * MEGABYTE, 12L * MEGABYTE));
        assertThat(sampler.spanBetween(before, after)).isPositive();
    }

    @Test
    void shouldReportNothingWithoutTwoSamplesInTheWindow()
    {
        final ThreadAllocationSampler sampler = new ThreadAllocationSampler(1, TimeUnit.HOURS);
        sampler.sample();
        final long afterTheOnlySample = System.nanoTime();

        assertThat(sampler.allocatedBetween(afterTheOnlySample - TimeUnit.HOURS.toNanos(1), afterTheOnlySample))
            .isEmpty();
        assertThat(sampler.allocatedBetween(afterTheOnlySample, afterTheOnlySample + 1_000_000)).isEmpty();
    }
}
