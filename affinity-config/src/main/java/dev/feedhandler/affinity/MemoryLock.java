package dev.feedhandler.affinity;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locks the process's memory with {@code mlockall(2)} through JNA, so no page of the heap, the rings or the Aeron
 * log buffers is ever paged out (a major fault on the hot path costs milliseconds). Call it after the heap is
 * pre-touched ({@code -Xms} = {@code -Xmx} with {@code -XX:+AlwaysPreTouch}): it locks what is mapped. Never throws:
 * the result says whether memory is locked and, if not, exactly why (errno, {@code RLIMIT_MEMLOCK} as
 * {@code ulimit -l} prints it, and whether the process holds {@code CAP_IPC_LOCK}).
 */
public final class MemoryLock
{
    /** Lock every page mapped now. */
    public static final int MCL_CURRENT = 1;
    /** Lock every page mapped from now on. */
    public static final int MCL_FUTURE = 2;

    private static final int EPERM = 1;
    private static final int EAGAIN = 11;
    private static final int ENOMEM = 12;
    private static final int EINVAL = 22;
    private static final int RLIMIT_MEMLOCK = 8;
    private static final int CAP_IPC_LOCK = 14;

    private MemoryLock()
    {
    }

    /**
     * The outcome.
     *
     * @param locked   memory is locked.
     * @param errno    the error number of a failed call (0 when locked or when the call could not be made).
     * @param reason   a sentence for the log: what was locked, or why not and what to change.
     */
    public record Result(boolean locked, int errno, String reason)
    {
    }

    /** {@code mlockall(MCL_CURRENT | MCL_FUTURE)}. */
    public static Result lockAll()
    {
        return lock(MCL_CURRENT | MCL_FUTURE);
    }

    /** {@code mlockall(flags)}. */
    public static Result lock(final int flags)
    {
        final String call = "mlockall(" + flagNames(flags) + ")";
        if (!Platform.isLinux())
        {
            return new Result(false, 0, call + " not attempted: memory locking is only supported on Linux");
        }
        final LibC libc;
        try
        {
            libc = LibC.INSTANCE;
        }
        catch (final Throwable ex) // JNA's native part is unavailable (no libjnidispatch for this platform)
        {
            return new Result(false, 0, call + " not attempted: JNA unavailable: " + ex);
        }
        try
        {
            libc.mlockall(flags);
            return new Result(true, 0, call + " succeeded: " + lockedKb() + " KB resident and locked (ulimit -l " +
                memlockLimit(libc) + ", CAP_IPC_LOCK " + (hasIpcLock() ? "held" : "not held") + ")");
        }
        catch (final LastErrorException ex)
        {
            return new Result(false, ex.getErrorCode(), call + " failed: " + explain(ex.getErrorCode(), libc));
        }
    }

    /** {@code munlockall()}: undo a lock (tests). */
    public static boolean unlockAll()
    {
        try
        {
            LibC.INSTANCE.munlockall();
            return true;
        }
        catch (final Throwable ex)
        {
            return false;
        }
    }

    /** The soft {@code RLIMIT_MEMLOCK} as {@code ulimit -l} prints it: KB, or "unlimited". */
    public static String memlockLimit()
    {
        try
        {
            return memlockLimit(LibC.INSTANCE);
        }
        catch (final Throwable ex)
        {
            return "unknown";
        }
    }

    /** Whether the process's effective capabilities include {@code CAP_IPC_LOCK} (from /proc/self/status). */
    public static boolean hasIpcLock()
    {
        final String capEff = statusField("CapEff:");
        if (capEff == null)
        {
            return false;
        }
        return (Long.parseUnsignedLong(capEff, 16) & (1L << CAP_IPC_LOCK)) != 0;
    }

    private static String explain(final int errno, final LibC libc)
    {
        final String limit = "ulimit -l is " + memlockLimit(libc);
        final String cap = hasIpcLock() ? "CAP_IPC_LOCK is held" : "CAP_IPC_LOCK is not held";
        switch (errno)
        {
            case ENOMEM:
                return "ENOMEM: RLIMIT_MEMLOCK is below the memory to lock (" + limit + ", " + cap + "). Fix: " +
                    "grant CAP_IPC_LOCK (systemd AmbientCapabilities=CAP_IPC_LOCK) or raise the limit " +
                    "(LimitMEMLOCK=infinity, ulimit -l unlimited, /etc/security/limits.conf memlock)";
            case EPERM:
                return "EPERM: not allowed to lock memory (" + limit + ", " + cap + "). Fix: grant CAP_IPC_LOCK " +
                    "or set a non-zero RLIMIT_MEMLOCK large enough for the process";
            case EAGAIN:
                return "EAGAIN: some of the memory could not be locked (" + limit + ", " + cap + ")";
            case EINVAL:
                return "EINVAL: unknown or invalid flags";
            default:
                return "errno " + errno + " (" + limit + ", " + cap + ")";
        }
    }

    private static String memlockLimit(final LibC libc)
    {
        final long[] limit = new long[2]; // struct rlimit { rlim_t rlim_cur; rlim_t rlim_max; }
        try
        {
            libc.getrlimit(RLIMIT_MEMLOCK, limit);
        }
        catch (final LastErrorException ex)
        {
            return "unknown (getrlimit errno " + ex.getErrorCode() + ")";
        }
        return limit[0] == -1L ? "unlimited" : Long.toUnsignedString(limit[0] / 1024) + " KB";
    }

    /**
     * Resident locked memory: smaps_rollup's "Locked" (VmLck in /proc/self/status also counts the JVM's reserved,
     * never-touched PROT_NONE ranges, gigabytes that occupy no RAM).
     */
    private static String lockedKb()
    {
        final String locked = field(Path.of("/proc/self/smaps_rollup"), "Locked:");
        return locked == null ? "?" : locked.replace("kB", "").trim();
    }

    private static String statusField(final String name)
    {
        return field(Path.of("/proc/self/status"), name);
    }

    private static String field(final Path file, final String name)
    {
        try
        {
            for (final String line : Files.readAllLines(file))
            {
                if (line.startsWith(name))
                {
                    return line.substring(name.length()).trim();
                }
            }
        }
        catch (final IOException ex)
        {
            return null;
        }
        return null;
    }

    private static String flagNames(final int flags)
    {
        final StringBuilder names = new StringBuilder();
        if ((flags & MCL_CURRENT) != 0)
        {
            names.append("MCL_CURRENT");
        }
        if ((flags & MCL_FUTURE) != 0)
        {
            names.append(names.length() > 0 ? "|" : "").append("MCL_FUTURE");
        }
        final int rest = flags & ~(MCL_CURRENT | MCL_FUTURE);
        if (rest != 0 || names.length() == 0)
        {
            names.append(names.length() > 0 ? "|" : "").append("0x").append(Integer.toHexString(rest));
        }
        return names.toString();
    }

    /** The three libc calls, bound once. */
    private interface LibC extends Library
    {
        LibC INSTANCE = Native.load("c", LibC.class);

        int mlockall(int flags) throws LastErrorException;

        int munlockall() throws LastErrorException;

        int getrlimit(int resource, long[] rlimit) throws LastErrorException;
    }
}
