package dev.feedhandler.feeder.json;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.TestFrames.Framed;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static dev.feedhandler.feeder.TestFrames.bytes;
import static dev.feedhandler.feeder.TestFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JsonCursor} on input placed at a non-zero offset between bytes that would change the answer if read.
 */
class JsonCursorTest
{
    private final JsonCursor cursor = new JsonCursor();
    private int offset;

    private JsonCursor wrap(final String text)
    {
        return wrap(bytes(text));
    }

    private JsonCursor wrap(final byte[] text)
    {
        final Framed framed = frame(text, 23);
        offset = framed.offset();
        return cursor.wrap(framed.buffer(), framed.offset(), framed.length());
    }

    private String lastString()
    {
        final byte[] raw = new byte[cursor.stringLength()];
        cursor.buffer().getBytes(cursor.stringOffset(), raw);
        return new String(raw, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // readLong
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> validLongs()
    {
        return Stream.of(
            Arguments.of("-9223372036854775808,", Long.MIN_VALUE),
            Arguments.of("9223372036854775807,", Long.MAX_VALUE),
            Arguments.of("0,", 0L),
            Arguments.of("-0}", 0L),
            Arguments.of("1633998512068]", 1633998512068L),
            Arguments.of("-1 ", -1L),
            Arguments.of(" \t\r\n42,", 42L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validLongs")
    void shouldReadLongExactlyAndStopAtTheFirstNonDigit(final String text, final long expected)
    {
        wrap(text);

        assertThat(cursor.readLong()).isTrue();
        assertThat(cursor.longValue()).isEqualTo(expected);
        assertThat(cursor.position()).isEqualTo(offset + text.length() - 1);
    }

    static Stream<Arguments> invalidLongs()
    {
        return Stream.of(
            Arguments.of("-9223372036854775809,", DecodeReason.NUMBER_OVERFLOW),
            Arguments.of("9223372036854775808,", DecodeReason.NUMBER_OVERFLOW),
            Arguments.of("99999999999999999999,", DecodeReason.NUMBER_OVERFLOW),
            Arguments.of("-99999999999999999999,", DecodeReason.NUMBER_OVERFLOW),
            Arguments.of("-,", DecodeReason.BAD_NUMBER),
            Arguments.of("-", DecodeReason.BAD_NUMBER),
            Arguments.of("-x,", DecodeReason.BAD_NUMBER),
            Arguments.of("1.5,", DecodeReason.BAD_NUMBER),
            Arguments.of("1.0,", DecodeReason.BAD_NUMBER),
            Arguments.of("1e5,", DecodeReason.BAD_NUMBER),
            Arguments.of("1E5,", DecodeReason.BAD_NUMBER),
            Arguments.of("-2e3,", DecodeReason.BAD_NUMBER),
            Arguments.of("012,", DecodeReason.MALFORMED_JSON),
            Arguments.of("00,", DecodeReason.MALFORMED_JSON),
            Arguments.of("-01}", DecodeReason.MALFORMED_JSON),
            Arguments.of("030020250790,", DecodeReason.MALFORMED_JSON),
            Arguments.of("\"12\",", DecodeReason.WRONG_TYPE),
            Arguments.of("true,", DecodeReason.WRONG_TYPE),
            Arguments.of("[1],", DecodeReason.WRONG_TYPE),
            Arguments.of("12", DecodeReason.TRUNCATED),
            Arguments.of("", DecodeReason.TRUNCATED),
            Arguments.of("   ", DecodeReason.TRUNCATED));
    }

    @ParameterizedTest(name = "''{0}'' is {1}")
    @MethodSource("invalidLongs")
    void shouldRejectLongWithExactReason(final String text, final DecodeReason reason)
    {
        wrap(text);

        assertThat(cursor.readLong()).isFalse();
        assertThat(cursor.reason()).isEqualTo(reason);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // readString
    // ---------------------------------------------------------------------------------------------------------------

    // ---------------------------------------------------------------------------------------------------------------
    // readNumber
    // ---------------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "-0", "45283.5", "0.10000000", "0E-8", "0e+8", "1.5E-3", "-12.25e10",
        "18446744073709551616", "12893948723456789012"})
    void shouldReadNumberAsItsExactTextAndStopAfterIt(final String number)
    {
        wrap(" " + number + ",");

        assertThat(cursor.readNumber()).isTrue();
        assertThat(lastString()).isEqualTo(number);
        assertThat(cursor.position()).isEqualTo(offset + 1 + number.length());
    }

    static Stream<Arguments> invalidNumbers()
    {
        return Stream.of(
            Arguments.of("\"1.5\",", DecodeReason.WRONG_TYPE),
            Arguments.of("true,", DecodeReason.WRONG_TYPE),
            Arguments.of("[1],", DecodeReason.WRONG_TYPE),
            Arguments.of("01,", DecodeReason.MALFORMED_JSON),
            Arguments.of("1.,", DecodeReason.MALFORMED_JSON),
            Arguments.of("1e,", DecodeReason.MALFORMED_JSON),
            Arguments.of("-,", DecodeReason.MALFORMED_JSON),
            Arguments.of("1.5x", DecodeReason.MALFORMED_JSON),
            Arguments.of("1.5", DecodeReason.TRUNCATED),
            Arguments.of("", DecodeReason.TRUNCATED));
    }

    @ParameterizedTest(name = "''{0}'' is {1}")
    @MethodSource("invalidNumbers")
    void shouldRejectNumberWithExactReason(final String text, final DecodeReason reason)
    {
        wrap(text);

        assertThat(cursor.readNumber()).isFalse();
        assertThat(cursor.reason()).isEqualTo(reason);
    }

    @Test
    void shouldReadStringWithEscapedQuoteAsRawBytesUpToTheClosingQuote()
    {
        wrap("\"a\\\"b\",");

        assertThat(cursor.readString()).isTrue();
        assertThat(lastString()).isEqualTo("a\\\"b");
        assertThat(cursor.stringOffset()).isEqualTo(offset + 1);
        assertThat(cursor.stringLength()).isEqualTo(4);
        assertThat(cursor.stringEquals(bytes("a\\\"b"))).isTrue();
        assertThat(cursor.peek()).isEqualTo(',');
    }

    @Test
    void shouldEndStringAtQuoteAfterAnEscapedBackslash()
    {
        wrap("\"x\\\\\",\"y\"");

        assertThat(cursor.readString()).isTrue();
        assertThat(lastString()).isEqualTo("x\\\\");
        assertThat(cursor.peek()).isEqualTo(',');
    }

    @Test
    void shouldReadEmptyStringAndNonAsciiBytes()
    {
        wrap("\"\" \"\u00e9\u20ac\"");

        assertThat(cursor.readString()).isTrue();
        assertThat(cursor.stringLength()).isZero();
        assertThat(cursor.readString()).isTrue();
        assertThat(lastString()).isEqualTo("\u00e9\u20ac");
    }

    static Stream<Arguments> invalidStrings()
    {
        return Stream.of(
            Arguments.of("\"abc", DecodeReason.TRUNCATED),
            Arguments.of("\"abc\\", DecodeReason.TRUNCATED),
            Arguments.of("\"abc\\\"", DecodeReason.TRUNCATED),
            Arguments.of("", DecodeReason.TRUNCATED),
            Arguments.of("\"a\u0001b\"", DecodeReason.MALFORMED_JSON),
            Arguments.of("\"a\nb\"", DecodeReason.MALFORMED_JSON),
            Arguments.of("12,", DecodeReason.WRONG_TYPE),
            Arguments.of("null,", DecodeReason.WRONG_TYPE));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("invalidStrings")
    void shouldRejectStringWithExactReason(final String text, final DecodeReason reason)
    {
        wrap(text);

        assertThat(cursor.readString()).isFalse();
        assertThat(cursor.reason()).isEqualTo(reason);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // skipValue
    // ---------------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "\"plain\"", "\"with \\\" ] } [ { , : escapes\"", "\"\"",
        "0", "-17", "3.25", "-1.5e-7", "6E+3", "12345678901234567890123",
        "true", "false", "null",
        "{}", "[]", "{ }", "[ ]",
        "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"}\"}}",
        "[\"]]]]\",{\"}\":\"{\"},[[],[{}]]]",
        "[ 1 , { \"k\" : [ \"v\" ] } ]",
    })
    void shouldSkipEveryJsonTypeAndStopAfterIt(final String value)
    {
        wrap(" " + value + " ,\"next\"");

        assertThat(cursor.skipValue()).isTrue();
        assertThat(cursor.peek()).isEqualTo(',');
        assertThat(cursor.position()).isEqualTo(offset + 1 + value.length() + 1);
    }

    static Stream<Arguments> invalidValues()
    {
        return Stream.of(
            Arguments.of("tru", DecodeReason.TRUNCATED),
            Arguments.of("[1,2", DecodeReason.TRUNCATED),
            Arguments.of("{\"a\":\"}", DecodeReason.TRUNCATED),
            Arguments.of("12", DecodeReason.TRUNCATED),
            Arguments.of("\"ab", DecodeReason.TRUNCATED),
            Arguments.of("", DecodeReason.TRUNCATED),
            Arguments.of("trux,", DecodeReason.MALFORMED_JSON),
            Arguments.of("nulL,", DecodeReason.MALFORMED_JSON),
            Arguments.of("fals,1", DecodeReason.MALFORMED_JSON),
            Arguments.of("},", DecodeReason.MALFORMED_JSON),
            Arguments.of(":,", DecodeReason.MALFORMED_JSON),
            Arguments.of("[},", DecodeReason.MALFORMED_JSON),
            Arguments.of("{],", DecodeReason.MALFORMED_JSON),
            Arguments.of("[{]},", DecodeReason.MALFORMED_JSON),
            Arguments.of("{\"a\":[}],", DecodeReason.MALFORMED_JSON),
            Arguments.of("[[[]]}", DecodeReason.MALFORMED_JSON),
            Arguments.of("[\"a\u0001\"]", DecodeReason.MALFORMED_JSON));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("invalidValues")
    void shouldRejectValueWithExactReason(final String text, final DecodeReason reason)
    {
        wrap(text);

        assertThat(cursor.skipValue()).isFalse();
        assertThat(cursor.reason()).isEqualTo(reason);
    }

    @Test
    void shouldRejectSkippedNumberThatIsNotAJsonNumberAsMalformed()
    {
        final Map<String, DecodeReason> reasons = new java.util.LinkedHashMap<>();
        for (final String notANumber : new String[]{"-", "e", "E", ".", "+1", "1-2", "--1", "1e", "1.e5"})
        {
            reasons.put(notANumber, wrap(notANumber + ",").skipValue() ? null : cursor.reason());
        }

        assertThat(reasons).as("reason per skipped value (null = accepted)")
            .allSatisfy((text, reason) -> assertThat(reason).as(text).isEqualTo(DecodeReason.MALFORMED_JSON));
    }

    @Test
    void shouldSkipArraysNestedToMaxDepth()
    {
        final String nested = "[".repeat(JsonCursor.MAX_DEPTH) + "]".repeat(JsonCursor.MAX_DEPTH);
        wrap(nested + ",");

        assertThat(JsonCursor.MAX_DEPTH).isEqualTo(32);
        assertThat(cursor.skipValue()).isTrue();
        assertThat(cursor.position()).isEqualTo(offset + nested.length());
    }

    @Test
    void shouldRejectArraysNestedOneBeyondMaxDepth()
    {
        wrap("[".repeat(33) + "]".repeat(33) + ",");

        assertThat(cursor.skipValue()).isFalse();
        assertThat(cursor.reason()).isEqualTo(DecodeReason.NESTING_TOO_DEEP);
    }

    @Test
    void shouldSkipMixedObjectsAndArraysNestedToMaxDepthButNotOneMore()
    {
        assertThat(wrap(mixedNesting(32) + ",").skipValue()).isTrue();

        assertThat(wrap(mixedNesting(33) + ",").skipValue()).isFalse();
        assertThat(cursor.reason()).isEqualTo(DecodeReason.NESTING_TOO_DEEP);
    }

    @Test
    void shouldRejectNestingFarBeyondSixtyFourLevels()
    {
        wrap("{\"a\":".repeat(100) + "1" + "}".repeat(100) + ",");

        assertThat(cursor.skipValue()).isFalse();
        assertThat(cursor.reason()).isEqualTo(DecodeReason.NESTING_TOO_DEEP);
    }

    /** depth levels alternating object and array: {"k":[{"k":[...]}]} */
    private static String mixedNesting(final int depth)
    {
        final StringBuilder open = new StringBuilder();
        final StringBuilder close = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            final boolean object = i % 2 == 0;
            open.append(object ? "{\"k\":" : "[");
            close.insert(0, object ? "}" : "]");
        }
        return open + "0" + close;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Keys
    // ---------------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "key ''{0}''")
    @ValueSource(strings = {"", "e", "E", "s", "pu", "data", "bids", "asks", "code", "abcdefgh", "\u00fc"})
    void shouldPackShortKeysTheSameWayInKeyBitsOfAndReadKey(final String key)
    {
        wrap("\"" + key + "\" : 1,");

        assertThat(cursor.readKey()).isTrue();
        assertThat(cursor.keyBits()).isEqualTo(packed(bytes(key)));
        assertThat(cursor.keyEquals(bytes(key))).isTrue();
        assertThat(cursor.readLong()).isTrue();
        if (key.length() == bytes(key).length)
        {
            assertThat(cursor.keyBits()).isEqualTo(JsonCursor.keyBitsOf(key));
        }
    }

    @Test
    void shouldPackKeysFirstByteLowest()
    {
        assertThat(JsonCursor.keyBitsOf("ab")).isEqualTo('a' | ('b' << 8));
        assertThat(JsonCursor.keyBitsOf("pu")).isNotEqualTo(JsonCursor.keyBitsOf("up"));
        assertThat(JsonCursor.keyBitsOf("b")).isNotEqualTo(JsonCursor.keyBitsOf("B"));
    }

    @Test
    void shouldMarkKeysLongerThanEightBytesAsLongAndCompareThemByBytes()
    {
        wrap("\"lastUpdateId\":5");

        assertThat(cursor.readKey()).isTrue();
        assertThat(cursor.keyBits()).isEqualTo(JsonCursor.LONG_KEY).isEqualTo(JsonCursor.keyBitsOf("lastUpdateId"));
        assertThat(cursor.keyEquals(bytes("lastUpdateId"))).isTrue();
        assertThat(cursor.keyEquals(bytes("lastUpdateIx"))).isFalse();
        assertThat(cursor.keyEquals(bytes("lastUpdate"))).isFalse();
    }

    @Test
    void shouldPackRandomAsciiKeysAsKeyBitsOfDoes()
    {
        PropertyCheck.forAll("keyBitsOf matches readKey", 300, random ->
        {
            final Map<Long, String> seen = new HashMap<>();
            for (int k = 0; k < 50; k++)
            {
                final StringBuilder key = new StringBuilder();
                for (int i = random.nextInt(13); i > 0; i--)
                {
                    char c;
                    do
                    {
                        c = (char)random.nextInt(0x20, 0x7F);
                    }
                    while (c == '"' || c == '\\');
                    key.append(c);
                }
                wrap("\"" + key + "\":0,");
                assertThat(cursor.readKey()).as(key.toString()).isTrue();
                assertThat(cursor.keyBits()).as(key.toString()).isEqualTo(JsonCursor.keyBitsOf(key.toString()));
                if (key.length() <= 8)
                {
                    final String other = seen.putIfAbsent(cursor.keyBits(), key.toString());
                    assertThat(other == null || other.contentEquals(key)).as(key + " vs " + other).isTrue();
                }
            }
        });
    }

    @Test
    void shouldRejectKeyWithoutColonAsMalformedJson()
    {
        wrap("\"s\" \"NKNUSDT\"");

        assertThat(cursor.readKey()).isFalse();
        assertThat(cursor.reason()).isEqualTo(DecodeReason.MALFORMED_JSON);
    }

    @Test
    void shouldRejectKeyThatIsNotAStringAsMalformedJson()
    {
        // "}" is what readKey meets after a trailing comma ({"a":1,}); s:1 is an unquoted key.
        assertThat(wrap("}").readKey()).isFalse();
        final DecodeReason afterTrailingComma = cursor.reason();
        assertThat(wrap("s:1").readKey()).isFalse();
        final DecodeReason unquotedKey = cursor.reason();

        assertThat(afterTrailingComma).as("key after a trailing comma").isEqualTo(DecodeReason.MALFORMED_JSON);
        assertThat(unquotedKey).as("unquoted key").isEqualTo(DecodeReason.MALFORMED_JSON);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Separators, whitespace, end of input
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldTellNextMemberFromCloseFromAnythingElse()
    {
        assertThat(wrap(" , ").next((byte)'}')).isEqualTo(1);
        assertThat(wrap(" } ").next((byte)'}')).isEqualTo(0);
        assertThat(wrap(" ] ").next((byte)'}')).isEqualTo(-1);
        assertThat(cursor.reason()).isEqualTo(DecodeReason.MALFORMED_JSON);
        assertThat(wrap("  ").next((byte)'}')).isEqualTo(-1);
        assertThat(cursor.reason()).isEqualTo(DecodeReason.TRUNCATED);
    }

    @Test
    void shouldSkipJsonWhitespaceOnlyBeforeConsuming()
    {
        assertThat(wrap(" \t\r\n{").consume((byte)'{')).isTrue();
        assertThat(cursor.position()).isEqualTo(offset + 5);

        assertThat(wrap("\f{").consume((byte)'{')).isFalse();
        assertThat(cursor.reason()).isEqualTo(DecodeReason.MALFORMED_JSON);
    }

    @Test
    void shouldReportTruncatedWhenConsumingAtEndOfInput()
    {
        assertThat(wrap("   ").consume((byte)'{')).isFalse();
        assertThat(cursor.reason()).isEqualTo(DecodeReason.TRUNCATED);
    }

    @Test
    void shouldBeAtEndOnlyWhenNothingButWhitespaceRemainsAndClearTheReason()
    {
        assertThat(wrap(" \n\t ").atEnd()).isTrue();
        assertThat(cursor.reason()).isNull();
        assertThat(wrap(" x").atEnd()).isFalse();
    }

    @Test
    void shouldForgetThePreviousReasonOnWrap()
    {
        wrap("x").consume((byte)'{');
        assertThat(cursor.reason()).isEqualTo(DecodeReason.MALFORMED_JSON);

        wrap("{");

        assertThat(cursor.reason()).isNull();
    }

    @Test
    void shouldNotMistakeByte0xFFForEndOfInput()
    {
        final byte[] ff = {(byte)0xFF};

        assertThat(wrap(ff).peek()).isEqualTo(0xFF);
        assertThat(cursor.reason()).isNull();
        assertThat(wrap(ff).atEnd()).isFalse();
        assertThat(wrap(ff).consume((byte)'{')).isFalse();
        assertThat(cursor.reason()).isEqualTo(DecodeReason.MALFORMED_JSON);
        assertThat(wrap(ff).next((byte)'}')).isEqualTo(-1);
        assertThat(cursor.reason()).isEqualTo(DecodeReason.MALFORMED_JSON);
        assertThat(wrap(ff).skipValue()).isFalse();
        assertThat(cursor.reason()).isEqualTo(DecodeReason.MALFORMED_JSON);
        assertThat(wrap(ff).readLong()).isFalse();
        assertThat(cursor.reason()).isEqualTo(DecodeReason.WRONG_TYPE);
        assertThat(wrap(ff).readString()).isFalse();
        assertThat(cursor.reason()).isEqualTo(DecodeReason.WRONG_TYPE);
    }

    @Test
    void shouldKeepByte0xFFInsideAStringAsContent()
    {
        wrap(new byte[]{'"', (byte)0xFF, (byte)0xFF, '"', ','});

        assertThat(cursor.readString()).isTrue();
        assertThat(cursor.stringLength()).isEqualTo(2);
        assertThat(cursor.peek()).isEqualTo(',');
    }

    @Test
    void shouldNotReadPastTheWrappedLength()
    {
        final Framed framed = frame(bytes("123456,"), 9);
        cursor.wrap(framed.buffer(), framed.offset(), 3);

        assertThat(cursor.readLong()).isFalse();
        assertThat(cursor.reason()).isEqualTo(DecodeReason.TRUNCATED);

        cursor.wrap(framed.buffer(), framed.offset() + 3, 4);
        assertThat(cursor.readLong()).isTrue();
        assertThat(cursor.longValue()).isEqualTo(456L);
    }

    private static long packed(final byte[] key)
    {
        if (key.length > 8)
        {
            return JsonCursor.LONG_KEY;
        }
        long bits = 0;
        for (int i = 0; i < key.length; i++)
        {
            bits |= (long)(key[i] & 0xFF) << (8 * i);
        }
        return bits;
    }
}
