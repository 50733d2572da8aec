package dev.feedhandler.feeder.replay;

import dev.feedhandler.orderbook.Venue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * book-replay on venues whose snapshots come in the stream: the real Bybit and Kraken captures replay exactly with
 * no {@code --snapshot} (Kraken: every checksum matched); gaps, rejected frames, checksum mismatches and options are
 * reported.
 */
class StreamVenueReplayCommandTest
{
    static final Path BYBIT_FRAMES = Fixtures.DIR.resolve("bybit-v5/XRPUSDT_orderbook500_2024-12-01_first50.jsonl");
    static final Path KRAKEN_FRAMES = Fixtures.DIR.resolve("kraken/BTCUSD_book10_2023-07-30.jsonl");

    @TempDir
    Path temp;

    @Test
    void shouldReplayTheBybitCaptureExactlyWithoutASnapshotFile()
    {
        final Result result = run("--venue", "bybit", "--frames", BYBIT_FRAMES.toString(),
            "--price-precision", "4", "--qty-precision", "0", "--depth", "5");

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.lines()).hasSize(1);
        final Map<String, Object> report = result.json(0);
        assertThat(report).containsEntry("venue", "bybit").containsEntry("instrument", "XRPUSDT")
            .containsEntry("state", "LIVE");
        assertThat(number(report, "snapshots")).isEqualTo(1);
        assertThat(number(report, "applied")).isEqualTo(49);
        assertThat(number(report, "resets")).isZero();
        assertThat(number(report, "dropped")).isZero();
        assertThat(number(report, "gaps")).isZero();
        assertThat(number(report, "rejected")).isZero();
        assertThat(report).doesNotContainKey("checksums"); // Bybit sends none

