package dev.feedhandler.feeder.e2e;

import dev.feedhandler.feeder.config.ConfigLoader;
import dev.feedhandler.feeder.daemon.Daemon;
import dev.feedhandler.orderbook.metrics.CounterType;
import dev.feedhandler.protocol.consumer.ConsumerCounters;
import dev.feedhandler.protocol.publisher.PublisherCounters;
import dev.feedhandler.sim.VenueSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.feedhandler.feeder.e2e.FaultDrill.INSTRUMENTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumers that join late, end to end: the daemon publishes for a while with nobody listening, then one consumer
 * joins, then a second joins while the first is connected. Nobody listening costs the book thread nothing: messages
 * are counted as not connected (never as drops), their sequence numbers used up, and no snapshot cycle runs for
 * them. Each late joiner starts at the sequence it first hears (not a gap), rebuilds every book from snapshots (the
 * first subscriber's arrival starts a cycle at once; a later one waits for the next periodic cycle) and ends equal
 * to the simulator's truth; the consumer already there never notices the newcomer.
 */
class FeedLateJoinEndToEndTest
{
    @TempDir
    Path temp;

    @Test
    void shouldRebuildEveryBookFromSnapshotsWithoutAFalseGapWhenConsumersJoinAfterTheDaemonPublishedForAWhile()
        throws Exception
    {
        final String channel = FaultDrill.channel();
        final Path config = temp.resolve("feeder.toml");
        try (VenueSimulator simulator = FaultDrill.simulator(2_000))
        {
            Files.writeString(config, FaultDrill.config(simulator.port(), channel, ""));
            try (Daemon daemon = Daemon.start(ConfigLoader.load(config));
                CounterValues counters = CounterValues.open(daemon.metrics().countersFile()))
            {
                final PublisherCounters deltas = daemon.publisher().deltaStream().counters();
                Processes.awaitCondition("2,000 deltas published to nobody, both books LIVE", 60, () ->
                    deltas.notConnected() >= 2_000 && counters.value(CounterType.INSTRUMENTS_BY_STATE, "", "LIVE") == 2);
                assertThat(deltas.sent()).as("nothing sent with nobody listening").isZero();
                assertThat(deltas.dropped()).as("not connected is not a drop").isZero();
                assertThat(deltas.backPressured()).isZero();

                try (FeedWatcher first = new FeedWatcher(channel, INSTRUMENTS.length))
                {
                    first.awaitAllTrusted();
                    first.awaitCondition("the first consumer following 2,000 deltas",
                        () -> first.counter(ConsumerCounters::deltas) >= 2_000);
                    try (FeedWatcher second = new FeedWatcher(channel, INSTRUMENTS.length))
                    {
                        second.awaitAllTrusted();
                        first.awaitBooksEqualTheTruth(simulator, INSTRUMENTS);
                        second.awaitBooksEqualTheTruth(simulator, INSTRUMENTS);

                        for (final FeedWatcher consumer : List.of(first, second))
                        {
                            assertJoinedCleanly(consumer);
                        }
                        assertThat(deltas.dropped()).as("publisher drops").isZero();
                        assertThat(counters.value(CounterType.SYNC_GAPS, "", "")).as("venue gaps").isZero();
                    }
                }
            }
        }
    }

    /** No gap, no restart, each book synced by exactly one snapshot and never lost again. */
    private static void assertJoinedCleanly(final FeedWatcher consumer)
    {
        assertThat(consumer.counter(ConsumerCounters::deltaGaps)).as("delta gaps").isZero();
        assertThat(consumer.counter(ConsumerCounters::snapshotGaps)).as("snapshot gaps").isZero();
        assertThat(consumer.counter(ConsumerCounters::newSessions)).as("publisher restarts").isZero();
        assertThat(consumer.counter(ConsumerCounters::snapshotsApplied)).as("snapshots applied, one per book")
            .isEqualTo(INSTRUMENTS.length);
        for (int id = 0; id < INSTRUMENTS.length; id++)
        {
            assertThat(consumer.trustLost(id)).as("instrument %d lost trust", id).isEmpty();
            assertThat(consumer.statuses(id)).as("instrument %d publisher statuses", id)
                .noneMatch(s -> s.startsWith("STALE") || s.startsWith("RESYNCING"));
        }
    }
}
