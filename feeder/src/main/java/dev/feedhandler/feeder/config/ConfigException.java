package dev.feedhandler.feeder.config;

/**
 * A configuration the daemon cannot start with. The message names the file, the line, the key and the reason.
 */
public final class ConfigException extends RuntimeException
{
    public ConfigException(final String message)
    {
        super(message);
    }
}
