package dev.feedhandler.feeder;

import dev.feedhandler.orderbook.NumberError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecodeReasonTest
{
    @Test
    void shouldKeepTheStableCodesThatNameCounters()
    {
        assertThat(Arrays.stream(DecodeReason.values()).mapToInt(DecodeReason::code))
            .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        assertThat(DecodeReason.TRUNCATED.code()).isEqualTo(1);
        assertThat(DecodeReason.TOO_MANY_LEVELS.code()).isEqualTo(13);
        assertThat(DecodeReason.FRAME_TOO_LARGE.code()).isEqualTo(16);
        assertThat(DecodeReason.CONNECTION_GAP.code()).isEqualTo(19);
    }

    @ParameterizedTest
    @EnumSource(DecodeReason.class)
    void shouldMapANegatedCodeBackToItsReason(final DecodeReason reason)
    {
        assertThat(DecodeReason.fromResult(-reason.code())).isSameAs(reason);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 64, Integer.MAX_VALUE, -20, -1000})
    void shouldRefuseResultsThatAreNotRejections(final int result)
    {
        assertThatThrownBy(() -> DecodeReason.fromResult(result)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseIntegerMinValueAsNotARejection()
    {
        assertThatThrownBy(() -> DecodeReason.fromResult(Integer.MIN_VALUE))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldMapNumberErrorsToDecodeReasons()
    {
        assertThat(DecodeReason.of(NumberError.NEGATIVE)).isEqualTo(DecodeReason.NEGATIVE_NUMBER);
        assertThat(DecodeReason.of(NumberError.TOO_PRECISE)).isEqualTo(DecodeReason.TOO_PRECISE);
        assertThat(DecodeReason.of(NumberError.OVERFLOW)).isEqualTo(DecodeReason.NUMBER_OVERFLOW);
        assertThat(DecodeReason.of(NumberError.EMPTY)).isEqualTo(DecodeReason.BAD_NUMBER);
        assertThat(DecodeReason.of(NumberError.MALFORMED)).isEqualTo(DecodeReason.BAD_NUMBER);
    }
}
