package dev.feedhandler.feeder.fuzz;

import dev.feedhandler.feeder.fuzz.FrameMutator.Kind;
import dev.feedhandler.feeder.fuzz.JsonSpans.Value;
import dev.feedhandler.orderbook.testing.ByteMutations;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fuzzers' frame mutator does what each {@link Kind} says and never lets a mutant name a forbidden instrument.
 */
class FrameMutatorTest
{
    private static final byte[] SEED = FrameMutator.bytes(
        "{\"stream\":\"abcusdt@depth\",\"data\":{\"e\":\"depthUpdate\",\"s\":\"ABCUSDT\",\"U\":12,\"u\":15," +
            "\"b\":[[\"0.35130000\",\"6195.5\"]],\"a\":[]}}");
    private static final List<byte[]> CORPUS = List.of(SEED, FrameMutator.bytes("{\"x\":[1,2,{\"y\":null}]}"));

    @Test
    void shouldNeverReturnAMutantThatNamesAForbiddenSymbolInAnyCase()
    {
        // One changed letter turns ABCUSDT into ABDUSDT: such mutants must be drawn again.
        final FrameMutator mutator = new FrameMutator(CORPUS, List.of("ABDUSDT", "CUSDU"));
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++)
        {
            final byte[] mutant = mutator.mutate(random, SEED).bytes();
            assertThat(ByteMutations.containsIgnoreCase(mutant, FrameMutator.bytes("abdusdt"))).isFalse();
            assertThat(ByteMutations.containsIgnoreCase(mutant, FrameMutator.bytes("cusdu"))).isFalse();
        }
    }

    @Test
    void shouldRefuseACorpusFrameThatNamesAForbiddenSymbol()
    {
        assertThatThrownBy(() -> new FrameMutator(CORPUS, List.of("abcUSDT")))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDrawEveryKindOfMutation()
    {
        final FrameMutator mutator = new FrameMutator(CORPUS, List.of());
        final SplittableRandom random = new SplittableRandom(11);
        final Set<Kind> drawn = EnumSet.noneOf(Kind.class);
        for (int i = 0; i < 2_000; i++)
        {
            drawn.add(mutator.mutate(random, SEED).kind());
        }
        assertThat(drawn).containsExactlyInAnyOrder(Kind.values());
    }

    @Test
    void shouldCutATruncatedFrameShortKeepingItsStart()
    {
        forEachMutant(Kind.TRUNCATE, mutant ->
        {
            assertThat(mutant.length).isLessThan(SEED.length);
            assertThat(Arrays.copyOf(SEED, mutant.length)).isEqualTo(mutant);
        });
    }

    @Test
    void shouldRepeatAKeyInTheSameObject()
    {
        forEachMutant(Kind.DUPLICATE_KEY, mutant ->
            assertThat(hasRepeatedKey(mutant)).as(text(mutant)).isTrue());
    }

    @Test
    void shouldNestDeeperThanTheDecodersAllow()
    {
        forEachMutant(Kind.DEEP_NESTING, mutant ->
        {
            final String text = text(mutant);
            assertThat(text.contains("[".repeat(31)) || text.contains("{\"a\":".repeat(31))).as(text).isTrue();
        });
    }

    @Test
    void shouldReplaceAValueByOneOfAnotherTypeKeepingTheJsonValid()
    {
        forEachMutant(Kind.WRONG_TYPE, mutant ->
        {
            final List<Value> values = JsonSpans.scan(mutant);
            assertThat(values).as(text(mutant)).isNotEmpty();
            assertThat(values.get(0).end()).as("the whole text is still one JSON value").isEqualTo(mutant.length);
            assertThat(mutant).isNotEqualTo(SEED);
        });
    }

    @Test
    void shouldPutAnOddNumberWhereANumberWas()
    {
        forEachMutant(Kind.HUGE_NUMBER, mutant -> assertThat(mutant).isNotEqualTo(SEED));
    }

    @Test
    void shouldFindEveryValueOfValidJson()
    {
        final List<Value> values = JsonSpans.scan(FrameMutator.bytes("{\"a\": [1, \"x\\\"y\", {}, true], \"b\":-2.5e3}"));

        assertThat(values).extracting(Value::type).containsExactly(
            JsonSpans.OBJECT, JsonSpans.ARRAY, JsonSpans.NUMBER, JsonSpans.STRING, JsonSpans.OBJECT, JsonSpans.LITERAL,
            JsonSpans.NUMBER);
        assertThat(values).filteredOn(Value::isMember).hasSize(2);
    }

    private static void forEachMutant(final Kind kind, final java.util.function.Consumer<byte[]> check)
    {
        final SplittableRandom random = new SplittableRandom(kind.ordinal());
        for (int i = 0; i < 300; i++)
        {
            check.accept(FrameMutator.apply(random, kind, SEED, CORPUS));
        }
    }

    private static boolean hasRepeatedKey(final byte[] json)
    {
        final List<Value> values = JsonSpans.scan(json);
        for (final Value container : values)
        {
            final Set<String> keys = new HashSet<>();
            for (final Value value : values)
            {
                if (value.isMember() && value.keyStart() > container.start() && value.end() < container.end() &&
                    directlyIn(values, value, container) &&
                    !keys.add(new String(json, value.keyStart(), value.start() - value.keyStart(),
                        StandardCharsets.ISO_8859_1)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /** No other container lies between {@code value} and {@code container}. */
    private static boolean directlyIn(final List<Value> values, final Value value, final Value container)
    {
        for (final Value other : values)
        {
            if (other != container && other.start() > container.start() && other.end() < container.end() &&
                other.start() < value.keyStart() && other.end() >= value.end() &&
                (other.type() == JsonSpans.OBJECT || other.type() == JsonSpans.ARRAY))
            {
                return false;
            }
        }
        return true;
    }

    private static String text(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
