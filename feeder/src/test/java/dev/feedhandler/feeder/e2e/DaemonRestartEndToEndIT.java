package dev.feedhandler.feeder.e2e;

import dev.feedhandler.feeder.daemon.FeederDaemon;
import dev.feedhandler.orderbook.metrics.CounterType;
import dev.feedhandler.protocol.consumer.ConsumerCounters;
import dev.feedhandler.sim.VenueSimulator;
import io.aeron.CommonContext;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.feedhandler.feeder.e2e.FaultDrill.INSTRUMENTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restarts with real processes: the daemon runs as {@code scripts/feeder} (the simulator and a consumer with its own
 * embedded media driver, like one on another host, stay in this JVM), is killed, and this test, acting as the
 * supervisor, starts it again. The consumer must see the new publisher session once (a larger epoch, counted as
 * {@code newSessions}, never as a gap), lose trust in every book exactly once, rebuild each from the new daemon's
 * snapshots and end equal to the simulator's truth.
 * <p>
 * With an external media driver that dies, the daemon must not limp on with a closed Aeron client: it logs one error
 * and exits with code 4 ({@link FeederDaemon#EXIT_DRIVER_LOST}) after {@code driver_timeout_ms}, so the supervisor
 * (systemd's {@code Restart=on-failure}) can start it again once the driver is back.
 */
class DaemonRestartEndToEndIT
{
    private static final long TIMEOUT_SECONDS = 60;
    private static final int SIGTERM_EXIT = 143;
    private static final int SIGKILL_EXIT = 137;
    /** A small heap and a simple collector: this box has 2 cores shared with other builds. */
    private static final Map<String, String> DAEMON_ENVIRONMENT =
        Map.of("FEEDER_HEAP", "256m", "FEEDER_GC_OPTS", "-XX:+UseSerialGC");

    @TempDir
    Path temp;

    private final List<Long> daemonPids = new ArrayList<>();
    private Processes processes;
    private VenueSimulator simulator;
    private FeedWatcher consumer;
    private String channel;

    @BeforeEach
    void setUp()
    {
        processes = new Processes(temp);
        simulator = FaultDrill.simulator(2_000);
        channel = FaultDrill.channel();
        consumer = new FeedWatcher(channel, INSTRUMENTS.length);
    }

    @AfterEach
    void tearDown() throws Exception
    {
        processes.close();
        consumer.close();
        simulator.close();
        for (final long pid : daemonPids)
        {
            deleteEmbeddedDriverDirectories(pid); // left behind if a test failed before the next daemon started
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SIGTERM", "SIGKILL"})
    void shouldStartANewSessionThatTheConsumerRebuildsFromSnapshotsWhenTheDaemonIsKilledAndStartedAgain(
        final String signal) throws Exception
    {
        final Path config = config("");
        final Processes.Run first = startDaemon(config);
        consumer.awaitAllTrusted();
        final long firstEpoch = consumer.epoch();
        final int[] lostBefore = consumer.lostCounts();

        if (signal.equals("SIGTERM"))
        {
            first.process().destroy();
            assertThat(first.await(TIMEOUT_SECONDS)).as("exit code after SIGTERM; " + first.err()).isEqualTo(SIGTERM_EXIT);
            assertThat(first.err()).as("a clean stop").doesNotContain("level=ERROR");
            try (CounterValues counters = CounterValues.open(temp.resolve("feeder.counters")))
            {
                assertThat(counters.file().closedMs()).as("counters file: a clean stop").isPositive();
            }
            assertThat(embeddedDriverDirectories(first.process().pid())).as("embedded driver's files").isEmpty();
        }
        else
        {
            first.process().destroyForcibly();
            assertThat(first.await(TIMEOUT_SECONDS)).as("exit code after SIGKILL").isEqualTo(SIGKILL_EXIT);
            assertThat(embeddedDriverDirectories(first.process().pid())).as("left behind by SIGKILL").hasSize(1);
        }

        final Processes.Run second = startDaemon(config);
        awaitNewSessionRebuilt(firstEpoch, lostBefore);
        assertThat(embeddedDriverDirectories(first.process().pid())).as("the killed daemon's driver files").isEmpty();
        assertCleanRun(second);
    }

    /** SIGKILL: the driver's heartbeat stops; SIGTERM: the driver says it shut down (and deletes its files). */
    @ParameterizedTest(name = "driver {0}")
    @ValueSource(strings = {"SIGKILL", "SIGTERM"})
    void shouldExitWithCode4WhenItsExternalMediaDriverDiesAndRecoverOnceBothAreStartedAgain(final String signal)
        throws Exception
    {
        final Path aeronDir = temp.resolve("aeron-driver");
        final Processes.Run driver = startDriver(aeronDir);
        // Shorter than Aeron's 10 s, yet long enough that a driver starved of CPU on a busy box is not taken for dead.
        final Path config = config("aeron_dir = \"" + aeronDir + "\"\ndriver_timeout_ms = 6000\n");
        final Processes.Run first = startDaemon(config);
        consumer.awaitAllTrusted();
        final long firstEpoch = consumer.epoch();
        final int[] lostBefore = consumer.lostCounts();

        if (signal.equals("SIGKILL"))
        {
            driver.process().destroyForcibly();
        }
        else
        {
            driver.process().destroy();
        }
        assertThat(first.await(TIMEOUT_SECONDS)).as("exit code after losing the driver; " + first.err())
            .isEqualTo(FeederDaemon.EXIT_DRIVER_LOST);
        assertThat(first.err().lines().filter(line -> line.contains("level=ERROR")))
            .as("one clear error").hasSize(1).allMatch(line -> line.contains("media driver lost"));
        try (CounterValues counters = CounterValues.open(temp.resolve("feeder.counters")))
        {
            assertThat(counters.file().closedMs()).as("counters file: a clean stop").isPositive();
        }

        startDriver(aeronDir);
        final Processes.Run second = startDaemon(config);
        awaitNewSessionRebuilt(firstEpoch, lostBefore);
        assertCleanRun(second);
    }

    private Processes.Run startDriver(final Path aeronDir) throws Exception
    {
        final Processes.Run driver = processes.mediaDriver(aeronDir);
        Processes.awaitCondition("the media driver heartbeating in " + aeronDir, TIMEOUT_SECONDS,
            () -> Processes.isDriverActive(aeronDir) || !driver.process().isAlive());
        assertThat(driver.process().isAlive()).as("media driver: " + driver.err()).isTrue();
        return driver;
    }

    private Processes.Run startDaemon(final Path config) throws Exception
    {
        final Processes.Run daemon = processes.script("feeder", DAEMON_ENVIRONMENT, "--config", config.toString());
        daemonPids.add(daemon.process().pid());
        Processes.awaitCondition("the daemon started", TIMEOUT_SECONDS,
            () -> daemon.err().contains("msg=\"started: ") || !daemon.process().isAlive());
        assertThat(daemon.process().isAlive()).as("daemon: " + daemon.err()).isTrue();
        return daemon;
    }

    /** One new session, each book untrusted once (for the restart) and then rebuilt equal to the truth, no gap. */
    private void awaitNewSessionRebuilt(final long firstEpoch, final int[] lostBefore)
    {
        consumer.awaitCondition("the consumer on the new publisher session",
            () -> consumer.counter(ConsumerCounters::newSessions) == 1);
        consumer.awaitAllTrusted();
        consumer.awaitBooksEqualTheTruth(simulator, INSTRUMENTS);
        assertThat(consumer.epoch()).as("the new epoch").isGreaterThan(firstEpoch);
        assertThat(consumer.counter(ConsumerCounters::newSessions)).as("sessions seen").isOne();
        assertThat(consumer.counter(ConsumerCounters::deltaGaps)).as("a restart is not a gap").isZero();
        for (int id = 0; id < INSTRUMENTS.length; id++)
        {
            final List<String> lost = consumer.trustLost(id);
            assertThat(lost.subList(lostBefore[id], lost.size())).as("instrument %d: trust lost", id)
                .hasSize(1).allMatch(state -> state.startsWith("SYNCING:"));
        }
    }

    /** The restarted daemon: each book synced once from the venue, nothing dropped; then a clean SIGTERM stop. */
    private void assertCleanRun(final Processes.Run daemon) throws Exception
    {
        try (CounterValues counters = CounterValues.open(temp.resolve("feeder.counters")))
        {
            assertThat(counters.file().pid()).isEqualTo(daemon.process().pid());
            for (final String[] instrument : INSTRUMENTS)
            {
                assertThat(counters.value(CounterType.SYNC_SNAPSHOTS_APPLIED, instrument[1], ""))
                    .as("%s snapshots applied", instrument[1]).isOne();
            }
            assertThat(counters.value(CounterType.SYNC_GAPS, "", "")).isZero();
            assertThat(counters.value(CounterType.PUBLISHER_DROPPED, "", "")).isZero();
        }
        daemon.process().destroy();
        assertThat(daemon.await(TIMEOUT_SECONDS)).as(daemon.err()).isEqualTo(SIGTERM_EXIT);
    }

    private Path config(final String publisher) throws Exception
    {
        final Path config = temp.resolve("feeder.toml");
        Files.writeString(config, FaultDrill.config(simulator.port(), channel, publisher));
        return config;
    }

    /** An embedded driver's directory is {@code <aeron dir>-feedhandler-<pid>-<n>} (AeronFeed). */
    private static List<File> embeddedDriverDirectories(final long pid)
    {
        final File base = new File(CommonContext.getAeronDirectoryName());
        final String prefix = base.getName() + "-feedhandler-" + pid + "-";
        final File[] found = base.getParentFile().listFiles((parent, name) -> name.startsWith(prefix));
        return found == null ? List.of() : List.of(found);
    }

    private static void deleteEmbeddedDriverDirectories(final long pid)
    {
        for (final File directory : embeddedDriverDirectories(pid))
        {
            IoUtil.delete(directory, true);
        }
    }
}
