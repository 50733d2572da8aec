package dev.feedhandler.affinity;

/**
 * The thread roles a {@link CpuLayout} places on CPUs, with the name each has in the config's {@code [affinity]}
 * table.
 */
public enum CpuRole
{
    /** The book processor agent: spins when its idle strategy is spin or noop. */
    BOOK_PROCESSOR("book_processor"),
    /** Netty event loops: block in epoll, so never spinning. */
    IO("io"),
    /** Aeron media driver conductor (or the single agent of a SHARED driver). */
    DRIVER_CONDUCTOR("driver_conductor"),
    /** Aeron media driver sender (DEDICATED threading). */
    DRIVER_SENDER("driver_sender"),
    /** Aeron media driver receiver (DEDICATED threading). */
    DRIVER_RECEIVER("driver_receiver"),
    /** Everything else: main, GC, JIT, timers, the OS. */
    OTHER("other");

    private final String configName;

    CpuRole(final String configName)
    {
        this.configName = configName;
    }

    /** The key naming this role in the {@code [affinity]} table. */
    public String configName()
    {
        return configName;
    }
}
