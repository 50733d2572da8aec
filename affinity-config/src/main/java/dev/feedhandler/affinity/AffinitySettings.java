package dev.feedhandler.affinity;

/**
 * The {@code [affinity]} table of the daemon config: where threads run and whether memory is locked.
 *
 * @param layout the CPU layout ({@link CpuLayout#NONE}: nothing placed).
 * @param mlock  whether to lock memory at start.
 */
public record AffinitySettings(CpuLayout layout, MlockMode mlock)
{
    /** Nothing placed, memory locking tried (a failure is logged, not fatal). */
    public static final AffinitySettings DEFAULT = new AffinitySettings(CpuLayout.NONE, MlockMode.TRY);
}
