package dev.feedhandler.affinity;

import net.openhft.affinity.Affinity;

import java.util.BitSet;

/**
 * Pins the calling thread to one CPU with Chronicle Affinity and reports what the kernel actually granted (its
 * answer, read back, not the request). Never throws: a machine, container or JVM where pinning is impossible gives a
 * result saying why, and the caller runs unpinned.
 */
public final class CorePinning
{
    private CorePinning()
    {
    }

    /**
     * The outcome of a pinning attempt.
     *
     * @param requestedCpu the CPU asked for (-1: none).
     * @param pinned       the kernel now runs this thread on exactly that CPU.
     * @param actualMask   the thread's CPU mask as the kernel reports it after the attempt (empty if unreadable).
     * @param detail       a sentence for the log.
     */
    public record Result(int requestedCpu, boolean pinned, BitSet actualMask, String detail)
    {
    }

    public static Result pinCurrentThread(final int cpu)
    {
        final String thread = Thread.currentThread().getName();
        if (cpu < 0)
        {
            return new Result(cpu, false, readMask(), thread + " not pinned: no core configured");
        }
        try
        {
            Affinity.setAffinity(cpu);
            final BitSet actual = Affinity.getAffinity();
            final boolean pinned = actual.cardinality() == 1 && actual.get(cpu);
            return new Result(cpu, pinned, actual, pinned ?
                thread + " pinned to CPU " + cpu + " (kernel mask " + actual + ")" :
                thread + " NOT pinned to CPU " + cpu + ": the kernel reports mask " + actual +
                    " (is the CPU online and inside this process's cpuset/taskset?)");
        }
        catch (final Throwable ex) // native library or platform unavailable: run unpinned
        {
            return new Result(cpu, false, new BitSet(), thread + " NOT pinned to CPU " + cpu + ": " + ex);
        }
    }

    private static BitSet readMask()
    {
        try
        {
            return Affinity.getAffinity();
        }
        catch (final Throwable ex)
        {
            return new BitSet();
        }
    }
}
