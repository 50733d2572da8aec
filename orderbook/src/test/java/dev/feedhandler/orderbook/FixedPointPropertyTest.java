package dev.feedhandler.orderbook;

import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FixedPoint#parse} against {@link BigDecimal}: every spelling of an exact value parses to its mantissa, every
 * value with more decimals than the scale is TOO_PRECISE, and arbitrary bytes never throw and never parse to a value
 * BigDecimal would not give.
 */
class FixedPointPropertyTest
{
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    /**
     * The texts the parser must accept: digits, optionally '.' and at least one digit, optionally e/E, an optional
     * sign and at least one digit. No sign in front, at least one digit before the point.
     */
    private static final Pattern PLAIN_NUMBER = Pattern.compile("([0-9]+)(\\.[0-9]+)?([eE]([+-]?)([0-9]+))?");

    private static final byte[] FUZZ_ALPHABET = "0123456789000..eE-+".getBytes(StandardCharsets.US_ASCII);

    @Test
    void shouldParseEverySpellingOfAnExactValueToItsMantissa()
    {
        PropertyCheck.forAll("every spelling parses to its mantissa", 20_000, random ->
        {
            final long mantissa = randomMantissa(random);
            final int scale = random.nextInt(FixedPoint.MAX_SCALE + 1);
            final int extraZeros = random.nextInt(8);
            final String digits = mantissa + "0".repeat(extraZeros);
            final String text = spell(random, digits, -(scale + extraZeros));

            assertThat(new BigDecimal(text).movePointRight(scale).longValueExact())
                .as("reference value of %s at scale %d", text, scale)
                .isEqualTo(mantissa);
            assertThat(parseAtRandomOffset(random, text, scale))
                .as("parse(\"%s\", %d)", text, scale)
                .isEqualTo(mantissa);
        });
    }

    @Test
    void shouldRejectEveryInRangeValueWithMoreDecimalsThanTheScaleAsTooPrecise()
    {
        PropertyCheck.forAll("more decimals than the scale is TOO_PRECISE", 20_000, random ->
        {
            // Below Long.MAX_VALUE, so that the value (mantissa plus a fraction of one unit) stays in range.
            final long mantissa = Math.min(randomMantissa(random), Long.MAX_VALUE - 1);
            final int scale = random.nextInt(FixedPoint.MAX_SCALE + 1);
            final int zeros = random.nextInt(6);
            final String tail = randomDigits(random, 1 + random.nextInt(5)) + (char)('1' + random.nextInt(9));
            final String digits = mantissa + "0".repeat(zeros) + tail;
            final String text = spell(random, digits, -(scale + zeros + tail.length()));

            assertThat(reference(text, scale)).as("reference for %s at scale %d", text, scale)
                .isEqualTo(Outcome.TOO_PRECISE);
            assertThat(errorOf(parseAtRandomOffset(random, text, scale)))
                .as("parse(\"%s\", %d)", text, scale)
                .isEqualTo(NumberError.TOO_PRECISE);
        });
    }

    @Test
    void shouldReportOverflowForEveryExactValueAboveTheLongRange()
    {
        PropertyCheck.forAll("exact values above Long.MAX_VALUE overflow", 10_000, random ->
        {
            final int scale = random.nextInt(FixedPoint.MAX_SCALE + 1);
            final BigDecimal overflowing = LONG_MAX.add(BigDecimal.valueOf(1 + random.nextLong(Long.MAX_VALUE)))
                .multiply(BigDecimal.TEN.pow(random.nextInt(3)));
            final String digits = overflowing.toBigInteger().toString();
            final String text = spell(random, digits, -scale);

            assertThat(reference(text, scale)).as("reference for %s at scale %d", text, scale)
                .isEqualTo(Outcome.OVERFLOW);
            assertThat(errorOf(parseAtRandomOffset(random, text, scale)))
                .as("parse(\"%s\", %d)", text, scale)
                .isEqualTo(NumberError.OVERFLOW);
        });
    }

