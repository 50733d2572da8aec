package dev.feedhandler.feeder.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The book-replay command as an operator runs it: arguments in, one JSON line per instrument and an exit code out.
 */
class BookReplayCommandTest
{
    @TempDir
    Path temp;

    @Test
    void shouldPrintExactSpotBookAndExitZero()
    {
        final Result result = run("--venue", "binance-spot", "--snapshot", Fixtures.SPOT_SNAPSHOT.toString(),
            "--frames", Fixtures.SPOT_FRAMES.toString());

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.lines()).hasSize(1);
        final Map<String, Object> report = result.json(0);
        assertThat(report).containsEntry("venue", "binance-spot").containsEntry("instrument", "NKNUSDT")
            .containsEntry("state", "LIVE");
        assertThat(number(report, "applied")).isEqualTo(149);
        assertThat(number(report, "dropped")).isEqualTo(1);
        assertThat(number(report, "gaps")).isZero();
        assertThat(number(submap(report, "checkpoints"), "checked")).isEqualTo(19);
        assertThat(number(submap(report, "checkpoints"), "matched")).isEqualTo(19);

        final NaiveBinanceBook oracle = NaiveBinanceBook.replay(
            false, Fixtures.read(Fixtures.SPOT_SNAPSHOT), Fixtures.read(Fixtures.SPOT_FRAMES));
        assertTopEquals(levels(report, "bids"), oracle.bids, 10);
        assertTopEquals(levels(report, "asks"), oracle.asks, 10);
    }

    @Test
    void shouldPrintPlainDecimalsWithoutTrailingZeros()
    {
        final Result result = run("--venue", "binance-spot", "--snapshot", Fixtures.SPOT_SNAPSHOT.toString(),
            "--frames", Fixtures.SPOT_FRAMES.toString(), "--depth", "1");

        // The capture's last best bid is 0.35270000 x 9602.00000000.
        assertThat(result.out).contains("\"bids\":[[\"0.3527\",\"9602\"]]");
    }

    @Test
    void shouldHonourDepthOption()
    {
        final Result result = run("--venue", "binance-usdm", "--snapshot", Fixtures.USDM_SNAPSHOT.toString(),
            "--frames", Fixtures.USDM_FRAMES.toString(), "--depth", "3");

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(levels(result.json(0), "bids")).hasSize(3);
        assertThat(levels(result.json(0), "asks")).hasSize(3);
        assertThat(number(submap(result.json(0), "checkpoints"), "matched")).isEqualTo(12);
    }

    @Test
    void shouldExitOneAndCountGapWhenADiffIsMissing() throws Exception
    {
        final List<String> lines = fixtureLines(Fixtures.SPOT_FRAMES);
        lines.remove(indexOfNthDiff(lines, 20));
        final Path frames = write("gap.jsonl", lines);

        final Result result = run("--venue", "binance-spot", "--snapshot", Fixtures.SPOT_SNAPSHOT.toString(),
            "--frames", frames.toString());

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(number(result.json(0), "gaps")).isEqualTo(1);
        assertThat(result.json(0)).containsEntry("state", "STALE");
    }

    @Test
    void shouldExitOneWhenACheckpointDoesNotMatch() throws Exception
    {
        final List<String> lines = fixtureLines(Fixtures.SPOT_FRAMES);
        // Change the best-bid quantity of every bookTicker: the venue's truth no longer matches the book.
        lines.replaceAll(line -> line.contains("@bookTicker") ? line.replaceFirst("\"B\":\"", "\"B\":\"1") : line);
        final Path frames = write("mismatch.jsonl", lines);

        final Result result = run("--venue", "binance-spot", "--snapshot", Fixtures.SPOT_SNAPSHOT.toString(),
            "--frames", frames.toString());

        assertThat(result.exitCode).isEqualTo(1);
        final Map<String, Object> checkpoints = submap(result.json(0), "checkpoints");
        assertThat(number(checkpoints, "checked")).isEqualTo(19);
        assertThat(number(checkpoints, "matched")).isZero();
    }

    @Test
    void shouldMarkInstrumentStaleWhenAFrameIsMalformed() throws Exception
    {
        final List<String> lines = fixtureLines(Fixtures.SPOT_FRAMES);
        final int index = indexOfNthDiff(lines, 30);
        lines.set(index, lines.get(index).replaceFirst("\"b\":\\[\\[\"", "\"b\":[[\"x"));
        final Path frames = write("malformed.jsonl", lines);

        final Result result = run("--venue", "binance-spot", "--snapshot", Fixtures.SPOT_SNAPSHOT.toString(),
            "--frames", frames.toString());

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(number(result.json(0), "rejected")).isEqualTo(1);
        assertThat(result.json(0)).containsEntry("state", "STALE");
        assertThat(result.err).contains("NKNUSDT").contains("BAD_NUMBER");
    }

    @Test
    void shouldReportEachInstrumentOfAMixedCaptureOnItsOwnLine() throws Exception
    {
        // A second instrument: the same capture under another symbol, interleaved line by line.
        final List<String> original = fixtureLines(Fixtures.SPOT_FRAMES);
        final List<String> mixed = new ArrayList<>();
        for (final String line : original)
        {
            mixed.add(line);
            mixed.add(line.replace("NKNUSDT", "NKNBTC").replace("nknusdt", "nknbtc"));
        }
        final Path frames = write("mixed.jsonl", mixed);

        final Result result = run("--venue", "binance-spot",
            "--snapshot", "NKNUSDT=" + Fixtures.SPOT_SNAPSHOT, "--snapshot", "NKNBTC=" + Fixtures.SPOT_SNAPSHOT,
            "--frames", frames.toString());

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.lines()).hasSize(2);
        assertThat(result.json(0)).containsEntry("instrument", "NKNUSDT");
        assertThat(result.json(1)).containsEntry("instrument", "NKNBTC");
        for (int i = 0; i < 2; i++)
        {
            assertThat(number(result.json(i), "applied")).isEqualTo(149);
            assertThat(number(submap(result.json(i), "checkpoints"), "matched")).isEqualTo(19);
        }
        assertThat(levels(result.json(0), "bids")).isEqualTo(levels(result.json(1), "bids"));
    }

    @Test
    void shouldExitOneForAnInstrumentThatNeverGetsASnapshot() throws Exception
    {
        final List<String> mixed = new ArrayList<>(fixtureLines(Fixtures.SPOT_FRAMES));
        mixed.add(mixed.get(0).replace("NKNUSDT", "OTHER"));
        final Path frames = write("nosnapshot.jsonl", mixed);

        final Result result = run("--venue", "binance-spot", "--snapshot", "NKNUSDT=" + Fixtures.SPOT_SNAPSHOT,
            "--frames", frames.toString());

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.json(1)).containsEntry("instrument", "OTHER").containsEntry("state", "AWAITING_SNAPSHOT");
    }

    @Test
    void shouldExitTwoForUnknownVenue()
    {
        final Result result = run("--venue", "nasdaq", "--frames", Fixtures.SPOT_FRAMES.toString());

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("unknown venue 'nasdaq'").contains("binance-spot");
    }

    @Test
    void shouldExitTwoForUnreadableFrames()
    {
        final Result result = run("--venue", "binance-spot", "--frames", temp.resolve("absent.jsonl").toString());

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("cannot read --frames");
    }

    @Test
    void shouldExitTwoWithoutRequiredOptions()
    {
        final Result result = run("--venue", "binance-spot");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("--frames");
    }

    private static void assertTopEquals(
        final List<List<String>> printed, final java.util.NavigableMap<BigDecimal, BigDecimal> oracle, final int depth)
    {
        assertThat(printed).hasSize(Math.min(depth, oracle.size()));
        final Iterator<Map.Entry<BigDecimal, BigDecimal>> expected = oracle.entrySet().iterator();
        for (final List<String> level : printed)
        {
            final Map.Entry<BigDecimal, BigDecimal> entry = expected.next();
            assertThat(level.get(0)).isEqualTo(entry.getKey().stripTrailingZeros().toPlainString());
            assertThat(level.get(1)).isEqualTo(entry.getValue().stripTrailingZeros().toPlainString());
        }
    }

    private static int indexOfNthDiff(final List<String> lines, final int n)
    {
        int seen = 0;
        for (int i = 0; i < lines.size(); i++)
        {
            if (lines.get(i).contains("depthUpdate") && ++seen == n)
            {
                return i;
            }
        }
        throw new AssertionError("fewer than " + n + " diffs");
    }

    private static List<String> fixtureLines(final Path path)
    {
        return new ArrayList<>(List.of(new String(Fixtures.read(path), StandardCharsets.UTF_8).split("\n")));
    }

    private Path write(final String name, final List<String> lines) throws Exception
    {
        final Path file = temp.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static long number(final Map<String, Object> map, final String key)
    {
        return ((BigDecimal)map.get(key)).longValueExact();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> submap(final Map<String, Object> map, final String key)
    {
        return (Map<String, Object>)map.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> levels(final Map<String, Object> report, final String side)
    {
        return (List<List<String>>)submap(report, "book").get(side);
    }

    private static Result run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exitCode = BookReplay.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final class Result
    {
        final int exitCode;
        final String out;
        final String err;

        Result(final int exitCode, final String out, final String err)
        {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }

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
