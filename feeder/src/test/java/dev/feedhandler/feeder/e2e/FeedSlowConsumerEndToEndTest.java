package dev.feedhandler.feeder.e2e;

import dev.feedhandler.feeder.config.ConfigLoader;
import dev.feedhandler.feeder.daemon.Daemon;
import dev.feedhandler.orderbook.metrics.CounterType;
import dev.feedhandler.protocol.consumer.ConsumerCounters;
import dev.feedhandler.protocol.publisher.PublisherConfig;
import dev.feedhandler.protocol.publisher.PublisherCounters;
import dev.feedhandler.sim.VenueSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.feedhandler.feeder.e2e.FaultDrill.INSTRUMENTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Aeron back-pressure end to end: simulator → daemon → Aeron multicast on loopback → consumers, one of which stops
 * polling for a while. The publisher's promise (docs/protocol.md, "Flow control"): the book thread never waits for a
 * consumer. A claim refused for back-pressure is retried {@code max_retries} times, then the message is dropped with
 * its sequence number used up and counted once ({@code publisher_dropped}); every consumer sees exactly those
 * messages missing, and rebuilds its books from the snapshot cycle that the drop starts.
 * <p>
 * The term is small (256 KiB, so a 128 KiB receiver window: half a second of this feed) so that a stalled consumer
 * back-pressures the publisher quickly, while a consumer merely slowed down by a busy machine does not. Counts are
 * compared with the simulator paused, so that no message is in flight between the publisher and the consumer.
 */
class FeedSlowConsumerEndToEndTest
{
    private static final int RATE = 2_000;
    private static final int TERM_LENGTH = 256 * 1024;
    private static final String SMALL_TERM = "term_length = " + TERM_LENGTH + "\n";

    @TempDir
    Path temp;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception
    {
        for (int i = closing.size() - 1; i >= 0; i--)
        {
            closing.get(i).close();
        }
    }

    @ParameterizedTest(name = "fc={0}")
    @ValueSource(strings = {"min,t:5s", "max"})
    void shouldDropAndCountWhatAStalledConsumerCannotTakeWithoutHoldingUpTheBookThreadThenRecoverFromSnapshots(
        final String flowControl) throws Exception
    {
        final VenueSimulator simulator = open(FaultDrill.simulator(RATE));
        final String channel = FaultDrill.channel();
        final FeedWatcher consumer = open(new FeedWatcher(channel, INSTRUMENTS.length));
        final Daemon daemon = startDaemon(simulator, channel, SMALL_TERM + "flow_control = \"" + flowControl + "\"\n");
        final CounterValues counters = open(CounterValues.open(daemon.metrics().countersFile()));
        final PublisherCounters deltas = daemon.publisher().deltaStream().counters();
        consumer.awaitAllTrusted();

        final Baseline before = new Baseline(daemon, consumer);
        consumer.pause();
        Processes.awaitCondition("the publisher back-pressured by the stalled consumer, dropping", 30,
            () -> deltas.dropped() - before.deltaDropped >= 100);
        final long appliedAtFirstDrops = counters.value(CounterType.SYNC_DIFFS_APPLIED, "", "");
        final long droppedAtFirstDrops = deltas.dropped();
        Processes.awaitCondition("the book thread applying 1,000 more diffs while their deltas are dropped", 30,
            () -> counters.value(CounterType.SYNC_DIFFS_APPLIED, "", "") - appliedAtFirstDrops >= 1_000 &&
                deltas.dropped() - droppedAtFirstDrops >= 500);
        assertThat(counters.value(CounterType.INSTRUMENTS_BY_STATE, "", "LIVE")).as("the daemon's books stay LIVE")
            .isEqualTo(INSTRUMENTS.length);
        consumer.resume();

        assertMissingExactlyWhatThePublisherDropped(simulator, daemon, consumer, before);
        consumer.awaitBooksEqualTheTruth(simulator, INSTRUMENTS);
        assertThat(consumer.counter(ConsumerCounters::deltaGaps) - before.deltaGaps).as("delta gaps seen").isPositive();
        final long dropped = deltas.dropped() - before.deltaDropped;
        assertThat(deltas.backPressured() + deltas.adminActions() - before.deltaRefusals)
            .as("every dropped message was refused once and retried max_retries times")
            .isGreaterThanOrEqualTo((PublisherConfig.DEFAULT.maxRetries() + 1) * dropped);
        assertThat(deltas.notConnected() - before.deltaNotConnected).as("never disconnected").isZero();
        assertThat(deltas.closed()).isZero();
        assertThat(counters.value(CounterType.SYNC_GAPS, "", "")).as("venue gaps at the daemon").isZero();
        for (int id = 0; id < INSTRUMENTS.length; id++)
        {
            // Lost by the consumer's own gap, while the publisher's book stayed LIVE (it never said otherwise).
            final List<String> lost = consumer.trustLost(id).subList(before.lost[id], consumer.trustLost(id).size());
            assertThat(lost).as("instrument %d: trust lost after the gap", id).isNotEmpty().allMatch(s -> s.startsWith("LIVE:"));
            assertThat(consumer.statusesSince(id, before.statuses[id])).as("instrument %d: publisher statuses", id)
                .noneMatch(s -> s.startsWith("STALE") || s.startsWith("RESYNCING"));
        }
        assertThat(consumer.counter(ConsumerCounters::newSessions)).isZero();
    }