    @Test
    void shouldParseBackWhatAppendPlainRenders()
    {
        PropertyCheck.forAll("plain rendering round trips", 20_000, random ->
        {
            final long mantissa = randomMantissa(random);
            final int scale = random.nextInt(FixedPoint.MAX_SCALE + 1);
            final String text = FixedPoint.toPlainString(mantissa, scale);

            assertThat(text).isEqualTo(BigDecimal.valueOf(mantissa, scale).stripTrailingZeros().toPlainString());
            assertThat(parseAtRandomOffset(random, text, scale)).isEqualTo(mantissa);
        });
    }

    @Test
    void shouldNeverThrowAndNeverDisagreeWithBigDecimalOnArbitraryBytes()
    {
        PropertyCheck.forAll("fuzz against BigDecimal: values", 50_000, random ->
        {
            final byte[] text = randomText(random);
            final int scale = random.nextInt(FixedPoint.MAX_SCALE + 1);
            final String shown = new String(text, StandardCharsets.ISO_8859_1);
            final Outcome expected = reference(shown, scale);
            final long result = parseAtRandomOffset(random, text, scale);

            if (expected.isValue())
            {
                assertThat(result).as("parse(\"%s\", %d)", shown, scale).isEqualTo(expected.value);
            }
            else
            {
                assertThat(result).as("parse(\"%s\", %d) must fail (%s)", shown, scale, expected.kind).isNegative();
                assertThat(NumberError.fromResult(result)).isNotNull();
            }
        });
    }

