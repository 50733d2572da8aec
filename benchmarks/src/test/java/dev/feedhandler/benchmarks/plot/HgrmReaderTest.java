package dev.feedhandler.benchmarks.plot;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HgrmReaderTest
{
    /** 1 to 10,000 µs, one sample each: the number of samples at or below v µs is floor(v). */
    private static final int SAMPLES = 10_000;

    @Test
    void shouldReadEveryRowHdrHistogramWrote(@TempDir final Path dir) throws IOException
    {
        final Histogram histogram = Hgrm.uniformMicros(SAMPLES, 1);
        final String text = Hgrm.text(histogram, false);
        final Path file = dir.resolve("run.hgrm");
        Files.writeString(file, text, StandardCharsets.UTF_8);

        final List<PercentilePoint> points = HgrmReader.read(file);

        final long tableRows = text.lines().filter(line -> line.strip().matches("[0-9].*")).count();
        assertThat(points).hasSize((int)tableRows).hasSizeGreaterThan(50);
        assertThat(points.get(0)).isEqualTo(new PercentilePoint(1.0, 0.0, 1));
        final PercentilePoint last = points.get(points.size() - 1);
        assertThat(last.percentile()).isEqualTo(1.0);
        assertThat(last.totalCount()).isEqualTo(SAMPLES);
        assertThat(last.value()).isEqualTo(histogram.highestEquivalentValue(histogram.getMaxValue()) / 1000.0);
        for (final PercentilePoint point : points)
        {
            // each row's value is a bucket's top in ns printed as µs with 3 decimals: exact, so the samples at or
            // below it are exactly the whole microseconds up to it
            assertThat(point.totalCount()).as("%s", point).isEqualTo(Math.min(SAMPLES, (long)Math.floor(point.value())));
        }
    }

    @Test
    void shouldPutTheMedianAndTheTailWhereHdrHistogramDoes()
    {
        final Histogram histogram = Hgrm.uniformMicros(SAMPLES, 1);

        final List<PercentilePoint> points = HgrmReader.parse(Hgrm.text(histogram, false));

        assertThat(points).filteredOn(p -> p.percentile() == 0.5).singleElement()
            .extracting(PercentilePoint::value).isEqualTo(histogram.getValueAtPercentile(50.0) / 1000.0);
        assertThat(points).filteredOn(p -> p.percentile() == 0.9).singleElement()
            .satisfies(p -> assertThat(p.inverseTail()).isCloseTo(10.0, within(1e-9)))
            .extracting(PercentilePoint::value).isEqualTo(histogram.getValueAtPercentile(90.0) / 1000.0);
    }

    @Test
    void shouldReadTheCsvFormAsThePlainOne()
    {
        final Histogram histogram = Hgrm.uniformMicros(SAMPLES, 3);

        assertThat(HgrmReader.parse(Hgrm.text(histogram, true)))
            .isEqualTo(HgrmReader.parse(Hgrm.text(histogram, false)));
    }

    @Test
    void shouldRejectTextWithoutRows()
    {
        assertThatThrownBy(() -> HgrmReader.parse("       Value     Percentile TotalCount 1/(1-Percentile)\n\n#[Max = 1]\n"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no percentile rows");
    }

    @Test
    void shouldRejectAMalformedRowNamingItsLine()
    {
        assertThatThrownBy(() -> HgrmReader.parse("Value Percentile TotalCount\n1.0 0.0 1\n2.0 half 2\n"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("text:3:")
            .hasMessageContaining("not a number");
        assertThatThrownBy(() -> HgrmReader.parse("1.0 0.0\n"))
            .hasMessageContaining("text:1:");
        assertThatThrownBy(() -> HgrmReader.parse("1.0 1.5 3\n"))
            .hasMessageContaining("percentile outside 0..1");
    }

    @Test
    void shouldRejectRowsOutOfOrder()
    {
        assertThatThrownBy(() -> HgrmReader.parse("5.0 0.5 5 2.0\n4.0 0.6 6 2.5\n"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("text:2:")
            .hasMessageContaining("below the previous");
    }
}
