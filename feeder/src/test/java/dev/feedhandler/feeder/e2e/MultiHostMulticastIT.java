package dev.feedhandler.feeder.e2e;

import dev.feedhandler.feeder.config.ConfigLoader;
import dev.feedhandler.feeder.daemon.Daemon;
import dev.feedhandler.protocol.consumer.ConsumerBook;
import dev.feedhandler.protocol.publisher.PublisherCounters;
import dev.feedhandler.protocol.publisher.StreamPublisher;
import dev.feedhandler.sim.BookTruth;
import dev.feedhandler.sim.SimulatorConfig;
import dev.feedhandler.sim.VenueSimulator;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.driver.status.SystemCounterDescriptor;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static dev.feedhandler.feeder.e2e.DaemonEndToEndTest.INSTRUMENTS;
import static dev.feedhandler.feeder.e2e.DaemonEndToEndTest.SPOT;
import static dev.feedhandler.feeder.e2e.DaemonEndToEndTest.USDM;
import static dev.feedhandler.feeder.e2e.ToolJson.number;
import static dev.feedhandler.feeder.e2e.ToolJson.submap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feed to a consumer on another host over a lossy link. {@link NetworkNamespace} makes the host: a network
 * namespace joined by veth, with 1% of the packets towards it dropped and some held back so that later ones overtake
 * them. The publisher side runs here: simulator → daemon → Aeron multicast through a media driver of the test's own
 * (so the daemon's stream can drain and linger after it stops, and the driver's counters can be read);
 * {@code scripts/udp-monitor} runs in the namespace as a real process with its own embedded driver, like a consumer on
 * another host. Aeron's NAKs must repair every loss: the monitor sees zero gaps and every message up to the
 * publisher's last, and its books equal the simulator's truth level by level; the publisher's driver must have
 * received NAKs and retransmitted, or the loss never happened. Needs root (it aborts, saying so, without the
 * privilege to create namespaces).
 */
class MultiHostMulticastIT
{
    private static final int UPDATES_PER_SECOND = 10_000;
    private static final long DELTAS = 200_000;
    private static final long TIMEOUT_SECONDS = 120;
    /**
     * Each receiver's window: 2 MB, about a second of this feed. The publisher is paced by its slowest receiver (min
     * flow control), and a receiver's window is all it may fall behind while a loss waits for its repair and while
     * its process waits for a CPU; Aeron's default, 128 KB, is 70 ms here, which a busy 2-core machine overruns (the
     * publisher is then back-pressured and drops: a gap). The socket buffer must hold the window.
     */
    private static final String RECEIVER_WINDOW = "|rcv-wnd=2m|so-rcvbuf=2m";
    /**
     * The publication may run half a term ahead of what its driver has sent: with a 16 MB term that is 8 MB, about 4 s
     * of this feed, so a driver thread kept from the CPU for a while does not back-pressure the daemon either.
     */
    private static final int TERM_LENGTH = 16 << 20;

    @TempDir
    Path temp;

