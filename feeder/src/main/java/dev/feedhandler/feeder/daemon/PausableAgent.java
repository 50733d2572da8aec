package dev.feedhandler.feeder.daemon;

import org.agrona.concurrent.Agent;

import java.time.Duration;

/**
 * The book processor as its agent runner sees it, with one extra: {@link #pauseFor} stops the duty cycle for a
 * while, as a long GC pause or a descheduled core would. Fault drills and the ring-full end-to-end test use it to fill
 * the event ring on purpose; nothing outside the process can reach it. Costs one volatile read per duty cycle.
 */
final class PausableAgent implements Agent
{
    private final Agent delegate;
    private volatile long pausedUntilNs;
    private volatile boolean paused;

    PausableAgent(final Agent delegate)
    {
        this.delegate = delegate;
    }

    /** Stop doing work for {@code duration} from now (the runner's idle strategy runs meanwhile). */
    void pauseFor(final Duration duration)
    {
        pausedUntilNs = System.nanoTime() + duration.toNanos();
        paused = true;
    }

    public void onStart()
    {
        delegate.onStart();
    }

    public int doWork() throws Exception
    {
        if (paused)
        {
            return whilePaused();
        }
        return delegate.doWork();
    }

    public void onClose()
    {
        delegate.onClose();
    }

    public String roleName()
    {
        return delegate.roleName();
    }

    private int whilePaused()
    {
        if (System.nanoTime() - pausedUntilNs >= 0)
        {
            paused = false;
        }
        return 0;
    }
}
