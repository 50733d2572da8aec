package dev.feedhandler.affinity;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class CorePinningTest
{
    @Test
    void shouldPinAThreadToTheLastCpuAndReadTheKernelMaskBack() throws Exception
    {
        final int cpu = Runtime.getRuntime().availableProcessors() - 1;
        final CorePinning.Result result = onNewThread(() -> CorePinning.pinCurrentThread(cpu));

        assertThat(result.requestedCpu()).isEqualTo(cpu);
        // On Linux (these machines, CI) Chronicle Affinity pins through JNA and the kernel confirms the mask.
        assertThat(System.getProperty("os.name")).isEqualTo("Linux");
        assertThat(result.pinned()).as(result.detail()).isTrue();
        assertThat(result.actualMask().cardinality()).isEqualTo(1);
        assertThat(result.actualMask().get(cpu)).isTrue();
        assertThat(result.detail()).contains("pinned to CPU " + cpu);
    }

    @Test
    void shouldReportACpuThatDoesNotExistAsNotPinned() throws Exception
    {
        final CorePinning.Result result = onNewThread(() -> CorePinning.pinCurrentThread(4000));

        assertThat(result.pinned()).isFalse();
        assertThat(result.detail()).contains("NOT pinned to CPU 4000");
    }

    @Test
    void shouldLeaveAThreadUnpinnedWhenNoCoreIsConfigured() throws Exception
    {
        final CorePinning.Result result = onNewThread(() -> CorePinning.pinCurrentThread(-1));

        assertThat(result.pinned()).isFalse();
        assertThat(result.detail()).contains("no core configured");
    }

    private static CorePinning.Result onNewThread(final java.util.function.Supplier<CorePinning.Result> pin)
        throws InterruptedException
    {
        final AtomicReference<CorePinning.Result> result = new AtomicReference<>();
        final Thread thread = new Thread(() -> result.set(pin.get()), "pin-test");
        thread.start();
        thread.join(10_000);
        assertThat(result.get()).as("pinning finished").isNotNull();
        return result.get();
    }
}
