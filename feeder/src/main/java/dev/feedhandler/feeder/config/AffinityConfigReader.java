package dev.feedhandler.feeder.config;

import dev.feedhandler.affinity.AffinitySettings;
import dev.feedhandler.affinity.CpuLayout;
import dev.feedhandler.affinity.CpuList;
import dev.feedhandler.affinity.MlockMode;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Reads the {@code [affinity]} table: the CPU layout and memory locking (docs/configuration.md, docs/operations.md).
 * Checks the syntax and what can be known from the file alone; the machine is checked at start
 * ({@link dev.feedhandler.affinity.LayoutValidator}).
 */
final class AffinityConfigReader
{
    private AffinityConfigReader()
    {
    }

    /**
     * @param table     the {@code [affinity]} table (empty when absent).
     * @param processor the {@code [processor]} settings: its {@code core} is the book processor's CPU unless
     *                  {@code book_processor} says otherwise, and its idle strategy says whether it spins.
     * @param publisher the feed: an embedded media driver runs one (SHARED) thread, so only its conductor is placed.
     */
    static AffinitySettings read(
        final TableReader table, final DaemonConfig.Processor processor, final DaemonConfig.Publisher publisher)
    {
        final BitSet processCpus = cpus(table, "process_cpus");
        final int bookProcessor = table.integer("book_processor", processor.core(), -1, CpuList.MAX_CPU);
        if (processor.core() >= 0 && bookProcessor != processor.core())
        {
            throw table.error("book_processor", "is " + bookProcessor + " but [processor] core is " +
                processor.core() + ": set one of them");
        }
        final BitSet ioSet = cpus(table, "io");
        final List<Integer> io = new ArrayList<>();
        for (int cpu = ioSet.nextSetBit(0); cpu >= 0; cpu = ioSet.nextSetBit(cpu + 1))
        {
            io.add(cpu);
        }
        final int conductor = table.integer("driver_conductor", -1, -1, CpuList.MAX_CPU);
        final int sender = table.integer("driver_sender", -1, -1, CpuList.MAX_CPU);
        final int receiver = table.integer("driver_receiver", -1, -1, CpuList.MAX_CPU);
        if (publisher.channels().isEmbeddedDriver())
        {
            if (sender >= 0)
            {
                throw table.error("driver_sender", "needs an external DEDICATED media driver ([publisher] " +
                    "aeron_dir): the embedded driver runs one SHARED thread, placed by driver_conductor");
            }
            if (receiver >= 0)
            {
                throw table.error("driver_receiver", "needs an external DEDICATED media driver ([publisher] " +
                    "aeron_dir): the embedded driver runs one SHARED thread, placed by driver_conductor");
            }
        }
        final BitSet other = cpus(table, "other");
        final MlockMode mlock;
        try
        {
            mlock = MlockMode.byConfigName(table.string("mlock", MlockMode.OFF.configName()));
        }
        catch (final IllegalArgumentException ex)
        {
            throw table.error("mlock", ex.getMessage());
        }
        table.finish();

        final String idle = processor.idleStrategy();
        final boolean processorSpins = "spin".equals(idle) || "noop".equals(idle);
        // The embedded driver backs off when idle; an external driver given cores of its own is run with
        // busy-spinning agents (scripts/systemd/aeron-driver.service): that is the point of placing it.
        final boolean driverExternal = !publisher.channels().isEmbeddedDriver();
        return new AffinitySettings(new CpuLayout(processCpus, bookProcessor, processorSpins, io, conductor, sender,
            receiver, driverExternal, driverExternal, other), mlock);
    }

    private static BitSet cpus(final TableReader table, final String key)
    {
        try
        {
            return CpuList.parse(table.string(key, ""));
        }
        catch (final IllegalArgumentException ex)
        {
            throw table.error(key, "is not a CPU list like \"0-2,5\": " + ex.getMessage());
        }
    }
}
