package dev.feedhandler.feeder.metrics;

import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.metrics.CounterFactory;
import dev.feedhandler.orderbook.metrics.CounterType;
import dev.feedhandler.orderbook.metrics.CountersFile;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FeederStatTest
{
    private static final Instrument BTC = new Instrument(0, Venue.BINANCE_SPOT, "BTCUSDT", 2, 8);

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintEveryCounterAsJsonFromARealFileWhileTheWriterRuns()
    {
        final CountersFile file = CountersFile.create(temp.resolve("feeder.counters"), 32);
        final CounterFactory factory = new CounterFactory(file.manager());
        factory.instrument(CounterType.SYNC_DIFFS_APPLIED, BTC).set(1234);
        factory.venueDetail(CounterType.INGEST_DECODE_ERRORS, "binance-spot", 8, "BAD_NUMBER").set(3);
        factory.detail(CounterType.PUBLISHER_SENT, 1001, "delta").set(99);

        final int exit = run("--json", file.path().toString());

        assertThat(exit).isZero();
        final String json = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(json).startsWith("{\"file\":\"" + file.path() + "\",\"layoutVersion\":1,\"pid\":" +
            ProcessHandle.current().pid() + ",");
        assertThat(json).contains("\"stoppedMs\":0,\"running\":true,");
        assertThat(json).contains("{\"id\":0,\"typeId\":200,\"name\":\"sync_diffs_applied\"," +
            "\"label\":\"diffs applied: binance-spot BTCUSDT\",\"value\":1234,\"venue\":\"binance-spot\"," +
            "\"instrumentId\":0,\"symbol\":\"BTCUSDT\"}");
        assertThat(json).contains("{\"id\":1,\"typeId\":304,\"name\":\"ingest_decode_errors\"," +
            "\"label\":\"frames rejected: binance-spot BAD_NUMBER\",\"value\":3,\"venue\":\"binance-spot\"," +
            "\"detailCode\":8,\"detail\":\"BAD_NUMBER\"}");
        assertThat(json).contains("{\"id\":2,\"typeId\":400,\"name\":\"publisher_sent\"," +
            "\"label\":\"messages sent: delta\",\"value\":99,\"detailCode\":1001,\"detail\":\"delta\"}");
        assertThat(json).endsWith("]}");
        file.close();
    }

    @Test
    void shouldSayTheDaemonStoppedAndPrintTheFinalValuesOnce()
    {
        final CountersFile file = CountersFile.create(temp.resolve("feeder.counters"), 8);
        new CounterFactory(file.manager()).processor(CounterType.PROCESSOR_EVENTS).set(77);
        file.close();

        // No --count: a live table would run for ever, but a stopped daemon's values cannot change.
        final int exit = run(file.path().toString());

        assertThat(exit).isZero();
        final String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("daemon stopped at").contains("final values (file left behind)");
        assertThat(table).containsPattern("\\s+0\\s+100\\s+77\\s+book events taken from the ring:");
    }

    @Test
    void shouldSayTheDaemonIsNotRunningWhenItDiedWithoutStopping() throws Exception
    {
        final CountersFile file = CountersFile.create(temp.resolve("feeder.counters"), 8);
        new CounterFactory(file.manager()).processor(CounterType.PROCESSOR_EVENTS).set(5);
        try (RandomAccessFile raw = new RandomAccessFile(file.path().toFile(), "rw"))
        {
            raw.seek(8); // the pid: one that cannot exist (above any pid_max)
            raw.writeLong(Long.reverseBytes(Integer.MAX_VALUE + 10L));
        }

        assertThat(run("--json", file.path().toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"running\":false");
        out.reset();
        assertThat(run(file.path().toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("daemon NOT RUNNING");
    }

    @Test
    void shouldRefreshTheTableWithRatesAndFilterByLabel()
    {
        final CountersFile file = CountersFile.create(temp.resolve("feeder.counters"), 8);
        final CounterFactory factory = new CounterFactory(file.manager());
        final AtomicCounter frames = factory.venue(CounterType.INGEST_FRAMES, "binance-spot");
        factory.venue(CounterType.INGEST_BYTES, "binance-spot").set(10);
        frames.set(1);

        assertThat(run("--count", "2", "--interval", "0.05", "--match", "frames", file.path().toString())).isZero();

        final String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table.split("running \\(", -1)).hasSize(3); // two tables
        assertThat(table).contains("frames received: binance-spot").doesNotContain("bytes received");
        file.close();
    }

    @Test
    void shouldFailWithExitCodeTwoWithoutAReadableFile()
    {
        assertThat(run(temp.resolve("missing.counters").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read the counters file");
        err.reset();
        assertThat(run("--dir", temp.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no counters file in " + temp);
    }

    @Test
    void shouldFindTheRunningDaemonsFileInTheDirectory()
    {
        final CountersFile old = CountersFile.create(temp.resolve("feeder-1.counters"), 4);
        old.close();
        final CountersFile running = CountersFile.create(temp.resolve("feeder-2.counters"), 4);

        assertThat(run("--json", "--dir", temp.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"file\":\"" + running.path() + "\"");
        running.close();
    }

    private int run(final String... args)
    {
        return FeederStat.run(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }
}
