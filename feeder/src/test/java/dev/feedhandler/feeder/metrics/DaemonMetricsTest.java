package dev.feedhandler.feeder.metrics;

import dev.feedhandler.feeder.config.DaemonConfig;
import dev.feedhandler.orderbook.metrics.CountersFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DaemonMetricsTest
{
    @TempDir
    Path temp;

    @Test
    void shouldRefuseACountersFileThatAnotherRunningProcessWrites() throws Exception
    {
        final Path path = temp.resolve("feeder.counters");
        CountersFile.create(path, 4).close();
        final ProcessHandle other = ProcessHandle.current().parent().orElseThrow(); // alive: it started this JVM
        writeWriter(path, other.pid(), other.info().startInstant().map(Instant::toEpochMilli).orElse(0L), 0);

        assertThatThrownBy(() -> DaemonMetrics.start(new DaemonConfig.Metrics(path, 0, "127.0.0.1", false, false), 1, 1))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(path + " is in use by the running process " + other.pid());
    }

    @Test
    void shouldReplaceTheFileOfAStoppedDaemonAndStartFresh()
    {
        final Path path = temp.resolve("feeder.counters");
        CountersFile.create(path, 4).close();

        try (DaemonMetrics metrics = DaemonMetrics.start(new DaemonConfig.Metrics(path, 0, "127.0.0.1", true, false), 3, 2))
        {
            final CountersFile file = CountersFile.openReadOnly(path);
            assertThat(file.isWriterAlive()).isTrue();
            assertThat(file.maxCounters()).isEqualTo(DaemonMetrics.capacity(3, 2));
            assertThat(metrics.latency()).isNotNull();
            assertThat(metrics.latency().hasRingStages()).as("ring timestamps are off by default").isFalse();
            assertThat(metrics.prometheusPort()).isZero();
        }
        assertThat(CountersFile.openReadOnly(path).closedMs()).isPositive();
    }

    @Test
    void shouldPruneOnlyTheDefaultNamedFilesOfProcessesThatNoLongerRun() throws Exception
    {
        final Path dead = temp.resolve("feeder-999999999.counters");
        CountersFile.create(dead, 4);
        writeWriter(dead, Integer.MAX_VALUE + 10L, 0, 0);
        final Path stopped = temp.resolve("feeder-1-2.counters");
        CountersFile.create(stopped, 4).close();
        final Path mine = temp.resolve("feeder-5.counters");
        final CountersFile running = CountersFile.create(mine, 4);
        final Path other = temp.resolve("other.counters");
        CountersFile.create(other, 4).close();

        CountersLocation.pruneDead(temp);

        assertThat(dead).doesNotExist();
        assertThat(stopped).doesNotExist();
        assertThat(mine).exists();
        assertThat(other).as("not named like a default file: not ours to delete").exists();
        running.close();
    }

    /** Overwrite the header's writer fields (little-endian, as the mapping writes them). */
    private static void writeWriter(final Path path, final long pid, final long startMs, final long closedMs)
        throws Exception
    {
        try (RandomAccessFile raw = new RandomAccessFile(path.toFile(), "rw"))
        {
            raw.seek(8);
            raw.writeLong(Long.reverseBytes(pid));
            raw.writeLong(Long.reverseBytes(startMs));
            raw.seek(32);
            raw.writeLong(Long.reverseBytes(closedMs));
        }
        assertThat(Files.size(path)).isPositive();
    }
}