    @Test
    void shouldRepairEveryLossByNakSoTheConsumerOnAnotherHostSeesNoGapAndEndsEqualToTheTruth() throws Exception
    {
        final long startNs = System.nanoTime();
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        // Aeron wants an odd data address (control is the next one up); a group and port of its own per run.
        final String endpoint = "aeron:udp?endpoint=239.255." + random.nextInt(1, 255) + "." +
            (random.nextInt(0, 127) * 2 + 1) + ":" + random.nextInt(41_000, 49_000);
        try (NetworkNamespace host = NetworkNamespace.create();
            Processes processes = new Processes(temp);
            MediaDriver driver = MediaDriver.launch(publisherDriver()))
        {
            final Processes.Run monitor = processes.scriptIn(host, "udp-monitor",
                "--channel", endpoint + "|interface=" + host.namespaceAddress() + RECEIVER_WINDOW,
                "--json", "--exit-on-end", "--fail-on-gap", "--duration", "600", "--books", "1000000");
            try
            {
                Processes.awaitCondition("udp-monitor in " + host.name() + " to subscribe", TIMEOUT_SECONDS,
                    () -> monitor.err().contains("subscribed to") || !monitor.process().isAlive());
                assertThat(monitor.process().isAlive()).as("udp-monitor: " + monitor.err()).isTrue();

                final Published published = publish(endpoint, host, driver, monitor);

                final int exitCode = monitor.await(TIMEOUT_SECONDS);
                final Map<String, Object> summary = ToolJson.parse(monitor.out());
                final NetworkNamespace.LinkStats link = host.stats();
                final long naksReceived = systemCounter(driver, SystemCounterDescriptor.NAK_MESSAGES_RECEIVED);
                final long retransmits = systemCounter(driver, SystemCounterDescriptor.RETRANSMITS_SENT);
                System.out.printf(Locale.ROOT, "MultiHostMulticastIT: %s; %s; publisher's driver: %d NAKs received, " +
                        "%d retransmits; publisher: %s; monitor: %s deltas, driver %s, gaps %s; %.1f s%n",
                    host.impairment(), link, naksReceived, retransmits, published.refusals(), summary.get("deltas"),
                    summary.get("driver"), summary.get("gaps"), (System.nanoTime() - startNs) / 1e9);

                assertThat(published.dropped()).as("messages the publisher dropped: " + published.refusals()).isZero();
                assertThat(exitCode).as("udp-monitor exit code (1: a gap); " + monitor.err()).isZero();
                assertThat(published.localGaps()).as("delta gaps seen on the publisher's side").isZero();

                assertThat(link.droppedPackets()).as("packets dropped on the link").isPositive();
                assertThat(naksReceived).as("NAKs the publisher's driver received").isPositive();
                assertThat(retransmits).as("retransmits the publisher's driver sent").isPositive();
                assertThat(number(submap(summary, "driver"), "naksSent")).as("NAKs the monitor's driver sent")
                    .isPositive();
                assertThat(number(submap(summary, "driver"), "lossGapFills")).as("losses Aeron gave up on").isZero();
                assertThat(number(submap(submap(summary, "gaps"), "delta"), "count")).as("delta gaps").isZero();
                assertThat(number(submap(submap(summary, "gaps"), "snapshot"), "count")).as("snapshot gaps").isZero();
                assertThat(number(summary, "publisherRestarts")).isZero();
                assertThat(number(summary, "lastDeltaSequence")).as("the monitor saw the publisher's last message")
                    .isEqualTo(published.lastDeltaSequence());
                assertThat(number(summary, "deltas")).as("deltas the monitor applied: it followed the whole run")
                    .isGreaterThanOrEqualTo(DELTAS / 2);
                assertBooksEqualTheTruth(summary, published.truths());
            }
            finally
            {
                stop(monitor.process());
            }
        }
    }

    /**
     * What the daemon published: its last delta-stream sequence, the truth at the end, the messages it dropped (on
     * either stream, back-pressured too long or with no receiver connected, after the first instant every book was
     * trusted), how it counted its refused claims, and the gaps the consumer on its side saw.
     */
    private record Published(
        long lastDeltaSequence, List<BookTruth> truths, long dropped, String refusals, long localGaps)
    {
    }

    /** Claims refused on one stream: back-pressured (retried), dropped after retries, not connected (dropped). */
    private static long[] refusals(final StreamPublisher stream)
    {
        final PublisherCounters counters = stream.counters();
        return new long[]{counters.backPressured(), counters.dropped(), counters.notConnected()};
    }

