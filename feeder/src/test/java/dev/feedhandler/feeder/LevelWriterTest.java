package dev.feedhandler.feeder;

import dev.feedhandler.feeder.TestFrames.Framed;
import dev.feedhandler.feeder.TestFrames.Level;
import dev.feedhandler.feeder.TestFrames.OutWindow;
import dev.feedhandler.feeder.json.JsonCursor;
import dev.feedhandler.orderbook.BookEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.feedhandler.feeder.TestFrames.asks;
import static dev.feedhandler.feeder.TestFrames.bids;
import static dev.feedhandler.feeder.TestFrames.bytes;
import static dev.feedhandler.feeder.TestFrames.frame;
import static dev.feedhandler.feeder.TestFrames.level;
import static org.assertj.core.api.Assertions.assertThat;

class LevelWriterTest
{
    private static final int TOO_MANY_LEVELS = -DecodeReason.TOO_MANY_LEVELS.code();

    private final LevelWriter writer = new LevelWriter();
    private final JsonCursor cursor = new JsonCursor();

    private BookEvent begin(final OutWindow out, final int capacity)
    {
        final BookEvent event = new BookEvent().wrapForWrite(out.buffer(), out.offset());
        writer.begin(event, capacity);
        return event;
    }

    @Test
    void shouldWriteBidsThenAsksWithoutFlag()
    {
        final OutWindow out = OutWindow.forLevels(3);
        final BookEvent event = begin(out, 3);

        assertThat(writer.add(true, 100, 1)).isZero();
        assertThat(writer.add(true, 99, 2)).isZero();
        assertThat(writer.add(false, 101, 3)).isZero();
        writer.finish();

        assertThat(writer.bidCount()).isEqualTo(2);
        assertThat(writer.askCount()).isEqualTo(1);
        assertThat(event.bidCount()).isEqualTo(2);
        assertThat(event.askCount()).isEqualTo(1);
        assertThat(event.flags()).isZero();
        assertThat(event.bidLevelsOffset()).isEqualTo(out.offset() + BookEvent.HEADER_LENGTH);
        assertThat(bids(event)).containsExactly(level(100, 1), level(99, 2));
        assertThat(asks(event)).containsExactly(level(101, 3));
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldFlagAsksFirstWhenTheFirstLevelIsAnAsk()
    {
        final OutWindow out = OutWindow.forLevels(3);
        final BookEvent event = begin(out, 3);

        writer.add(false, 101, 3);
        writer.add(false, 102, 4);
        writer.add(true, 100, 1);
        writer.finish();

        assertThat(event.flags()).isEqualTo(BookEvent.FLAG_ASKS_FIRST);
        assertThat(event.bidCount()).isEqualTo(1);
        assertThat(event.askCount()).isEqualTo(2);
        assertThat(event.askLevelsOffset()).isEqualTo(out.offset() + BookEvent.HEADER_LENGTH);
        assertThat(bids(event)).containsExactly(level(100, 1));
        assertThat(asks(event)).containsExactly(level(101, 3), level(102, 4));
    }

    @Test
    void shouldRejectTheLevelBeyondCapacityAndKeepTheCountsOfThoseWritten()
    {
        final OutWindow out = OutWindow.forLevels(2);
        final BookEvent event = begin(out, 2);

        assertThat(writer.add(true, 100, 1)).isZero();
        assertThat(writer.add(false, 101, 1)).isZero();
        assertThat(writer.add(false, 102, 1)).isEqualTo(TOO_MANY_LEVELS);
        assertThat(writer.add(true, 99, 1)).isEqualTo(TOO_MANY_LEVELS);
        writer.finish();

        assertThat(event.bidCount()).isEqualTo(1);
        assertThat(event.askCount()).isEqualTo(1);
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldRejectEveryLevelWhenCapacityIsZero()
    {
        final OutWindow out = OutWindow.forLevels(0);
        final BookEvent event = begin(out, 0);

        assertThat(writer.add(false, 1, 1)).isEqualTo(TOO_MANY_LEVELS);
        writer.finish();

        assertThat(writer.askCount()).isZero();
        assertThat(event.flags()).isZero();
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldStartEachEventAfreshOnBegin()
    {
        final OutWindow first = OutWindow.forLevels(2);
        begin(first, 2);
        writer.add(false, 5, 5);
        writer.add(false, 6, 6);
        writer.finish();

        final OutWindow second = OutWindow.forLevels(2);
        final BookEvent event = begin(second, 2);
        writer.add(true, 7, 7);
        writer.finish();

        assertThat(writer.bidCount()).isEqualTo(1);
        assertThat(writer.askCount()).isZero();
        assertThat(event.flags()).isZero();
        assertThat(bids(event)).containsExactly(level(7, 7));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // parseStringPairs
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> validSides()
    {
        return Stream.of(
            Arguments.of("[]", List.of()),
            Arguments.of(" [ ] ", List.of()),
            Arguments.of("[[\"0.35210000\",\"672.00000000\"]]", List.of(level(35_210_000L, 67_200_000_000L))),
            Arguments.of("[[\"1\",\"0\"],[\"0.5\",\"0.00000001\"]]", List.of(level(100_000_000L, 0L), level(50_000_000L, 1L))),
            Arguments.of("[ [ \"2\" , \"3\" , [ ] ] , [\"4\",\"5\",\"x\",{\"a\":[1]}] ]",
                List.of(level(200_000_000L, 300_000_000L), level(400_000_000L, 500_000_000L))),
            Arguments.of("[[\"7e-8\",\"0E-8\"]]", List.of(level(7L, 0L))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSides")
    void shouldParseStringPairsIntoOneSideAndStopAfterTheArray(final String side, final List<Level> expected)
    {
        final OutWindow out = OutWindow.forLevels(4);
        final BookEvent event = begin(out, 4);
        wrap(side + ",");

        final int result = writer.parseStringPairs(cursor, false, 8, 8);
        writer.finish();

        assertThat(result).isZero();
        assertThat(asks(event)).isEqualTo(expected);
        assertThat(event.bidCount()).isZero();
        assertThat(cursor.peek()).isEqualTo(',');
    }

    static Stream<Arguments> invalidSides()
    {
        return Stream.of(
            Arguments.of("5", DecodeReason.WRONG_TYPE),
            Arguments.of("\"x\"", DecodeReason.WRONG_TYPE),
            Arguments.of("{}", DecodeReason.WRONG_TYPE),
            Arguments.of("[[1,\"2\"]]", DecodeReason.WRONG_TYPE),
            Arguments.of("[[\"1\",2]]", DecodeReason.WRONG_TYPE),
            Arguments.of("[[\"0\",\"1\"]]", DecodeReason.ZERO_PRICE),
            Arguments.of("[[\"0.00000000\",\"1\"]]", DecodeReason.ZERO_PRICE),
            Arguments.of("[[\"-1\",\"1\"]]", DecodeReason.NEGATIVE_NUMBER),
            Arguments.of("[[\"1\",\"-1\"]]", DecodeReason.NEGATIVE_NUMBER),
            Arguments.of("[[\"1.123456789\",\"1\"]]", DecodeReason.TOO_PRECISE),
            Arguments.of("[[\"1\",\"0.000000001\"]]", DecodeReason.TOO_PRECISE),
            Arguments.of("[[\"abc\",\"1\"]]", DecodeReason.BAD_NUMBER),
            Arguments.of("[[\"\",\"1\"]]", DecodeReason.BAD_NUMBER),
            Arguments.of("[[\"1\",\"99999999999999999999\"]]", DecodeReason.NUMBER_OVERFLOW),
            Arguments.of("[[\"1\",\"2\"]", DecodeReason.TRUNCATED),
            Arguments.of("[[\"1\",\"2", DecodeReason.TRUNCATED),
            Arguments.of("", DecodeReason.TRUNCATED),
            Arguments.of("[[\"1\",\"2\"][\"3\",\"4\"]]", DecodeReason.MALFORMED_JSON),
            Arguments.of("[[\"1\",\"2\"],]", DecodeReason.MALFORMED_JSON),
            Arguments.of("[[\"1\"]]", DecodeReason.MALFORMED_JSON),
            Arguments.of("[[\"1\",\"2\"}]", DecodeReason.MALFORMED_JSON),
            Arguments.of("[[\"1\",\"2\",[}]]", DecodeReason.MALFORMED_JSON));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("invalidSides")
    void shouldRejectSideWithExactReason(final String side, final DecodeReason reason)
    {
        final OutWindow out = OutWindow.forLevels(4);
        begin(out, 4);
        wrap(side);

        final int result = writer.parseStringPairs(cursor, true, 8, 8);

        assertThat(result).isEqualTo(-reason.code());
    }

    @Test
    void shouldRejectSideWithMoreLevelsThanCapacity()
    {
        final OutWindow out = OutWindow.forLevels(2);
        begin(out, 2);
        wrap("[[\"3\",\"1\"],[\"2\",\"1\"],[\"1\",\"1\"]]");

        assertThat(writer.parseStringPairs(cursor, true, 8, 8)).isEqualTo(TOO_MANY_LEVELS);
        assertThat(writer.bidCount()).isEqualTo(2);
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldParseTwoSidesIntoContiguousBlocksInArrivalOrder()
    {
        final OutWindow out = OutWindow.forLevels(3);
        final BookEvent event = begin(out, 3);
        wrap("[[\"0.2\",\"1\"]] [[\"0.1\",\"2\"],[\"0.09\",\"3\"]]");

        assertThat(writer.parseStringPairs(cursor, false, 2, 0)).isZero();
        assertThat(writer.parseStringPairs(cursor, true, 2, 0)).isZero();
        writer.finish();

        assertThat(event.flags()).isEqualTo(BookEvent.FLAG_ASKS_FIRST);
        assertThat(asks(event)).containsExactly(level(20, 1));
        assertThat(bids(event)).containsExactly(level(10, 2), level(9, 3));
        assertThat(event.length()).isEqualTo(BookEvent.lengthFor(3));
    }

    private void wrap(final String text)
    {
        final Framed framed = frame(bytes(text), 31);
        cursor.wrap(framed.buffer(), framed.offset(), framed.length());
    }
}
