package dev.feedhandler.affinity;

import net.openhft.affinity.Affinity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the daemon actually got: the layout check, the memory lock result and, per pinned thread, the kernel's mask
 * read back after the pin (never the request). Threads record themselves as they start ({@link #pinCurrentThread}),
 * so it is safe to read from any thread; {@link #lines()} is the status text the daemon logs and exposes.
 */
public final class AffinityStatus
{
    private static final Logger LOG = LoggerFactory.getLogger(AffinityStatus.class);

    /**
     * One thread's placement.
     *
     * @param role      its role.
     * @param thread    its name.
     * @param requested the CPUs asked for (a CPU list).
     * @param granted   the kernel's mask after the attempt (a CPU list; empty when unreadable).
     * @param ok        the kernel's mask equals the request.
     * @param detail    a sentence for the log.
     */
    public record ThreadPin(CpuRole role, String thread, String requested, String granted, boolean ok, String detail)
    {
    }

    private final AffinitySettings settings;
    private final LayoutCheck check;
    private final MemoryLock.Result memoryLock;
    private final List<ThreadPin> pins = new CopyOnWriteArrayList<>();

    public AffinityStatus(final AffinitySettings settings, final LayoutCheck check, final MemoryLock.Result memoryLock)
    {
        this.settings = settings;
        this.check = check;
        this.memoryLock = memoryLock;
    }

    public AffinitySettings settings()
    {
        return settings;
    }

    public LayoutCheck check()
    {
        return check;
    }

    /** The mlockall result, or null when locking is off. */
    public MemoryLock.Result memoryLock()
    {
        return memoryLock;
    }

    /** Threads placed so far, in the order they started. */
    public List<ThreadPin> pins()
    {
        return List.copyOf(pins);
    }

    /**
     * Pin the calling thread to one CPU (-1: leave it where it is and record that), record and log what the kernel
     * granted.
     */
    public ThreadPin pinCurrentThread(final CpuRole role, final int cpu)
    {
        final CorePinning.Result result = CorePinning.pinCurrentThread(cpu);
        final BitSet requested = new BitSet();
        if (cpu >= 0)
        {
            requested.set(cpu);
        }
        return record(role, requested, result.actualMask(), result.pinned(), result.detail());
    }

    /** Restrict the calling thread to a set of CPUs (the {@code other} role; threads it starts inherit the mask). */
    public ThreadPin restrictCurrentThread(final CpuRole role, final BitSet cpus)
    {
        final String thread = Thread.currentThread().getName();
        BitSet granted;
        String error = null;
        try
        {
            Affinity.setAffinity(cpus);
            granted = Affinity.getAffinity();
        }
        catch (final Throwable ex)
        {
            granted = new BitSet();
            error = ex.toString();
        }
        final boolean ok = granted.equals(cpus);
        final String detail = thread + (ok ? " restricted to CPUs " + CpuList.format(cpus) :
            " NOT restricted to CPUs " + CpuList.format(cpus) + ": the kernel reports " +
                CpuList.format(granted) + (error == null ? "" : " (" + error + ")"));
        return record(role, cpus, granted, ok, detail);
    }

    /** The status text: one line for the layout, one per warning/error, one for memory, one per thread. */
    public List<String> lines()
    {
        final List<String> lines = new ArrayList<>();
        lines.add("cpu layout: " + (check.ok() ? "valid" : "INVALID") + ", " + check.warnings().size() +
            " warning(s)");
        for (final String error : check.errors())
        {
            lines.add("  error: " + error);
        }
        for (final String warning : check.warnings())
        {
            lines.add("  warning: " + warning);
        }
        lines.add("memory: " + (memoryLock == null ? "mlock off" :
            (memoryLock.locked() ? "locked: " : "NOT locked: ") + memoryLock.reason()));
        for (final ThreadPin pin : pins)
        {
            lines.add("thread " + pin.thread() + " (" + pin.role().configName() + "): requested " +
                (pin.requested().isEmpty() ? "none" : pin.requested()) + ", kernel mask " + pin.granted() +
                (pin.ok() ? "" : " (NOT as requested)"));
        }
        return lines;
    }

    private ThreadPin record(
        final CpuRole role, final BitSet requested, final BitSet granted, final boolean ok, final String detail)
    {
        final ThreadPin pin = new ThreadPin(role, Thread.currentThread().getName(), CpuList.format(requested),
            CpuList.format(granted), ok || requested.isEmpty(), detail);
        pins.add(pin);
        if (pin.ok())
        {
            LOG.info("{}: {}", role.configName(), detail);
        }
        else
        {
            LOG.warn("{}: {}; continuing with the kernel's mask", role.configName(), detail);
        }
        return pin;
    }
}
