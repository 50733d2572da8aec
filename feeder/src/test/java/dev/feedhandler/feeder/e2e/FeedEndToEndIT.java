package dev.feedhandler.feeder.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.feedhandler.feeder.e2e.ToolJson.number;
import static dev.feedhandler.feeder.e2e.ToolJson.submap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feed end to end with real processes and real UDP multicast on loopback: {@code scripts/book-replay --publish}
 * replays a Binance capture onto the feed, {@code scripts/udp-monitor} processes (each with its own embedded media
 * driver, like a consumer on another host) rebuild the books, and their books must equal what the publisher printed.
 */
class FeedEndToEndIT
{
    private static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "../fixtures"));
    private static final String SPOT_SNAPSHOT = FIXTURES.resolve(
        "binance-spot/NKNUSDT_rest_depth_limit1000_snapshot.json").toString();
    private static final String SPOT_FRAMES = FIXTURES.resolve(
        "binance-spot/NKNUSDT_ws_depth100ms_and_bookTicker.jsonl").toString();
    private static final String USDM_SNAPSHOT = FIXTURES.resolve(
        "binance-usdm/SUSHIUSDT_rest_fapi_depth_limit1000_snapshot.json").toString();
    private static final String USDM_FRAMES = FIXTURES.resolve(
        "binance-usdm/SUSHIUSDT_ws_depth100ms_bookTicker_aggTrade_kline.jsonl").toString();
    private static final Pattern PUBLISHED_SEQUENCE = Pattern.compile("delta stream seq (\\d+)");
    private static final long TIMEOUT_SECONDS = 90;

    @TempDir
    Path temp;

    private Processes processes;
    private String channel;

    @BeforeEach
    void setUp()
    {
        processes = new Processes(temp);
        // A port of its own, so tests (and builds) never hear each other.
        channel = "aeron:udp?endpoint=239.255.42.11:" + ThreadLocalRandom.current().nextInt(41_000, 49_000) +
            "|interface=127.0.0.1";
    }

    @AfterEach
    void tearDown()
    {
        processes.close();
    }

    @Test
    void shouldRebuildEveryBookExactlyFromMulticastThroughAnExternalMediaDriver() throws Exception
    {
        final Path aeronDir = temp.resolve("aeron-driver");
        final Processes.Run driver = processes.mediaDriver(aeronDir);
        Processes.awaitCondition("the media driver's cnc.dat", TIMEOUT_SECONDS,
            () -> Files.exists(aeronDir.resolve("cnc.dat")) || !driver.process().isAlive());
        assertThat(driver.process().isAlive()).as("media driver: " + driver.err()).isTrue();

        final Processes.Run monitor = startMonitor("--books", "10");
        final Processes.Run replay = processes.script("book-replay", "--venue", "binance-spot",
            "--snapshot", SPOT_SNAPSHOT, "--frames", SPOT_FRAMES, "--publish", "--channel", channel,
            "--aeron-dir", aeronDir.toString(), "--await-subscriber", "30", "--linger", "0.5");

        assertThat(replay.await(TIMEOUT_SECONDS)).as("book-replay: " + replay.err()).isZero();
        assertThat(monitor.await(TIMEOUT_SECONDS)).as("udp-monitor: " + monitor.err()).isZero();
        final Map<String, Object> summary = ToolJson.parse(monitor.out());
        final Map<String, Object> published = ToolJson.parse(replay.out());

        assertNoGaps(summary);
        assertThat(number(summary, "deltas")).as("BookDelta messages: one per applied diff").isEqualTo(149);
        assertThat(number(summary, "lastDeltaSequence")).as("the monitor saw the publisher's last message")
            .isEqualTo(publishedSequence(replay));
        assertThat(number(summary, "publisherRestarts")).isZero();
        assertBookEqualsPublished(summary, published);
    }

    @Test
    void shouldReportExactlyTheGapThePublisherMadeAndRecoverFromSnapshots() throws Exception
    {
        final Processes.Run monitor = startMonitor("--books", "10", "--fail-on-gap");
        final Processes.Run replay = processes.script("book-replay", "--venue", "binance-usdm",
            "--snapshot", USDM_SNAPSHOT, "--frames", USDM_FRAMES, "--publish", "--channel", channel,
            "--await-subscriber", "30", "--linger", "0.5", "--skip-sequence", "60");

        assertThat(replay.await(TIMEOUT_SECONDS)).as("book-replay: " + replay.err()).isZero();
        assertThat(monitor.await(TIMEOUT_SECONDS)).as("--fail-on-gap exit code; " + monitor.err()).isEqualTo(1);
        final Map<String, Object> summary = ToolJson.parse(monitor.out());

        final Map<String, Object> deltaGaps = submap(submap(summary, "gaps"), "delta");
        assertThat(number(deltaGaps, "count")).isEqualTo(1);
        assertThat(number(deltaGaps, "messages")).isEqualTo(1);
        assertThat(number(deltaGaps, "largest")).isEqualTo(1);
        assertThat(number(submap(submap(summary, "gaps"), "snapshot"), "count")).isZero();
        // The consumer lost its book at the gap and rebuilt it from the next snapshot, without a restart.
        assertBookEqualsPublished(summary, ToolJson.parse(replay.out()));
    }

    @Test
    void shouldFanOutToTwoSubscriberProcessesWithMinFlowControl() throws Exception
    {
        // g:/2: the publication counts as connected only once both receivers are there, then paces by the slower.
        channel = channel + "|fc=min,g:/2";
        final Processes.Run first = startMonitor("--books", "10");
        final Processes.Run second = startMonitor("--books", "10");
        final Processes.Run replay = processes.script("book-replay", "--venue", "binance-spot",
            "--snapshot", SPOT_SNAPSHOT, "--frames", SPOT_FRAMES, "--publish", "--channel", channel,
            "--await-subscriber", "30", "--linger", "0.5");

        assertThat(replay.await(TIMEOUT_SECONDS)).as("book-replay: " + replay.err()).isZero();
        final Map<String, Object> published = ToolJson.parse(replay.out());
        for (final Processes.Run monitor : List.of(first, second))
        {
            assertThat(monitor.await(TIMEOUT_SECONDS)).as("udp-monitor: " + monitor.err()).isZero();
            final Map<String, Object> summary = ToolJson.parse(monitor.out());
            assertNoGaps(summary);
            assertThat(number(summary, "deltas")).isEqualTo(149);
            assertThat(number(summary, "lastDeltaSequence")).isEqualTo(publishedSequence(replay));
            assertBookEqualsPublished(summary, published);
        }
    }

    private Processes.Run startMonitor(final String... extra) throws Exception
    {
        final String[] args = new String[6 + extra.length];
        System.arraycopy(new String[]{"--channel", channel, "--json", "--exit-on-end", "--duration", "120"}, 0, args, 0, 6);
        System.arraycopy(extra, 0, args, 6, extra.length);
        final Processes.Run monitor = processes.script("udp-monitor", args);
        Processes.awaitCondition("udp-monitor to subscribe", TIMEOUT_SECONDS,
            () -> monitor.err().contains("subscribed to") || !monitor.process().isAlive());
        assertThat(monitor.process().isAlive()).as("udp-monitor: " + monitor.err()).isTrue();
        return monitor;
    }

    private static void assertNoGaps(final Map<String, Object> summary)
    {
        assertThat(number(submap(submap(summary, "gaps"), "delta"), "count")).as("delta gaps").isZero();
        assertThat(number(submap(submap(summary, "gaps"), "snapshot"), "count")).as("snapshot gaps").isZero();
    }

    @SuppressWarnings("unchecked")
    private static void assertBookEqualsPublished(final Map<String, Object> summary, final Map<String, Object> published)
    {
        final List<Object> books = (List<Object>)summary.get("books");
        assertThat(books).hasSize(1);
        final Map<String, Object> book = (Map<String, Object>)books.get(0);
        assertThat(book.get("instrument")).isEqualTo(published.get("instrument"));
        assertThat(book.get("venue")).isEqualTo(published.get("venue"));
        assertThat(book.get("trusted")).as("consumer book trusted").isEqualTo(Boolean.TRUE);
        assertThat(book.get("book")).as("consumer book equals the publisher's").isEqualTo(published.get("book"));
        assertThat((List<Object>)submap(book, "book").get("bids")).hasSize(10);
    }

    private static long publishedSequence(final Processes.Run replay)
    {
        final Matcher matcher = PUBLISHED_SEQUENCE.matcher(replay.err());
        assertThat(matcher.find()).as("publisher counters in: " + replay.err()).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
