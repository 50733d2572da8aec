package dev.feedhandler.orderbook;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Valid and invalid decimal text for {@link FixedPoint#parse}, read from the middle of a larger buffer whose
 * surrounding bytes would change the result if parse looked outside {@code [offset, offset + length)}.
 */
class FixedPointTest
{
    private static final int OFFSET = 13;

    static Stream<Arguments> validInputs()
    {
        return Stream.of(
            arguments("0.35130000", 8, 35_130_000L),
            arguments("672.00000000", 8, 67_200_000_000L),
            arguments("7.6110", 4, 76_110L),
            arguments("7.611", 4, 76_110L),
            arguments("0", 0, 0L),
            arguments("0", 8, 0L),
            arguments("00", 2, 0L),
            arguments("0.00000000", 8, 0L),
            arguments("0E-8", 8, 0L),
            arguments("0e+5", 8, 0L),
            arguments("0e+5", 0, 0L),
            arguments("0E999999999", 0, 0L),
            arguments("0.000E-999999999", 8, 0L),
            arguments("1.5E-3", 8, 150_000L),
            arguments("12E2", 0, 1_200L),
            arguments("1E+2", 0, 100L),
            arguments("1e00002", 0, 100L),
            arguments("1E-0", 0, 1L),
            arguments("1e-8", 8, 1L),
            arguments("100E-2", 0, 1L),
            arguments("0.001E3", 0, 1L),
            arguments("000123.4500", 2, 12_345L),
            arguments("0.0001", 4, 1L),
            arguments("5", 3, 5_000L),
            arguments("1.000000000000000000000000000", 8, 100_000_000L),
            arguments("100000000000000000000000000E-25", 0, 10L),
            arguments("9223372036.85477580", 8, 922_337_203_685_477_580L),
            arguments("9223372036.8547758000000", 8, 922_337_203_685_477_580L),
            arguments("9223372036854775807", 0, Long.MAX_VALUE),
            arguments("9.223372036854775807", 18, Long.MAX_VALUE),
            arguments("92233720368.54775807", 8, Long.MAX_VALUE),
            arguments("9.223372036854775807E18", 0, Long.MAX_VALUE),
            arguments("1E18", 0, 1_000_000_000_000_000_000L),
            arguments("1", 18, 1_000_000_000_000_000_000L),
            arguments("0.000000000000000001", 18, 1L));
    }

    @ParameterizedTest(name = "\"{0}\" at scale {1} is {2}")
    @MethodSource("validInputs")
    void shouldParseValidTextToTheExactMantissa(final String text, final int scale, final long expected)
    {
        assertThat(parse(text, scale)).isEqualTo(expected);
    }

    static Stream<Arguments> invalidInputs()
    {
        return Stream.of(
            arguments("", 8, NumberError.EMPTY),
            arguments("-1", 8, NumberError.NEGATIVE),
            arguments("-0", 8, NumberError.NEGATIVE),
            arguments("-0.5", 8, NumberError.NEGATIVE),
            arguments("0.123", 2, NumberError.TOO_PRECISE),
            arguments("1E-9", 8, NumberError.TOO_PRECISE),
            arguments("1.5", 0, NumberError.TOO_PRECISE),
            arguments("0.000000001", 8, NumberError.TOO_PRECISE),
            arguments("1.5E-8", 8, NumberError.TOO_PRECISE),
            arguments("9223372036.85477580700", 8, NumberError.TOO_PRECISE),
            arguments("1E-999999999", 8, NumberError.TOO_PRECISE),
            arguments("0.0000000000000000000000000001", 8, NumberError.TOO_PRECISE),
            arguments("99999999999999999999", 0, NumberError.OVERFLOW),
            arguments("9223372036854775808", 0, NumberError.OVERFLOW),
            arguments("9.223372036854775808", 18, NumberError.OVERFLOW),
            arguments("92233720368.54775808", 8, NumberError.OVERFLOW),
            arguments("10000000000000000000", 0, NumberError.OVERFLOW),
            arguments("1E19", 0, NumberError.OVERFLOW),
            arguments("10", 18, NumberError.OVERFLOW),
            arguments("1E30", 0, NumberError.OVERFLOW),
            arguments("1E999999999", 0, NumberError.OVERFLOW),
            arguments("1E99999999999999999999", 0, NumberError.OVERFLOW),
            arguments("abc", 8, NumberError.MALFORMED),
            arguments("1.2.3", 8, NumberError.MALFORMED),
            arguments(".5", 8, NumberError.MALFORMED),
            arguments(".", 8, NumberError.MALFORMED),
            arguments("5.", 8, NumberError.MALFORMED),
            arguments("1.e5", 8, NumberError.MALFORMED),
            arguments("1e", 8, NumberError.MALFORMED),
            arguments("1e+", 8, NumberError.MALFORMED),
            arguments("1e-", 8, NumberError.MALFORMED),
            arguments("1e+-3", 8, NumberError.MALFORMED),
            arguments("1e2.5", 8, NumberError.MALFORMED),
            arguments("1e5e5", 8, NumberError.MALFORMED),
            arguments("E5", 8, NumberError.MALFORMED),
            arguments("+1", 8, NumberError.MALFORMED),
            arguments("1-", 8, NumberError.MALFORMED),
            arguments("1 ", 8, NumberError.MALFORMED),
            arguments(" 1", 8, NumberError.MALFORMED),
            arguments("0x10", 8, NumberError.MALFORMED),
            arguments("1,5", 8, NumberError.MALFORMED),
            arguments("NaN", 8, NumberError.MALFORMED),
            arguments("Infinity", 8, NumberError.MALFORMED),
            arguments("1\"", 8, NumberError.MALFORMED),
            arguments("\"1\"", 8, NumberError.MALFORMED));
    }

    @ParameterizedTest(name = "\"{0}\" at scale {1} is {2}")
    @MethodSource("invalidInputs")
    void shouldRejectInvalidTextWithItsExactError(final String text, final int scale, final NumberError expected)
    {
        final long result = parse(text, scale);

        assertThat(FixedPoint.isError(result)).isTrue();
        assertThat(NumberError.fromResult(result)).isEqualTo(expected);
    }

    @Test
    void shouldRejectTextWithMoreDecimalsThanScale()
    {
        assertThat(NumberError.fromResult(parse("0.123", 2))).isEqualTo(NumberError.TOO_PRECISE);
        assertThat(parse("0.123", 3)).isEqualTo(123L);
    }

    /**
     * An in-range value with more decimals than the scale is TOO_PRECISE however many significant digits it has:
     * its mantissa at the scale is not an integer, and it is far from the top of the long range.
     */
    static Stream<Arguments> tooPreciseWithManySignificantDigits()
    {
        return Stream.of(
            arguments("1.00000000000000000001", 8),
            arguments("0.10000000000000000001", 18),
            arguments("0.1234567890123456789012", 18),
            arguments("12345678901234567.891", 0),
            arguments("9223372036854775806.5", 0));
    }

    @ParameterizedTest(name = "\"{0}\" at scale {1}")
    @MethodSource("tooPreciseWithManySignificantDigits")
    void shouldReportTooPreciseRatherThanOverflowWhenAnInRangeValueHasMoreThanNineteenSignificantDigits(
        final String text, final int scale)
    {
        assertThat(NumberError.fromResult(parse(text, scale))).isEqualTo(NumberError.TOO_PRECISE);
    }

    /**
     * Text that is not a decimal is MALFORMED however many digits come before the stray character.
     */
    static Stream<Arguments> malformedWithManyDigits()
    {
        return Stream.of(
            arguments("99999999999999999999x", 0),
            arguments("123456789012345678901.", 0),
            arguments("0.0042063036637243791316.17E+30", 8),
            arguments("1.00000000000000000001,5", 8),
            arguments("12345678901234567890123e", 2));
    }

    @ParameterizedTest(name = "\"{0}\" at scale {1}")
    @MethodSource("malformedWithManyDigits")
    void shouldReportMalformedRatherThanOverflowWhenAStrayCharacterFollowsMoreThanNineteenDigits(
        final String text, final int scale)
    {
        assertThat(NumberError.fromResult(parse(text, scale))).isEqualTo(NumberError.MALFORMED);
    }

    @Test
    void shouldReadOnlyTheGivenRangeWhenSurroundedByDigits()
    {
        final byte[] bytes = "99990.3513000099".getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);

        assertThat(FixedPoint.parse(buffer, 4, 10, 8)).isEqualTo(35_130_000L);
        assertThat(FixedPoint.parse(buffer, 4, 1, 8)).isEqualTo(0L);
        assertThat(FixedPoint.parse(buffer, 0, 4, 0)).isEqualTo(9999L);
    }

    @Test
    void shouldReturnEmptyForZeroOrNegativeLength()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer("123".getBytes(StandardCharsets.US_ASCII));

        assertThat(NumberError.fromResult(FixedPoint.parse(buffer, 1, 0, 2))).isEqualTo(NumberError.EMPTY);
        assertThat(NumberError.fromResult(FixedPoint.parse(buffer, 1, -1, 2))).isEqualTo(NumberError.EMPTY);
    }

    @Test
    void shouldTreatEveryNonNegativeResultAsAValueAndEveryNegativeOneAsAnError()
    {
        assertThat(FixedPoint.isError(0)).isFalse();
        assertThat(FixedPoint.isError(Long.MAX_VALUE)).isFalse();
        assertThat(FixedPoint.isError(-1)).isTrue();
        assertThat(FixedPoint.isError(-NumberError.OVERFLOW.code())).isTrue();
    }

    static Stream<Arguments> plainRenderings()
    {
        return Stream.of(
            arguments(35_130_000L, 8, "0.3513"),
            arguments(67_200_000_000L, 8, "672"),
            arguments(0L, 0, "0"),
            arguments(0L, 8, "0"),
            arguments(5L, 3, "0.005"),
            arguments(1_000L, 3, "1"),
            arguments(1_010L, 3, "1.01"),
            arguments(100L, 0, "100"),
            arguments(76_110L, 4, "7.611"),
            arguments(1L, 18, "0.000000000000000001"),
            arguments(Long.MAX_VALUE, 18, "9.223372036854775807"),
            arguments(Long.MAX_VALUE, 0, "9223372036854775807"),
            arguments(Long.MAX_VALUE, 8, "92233720368.54775807"));
    }

    @ParameterizedTest(name = "{0} at scale {1} is \"{2}\"")
    @MethodSource("plainRenderings")
    void shouldRenderPlainTextWithoutTrailingFractionalZeros(final long mantissa, final int scale, final String text)
    {
        assertThat(FixedPoint.toPlainString(mantissa, scale)).isEqualTo(text);
        assertThat(parse(text, scale)).isEqualTo(mantissa);
    }

    @Test
    void shouldAppendPlainTextAfterExistingContent()
    {
        final StringBuilder out = new StringBuilder("px=");

        assertThat(FixedPoint.appendPlain(out, 35_130_000L, 8)).isSameAs(out);
        assertThat(out).hasToString("px=0.3513");
    }

    @Test
    void shouldRefuseToRenderANegativeMantissa()
    {
        assertThatThrownBy(() -> FixedPoint.toPlainString(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGivePowersOfTenUpToMaxScale()
    {
        assertThat(FixedPoint.pow10(0)).isEqualTo(1L);
        assertThat(FixedPoint.pow10(8)).isEqualTo(100_000_000L);
        assertThat(FixedPoint.pow10(FixedPoint.MAX_SCALE)).isEqualTo(1_000_000_000_000_000_000L);
    }

    @Test
    void shouldMapEachErrorResultBackToItsError()
    {
        for (final NumberError error : NumberError.values())
        {
            assertThat(NumberError.fromResult(-error.code())).isEqualTo(error);
        }
    }

    @Test
    void shouldKeepErrorCodesStable()
    {
        assertThat(NumberError.EMPTY.code()).isEqualTo(1);
        assertThat(NumberError.MALFORMED.code()).isEqualTo(2);
        assertThat(NumberError.NEGATIVE.code()).isEqualTo(3);
        assertThat(NumberError.TOO_PRECISE.code()).isEqualTo(4);
        assertThat(NumberError.OVERFLOW.code()).isEqualTo(5);
        assertThat(NumberError.values()).hasSize(5);
    }

    @Test
    void shouldRefuseToDecodeAResultThatIsNotAnError()
    {
        for (final long notAnError : new long[]{ 0, 1, 35_130_000L, Long.MAX_VALUE, -6, -100, Long.MIN_VALUE })
        {
            assertThatThrownBy(() -> NumberError.fromResult(notAnError))
                .as("result %d", notAnError)
                .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Parse {@code text} placed at {@link #OFFSET} in a larger buffer between bytes that would change any result. */
    static long parse(final String text, final int scale)
    {
        final byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
        final byte[] bytes = new byte[OFFSET + ascii.length + 16];
        Arrays.fill(bytes, 0, OFFSET, (byte)'-');
        Arrays.fill(bytes, OFFSET + ascii.length, bytes.length, (byte)'9');
        System.arraycopy(ascii, 0, bytes, OFFSET, ascii.length);
        final long result = FixedPoint.parse(new UnsafeBuffer(bytes), OFFSET, ascii.length, scale);

        // The same text with '.' and 'e' around it must give the same result.
        Arrays.fill(bytes, 0, OFFSET, (byte)'.');
        Arrays.fill(bytes, OFFSET + ascii.length, bytes.length, (byte)'e');
        assertThat(FixedPoint.parse(new UnsafeBuffer(bytes), OFFSET, ascii.length, scale))
            .as("same text with other bytes around it")
            .isEqualTo(result);
        return result;
    }
}
