package dev.feedhandler.feeder.e2e;

import dev.feedhandler.feeder.config.ConfigLoader;
import dev.feedhandler.feeder.daemon.Daemon;
import dev.feedhandler.feeder.metrics.FeederStat;
import dev.feedhandler.feeder.metrics.LatencyHistograms;
import dev.feedhandler.feeder.metrics.LatencyHistograms.Stage;
import dev.feedhandler.orderbook.metrics.CounterType;
import dev.feedhandler.orderbook.metrics.CountersFile;
import dev.feedhandler.sim.FaultType;
import dev.feedhandler.sim.VenueSimulator;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Simulator → daemon over real sockets, with the counters read the way an operator reads them: a separate read-only
 * mapping of the counters file, {@code feeder-stat --json}, and the Prometheus endpoint over HTTP. A malformed frame
 * must move the decode-error, bad-input and resync counters of the right venue and instrument; after the daemon
 * stops the file stays readable and says so. Ring timestamps are on: every update lands in all four stage histograms.
 */
class DaemonCountersEndToEndTest
{
    private static final String SPOT = "binance-spot";
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path temp;

    @Test
    void shouldExposeTheRunningDaemonsCountersThroughTheFileFeederStatAndPrometheus() throws Exception
    {
        final int prometheusPort = freePort();
        final Path countersPath = temp.resolve("feeder.counters");
        try (VenueSimulator simulator = FaultDrill.simulator(2_000))
        {
            final Path config = temp.resolve("counters.toml");
            Files.writeString(config, FaultDrill.config(simulator.port(), FaultDrill.channel(), "",
                "prometheus_port = " + prometheusPort + "\nring_timestamps = true"));
            final Daemon daemon = Daemon.start(ConfigLoader.load(config));
            final LatencyHistograms latency = daemon.metrics().latency();
            latency.markWindow();
            final boolean markedBeforeAnyUpdate;
            try
            {
                assertThat(daemon.metrics().countersFile()).isEqualTo(countersPath);
                final CountersFile file = CountersFile.openReadOnly(countersPath);
                final CountersReader reader = file.reader();
                markedBeforeAnyUpdate = value(reader, CounterType.PROCESSOR_EVENTS, "", "") == 0;
                assertThat(file.pid()).isEqualTo(ProcessHandle.current().pid());

                awaitCondition("both instruments LIVE with 200 diffs applied each, seen through the file", () ->
                    value(reader, CounterType.INSTRUMENTS_BY_STATE, "", "LIVE") == 2 &&
                    value(reader, CounterType.SYNC_DIFFS_APPLIED, "BTCUSDT", "") >= 200 &&
                    value(reader, CounterType.SYNC_DIFFS_APPLIED, "ETHUSDT", "") >= 200);
                assertThat(value(reader, CounterType.INGEST_FRAMES, "", "")).isPositive();
                assertThat(value(reader, CounterType.INGEST_BYTES, "", "")).isPositive();
                assertThat(value(reader, CounterType.INGEST_SNAPSHOTS, "", "")).isGreaterThanOrEqualTo(2);
                assertThat(value(reader, CounterType.SYNC_SNAPSHOTS_APPLIED, "BTCUSDT", "")).isOne();
                assertThat(value(reader, CounterType.PROCESSOR_EVENTS, "", "")).isPositive();
                assertThat(value(reader, CounterType.PUBLISHER_SENT, "", "delta") +
                    value(reader, CounterType.PUBLISHER_NOT_CONNECTED, "", "delta")).isPositive();
                assertThat(value(reader, CounterType.INSTRUMENT_STATE, "ETHUSDT", "")).isEqualTo(2);
                assertThat(daemon.ingest().counters().get(0).frames()).isPositive();

                // A malformed frame for BTCUSDT: one decode error, one bad input, a resync.
                final long requestsBefore = value(reader, CounterType.SYNC_SNAPSHOT_REQUESTS, "BTCUSDT", "");
                simulator.injectFault(SPOT, "BTCUSDT", FaultType.MALFORMED, 1);
                awaitCondition("the malformed frame counted and the instrument resynced", () ->
                    value(reader, CounterType.INGEST_DECODE_ERRORS, "", "") >= 1 &&
                    value(reader, CounterType.SYNC_BAD_INPUTS, "BTCUSDT", "") >= 1 &&
                    value(reader, CounterType.SYNC_SNAPSHOT_REQUESTS, "BTCUSDT", "") > requestsBefore &&
                    value(reader, CounterType.INSTRUMENTS_BY_STATE, "", "LIVE") == 2);
                assertThat(value(reader, CounterType.SYNC_BAD_INPUTS, "ETHUSDT", "")).isZero();

                final String json = feederStat("--json", countersPath.toString());
                assertThat(json).contains("\"running\":true").contains("\"name\":\"sync_diffs_applied\"")
                    .contains("\"symbol\":\"ETHUSDT\"");

                final String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + prometheusPort + "/metrics")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("feeder_instruments_by_state{state=\"LIVE\"} 2\n");
                assertThat(metrics).containsPattern(
                    "feeder_sync_diffs_applied_total\\{venue=\"binance-spot\",instrument=\"BTCUSDT\"," +
                    "instrument_id=\"0\"} [1-9][0-9]*\n");
                assertThat(metrics).containsPattern("feeder_latency_ingress_to_applied_seconds_count [1-9][0-9]*\n");
                assertThat(metrics).containsPattern("feeder_latency_applied_to_published_seconds_count [1-9][0-9]*\n");
                assertThat(metrics).containsPattern("feeder_latency_ingress_to_ring_seconds_count [1-9][0-9]*\n");
                assertThat(metrics).containsPattern("feeder_latency_ring_to_applied_seconds_count [1-9][0-9]*\n");
            }
            finally
            {
                daemon.close();
            }

            // Stopped: the book thread recorded its last update. Every event (REST snapshots and diffs) was stamped,
            // so every update is in all four stages, the window missing none of what the scrapes drained.
            final long updates = latency.window(Stage.APPLIED_TO_PUBLISHED).getTotalCount();
            assertThat(updates).isGreaterThanOrEqualTo(400);
            for (final Stage stage : Stage.values())
            {
                final Histogram histogram = latency.window(stage);
                if (markedBeforeAnyUpdate) // else an update may straddle the mark (a descheduled test thread)
                {
                    assertThat(histogram.getTotalCount()).as("updates in %s", stage).isEqualTo(updates);
                }
                assertThat(histogram.getMaxValue()).as("%s max (ns)", stage).isPositive()
                    .isLessThan(TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS));
            }

            final CountersFile after = CountersFile.openReadOnly(countersPath);
            assertThat(after.closedMs()).isPositive();
            assertThat(after.isWriterAlive()).isFalse();
            assertThat(value(after.reader(), CounterType.SYNC_DIFFS_APPLIED, "BTCUSDT", "")).isGreaterThanOrEqualTo(200);
            assertThat(feederStat(countersPath.toString())).contains("daemon stopped at");
        }
    }

    private static long value(final CountersReader reader, final CounterType type, final String symbol,
        final String detail)
    {
        return new CounterValues(reader).value(type, symbol, detail);
    }

    private static String feederStat(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int exit = FeederStat.run(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), args);
        assertThat(exit).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int freePort() throws Exception
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    private static void awaitCondition(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline >= 0)
            {
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // poll interval of a deadline wait
        }
    }
}
