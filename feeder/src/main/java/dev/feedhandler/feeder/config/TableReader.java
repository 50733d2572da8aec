package dev.feedhandler.feeder.config;

import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one TOML table strictly: every key read is remembered, and {@link #finish()} rejects the keys nobody read,
 * so a misspelt key stops start-up instead of being ignored. Every error names the file, line, key and reason.
 */
final class TableReader
{
    private final Path file;
    private final TomlTable table;
    private final String path;
    private final Set<String> read = new HashSet<>();

    TableReader(final Path file, final TomlTable table, final String path)
    {
        this.file = file;
        this.table = table;
        this.path = path;
    }

    String string(final String key, final String defaultValue)
    {
        final Object value = value(key);
        if (value == null)
        {
            return defaultValue;
        }
        if (!(value instanceof String))
        {
            throw error(key, "must be a string, got " + describe(value));
        }
        return (String)value;
    }

    String requiredString(final String key)
    {
        final String value = string(key, null);
        if (value == null || value.isEmpty())
        {
            throw error(key, "is required");
        }
        return value;
    }

    boolean bool(final String key, final boolean defaultValue)
    {
        final Object value = value(key);
        if (value == null)
        {
            return defaultValue;
        }
        if (!(value instanceof Boolean))
        {
            throw error(key, "must be true or false, got " + describe(value));
        }
        return (Boolean)value;
    }

    long integer(final String key, final long defaultValue, final long min, final long max)
    {
        final Object value = value(key);
        if (value == null)
        {
            return defaultValue;
        }
        if (!(value instanceof Long))
        {
            throw error(key, "must be an integer, got " + describe(value));
        }
        final long number = (Long)value;
        if (number < min || number > max)
        {
            throw error(key, "must be within " + min + ".." + max + ", got " + number);
        }
        return number;
    }

    int integer(final String key, final int defaultValue, final int min, final int max)
    {
        return (int)integer(key, (long)defaultValue, min, max);
    }

    /** A power of two within bounds (ring buffers). */
    int powerOfTwo(final String key, final int defaultValue, final int min, final int max)
    {
        final int value = integer(key, defaultValue, min, max);
        if (Integer.bitCount(value) != 1)
        {
            throw error(key, "must be a power of two, got " + value);
        }
        return value;
    }

    Duration millis(final String key, final Duration defaultValue, final long minMillis, final long maxMillis)
    {
        return Duration.ofMillis(integer(key, defaultValue.toMillis(), minMillis, maxMillis));
    }

    URI uri(final String key, final String... schemes)
    {
        final String text = requiredString(key);
        final URI uri;
        try
        {
            uri = new URI(text);
        }
        catch (final URISyntaxException ex)
        {
            throw error(key, "is not a URL: " + ex.getMessage());
        }
        for (final String scheme : schemes)
        {
            if (scheme.equalsIgnoreCase(uri.getScheme()))
            {
                if (uri.getHost() == null)
                {
                    throw error(key, "has no host: " + text);
                }
                return uri;
            }
        }
        throw error(key, "must use one of " + String.join(", ", schemes) + ": " + text);
    }

    /** An optional sub-table; an absent one reads as empty. */
    TableReader table(final String key)
    {
        final Object value = value(key);
        if (value == null)
        {
            return new TableReader(file, emptyTable(), qualify(key));
        }
        if (!(value instanceof TomlTable))
        {
            throw error(key, "must be a table, got " + describe(value));
        }
        return new TableReader(file, (TomlTable)value, qualify(key));
    }

    /** An array of tables ({@code [[key]]} or an inline array of tables); absent reads as none. */
    List<TableReader> tables(final String key)
    {
        final Object value = value(key);
        final List<TableReader> readers = new ArrayList<>();
        if (value == null)
        {
            return readers;
        }
        if (!(value instanceof TomlArray))
        {
            throw error(key, "must be an array of tables, got " + describe(value));
        }
        final TomlArray array = (TomlArray)value;
        for (int i = 0; i < array.size(); i++)
        {
            final Object element = array.get(i);
            if (!(element instanceof TomlTable))
            {
                throw error(key, "element " + i + " must be a table, got " + describe(element));
            }
            readers.add(new TableReader(file, (TomlTable)element, qualify(key) + "[" + i + "]"));
        }
        return readers;
    }

    /** Reject the keys nobody read. */
    void finish()
    {
        for (final String key : table.keySet())
        {
            if (!read.contains(key))
            {
                throw error(key, "is not a known setting" + (path.isEmpty() ? "" : " of [" + path + "]"));
            }
        }
    }

    ConfigException error(final String key, final String reason)
    {
        final TomlPosition position = table.inputPositionOf(key);
        return new ConfigException(file + (position != null ? ":" + position.line() : "") + ": '" + qualify(key) +
            "' " + reason);
    }

    private Object value(final String key)
    {
        read.add(key);
        return table.get(List.of(key));
    }

    private String qualify(final String key)
    {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String describe(final Object value)
    {
        if (value instanceof TomlTable)
        {
            return "a table";
        }
        if (value instanceof TomlArray)
        {
            return "an array";
        }
        return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + value;
    }

    private static TomlTable emptyTable()
    {
        return org.tomlj.Toml.parse("");
    }
}
