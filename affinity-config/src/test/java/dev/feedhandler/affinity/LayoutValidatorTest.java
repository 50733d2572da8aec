package dev.feedhandler.affinity;

import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LayoutValidatorTest
{
    /** Eight CPUs online, all allowed, 2-7 isolated. */
    private static final MachineCpus MACHINE = new MachineCpus(cpus("0-7"), cpus("0-7"), cpus("2-7"));

    @Test
    void shouldAcceptATypicalLayoutOnIsolatedCores()
    {
        final LayoutCheck check = LayoutValidator.validate(
            new CpuLayout(cpus("0-5"), 2, true, List.of(0, 1), 3, 4, 5, true, cpus("0-1")), MACHINE);

        assertThat(check.errors()).isEmpty();
        assertThat(check.warnings()).isEmpty();
        assertThat(check.ok()).isTrue();
    }

    @Test
    void shouldRejectACpuThatIsNotOnline()
    {
        final LayoutCheck check = LayoutValidator.validate(layoutWithProcessorOn(9, true), MACHINE);

        assertThat(check.ok()).isFalse();
        assertThat(check.errors()).containsExactly("book_processor: CPU 9 does not exist or is offline (online: 0-7)");
    }

    @Test
    void shouldRejectACpuOutsideTheProcessSet()
    {
        final LayoutCheck check = LayoutValidator.validate(
            new CpuLayout(cpus("0-3"), 2, true, List.of(6), -1, -1, -1, false, new BitSet()), MACHINE);

        assertThat(check.errors()).containsExactly(
            "io[0]: CPU 6 is outside process_cpus 0-3 (taskset/CPUAffinity= would forbid it)");
    }

    @Test
    void shouldRejectACpuOutsideTheProcessAffinityMask()
    {
        final MachineCpus tasksetTo01 = new MachineCpus(cpus("0-7"), cpus("0-1"), new BitSet());

        final LayoutCheck check = LayoutValidator.validate(layoutWithProcessorOn(5, false), tasksetTo01);

        assertThat(check.errors()).singleElement().asString()
            .contains("book_processor: CPU 5 is outside this process's affinity mask 0,1");
    }

    @Test
    void shouldRejectOtherCpusThatDoNotExist()
    {
        final LayoutCheck check = LayoutValidator.validate(
            new CpuLayout(new BitSet(), -1, false, List.of(), -1, -1, -1, false, cpus("0,12")), MACHINE);

        assertThat(check.errors()).containsExactly("other: CPU 12 does not exist or is offline (online: 0-7)");
    }

    @Test
    void shouldRejectTwoSpinningRolesOnOneCpu()
    {
        final LayoutCheck check = LayoutValidator.validate(
            new CpuLayout(new BitSet(), 3, true, List.of(), 3, -1, -1, true, new BitSet()), MACHINE);

        assertThat(check.errors()).containsExactly("book_processor and driver_conductor both spin on CPU 3: " +
            "each would take half the core and both lose their latency");
    }

    @Test
    void shouldAllowTwoNonSpinningRolesOnOneCpu()
    {
        final LayoutCheck check = LayoutValidator.validate(
            new CpuLayout(new BitSet(), 3, false, List.of(3, 3), 3, -1, -1, false, cpus("3")), MACHINE);

        assertThat(check.errors()).isEmpty();
        assertThat(check.warnings()).isEmpty();
    }

    @Test
    void shouldWarnWhenASpinnerSharesItsCpuWithAnotherRole()
    {
        final LayoutCheck check = LayoutValidator.validate(
            new CpuLayout(new BitSet(), 3, true, List.of(3), -1, -1, -1, false, new BitSet()), MACHINE);

        assertThat(check.errors()).isEmpty();
        assertThat(check.warnings()).containsExactly("book_processor spins on CPU 3, which it shares with io[0]: " +
            "io[0] only runs when the spinner is preempted");
    }

    @Test
    void shouldWarnWhenASpinnerSharesItsCpuWithOtherThreads()
    {
        final LayoutCheck check = LayoutValidator.validate(
            new CpuLayout(new BitSet(), 3, true, List.of(), -1, -1, -1, false, cpus("2-3")), MACHINE);

        assertThat(check.ok()).isTrue();
        assertThat(check.warnings()).containsExactly(
            "book_processor spins on CPU 3, which is also in 'other' (main, GC, JIT threads)");
    }

    @Test
    void shouldWarnWhenASpinnerSharesItsCpuWithTheOs()
    {
        final LayoutCheck check = LayoutValidator.validate(layoutWithProcessorOn(1, true), MACHINE);

        assertThat(check.ok()).isTrue();
        assertThat(check.warnings()).containsExactly("book_processor spins on CPU 1, which the OS also schedules on " +
            "(not in isolcpus=2-7): expect preemption jitter");
    }

    @Test
    void shouldNotWarnAboutTheOsForARoleThatDoesNotSpin()
    {
        final LayoutCheck check = LayoutValidator.validate(layoutWithProcessorOn(1, false), MACHINE);

        assertThat(check.warnings()).isEmpty();
    }

    @Test
    void shouldWarnWhenTheProcessSetHoldsOnlySpinners()
    {
        final LayoutCheck check = LayoutValidator.validate(
            new CpuLayout(cpus("2-3"), 2, true, List.of(), 3, -1, -1, true, new BitSet()), MACHINE);

        assertThat(check.ok()).isTrue();
        assertThat(check.warnings()).containsExactly("process_cpus 2,3 holds only spinning roles' CPUs: " +
            "GC, JIT and I/O threads will preempt the spinners");
    }

    @Test
    void shouldPlaceAnExternalDriverOutsideTheProcessSetButStillCatchCollisions()
    {
        final LayoutCheck fine = LayoutValidator.validate(
            new CpuLayout(cpus("0-4"), 4, true, List.of(1), 5, 6, 7, true, true, cpus("0")), MACHINE);
        final LayoutCheck collision = LayoutValidator.validate(
            new CpuLayout(cpus("0-4"), 4, true, List.of(1), 4, 6, 9, true, true, cpus("0")), MACHINE);

        assertThat(fine.errors()).isEmpty();
        assertThat(fine.warnings()).isEmpty();
        assertThat(collision.errors()).containsExactly(
            "driver_receiver: CPU 9 does not exist or is offline (online: 0-7)",
            "book_processor and driver_conductor both spin on CPU 4: " +
                "each would take half the core and both lose their latency");
        assertThat(collision.warnings()).containsExactly(
            "driver_conductor (external driver) spins on CPU 4, which is also in this process's process_cpus");
    }

    @Test
    void shouldAcceptTheEmptyLayout()
    {
        final LayoutCheck check = LayoutValidator.validate(CpuLayout.NONE, MACHINE);

        assertThat(check.errors()).isEmpty();
        assertThat(check.warnings()).isEmpty();
    }

    @Test
    void shouldAcceptTheDefaultTwoCoreLayoutOnThisMachine()
    {
        // CPU 0 for everything else, CPU 1 for the processor: what docs/operations.md recommends for 2 cores.
        final MachineCpus machine = MachineCpus.detect();
        final LayoutCheck check = LayoutValidator.validate(
            new CpuLayout(new BitSet(), 1, true, List.of(0), -1, -1, -1, false, cpus("0")), machine);

        assertThat(machine.online().get(1)).as("this machine has a CPU 1").isTrue();
        assertThat(check.errors()).isEmpty();
    }

    private static CpuLayout layoutWithProcessorOn(final int cpu, final boolean spins)
    {
        return new CpuLayout(new BitSet(), cpu, spins, List.of(), -1, -1, -1, false, new BitSet());
    }

    private static BitSet cpus(final String list)
    {
        return CpuList.parse(list);
    }
}
