package dev.feedhandler.orderbook.processor;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * The book processor's idle strategy for hosts where it cannot have a core of its own ({@code [processor] idle =
 * "wake"}): spin briefly, then park until the I/O side signals data ({@link #signal}, called by
 * {@link WakingRingBuffer} after each record it commits) or {@code maxParkNs} passes (so the publisher's duty-cycle
 * work, heartbeats and snapshot cycles, still runs on time).
 * <p>
 * Why: a parked thread that is woken gets the CPU back at once on a busy machine (the scheduler favours it), where a
 * timed park ({@code backoff}: up to 1 ms) or a yielding or spinning thread waits for its turn among the other busy
 * threads. The cost moves to the producers: a wake-up ({@code unpark}, a system call) per record while the processor
 * sleeps, and one volatile read per record otherwise. On a dedicated core {@code spin} stays the lowest latency.
 * <p>
 * No lost wake-up: the processor sets {@code parked} and then reads the ring's size (volatile), a producer claims
 * (a CAS on the ring's tail) and then reads {@code parked}: one of them sees the other. At worst a wake-up arrives
 * when the processor is already awake, and its next park returns at once.
 */
public final class DataWakeIdleStrategy implements IdleStrategy
{
    public static final String NAME = "wake";
    /** Spins before parking: a burst's next record usually arrives within them. */
    static final int SPINS = 100;
    static final long DEFAULT_MAX_PARK_NS = 1_000_000;

    private final RingBuffer events;
    private final long maxParkNs;
    private volatile boolean parked;
    private volatile Thread thread;
    private int spins;

    /** @param events the ring the processor reads: while it holds records the processor does not park. */
    public DataWakeIdleStrategy(final RingBuffer events)
    {
        this(events, DEFAULT_MAX_PARK_NS);
    }

    public DataWakeIdleStrategy(final RingBuffer events, final long maxParkNs)
    {
        if (maxParkNs <= 0)
        {
            throw new IllegalArgumentException("maxParkNs must be > 0: " + maxParkNs);
        }
        this.events = events;
        this.maxParkNs = maxParkNs;
    }

    /** Any thread, after a record is committed: wake the processor if it is parked. */
    public void signal()
    {
        if (parked)
        {
            LockSupport.unpark(thread);
        }
    }

    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            spins = 0;
            return;
        }
        idle();
    }

    public void idle()
    {
        if (spins < SPINS)
        {
            spins++;
            Thread.onSpinWait();
            return;
        }
        park();
    }

    public void reset()
    {
        spins = 0;
    }

    public String alias()
    {
        return NAME;
    }

    private void park()
    {
        if (thread == null)
        {
            thread = Thread.currentThread();
        }
        parked = true;
        if (events.size() == 0)
        {
            LockSupport.parkNanos(this, maxParkNs);
        }
        parked = false;
    }
}
