package dev.feedhandler.affinity;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Checks a {@link CpuLayout} against a {@link MachineCpus}. Errors: a CPU that is not online, a CPU of this process
 * outside the layout's own process set or outside the process's affinity mask (the kernel would refuse the pin),
 * two spinning roles on one CPU (an external driver's included). Warnings: a spinning role sharing its CPU with another role, with the {@code other} set, or with
 * the OS (its CPU is not in {@code isolcpus}), and a process set that leaves nothing for the other threads.
 */
public final class LayoutValidator
{
    private LayoutValidator()
    {
    }

    public static LayoutCheck validate(final CpuLayout layout, final MachineCpus machine)
    {
        final List<String> errors = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final BitSet processCpus = layout.processCpus();
        final BitSet other = layout.other();

        checkSet("process_cpus", processCpus, machine, new BitSet(), errors);
        checkSet("other", other, machine, processCpus, errors);
        final List<CpuLayout.Placement> placements = layout.placements();
        for (final CpuLayout.Placement placement : placements)
        {
            if (placement.inProcess())
            {
                checkCpu(placement.label(), placement.cpu(), machine, processCpus, errors);
            }
            else if (!machine.online().get(placement.cpu()))
            {
                errors.add(placement.label() + ": CPU " + placement.cpu() + " does not exist or is offline " +
                    "(online: " + CpuList.format(machine.online()) + ")");
            }
            else if (processCpus.get(placement.cpu()) && placement.spinning())
            {
                warnings.add(placement.label() + " (external driver) spins on CPU " + placement.cpu() +
                    ", which is also in this process's process_cpus");
            }
        }

        final BitSet spinningCpus = new BitSet();
        for (int i = 0; i < placements.size(); i++)
        {
            final CpuLayout.Placement placement = placements.get(i);
            if (!placement.spinning() || !machine.online().get(placement.cpu()))
            {
                continue; // a missing CPU is already an error: no sharing warnings about it
            }
            spinningCpus.set(placement.cpu());
            for (int j = 0; j < placements.size(); j++)
            {
                final CpuLayout.Placement peer = placements.get(j);
                if (j == i || peer.cpu() != placement.cpu())
                {
                    continue;
                }
                if (peer.spinning())
                {
                    if (j > i)
                    {
                        errors.add(placement.label() + " and " + peer.label() + " both spin on CPU " +
                            placement.cpu() + ": each would take half the core and both lose their latency");
                    }
                }
                else
                {
                    warnings.add(placement.label() + " spins on CPU " + placement.cpu() + ", which it shares with " +
                        peer.label() + ": " + peer.label() + " only runs when the spinner is preempted");
                }
            }
            if (other.get(placement.cpu()))
            {
                warnings.add(placement.label() + " spins on CPU " + placement.cpu() +
                    ", which is also in 'other' (main, GC, JIT threads)");
            }
            if (!machine.isolated().get(placement.cpu()))
            {
                warnings.add(placement.label() + " spins on CPU " + placement.cpu() +
                    ", which the OS also schedules on (not in isolcpus=" + CpuList.format(machine.isolated()) +
                    "): expect preemption jitter");
            }
        }

        if (!processCpus.isEmpty())
        {
            final BitSet rest = (BitSet)processCpus.clone();
            rest.andNot(spinningCpus);
            if (rest.isEmpty() && !spinningCpus.isEmpty())
            {
                warnings.add("process_cpus " + CpuList.format(processCpus) + " holds only spinning roles' CPUs: " +
                    "GC, JIT and I/O threads will preempt the spinners");
            }
        }
        return new LayoutCheck(errors, warnings);
    }

    private static void checkSet(
        final String label, final BitSet cpus, final MachineCpus machine, final BitSet processCpus,
        final List<String> errors)
    {
        for (int cpu = cpus.nextSetBit(0); cpu >= 0; cpu = cpus.nextSetBit(cpu + 1))
        {
            checkCpu(label, cpu, machine, processCpus, errors);
        }
    }

    private static void checkCpu(
        final String label, final int cpu, final MachineCpus machine, final BitSet processCpus,
        final List<String> errors)
    {
        if (!machine.online().get(cpu))
        {
            errors.add(label + ": CPU " + cpu + " does not exist or is offline (online: " +
                CpuList.format(machine.online()) + ")");
        }
        else if (!processCpus.isEmpty() && !processCpus.get(cpu))
        {
            errors.add(label + ": CPU " + cpu + " is outside process_cpus " + CpuList.format(processCpus) +
                " (taskset/CPUAffinity= would forbid it)");
        }
        else if (!machine.allowed().get(cpu))
        {
            errors.add(label + ": CPU " + cpu + " is outside this process's affinity mask " +
                CpuList.format(machine.allowed()) + " (taskset, cgroup cpuset or CPUAffinity=)");
        }
    }
}
