package dev.feedhandler.benchmarks.plot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChartStyleTest
{
    @Test
    void shouldGoLogarithmicFromTwentyTimesThePositiveMinimum()
    {
        assertThat(ChartStyle.wantsLogScale(5.0, 100.0)).isTrue();
        assertThat(ChartStyle.wantsLogScale(5.0, 99.9)).isFalse();
        assertThat(ChartStyle.wantsLogScale(1.0, 1_000_000.0)).isTrue();
        assertThat(ChartStyle.wantsLogScale(0.0, 1_000_000.0)).as("0 has no logarithm").isFalse();
        assertThat(ChartStyle.wantsLogScale(-1.0, 1_000_000.0)).isFalse();
    }
}
