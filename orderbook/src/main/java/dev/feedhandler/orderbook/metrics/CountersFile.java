package dev.feedhandler.orderbook.metrics;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.ConcurrentCountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The counters file: a header, then Agrona counter metadata and values, memory-mapped so that tools read the
 * counters while the daemon writes them, and after it exits (the file is left behind).
 * <pre>
 *   0: int  magic           'FHCT'
 *   4: int  layoutVersion   written last on create (a reader seeing it sees the rest)
 *   8: long pid             of the daemon
 *  16: long processStartMs  the daemon process's start (tells a reused pid apart)
 *  24: long createdMs       when the file was created
 *  32: long closedMs        0 while the daemon runs; set on a clean stop
 *  40: int  metadataLength
 *  44: int  valuesLength
 * 4096: metadata (metadataLength bytes), then values (valuesLength bytes)
 * </pre>
 */
public final class CountersFile implements AutoCloseable
{
    public static final int MAGIC = 0x46484354; // "FHCT"
    public static final int LAYOUT_VERSION = 1;
    public static final int HEADER_LENGTH = 4096;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int PID_OFFSET = 8;
    static final int PROCESS_START_OFFSET = 16;
    static final int CREATED_OFFSET = 24;
    static final int CLOSED_OFFSET = 32;
    static final int METADATA_LENGTH_OFFSET = 40;
    static final int VALUES_LENGTH_OFFSET = 44;

    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final UnsafeBuffer metadata;
    private final UnsafeBuffer values;
    private final ConcurrentCountersManager manager;
    private boolean closed;

    private CountersFile(final Path path, final MappedByteBuffer mapped, final boolean writable)
    {
        this.path = path;
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        if (header.getIntVolatile(VERSION_OFFSET) != LAYOUT_VERSION && !writable)
        {
            throw new IllegalStateException(path + ": not a counters file of layout " + LAYOUT_VERSION +
                " (version " + header.getInt(VERSION_OFFSET) + ")");
        }
        if (header.getInt(MAGIC_OFFSET) != MAGIC)
        {
            throw new IllegalStateException(path + ": not a feedhandler counters file");
        }
        final int metadataLength = header.getInt(METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(VALUES_LENGTH_OFFSET);
        if ((long)HEADER_LENGTH + metadataLength + valuesLength > mapped.capacity() || metadataLength < 0 ||
            valuesLength < 0)
        {
            throw new IllegalStateException(path + ": truncated counters file");
        }
        this.metadata = new UnsafeBuffer(mapped, HEADER_LENGTH, metadataLength);
        this.values = new UnsafeBuffer(mapped, HEADER_LENGTH + metadataLength, valuesLength);
        this.manager = writable ? new ConcurrentCountersManager(metadata, values) : null;
    }

    /**
     * Create (replacing any old file) a counters file for this process with room for {@code maxCounters}.
     */
    public static CountersFile create(final Path path, final int maxCounters)
    {
        if (maxCounters < 1)
        {
            throw new IllegalArgumentException("maxCounters must be >= 1: " + maxCounters);
        }
        final int valuesLength = maxCounters * CountersReader.COUNTER_LENGTH;
        final int metadataLength = maxCounters * CountersReader.METADATA_LENGTH;
        final long length = (long)HEADER_LENGTH + metadataLength + valuesLength;
        try
        {
            if (path.getParent() != null)
            {
                Files.createDirectories(path.getParent());
            }
            Files.deleteIfExists(path);
            final MappedByteBuffer mapped;
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE))
            {
                channel.truncate(length);
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            }
            final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
            final ProcessHandle self = ProcessHandle.current();
            header.putInt(MAGIC_OFFSET, MAGIC);
            header.putLong(PID_OFFSET, self.pid());
            header.putLong(PROCESS_START_OFFSET, self.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
            header.putLong(CREATED_OFFSET, System.currentTimeMillis());
            header.putLong(CLOSED_OFFSET, 0);
            header.putInt(METADATA_LENGTH_OFFSET, metadataLength);
            header.putInt(VALUES_LENGTH_OFFSET, valuesLength);
            header.putIntRelease(VERSION_OFFSET, LAYOUT_VERSION);
            return new CountersFile(path, mapped, true);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the counters file " + path + ": " + ex.getMessage(), ex);
        }
    }

    /** Map an existing counters file read-only (tools). */
    public static CountersFile openReadOnly(final Path path)
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < HEADER_LENGTH)
            {
                throw new IllegalStateException(path + ": too short for a counters file (" + size + " bytes)");
            }
            return new CountersFile(path, channel.map(FileChannel.MapMode.READ_ONLY, 0, size), false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the counters file " + path + ": " + ex.getMessage(), ex);
        }
    }

    public Path path()
    {
        return path;
    }

    /** Allocates counters (writable files only). */
    public ConcurrentCountersManager manager()
    {
        if (manager == null)
        {
            throw new IllegalStateException(path + " is open read-only");
        }
        return manager;
    }

    /** A reader over the counters (any thread, any process). */
    public CountersReader reader()
    {
        return new CountersReader(metadata, values);
    }

    public long pid()
    {
        return header.getLong(PID_OFFSET);
    }

    public long processStartMs()
    {
        return header.getLong(PROCESS_START_OFFSET);
    }

    public long createdMs()
    {
        return header.getLong(CREATED_OFFSET);
    }

    /** When the daemon stopped cleanly, or 0. */
    public long closedMs()
    {
        return header.getLongVolatile(CLOSED_OFFSET);
    }

    /** Room for this many counters. */
    public int maxCounters()
    {
        return values.capacity() / CountersReader.COUNTER_LENGTH;
    }

    /**
     * True when the process that wrote the file still runs: not stopped cleanly, and its pid belongs to a process that
     * started when the writer did (a pid can be reused).
     */
    public boolean isWriterAlive()
    {
        if (closedMs() != 0)
        {
            return false;
        }
        final long startMs = processStartMs();
        return ProcessHandle.of(pid())
            .filter(ProcessHandle::isAlive)
            .map(process -> startMs == 0 || process.info().startInstant()
                .map(start -> Math.abs(start.toEpochMilli() - startMs) < 1_000).orElse(true))
            .orElse(false);
    }

    /**
     * Mark a clean stop; the file stays for post-mortem reading. The mapping is not unmapped here but when the
     * garbage collector frees it, so a late increment from a stopping thread can never touch unmapped memory.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (manager != null)
        {
            header.putLongRelease(CLOSED_OFFSET, System.currentTimeMillis());
            mapped.force();
        }
    }
}