        final NaiveTop naive = NaiveTop.of(Fixtures.read(BYBIT_FRAMES));
        assertTopEquals(levels(report, "bids"), naive.bids, 5);
        assertTopEquals(levels(report, "asks"), naive.asks, 5);
        // The last best bid of the capture, as printed: plain decimals without trailing zeros.
        assertThat(levels(report, "bids").get(0)).containsExactly(
            naive.bids.firstKey().stripTrailingZeros().toPlainString(),
            naive.bids.firstEntry().getValue().toPlainString());
    }

    @Test
    void shouldExitOneWithAGapAndStaleBookWhenADeltaIsMissing() throws Exception
    {
        final List<String> lines = fixtureLines();
        lines.remove(20);

        final Result result = run("--venue", "bybit", "--frames", write("gap.jsonl", lines).toString(),
            "--price-precision", "4", "--qty-precision", "0");

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(number(result.json(0), "gaps")).isEqualTo(1);
        assertThat(result.json(0)).containsEntry("state", "STALE");
    }

    @Test
    void shouldExitOneWhenTheBookWentStaleEvenIfALaterSnapshotRecoveredIt() throws Exception
    {
        final List<String> lines = fixtureLines();
        final List<String> recovered = new ArrayList<>(lines.subList(0, 20));
        recovered.addAll(lines.subList(21, 30));
        recovered.add(lines.get(0)); // a fresh snapshot, as after resubscribing
        recovered.addAll(lines.subList(1, 10));

        final Result result = run("--venue", "bybit", "--frames", write("recovered.jsonl", recovered).toString(),
            "--price-precision", "4", "--qty-precision", "0");

        assertThat(result.json(0)).containsEntry("state", "LIVE");
        assertThat(number(result.json(0), "gaps")).isEqualTo(1);
        assertThat(number(result.json(0), "snapshots")).isEqualTo(2);
        assertThat(result.exitCode).isEqualTo(1);
    }

    @Test
    void shouldExitOneAndNameTheReasonWhenAFrameIsRejected() throws Exception
    {
        final List<String> lines = fixtureLines();
        lines.set(30, lines.get(30).replace("\"type\":\"delta\"", "\"type\":\"update\""));

        final Result result = run("--venue", "bybit", "--frames", write("bad.jsonl", lines).toString(),
            "--price-precision", "4", "--qty-precision", "0");

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(number(result.json(0), "rejected")).isEqualTo(1);
        assertThat(result.err).contains("XRPUSDT").contains("UNKNOWN_MESSAGE_TYPE");
    }

    @Test
    void shouldRejectTooCoarseAScaleAsRejectedFramesNotAsACrash()
    {
        final Result result = run("--venue", "bybit", "--frames", BYBIT_FRAMES.toString(),
            "--price-precision", "2", "--qty-precision", "0");

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.err).contains("TOO_PRECISE");
    }

    @Test
    void shouldExitTwoForASnapshotFileOnAStreamVenue()
    {
        final Result result = run("--venue", "bybit", "--snapshot", Fixtures.SPOT_SNAPSHOT.toString(),
            "--frames", BYBIT_FRAMES.toString());

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("--snapshot").contains("bybit");
    }

    @Test
    void shouldExitTwoForANegativeBookDepth()
    {
        final Result result = run("--venue", "bybit", "--frames", BYBIT_FRAMES.toString(), "--book-depth", "-1");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("--book-depth");
    }

    @Test
    void shouldTruncateToTheBookDepthWhenOneIsGiven()
    {
        final Result result = run("--venue", "bybit", "--frames", BYBIT_FRAMES.toString(),
            "--price-precision", "4", "--qty-precision", "0", "--book-depth", "3", "--depth", "10");

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(levels(result.json(0), "bids")).hasSize(3);
        assertThat(levels(result.json(0), "asks")).hasSize(3);
    }

    @Test
    void shouldReplayTheKrakenCaptureWithEveryChecksumMatchedAtThePairsPrecisions()
    {
        final Result result = run("--venue", "kraken", "--frames", KRAKEN_FRAMES.toString(),
            "--price-precision", "1", "--qty-precision", "8");

        assertThat(result.exitCode).as(result.err).isZero();
        final Map<String, Object> report = result.json(0);
        assertThat(report).containsEntry("venue", "kraken").containsEntry("instrument", "BTC/USD")
            .containsEntry("state", "LIVE");
        assertThat(number(report, "snapshots")).isEqualTo(1);
        assertThat(number(report, "applied")).isEqualTo(509);
        assertThat(number(submap(report, "checksums"), "checked")).isEqualTo(510);
        assertThat(number(submap(report, "checksums"), "matched")).isEqualTo(510);
        assertThat(levels(report, "bids")).hasSize(10); // --book-depth defaults to 10 for kraken
    }

    @Test
    void shouldExitOneAndCountTheMismatchWhenAKrakenChecksumDoesNotMatch() throws Exception
    {
        final List<String> lines = new ArrayList<>(
            List.of(new String(Fixtures.read(KRAKEN_FRAMES), StandardCharsets.UTF_8).split("\r?\n")));
        final int index = 100;
        final java.util.regex.Matcher checksum = java.util.regex.Pattern.compile("\"checksum\":(\\d+)")
            .matcher(lines.get(index));
        assertThat(checksum.find()).isTrue();
        final long wrong = Long.parseLong(checksum.group(1)) ^ 1; // still a valid uint32, but not the book's
        lines.set(index, checksum.replaceFirst("\"checksum\":" + wrong));

        final Result result = run("--venue", "kraken", "--frames", write("mismatch.jsonl", lines).toString(),
            "--price-precision", "1", "--qty-precision", "8");

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(number(result.json(0), "rejected")).isZero();
        final Map<String, Object> checksums = submap(result.json(0), "checksums");
        assertThat(number(checksums, "checked") - number(checksums, "matched")).isEqualTo(1);
    }

    @Test
    void shouldFindEachStreamVenuesInstrumentsByItsOwnField()
    {
        final byte[] frames = String.join("\n",
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"snapshot\",\"data\":[]}",
            "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[]}]}",
            "{\"channel\":\"l2_data\",\"events\":[{\"type\":\"update\",\"product_id\":\"ETH-USD\"}]}",
            "{\"topic\":\"orderbook.50.XRPUSDT\",\"data\":{\"s\":\"XRPUSDT\"}}").getBytes(StandardCharsets.UTF_8);

        assertThat(BookReplay.discoverSymbols(Venue.OKX, frames)).containsExactly("BTC-USDT");
        assertThat(BookReplay.discoverSymbols(Venue.KRAKEN, frames)).containsExactly("BTC/USD");
        assertThat(BookReplay.discoverSymbols(Venue.COINBASE, frames)).containsExactly("ETH-USD");
        assertThat(BookReplay.discoverSymbols(Venue.BYBIT, frames)).containsExactly("XRPUSDT");
    }

    @Test
    void shouldSubscribeEachStreamVenuesBookChannel()
    {
        assertThat(ReplaySession.subscriptionFor(Venue.BYBIT, 0).channel()).isEqualTo("orderbook");
        assertThat(ReplaySession.subscriptionFor(Venue.OKX, 0).channel()).isEqualTo("books");
        assertThat(ReplaySession.subscriptionFor(Venue.KRAKEN, 0).depth()).isEqualTo(10);
        assertThat(ReplaySession.subscriptionFor(Venue.KRAKEN, 25).depth()).isEqualTo(25);
        assertThat(ReplaySession.subscriptionFor(Venue.COINBASE, 0).channel()).isEqualTo("level2");
    }

    /** The capture's final top of book, the slow and obvious way. */
    private static final class NaiveTop
    {
        final NavigableMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
        final NavigableMap<BigDecimal, BigDecimal> asks = new TreeMap<>();

        @SuppressWarnings("unchecked")
        static NaiveTop of(final byte[] capture)
        {
            final NaiveTop top = new NaiveTop();
            for (final String line : new String(capture, StandardCharsets.UTF_8).split("\r?\n"))
            {
                final Map<String, Object> data = (Map<String, Object>)((Map<String, Object>)NaiveJson.parse(line))
                    .get("data");
                for (final String side : List.of("b", "a"))
                {
                    final NavigableMap<BigDecimal, BigDecimal> book = side.equals("b") ? top.bids : top.asks;
                    for (final Object level : (List<Object>)data.get(side))
                    {
                        final List<String> pair = (List<String>)level;
                        final BigDecimal qty = new BigDecimal(pair.get(1));
                        if (qty.signum() == 0)
                        {
                            book.remove(new BigDecimal(pair.get(0)));
                        }
                        else
                        {
                            book.put(new BigDecimal(pair.get(0)), qty);
                        }
                    }
                }
            }
            return top;
        }
    }

    private static void assertTopEquals(
        final List<List<String>> printed, final NavigableMap<BigDecimal, BigDecimal> naive, final int depth)
    {
        assertThat(printed).hasSize(Math.min(depth, naive.size()));
        final Iterator<Map.Entry<BigDecimal, BigDecimal>> expected = naive.entrySet().iterator();
        for (final List<String> level : printed)
        {
            final Map.Entry<BigDecimal, BigDecimal> entry = expected.next();
            assertThat(level.get(0)).isEqualTo(entry.getKey().stripTrailingZeros().toPlainString());
            assertThat(level.get(1)).isEqualTo(entry.getValue().stripTrailingZeros().toPlainString());
        }
    }

    private static List<String> fixtureLines()
    {
        return new ArrayList<>(List.of(new String(Fixtures.read(BYBIT_FRAMES), StandardCharsets.UTF_8).split("\r?\n")));
    }

    private Path write(final String name, final List<String> lines) throws Exception
    {
        final Path file = temp.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static long number(final Map<String, Object> map, final String key)
    {
        assertThat(map).containsKey(key);
        return ((BigDecimal)map.get(key)).longValueExact();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> submap(final Map<String, Object> map, final String key)
    {
        assertThat(map).containsKey(key);
        return (Map<String, Object>)map.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> levels(final Map<String, Object> report, final String side)
    {
        return (List<List<String>>)((Map<String, Object>)report.get("book")).get(side);
    }

    private static Result run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exitCode = BookReplay.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String out, String err)
    {
        List<String> lines()
        {
            return out.lines().toList();
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> json(final int line)
        {
            return (Map<String, Object>)NaiveJson.parse(lines().get(line));
        }
    }
}