    /**
     * Run the simulator and the daemon until {@link #DELTAS} deltas went out, pause the venue, wait until a consumer
     * here (on the lossless local side of the link) holds the truth, then stop the daemon: its stream drains in the
     * test's driver and ends, which lets the monitor exit once it has everything.
     */
    private Published publish(
        final String endpoint, final NetworkNamespace host, final MediaDriver driver, final Processes.Run monitor)
        throws Exception
    {
        final FeedWatcher local = new FeedWatcher(endpoint + "|interface=" + host.rootAddress() + RECEIVER_WINDOW,
            INSTRUMENTS.length);
        try (VenueSimulator simulator = VenueSimulator.start(new SimulatorConfig()
            .instruments(SPOT, "BTCUSDT", "ETHUSDT")
            .instruments(USDM, "BTCUSDT", "ETHUSDT")
            .ratePerSecond(UPDATES_PER_SECOND)
            .levels(100)
            .seed(ThreadLocalRandom.current().nextLong())))
        {
            // DaemonEndToEndTest's daemon, with the test's media driver and term length, its counters file in temp, and
            // a read-idle timeout longer than the paused venue's silence at the end (at 2 s, a busy machine let both
            // connections time out before the local consumer had confirmed every book: instrument 0 went STALE after
            // it was checked, and the monitor ended with it untrusted).
            final String toml = DaemonEndToEndTest.config(simulator.port(), endpoint + "|interface=" +
                host.rootAddress()).replace("[publisher]\n", "[publisher]\naeron_dir = \"" +
                driver.aeronDirectoryName() + "\"\nterm_length = " + TERM_LENGTH + "\n")
                .replace("read_idle_timeout_ms = 2000", "read_idle_timeout_ms = 60000") +
                "[metrics]\ncounters_file = \"feeder.counters\"\n";
            assertThat(toml).contains("aeron_dir", "read_idle_timeout_ms = 60000");
            final Path config = Files.writeString(temp.resolve("multi-host.toml"), toml);
            final Daemon daemon = Daemon.start(ConfigLoader.load(config));
            final List<BookTruth> truths = new ArrayList<>();
            final long[] deltasBefore;
            final long[] snapshotsBefore;
            try
            {
                local.awaitAllTrusted();
                deltasBefore = refusals(daemon.publisher().deltaStream());
                snapshotsBefore = refusals(daemon.publisher().snapshotStream());
                Processes.awaitCondition(DELTAS + " deltas published", TIMEOUT_SECONDS,
                    () -> daemon.publisher().deltaStream().counters().sent() >= DELTAS || !monitor.process().isAlive());
                assertThat(monitor.process().isAlive()).as("udp-monitor: " + monitor.err()).isTrue();

                simulator.pause();
                for (int id = 0; id < INSTRUMENTS.length; id++)
                {
                    final int instrument = id;
                    final BookTruth truth = simulator.truth(INSTRUMENTS[id][0], INSTRUMENTS[id][1]);
                    truths.add(truth);
                    local.awaitCondition("instrument " + id + " published up to update " + truth.updateId(), () ->
                    {
                        final ConsumerBook book = local.book(instrument);
                        return book != null && book.isTrustworthy() && book.venueSequence() == truth.updateId();
                    });
                }
            }
            finally
            {
                daemon.close();
            }
            final long[] deltas = refusals(daemon.publisher().deltaStream());
            final long[] snapshots = refusals(daemon.publisher().snapshotStream());
            final long dropped = deltas[1] - deltasBefore[1] + deltas[2] - deltasBefore[2] +
                snapshots[1] - snapshotsBefore[1] + snapshots[2] - snapshotsBefore[2];
            return new Published(daemon.publisher().deltaStream().sequence(), truths, dropped,
                "deltas back-pressured/dropped/not connected " + Arrays.toString(deltas) + ", snapshots " +
                Arrays.toString(snapshots), local.counter(c -> c.deltaGaps()));
        }
        finally
        {
            local.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertBooksEqualTheTruth(final Map<String, Object> summary, final List<BookTruth> truths)
    {
        final List<Object> books = (List<Object>)summary.get("books");
        assertThat(books).hasSize(truths.size());
        for (int id = 0; id < truths.size(); id++)
        {
            final Map<String, Object> book = (Map<String, Object>)books.get(id);
            final BookTruth truth = truths.get(id);
            assertThat(book.get("venue")).isEqualTo(truth.venue());
            assertThat(book.get("instrument")).isEqualTo(truth.symbol());
            assertThat(book.get("trusted")).as("instrument %d trusted", id).isEqualTo(Boolean.TRUE);
            assertThat(number(book, "venueSequence")).as("instrument %d venue sequence", id)
                .isEqualTo(truth.updateId());
            assertThat((List<Object>)submap(book, "book").get("bids")).as("instrument %d bids", id)
                .isEqualTo(levels(truth.bids()));
            assertThat((List<Object>)submap(book, "book").get("asks")).as("instrument %d asks", id)
                .isEqualTo(levels(truth.asks()));
        }
    }

    /** The truth's levels as the monitor prints them: {@code [["price","quantity"], ...]}, best first. */
    private static List<Object> levels(final List<BookTruth.Level> truth)
    {
        final List<Object> levels = new ArrayList<>();
        for (final BookTruth.Level level : truth)
        {
            levels.add(List.of(level.priceText(), level.quantityText()));
        }
        return levels;
    }

    /** In /dev/shm like every Aeron directory (a disk-backed one can stall the publisher in page writeback). */
    private static MediaDriver.Context publisherDriver()
    {
        return new MediaDriver.Context()
            .aeronDirectoryName(
                CommonContext.getAeronDirectoryName() + "-multihost-it-" + ProcessHandle.current().pid())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
    }

    private static long systemCounter(final MediaDriver driver, final SystemCounterDescriptor descriptor)
    {
        return driver.context().systemCounters().get(descriptor).get();
    }

    /**
     * Stop the monitor if it still runs, and delete its embedded driver's directory under /dev/shm if it could not
     * (it deletes it itself when it stops normally).
     */
    private static void stop(final Process monitor) throws InterruptedException
    {
        monitor.destroy();
        if (!monitor.waitFor(10, TimeUnit.SECONDS))
        {
            monitor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        final File base = new File(CommonContext.getAeronDirectoryName());
        final File[] leftovers = base.getParentFile().listFiles(
            (dir, name) -> name.startsWith(base.getName() + "-feedhandler-" + monitor.pid() + "-"));
        if (leftovers != null)
        {
            for (final File leftover : leftovers)
            {
                IoUtil.delete(leftover, true);
            }
        }
    }
}
