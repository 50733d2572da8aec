package dev.feedhandler.benchmarks.plot;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JmhJsonReaderTest
{
    /**
     * Written by JMH 1.37: {@code BookApply -p position=top -p levels=20 -p instruments=10 -f 1 -wi 1 -i 2 -w 200ms
     * -r 200ms -rf json} (two iterations, so JMH gives no error: "NaN").
     */
    static final String SAMPLE = "jmh-book-apply-sample.json";

    @Test
    void shouldReadARealJmhResultsFile() throws IOException, URISyntaxException
    {
        final List<JmhResult> results = JmhJsonReader.read(sample());

        assertThat(results).hasSize(2);
        final JmhResult deleteInsert = results.get(0);
        assertThat(deleteInsert.benchmark()).isEqualTo("dev.feedhandler.benchmarks.BookApplyBenchmark.deleteInsert");
        assertThat(deleteInsert.simpleName()).isEqualTo("BookApplyBenchmark.deleteInsert");
        assertThat(deleteInsert.method()).isEqualTo("deleteInsert");
        assertThat(deleteInsert.mode()).isEqualTo("avgt");
        assertThat(deleteInsert.params())
            .containsExactlyInAnyOrderEntriesOf(Map.of("instruments", "10", "levels", "20", "position", "top"));
        assertThat(deleteInsert.param("levels")).isEqualTo("20");
        assertThat(deleteInsert.score()).isEqualTo(5.7197387582693215);
        assertThat(deleteInsert.scoreError()).isNaN();
        assertThat(deleteInsert.unit()).isEqualTo("ns/op");
        assertThat(results.get(1).method()).isEqualTo("update");
        assertThat(results.get(1).score()).isEqualTo(4.819964400054232);
    }

    @Test
    void shouldReadANumericErrorAndIgnoreSecondaryMetrics() throws IOException
    {
        final List<JmhResult> results = JmhJsonReader.parse("""
            [ { "benchmark" : "a.b.FloorByteScanBenchmark.countQuotes", "mode" : "avgt",
                "params" : { "corpus" : "binanceSpot" },
                "primaryMetric" : { "score" : 77.5, "scoreError" : 2.25, "scoreUnit" : "ns/op",
                                    "rawData" : [ [ 76.0, 79.0 ] ] },
                "secondaryMetrics" : { "gc.alloc.rate.norm" : { "score" : 0.0005, "scoreUnit" : "B/op" } } } ]
            """);

        assertThat(results).containsExactly(new JmhResult(
            "a.b.FloorByteScanBenchmark.countQuotes", "avgt", Map.of("corpus", "binanceSpot"), 77.5, 2.25, "ns/op"));
    }

    @Test
    void shouldTakeABenchmarkWithoutParameters() throws IOException
    {
        final JmhResult result = JmhJsonReader.parse("""
            [ { "benchmark" : "x.Y.z", "primaryMetric" : { "score" : 3, "scoreUnit" : "us/op" } } ]
            """).get(0);

        assertThat(result.params()).isEmpty();
        assertThat(result.scoreError()).isNaN();
        assertThatThrownBy(() -> result.param("corpus"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("x.Y.z").hasMessageContaining("no parameter corpus");
    }

    @Test
    void shouldRejectJsonThatIsNotJmhResults()
    {
        assertThatThrownBy(() -> JmhJsonReader.parse("{ \"benchmark\" : \"x\" }"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JMH JSON result");
        assertThatThrownBy(() -> JmhJsonReader.parse("[ { \"benchmark\" : \"x.Y.z\" } ]"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry 0: no primaryMetric");
        assertThatThrownBy(() -> JmhJsonReader.parse(
            "[ { \"benchmark\" : \"x.Y.z\", \"primaryMetric\" : { \"score\" : \"fast\", \"scoreUnit\" : \"ns/op\" } } ]"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("score: not a number");
        assertThatThrownBy(() -> JmhJsonReader.parse("[ { \"benchmark\" : "))
            .isInstanceOf(JsonProcessingException.class);
    }

    static Path sample() throws URISyntaxException
    {
        return Path.of(JmhJsonReaderTest.class.getResource(SAMPLE).toURI());
    }
}
