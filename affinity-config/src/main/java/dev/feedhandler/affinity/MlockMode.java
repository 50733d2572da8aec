package dev.feedhandler.affinity;

import java.util.Locale;

/**
 * Whether the daemon locks its memory at start ({@link MemoryLock}).
 */
public enum MlockMode
{
    /** Do not call mlockall. */
    OFF,
    /** Call mlockall; on failure log the reason and run unlocked. */
    TRY,
    /** Call mlockall; on failure refuse to start. */
    REQUIRED;

    /** The name in config: off, try or required. */
    public String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for any other name. */
    public static MlockMode byConfigName(final String name)
    {
        for (final MlockMode mode : values())
        {
            if (mode.configName().equals(name))
            {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be off, try or required, got \"" + name + "\"");
    }
}