    @Test
    void shouldClassifyEveryRejectedArbitraryTextWithItsExactError()
    {
        PropertyCheck.forAll("fuzz against BigDecimal: error kinds", 50_000, random ->
        {
            final byte[] text = randomText(random);
            final int scale = random.nextInt(FixedPoint.MAX_SCALE + 1);
            final String shown = new String(text, StandardCharsets.ISO_8859_1);
            final Outcome expected = reference(shown, scale);
            final long result = parseAtRandomOffset(random, text, scale);
            if (expected.isValue())
            {
                return;
            }

            assertThat(result).as("parse(\"%s\", %d) must fail (%s)", shown, scale, expected.kind).isNegative();
            final NumberError error = NumberError.fromResult(result);
            final String description = "parse(\"" + shown + "\", " + scale + ")";
            switch (expected.kind)
            {
                case EMPTY -> assertThat(error).as(description).isEqualTo(NumberError.EMPTY);
                case MALFORMED -> assertThat(error).as(description).isEqualTo(NumberError.MALFORMED);
                case NEGATIVE -> assertThat(error).as(description).isEqualTo(NumberError.NEGATIVE);
                case NEGATIVE_OR_MALFORMED ->
                    assertThat(error).as(description).isIn(NumberError.NEGATIVE, NumberError.MALFORMED);
                case TOO_PRECISE -> assertThat(error).as(description).isEqualTo(NumberError.TOO_PRECISE);
                case OVERFLOW -> assertThat(error).as(description).isEqualTo(NumberError.OVERFLOW);
                case TOO_PRECISE_OR_OVERFLOW ->
                    assertThat(error).as(description).isIn(NumberError.TOO_PRECISE, NumberError.OVERFLOW);
                default -> throw new AssertionError(expected.kind);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------------

    enum Kind
    {
        VALUE, EMPTY, MALFORMED, NEGATIVE, NEGATIVE_OR_MALFORMED, TOO_PRECISE, OVERFLOW, TOO_PRECISE_OR_OVERFLOW
    }

    record Outcome(Kind kind, long value)
    {
        static final Outcome EMPTY = new Outcome(Kind.EMPTY, -1);
        static final Outcome MALFORMED = new Outcome(Kind.MALFORMED, -1);
        static final Outcome NEGATIVE = new Outcome(Kind.NEGATIVE, -1);
        static final Outcome NEGATIVE_OR_MALFORMED = new Outcome(Kind.NEGATIVE_OR_MALFORMED, -1);
        static final Outcome TOO_PRECISE = new Outcome(Kind.TOO_PRECISE, -1);
        static final Outcome OVERFLOW = new Outcome(Kind.OVERFLOW, -1);
        static final Outcome TOO_PRECISE_OR_OVERFLOW = new Outcome(Kind.TOO_PRECISE_OR_OVERFLOW, -1);

        static Outcome value(final long value)
        {
            return new Outcome(Kind.VALUE, value);
        }

        boolean isValue()
        {
            return kind == Kind.VALUE;
        }
    }

    /**
     * What parsing {@code text} at {@code scale} must give, decided by {@link BigDecimal} for texts in the plain
     * number grammar. A value both too precise and too large may be reported as either error.
     */
    static Outcome reference(final String text, final int scale)
    {
        if (text.isEmpty())
        {
            return Outcome.EMPTY;
        }
        if (text.charAt(0) == '-')
        {
            return PLAIN_NUMBER.matcher(text.substring(1)).matches() ? Outcome.NEGATIVE : Outcome.NEGATIVE_OR_MALFORMED;
        }
        final Matcher matcher = PLAIN_NUMBER.matcher(text);
        if (!matcher.matches())
        {
            return Outcome.MALFORMED;
        }

        final boolean zero = (matcher.group(1) + (matcher.group(2) == null ? "" : matcher.group(2))).chars()
            .allMatch(c -> c == '0' || c == '.');
        if (zero)
        {
            return Outcome.value(0);
        }
        final BigDecimal value;
        final BigDecimal atScale;
        try
        {
            value = new BigDecimal(text);
            // scaleByPowerOfTen only moves the scale: no inflating 1E999999 to a million digits.
            atScale = value.scaleByPowerOfTen(scale);
        }
        catch (final ArithmeticException | NumberFormatException ex)
        {
            // The exponent is beyond BigDecimal's int scale: astronomically large or small.
            return "-".equals(matcher.group(4)) ? Outcome.TOO_PRECISE : Outcome.OVERFLOW;
        }
        final boolean exact = value.stripTrailingZeros().scale() <= scale;
        final boolean inRange = atScale.compareTo(LONG_MAX) <= 0;
        if (exact)
        {
            return inRange ? Outcome.value(atScale.longValueExact()) : Outcome.OVERFLOW;
        }
        return inRange ? Outcome.TOO_PRECISE : Outcome.TOO_PRECISE_OR_OVERFLOW;
    }

    /**
     * One random spelling of {@code digits x 10^exponent}: plain with the point placed (and leading zeros), or with
     * the point moved anywhere and an exponent (either case, optional '+', padded exponent digits) making up for it.
     */
    static String spell(final SplittableRandom random, final String digits, final int exponent)
    {
        final String leadingZeros = "0".repeat(random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0);
        final int length = digits.length();
        switch (random.nextInt(3))
        {
            case 0:
            {
                final int fraction = -exponent;
                if (fraction <= 0)
                {
                    return leadingZeros + digits + "0".repeat(-fraction);
                }
                if (length > fraction)
                {
                    return leadingZeros + digits.substring(0, length - fraction) + "." + digits.substring(length - fraction);
                }
                return leadingZeros + "0." + "0".repeat(fraction - length) + digits;
            }
            case 1:
            {
                final int point = 1 + random.nextInt(length);
                final String body = point == length ? digits : digits.substring(0, point) + "." + digits.substring(point);
                return leadingZeros + body + exponentText(random, exponent + length - point);
            }
            default:
            {
                final int fractionZeros = random.nextInt(4);
                return leadingZeros + "0." + "0".repeat(fractionZeros) + digits +
                    exponentText(random, exponent + length + fractionZeros);
            }
        }
    }

    private static String exponentText(final SplittableRandom random, final int exponent)
    {
        if (exponent == 0 && random.nextBoolean())
        {
            return "";
        }
        final String sign = exponent < 0 ? "-" : random.nextBoolean() ? "+" : "";
        final String padding = "0".repeat(random.nextInt(4) == 0 ? random.nextInt(4) : 0);
        return (random.nextBoolean() ? "e" : "E") + sign + padding + Math.abs(exponent);
    }

    /** Mantissas of every length, with extra weight on 0, Long.MAX_VALUE, powers of ten and trailing zeros. */
    static long randomMantissa(final SplittableRandom random)
    {
        switch (random.nextInt(6))
        {
            case 0:
                return random.nextLong() & Long.MAX_VALUE;
            case 1:
            {
                final int digits = 1 + random.nextInt(18);
                return random.nextLong(FixedPoint.pow10(digits));
            }
            case 2:
            {
                return random.nextLong(1, 1000) * FixedPoint.pow10(random.nextInt(16));
            }
            case 3:
            {
                final long[] special = {0, 1, 9, 10, Long.MAX_VALUE, Long.MAX_VALUE - 1, FixedPoint.pow10(18),
                    FixedPoint.pow10(18) - 1, Long.MAX_VALUE / 10 * 10};
                return special[random.nextInt(special.length)];
            }
            default:
                return random.nextLong(1_000_000_000_000L);
        }
    }

    private static String randomDigits(final SplittableRandom random, final int count)
    {
        final StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++)
        {
            digits.append((char)('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    /** Either bytes drawn mostly from number characters, or a valid number with a few random edits. */
    private static byte[] randomText(final SplittableRandom random)
    {
        return random.nextInt(3) == 0 ? mutatedNumber(random) : randomBytes(random);
    }

    private static byte[] randomBytes(final SplittableRandom random)
    {
        final byte[] bytes = new byte[random.nextInt(26)];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = random.nextInt(8) == 0 ? (byte)random.nextInt(256) : FUZZ_ALPHABET[random.nextInt(FUZZ_ALPHABET.length)];
        }
        return bytes;
    }

    /** A valid number (sometimes with a sign) with up to three random insertions, deletions or replacements. */
    private static byte[] mutatedNumber(final SplittableRandom random)
    {
        final String digits = randomDigits(random, 1 + random.nextInt(22));
        final StringBuilder text = new StringBuilder(
            spell(random, digits, random.nextInt(-25, 10)));
        for (int mutations = random.nextInt(4); mutations > 0 && text.length() > 0; mutations--)
        {
            final int at = random.nextInt(text.length());
            final char c = (char)FUZZ_ALPHABET[random.nextInt(FUZZ_ALPHABET.length)];
            switch (random.nextInt(3))
            {
                case 0 -> text.insert(at, c);
                case 1 -> text.deleteCharAt(at);
                default -> text.setCharAt(at, c);
            }
        }
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static long parseAtRandomOffset(final SplittableRandom random, final String text, final int scale)
    {
        return parseAtRandomOffset(random, text.getBytes(StandardCharsets.ISO_8859_1), scale);
    }

    /** Parse {@code text} copied to a random offset in a buffer filled with random digits and number characters. */
    private static long parseAtRandomOffset(final SplittableRandom random, final byte[] text, final int scale)
    {
        final int offset = random.nextInt(32);
        final byte[] bytes = new byte[offset + text.length + random.nextInt(1, 16)];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = FUZZ_ALPHABET[random.nextInt(FUZZ_ALPHABET.length)];
        }
        System.arraycopy(text, 0, bytes, offset, text.length);
        return FixedPoint.parse(new UnsafeBuffer(bytes), offset, text.length, scale);
    }

    private static NumberError errorOf(final long result)
    {
        assertThat(result).as("an error result").isNegative();
        return NumberError.fromResult(result);
    }
}
