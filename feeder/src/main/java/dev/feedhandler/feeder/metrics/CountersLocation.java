package dev.feedhandler.feeder.metrics;

import dev.feedhandler.orderbook.metrics.CountersFile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Where counters files live by default: {@code /dev/shm/feedhandler-<user>/feeder-<pid>.counters} (the temp directory
 * where there is no {@code /dev/shm}), one per daemon process, so daemons and test runs never share one. A stopped
 * daemon's file stays for post-mortem reading until a later daemon starts and prunes the files of stopped or dead
 * daemons.
 */
final class CountersLocation
{
    private static final Pattern NAME = Pattern.compile("feeder-(\\d+)(-\\d+)?\\.counters");
    private static final AtomicInteger DAEMONS_IN_PROCESS = new AtomicInteger();

    private CountersLocation()
    {
    }

    static Path defaultDirectory()
    {
        final Path shm = Path.of("/dev/shm");
        final Path base = Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve("feedhandler-" + System.getProperty("user.name", "default"));
    }

    /** A new default file name for a daemon of this process (unique when a process runs several, as tests do). */
    static Path newDefaultFile()
    {
        final int n = DAEMONS_IN_PROCESS.incrementAndGet();
        final long pid = ProcessHandle.current().pid();
        return defaultDirectory().resolve("feeder-" + pid + (n == 1 ? "" : "-" + n) + ".counters");
    }

    /** Counters files in {@code directory} (by the default naming), newest first. */
    static List<Path> list(final Path directory)
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory))
        {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory))
        {
            for (final Path file : stream)
            {
                if (NAME.matcher(file.getFileName().toString()).matches())
                {
                    files.add(file);
                }
            }
        }
        catch (final IOException ex)
        {
            return files;
        }
        files.sort((a, b) -> Long.compare(lastModified(b), lastModified(a)));
        return files;
    }

    /** Delete the default-named files in {@code directory} whose writer stopped or no longer runs. */
    static void pruneDead(final Path directory)
    {
        for (final Path file : list(directory))
        {
            try
            {
                final CountersFile counters = CountersFile.openReadOnly(file);
                if (!counters.isWriterAlive()) // stopped cleanly, or its process is gone
                {
                    Files.deleteIfExists(file);
                }
            }
            catch (final RuntimeException | IOException ex)
            {
                // not ours to judge (being created, unreadable): leave it
            }
        }
    }

    private static long lastModified(final Path file)
    {
        try
        {
            return Files.getLastModifiedTime(file).toMillis();
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }
}
