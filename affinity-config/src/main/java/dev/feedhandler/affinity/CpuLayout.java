package dev.feedhandler.affinity;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which CPU each thread role runs on: the {@code [affinity]} table of the daemon config. -1 (or an empty set) means
 * the role is not placed. Check it against the machine with {@link LayoutValidator} before applying it.
 *
 * @param processCpus        the whole process's CPU set (what {@code scripts/feeder} gives {@code taskset -c} and
 *                           systemd {@code CPUAffinity=}); empty: not restricted.
 * @param bookProcessor      CPU of the book processor thread, or -1.
 * @param bookProcessorSpins the processor's idle strategy busy-spins (spin, noop), so it owns its CPU.
 * @param io                 CPUs of the I/O event loop threads, thread i on {@code io[i % size]}; empty: not placed.
 * @param driverConductor    CPU of the media driver conductor (the only driver thread in SHARED mode), or -1.
 * @param driverSender       CPU of the media driver sender, or -1.
 * @param driverReceiver     CPU of the media driver receiver, or -1.
 * @param driverSpins        the driver's agents busy-spin (a driver placed on its own cores is run that way).
 * @param driverExternal     the driver is another process (its CPUs are checked for existence and collisions, not
 *                           against this process's CPU set).
 * @param other              CPUs for everything else (main, GC, JIT, timers); empty: not placed.
 */
public record CpuLayout(
    BitSet processCpus,
    int bookProcessor,
    boolean bookProcessorSpins,
    List<Integer> io,
    int driverConductor,
    int driverSender,
    int driverReceiver,
    boolean driverSpins,
    boolean driverExternal,
    BitSet other)
{
    /** Nothing placed: every thread runs where the kernel likes. */
    public static final CpuLayout NONE =
        new CpuLayout(new BitSet(), -1, false, List.of(), -1, -1, -1, false, false, new BitSet());

    /** A layout with the media driver in this process (embedded). */
    public CpuLayout(
        final BitSet processCpus,
        final int bookProcessor,
        final boolean bookProcessorSpins,
        final List<Integer> io,
        final int driverConductor,
        final int driverSender,
        final int driverReceiver,
        final boolean driverSpins,
        final BitSet other)
    {
        this(processCpus, bookProcessor, bookProcessorSpins, io, driverConductor, driverSender, driverReceiver,
            driverSpins, false, other);
    }

    /** Defensive copies: a layout never changes. */
    public CpuLayout
    {
        processCpus = (BitSet)processCpus.clone();
        io = List.copyOf(io);
        other = (BitSet)other.clone();
    }

    @Override
    public BitSet processCpus()
    {
        return (BitSet)processCpus.clone();
    }

    @Override
    public BitSet other()
    {
        return (BitSet)other.clone();
    }

    /** The I/O CPU of event loop thread {@code index}, or -1 when I/O is not placed. */
    public int ioCpu(final int index)
    {
        return io.isEmpty() ? -1 : io.get(index % io.size());
    }

    /**
     * One placed role on one CPU.
     *
     * @param inProcess the thread is in this process (so inside its CPU set); false for an external driver.
     */
    public record Placement(CpuRole role, String label, int cpu, boolean spinning, boolean inProcess)
    {
    }

    /** Every single-CPU placement (the {@code other} set is not included: see {@link #other()}). */
    public List<Placement> placements()
    {
        final List<Placement> placements = new ArrayList<>();
        add(placements, CpuRole.BOOK_PROCESSOR, CpuRole.BOOK_PROCESSOR.configName(), bookProcessor,
            bookProcessorSpins, true);
        for (int i = 0; i < io.size(); i++)
        {
            add(placements, CpuRole.IO, CpuRole.IO.configName() + "[" + i + "]", io.get(i), false, true);
        }
        final boolean inProcess = !driverExternal;
        add(placements, CpuRole.DRIVER_CONDUCTOR, CpuRole.DRIVER_CONDUCTOR.configName(), driverConductor,
            driverSpins, inProcess);
        add(placements, CpuRole.DRIVER_SENDER, CpuRole.DRIVER_SENDER.configName(), driverSender, driverSpins,
            inProcess);
        add(placements, CpuRole.DRIVER_RECEIVER, CpuRole.DRIVER_RECEIVER.configName(), driverReceiver, driverSpins,
            inProcess);
        return placements;
    }

    private static void add(
        final List<Placement> placements,
        final CpuRole role,
        final String label,
        final int cpu,
        final boolean spins,
        final boolean inProcess)
    {
        if (cpu >= 0)
        {
            placements.add(new Placement(role, label, cpu, spins, inProcess));
        }
    }
}
