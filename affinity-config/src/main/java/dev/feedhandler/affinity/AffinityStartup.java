package dev.feedhandler.affinity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up step of the daemon's placement: check the layout against the machine, lock memory, and restrict the
 * calling (main) thread to the {@code other} CPUs so the threads it starts later inherit them. Call it before any
 * daemon thread starts and after the JVM has pre-touched its heap.
 */
public final class AffinityStartup
{
    private static final Logger LOG = LoggerFactory.getLogger(AffinityStartup.class);

    private AffinityStartup()
    {
    }

    /**
     * @throws IllegalStateException when the layout has errors, or memory locking is required and failed; the
     *                               message lists every reason.
     */
    public static AffinityStatus start(final AffinitySettings settings, final MachineCpus machine)
    {
        final LayoutCheck check = LayoutValidator.validate(settings.layout(), machine);
        for (final String warning : check.warnings())
        {
            LOG.warn("cpu layout: {}", warning);
        }
        if (!check.ok())
        {
            throw new IllegalStateException("the [affinity] layout does not fit this machine: " +
                String.join("; ", check.errors()));
        }

        final MemoryLock.Result lock = settings.mlock() == MlockMode.OFF ? null : MemoryLock.lockAll();
        if (lock != null)
        {
            if (lock.locked())
            {
                LOG.info("memory: {}", lock.reason());
            }
            else if (settings.mlock() == MlockMode.REQUIRED)
            {
                throw new IllegalStateException("[affinity] mlock = \"required\" and " + lock.reason());
            }
            else
            {
                LOG.warn("memory: {}; running unlocked (set mlock = \"required\" to refuse instead)", lock.reason());
            }
        }

        final AffinityStatus status = new AffinityStatus(settings, check, lock);
        if (!settings.layout().other().isEmpty())
        {
            status.restrictCurrentThread(CpuRole.OTHER, settings.layout().other());
        }
        return status;
    }
}