    /**
     * Aeron's default flow control ({@code max}) paces the publisher by the fastest receiver: a stalled consumer does
     * not hold it back (it runs a whole term buffer past it). The stalled consumer cannot be repaired then: its image
     * stops, and after Aeron's liveness timeout (about 10 s) it rejoins the live stream with a new image, sees the jump
     * in sequence as a gap and rebuilds from snapshots. The other consumer misses nothing but what the publisher
     * itself dropped (nothing, unless this machine starved it too).
     */
    @Test
    void shouldNotHoldThePublisherBackForAStalledConsumerUnderMaxFlowControlWhichRejoinsAndRebuilds() throws Exception
    {
        final VenueSimulator simulator = open(FaultDrill.simulator(RATE));
        final String channel = FaultDrill.channel();
        final FeedWatcher fast = open(new FeedWatcher(channel, INSTRUMENTS.length));
        final FeedWatcher slow = open(new FeedWatcher(channel, INSTRUMENTS.length));
        final Daemon daemon = startDaemon(simulator, channel, SMALL_TERM + "flow_control = \"max\"\n");
        final PublisherCounters deltas = daemon.publisher().deltaStream().counters();
        fast.awaitAllTrusted();
        slow.awaitAllTrusted();

        final Baseline fastBefore = new Baseline(daemon, fast);
        final Baseline slowBefore = new Baseline(daemon, slow);
        final int slowImages = slow.imagesSeen();
        slow.pause();
        final long bytesAtPause = deltas.bytes();
        Processes.awaitCondition("the publisher a whole term buffer (3 terms) past the stalled consumer", 60,
            () -> deltas.bytes() - bytesAtPause >= 4L * TERM_LENGTH);
        slow.resume();

        slow.awaitCondition("the stalled consumer rejoined and saw the gap",
            () -> slow.counter(ConsumerCounters::deltaGaps) > slowBefore.deltaGaps);
        assertThat(slow.imagesSeen()).as("a new image: the slow consumer rejoined the stream").isGreaterThan(slowImages);
        assertMissingExactlyWhatThePublisherDropped(simulator, daemon, fast, fastBefore);
        slow.awaitBooksEqualTheTruth(simulator, INSTRUMENTS);
        fast.awaitBooksEqualTheTruth(simulator, INSTRUMENTS);
        for (int id = 0; id < INSTRUMENTS.length; id++)
        {
            assertThat(slow.trustLost(id).size()).as("slow consumer, instrument %d: trust lost", id)
                .isGreaterThan(slowBefore.lost[id]);
        }
    }

    /**
     * With the venue paused (nothing new to publish), wait until the consumer trusts every book again and has seen as
     * missing exactly the messages the publisher dropped since the baseline, on each stream: each drop counted once
     * by the publisher and seen once by the consumer.
     */
    private static void assertMissingExactlyWhatThePublisherDropped(
        final VenueSimulator simulator, final Daemon daemon, final FeedWatcher consumer, final Baseline before)
    {
        final PublisherCounters deltas = daemon.publisher().deltaStream().counters();
        final PublisherCounters snapshots = daemon.publisher().snapshotStream().counters();
        simulator.pause();
        try
        {
            consumer.awaitAllTrusted();
            consumer.awaitCondition("the consumer missing exactly the delta-stream messages the publisher dropped",
                () -> consumer.counter(ConsumerCounters::deltaGapMessages) - before.deltaGapMessages ==
                    deltas.dropped() - before.deltaDropped);
            consumer.awaitCondition("the consumer missing exactly the snapshot-stream messages the publisher dropped",
                () -> consumer.counter(ConsumerCounters::snapshotGapMessages) - before.snapshotGapMessages ==
                    snapshots.dropped() - before.snapshotDropped);
        }
        finally
        {
            simulator.resume();
        }
    }

    private Daemon startDaemon(final VenueSimulator simulator, final String channel, final String publisher)
        throws Exception
    {
        final Path config = temp.resolve("feeder.toml");
        Files.writeString(config, FaultDrill.config(simulator.port(), channel, publisher));
        return open(Daemon.start(ConfigLoader.load(config)));
    }

    private <T extends AutoCloseable> T open(final T resource)
    {
        closing.add(resource);
        return resource;
    }

    /** The publisher's and a consumer's counts before the fault. */
    private static final class Baseline
    {
        final long deltaDropped;
        final long deltaRefusals;
        final long deltaNotConnected;
        final long snapshotDropped;
        final long deltaGaps;
        final long deltaGapMessages;
        final long snapshotGapMessages;
        final int[] lost;
        final int[] statuses;

        Baseline(final Daemon daemon, final FeedWatcher watcher)
        {
            final PublisherCounters deltas = daemon.publisher().deltaStream().counters();
            deltaDropped = deltas.dropped();
            deltaRefusals = deltas.backPressured() + deltas.adminActions();
            deltaNotConnected = deltas.notConnected();
            snapshotDropped = daemon.publisher().snapshotStream().counters().dropped();
            deltaGaps = watcher.counter(ConsumerCounters::deltaGaps);
            deltaGapMessages = watcher.counter(ConsumerCounters::deltaGapMessages);
            snapshotGapMessages = watcher.counter(ConsumerCounters::snapshotGapMessages);
            lost = watcher.lostCounts();
            statuses = new int[lost.length];
            for (int id = 0; id < lost.length; id++)
            {
                statuses[id] = watcher.statuses(id).size();
            }
        }
    }
}
