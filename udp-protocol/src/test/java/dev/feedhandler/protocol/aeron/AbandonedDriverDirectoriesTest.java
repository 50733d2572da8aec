package dev.feedhandler.protocol.aeron;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An embedded driver's directory ({@code <aeron dir>-feedhandler-<pid>-<n>}) outlives a process killed with SIGKILL;
 * the next {@link AeronFeed} with an embedded driver deletes it, and nothing else.
 */
class AbandonedDriverDirectoriesTest
{
    @TempDir
    Path temp;

    @Test
    void shouldDeleteTheDirectoriesOfEmbeddedDriversWhoseProcessIsGoneAndNothingElse() throws Exception
    {
        final long deadPid = exitedProcessPid();
        final long livePid = ProcessHandle.current().pid();
        final Path base = temp.resolve("aeron-someone");
        final Path abandoned = directoryWithAFile(temp.resolve("aeron-someone-feedhandler-" + deadPid + "-1"));
        final Path abandonedToo = directoryWithAFile(temp.resolve("aeron-someone-feedhandler-" + deadPid + "-2"));
        final Path live = directoryWithAFile(temp.resolve("aeron-someone-feedhandler-" + livePid + "-1"));
        final Path notOurs = directoryWithAFile(temp.resolve("aeron-other-feedhandler-" + deadPid + "-1"));
        final Path unnamed = directoryWithAFile(temp.resolve("aeron-someone-feedhandler-x-1"));

        assertThat(AeronFeed.deleteAbandonedEmbeddedDirectories(base.toString())).isEqualTo(2);

        assertThat(abandoned).doesNotExist();
        assertThat(abandonedToo).doesNotExist();
        assertThat(live).isDirectory();
        assertThat(notOurs).as("another user's Aeron directory").isDirectory();
        assertThat(unnamed).isDirectory();
    }

    private static long exitedProcessPid() throws Exception
    {
        final Process process = new ProcessBuilder("true").start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return process.pid();
    }

    private static Path directoryWithAFile(final Path directory) throws Exception
    {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("cnc.dat"), "x");
        return directory;
    }
}
