package dev.feedhandler.affinity;

import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AffinityStartupTest
{
    @Test
    void shouldPinTheProcessorOnCpu1AndReportTheKernelMask() throws Exception
    {
        final MachineCpus machine = MachineCpus.detect();
        final CpuLayout layout = new CpuLayout(new BitSet(), 1, false, List.of(0), -1, -1, -1, false, new BitSet());
        final AffinityStatus status = AffinityStartup.start(new AffinitySettings(layout, MlockMode.OFF), machine);

        final AffinityStatus.ThreadPin pin = onNewThread(() -> status.pinCurrentThread(CpuRole.BOOK_PROCESSOR, 1));

        assertThat(pin.ok()).as(pin.detail()).isTrue();
        assertThat(pin.granted()).isEqualTo("1");
        assertThat(pin.thread()).isEqualTo("affinity-test");
        assertThat(status.memoryLock()).isNull();
        assertThat(status.lines()).contains("memory: mlock off",
            "thread affinity-test (book_processor): requested 1, kernel mask 1");
    }

    @Test
    void shouldRecordThatAPinWasRefused() throws Exception
    {
        final AffinityStatus status = new AffinityStatus(AffinitySettings.DEFAULT,
            new LayoutCheck(List.of(), List.of()), null);

        final AffinityStatus.ThreadPin pin = onNewThread(() -> status.pinCurrentThread(CpuRole.IO, 4000));

        assertThat(pin.ok()).isFalse();
        assertThat(pin.granted()).isNotEqualTo("4000");
        assertThat(status.lines()).last().asString().endsWith("(NOT as requested)");
    }

    @Test
    void shouldRestrictAThreadToTheOtherSetSoItsChildrenInheritIt() throws Exception
    {
        final AffinityStatus status = new AffinityStatus(AffinitySettings.DEFAULT,
            new LayoutCheck(List.of(), List.of()), null);
        final AtomicReference<String> childMask = new AtomicReference<>();

        final AffinityStatus.ThreadPin pin = onNewThread(() ->
        {
            final AffinityStatus.ThreadPin result = status.restrictCurrentThread(CpuRole.OTHER, CpuList.parse("0"));
            final Thread child = new Thread(() -> childMask.set(
                CpuList.format(net.openhft.affinity.Affinity.getAffinity())));
            child.start();
            join(child);
            return result;
        });

        assertThat(pin.ok()).as(pin.detail()).isTrue();
        assertThat(pin.granted()).isEqualTo("0");
        assertThat(childMask.get()).isEqualTo("0");
    }

    @Test
    void shouldRefuseAnInvalidLayoutNamingEveryError()
    {
        final MachineCpus twoCpus = new MachineCpus(CpuList.parse("0-1"), CpuList.parse("0-1"), new BitSet());
        final CpuLayout layout = new CpuLayout(new BitSet(), 1, true, List.of(7), 1, -1, -1, true, new BitSet());

        assertThatThrownBy(() -> AffinityStartup.start(new AffinitySettings(layout, MlockMode.OFF), twoCpus))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("io[0]: CPU 7 does not exist or is offline (online: 0,1)")
            .hasMessageContaining("book_processor and driver_conductor both spin on CPU 1");
    }

    @Test
    void shouldTryToLockMemoryAndReportTheOutcome()
    {
        try
        {
            final AffinityStatus status = AffinityStartup.start(
                new AffinitySettings(CpuLayout.NONE, MlockMode.TRY), MachineCpus.detect());

            assertThat(status.memoryLock()).isNotNull();
            assertThat(status.lines()).anySatisfy(line -> assertThat(line).startsWith(
                status.memoryLock().locked() ? "memory: locked: mlockall" : "memory: NOT locked: mlockall"));
        }
        finally
        {
            MemoryLock.unlockAll();
        }
    }

    private static <T> T onNewThread(final Supplier<T> task) throws InterruptedException
    {
        final AtomicReference<T> result = new AtomicReference<>();
        final Thread thread = new Thread(() -> result.set(task.get()), "affinity-test");
        thread.start();
        join(thread);
        assertThat(result.get()).as("finished").isNotNull();
        return result.get();
    }

    private static void join(final Thread thread)
    {
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
