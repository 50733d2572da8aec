package dev.feedhandler.benchmarks.plot;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JmhResultTest
{
    @Test
    void shouldNameTheClassAndMethodWithoutThePackage()
    {
        final JmhResult result = result("dev.feedhandler.benchmarks.BookApplyBenchmark.update", "ns/op");

        assertThat(result.simpleName()).isEqualTo("BookApplyBenchmark.update");
        assertThat(result.method()).isEqualTo("update");
        assertThat(result("Top.level", "ns/op").simpleName()).isEqualTo("Top.level");
    }

    @Test
    void shouldKeepItsOwnCopyOfTheParameters()
    {
        final Map<String, String> params = new HashMap<>(Map.of("corpus", "okx"));
        final JmhResult result = new JmhResult("a.B.c", "avgt", params, 1.0, 0.1, "ns/op");

        params.put("corpus", "kraken");

        assertThat(result.param("corpus")).isEqualTo("okx");
    }

    @Test
    void shouldGiveTheUnitAllResultsShareAndRefuseMixedUnits()
    {
        assertThat(JmhResult.commonUnit(List.of(result("a.B.c", "ns/op"), result("a.B.d", "ns/op")))).isEqualTo("ns/op");
        assertThatThrownBy(() -> JmhResult.commonUnit(List.of(result("a.B.c", "ns/op"), result("a.B.d", "us/op"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("ns/op").hasMessageContaining("us/op").hasMessageContaining("a.B.d");
        assertThatThrownBy(() -> JmhResult.commonUnit(List.of())).hasMessageContaining("no results");
    }

    private static JmhResult result(final String benchmark, final String unit)
    {
        return new JmhResult(benchmark, "avgt", Map.of(), 1.0, 0.1, unit);
    }
}
