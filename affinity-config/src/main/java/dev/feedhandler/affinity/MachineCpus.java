package dev.feedhandler.affinity;

import net.openhft.affinity.Affinity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * What the machine offers: the online CPUs, the CPUs this process may run on (its affinity mask, e.g. from
 * {@code taskset} or a cgroup cpuset) and the CPUs isolated from the scheduler ({@code isolcpus=}).
 *
 * @param online   CPUs the kernel has online.
 * @param allowed  the calling thread's affinity mask when detected (the process's, before any pinning).
 * @param isolated CPUs in {@code isolcpus=}: the OS schedules nothing there unless asked.
 */
public record MachineCpus(BitSet online, BitSet allowed, BitSet isolated)
{
    private static final Path SYS_CPU = Path.of("/sys/devices/system/cpu");

    public MachineCpus
    {
        online = (BitSet)online.clone();
        allowed = (BitSet)allowed.clone();
        isolated = (BitSet)isolated.clone();
    }

    /**
     * Read this machine: /sys for online and isolated CPUs, the kernel's mask of the calling thread (call it before
     * pinning that thread). Falls back to {@code availableProcessors()} where /sys cannot be read.
     */
    public static MachineCpus detect()
    {
        final BitSet fallback = new BitSet();
        fallback.set(0, Runtime.getRuntime().availableProcessors());
        final BitSet online = readList(SYS_CPU.resolve("online"), fallback);
        BitSet allowed;
        try
        {
            allowed = Affinity.getAffinity();
        }
        catch (final Throwable ex) // no native support: assume every online CPU is allowed
        {
            allowed = online;
        }
        return new MachineCpus(online, allowed.isEmpty() ? online : allowed,
            readList(SYS_CPU.resolve("isolated"), new BitSet()));
    }

    private static BitSet readList(final Path file, final BitSet fallback)
    {
        try
        {
            return CpuList.parse(Files.readString(file));
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            return fallback;
        }
    }
}
