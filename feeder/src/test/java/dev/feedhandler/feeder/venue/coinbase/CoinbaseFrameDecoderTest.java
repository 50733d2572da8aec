package dev.feedhandler.feeder.venue.coinbase;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.TestFrames.Decoded;
import dev.feedhandler.feeder.TestFrames.OutWindow;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.feedhandler.feeder.TestFrames.json;
import static dev.feedhandler.feeder.TestFrames.level;
import static dev.feedhandler.feeder.TestFrames.spaced;
import static dev.feedhandler.feeder.TestFrames.symbols;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.BTC_USD;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.ETH_USD;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.TIMESTAMP_MS;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.decode;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.event;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.events;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.heartbeat;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.l2;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.session;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.subscriptions;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link CoinbaseFrameDecoder} makes of each kind of Coinbase Advanced Trade frame (written from the documented
 * format: no live capture exists), how it checks the connection's {@code sequence_num}, and one table with an invalid
 * frame for every rejection reason it can give.
 */
class CoinbaseFrameDecoderTest
{
    private static final int MAX_FRAME = 4096;
    private static final long INGRESS_NS = 42L;
    private static final long NULL_ID = BookEvent.NULL_ID;
    private static final long NULL_TIME = BookEvent.NULL_TIME;

    /** A valid update the table's invalid frames are variations of. */
    private static final String UPDATE = l2(7, event("update", "BTC-USD",
        update("bid", "21921.73", "0.06317902"), update("offer", "21921.74", "0.10306098")));

    private CoinbaseFrameDecoder decoder = newDecoder();

    private static CoinbaseFrameDecoder newDecoder()
    {
        return new CoinbaseFrameDecoder(symbols(BTC_USD, ETH_USD), MAX_FRAME);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Valid book frames
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldDecodeSnapshotWithSequenceAsIdsAndTimestampAsExchangeTime()
    {
        final OutWindow out = OutWindow.forLevels(4);

        final int result = decode(decoder, session().get(1), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(4));
        assertThat(events(out, result)).containsExactly(new Decoded(BookEvent.TYPE_SNAPSHOT, BTC_USD.id(),
            1L, 1L, NULL_ID, TIMESTAMP_MS, NULL_TIME, INGRESS_NS,
            List.of(level(2_192_173L, 6_317_902L), level(2_192_130L, 2_000_000L)),
            List.of(level(2_192_174L, 10_306_098L), level(2_192_251L, 150_000_000L))));
        assertThat(out.event().flags()).isZero();
        assertThat(decoder.lastInstrument()).isSameAs(BTC_USD);
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldKeepEachSidesOrderWhenBidsAndOffersInterleave()
    {
        final OutWindow out = OutWindow.forLevels(6);

        final int result = decode(decoder, l2(0, event("update", "BTC-USD",
            update("offer", "3", "1"), update("bid", "1", "2"), update("offer", "4", "3"),
            update("offer", "3", "0"), update("bid", "2", "5"), update("bid", "1", "0"))), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(6));
        final Decoded decoded = events(out, result).get(0);
        assertThat(decoded.type()).isEqualTo(BookEvent.TYPE_DIFF);
        assertThat(decoded.bids()).containsExactly(
            level(100, 200_000_000L), level(200, 500_000_000L), level(100, 0));
        assertThat(decoded.asks()).containsExactly(
            level(300, 100_000_000L), level(400, 300_000_000L), level(300, 0));
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldWriteOneEventPerProductBackToBackInTheOrderSent()
    {
        final List<String> session = session();
        final OutWindow out = new OutWindow(16, 4096);
        for (int i = 0; i < 5; i++)
        {
            assertThat(decode(decoder, session.get(i), out)).as(session.get(i)).isNotNegative();
        }

        final int result = decode(decoder, session.get(5), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(3) + BookEvent.lengthFor(1));
        final long time = 1_675_974_771_801L;
        assertThat(events(out, result)).containsExactly(
            new Decoded(BookEvent.TYPE_DIFF, BTC_USD.id(), 5L, 5L, NULL_ID, time, NULL_TIME, INGRESS_NS,
                List.of(level(2_192_174L, 50_000_000L)),
                List.of(level(2_192_174L, 0L), level(2_192_175L, 25_000_000L))),
            new Decoded(BookEvent.TYPE_DIFF, ETH_USD.id(), 5L, 5L, NULL_ID, time, NULL_TIME, INGRESS_NS,
                List.of(level(153_751L, 0L)), List.of()));
        assertThat(decoder.lastInstrument()).isSameAs(ETH_USD);
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldDecodeEverySessionFrameInOrder()
    {
        final int[] expected = {0, BookEvent.lengthFor(4), 0, BookEvent.lengthFor(2), 0,
            BookEvent.lengthFor(3) + BookEvent.lengthFor(1), BookEvent.lengthFor(1)};
        final List<String> session = session();
        assertThat(session).hasSize(expected.length);

        for (int i = 0; i < expected.length; i++)
        {
            final OutWindow out = new OutWindow(21, 1024);
            assertThat(decode(decoder, session.get(i), out)).as(session.get(i)).isEqualTo(expected[i]);
        }
    }

    @Test
    void shouldDecodeSnapshotWithNoUpdatesAsEventWithNoLevels()
    {
        final OutWindow out = OutWindow.forLevels(0);

        final int result = decode(decoder, l2(3, event("snapshot", "ETH-USD")), out);

        assertThat(result).isEqualTo(BookEvent.HEADER_LENGTH);
        assertThat(out.event().type()).isEqualTo(BookEvent.TYPE_SNAPSHOT);
        assertThat(out.event().instrumentId()).isEqualTo(ETH_USD.id());
        assertThat(out.event().bidCount() + out.event().askCount()).isZero();
    }

    @Test
    void shouldAcceptEveryZeroSpellingAsDeletion()
    {
        final OutWindow out = OutWindow.forLevels(3);

        final int result = decode(decoder, l2(0, event("update", "BTC-USD", update("bid", "1", "0"),
            update("bid", "2", "0.00000000"), update("offer", "3", "0E-8"))), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(3));
        final Decoded decoded = events(out, result).get(0);
        assertThat(decoded.bids()).containsExactly(level(100, 0), level(200, 0));
        assertThat(decoded.asks()).containsExactly(level(300, 0));
    }

    @Test
    void shouldDecodeFieldsInAnyOrderToTheSameEvents()
    {
        final String canonical = session().get(5);
        final String reordered = json("{'events':[{'updates':[{'new_quantity':'0','price_level':'21921.74'," +
            "'side':'offer'},{'price_level':'21921.74','side':'bid','new_quantity':'0.5','event_time':'x'}," +
            "{'side':'offer','new_quantity':'0.25','price_level':'21921.75'}],'product_id':'BTC-USD'," +
            "'type':'update'}," +
            "{'product_id':'ETH-USD','updates':[{'side':'bid','price_level':'1537.51','new_quantity':'0.00000000'}]," +
            "'type':'update'}],'sequence_num':5,'timestamp':'2023-02-09T20:32:51.801255672Z','client_id':''," +
            "'channel':'l2_data'}");
        final OutWindow expected = new OutWindow(21, 1024);
        final OutWindow out = new OutWindow(21, 1024);
        final int expectedLength = decode(newDecoder(), canonical, expected);

        final int result = decode(decoder, reordered, out);

        assertThat(result).isEqualTo(expectedLength).isEqualTo(BookEvent.lengthFor(3) + BookEvent.lengthFor(1));
        assertThat(events(out, result)).isEqualTo(events(expected, expectedLength));
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldSkipUnknownFieldsAndAcceptWhitespaceBetweenEveryToken()
    {
        final String canonical = session().get(5);
        final String withUnknowns = canonical
            .replace("\"client_id\":\"\"", json("'client_id':'x','extra':{'events':[1,{'a':'}'}],'channel':'ticker'}"))
            .replace("\"type\":\"update\",", json("'type':'update','n':null,'t':true,'f':[false,-1.5e3],"))
            .replace("\"side\":\"bid\",", json("'side':'bid','order_count':3,"));
        final OutWindow expected = new OutWindow(21, 1024);
        final OutWindow out = new OutWindow(21, 1024);
        final int expectedLength = decode(newDecoder(), canonical, expected);

        final int result = decode(decoder, spaced(withUnknowns), out);

        assertThat(result).isEqualTo(expectedLength);
        assertThat(events(out, result)).isEqualTo(events(expected, expectedLength));
    }

    @Test
    void shouldLeaveExchangeTimeNullWhenTheTimestampIsNotInTheDocumentedForm()
    {
        final OutWindow out = OutWindow.forLevels(2);

        final int result = decode(decoder, UPDATE.replace(CoinbaseFrames.TIMESTAMP, "2023-02-09 20:32:50"), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2));
        assertThat(out.event().exchangeTimeMs()).isEqualTo(NULL_TIME);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Frames with nothing for the books
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> nonBookFrames()
    {
        return Stream.of(
            Arguments.of(Named.of("heartbeat", heartbeat(0))),
            Arguments.of(Named.of("subscriptions", subscriptions(0))),
            Arguments.of(Named.of("another channel (ticker)", json("{'channel':'ticker','timestamp':'x'," +
                "'sequence_num':0,'events':[{'type':'snapshot','tickers':[{'product_id':'BTC-USD'}]}]}"))),
            Arguments.of(Named.of("l2_data with no events", l2(0))),
            Arguments.of(Named.of("heartbeat with events before the channel", json("{'sequence_num':0," +
                "'events':[{'current_time':'x','heartbeat_counter':1}],'channel':'heartbeats'}"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonBookFrames")
    void shouldReturnZeroAndWriteNothingForFramesWithoutBookData(final String frame)
    {
        final OutWindow out = OutWindow.forLevels(4);

        assertThat(decode(decoder, frame, out)).isZero();
        assertThat(out.windowUntouched()).isTrue();
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
        assertThat(decoder.lastInstrument()).isNull();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The connection's sequence
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldTakeTheFirstFramesSequenceAsTheStart()
    {
        final OutWindow out = OutWindow.forLevels(4);

        assertThat(decode(decoder, heartbeat(1_000_000), out)).isZero();
        assertThat(decode(decoder, UPDATE.replace("\"sequence_num\":7", "\"sequence_num\":1000001"), out))
            .isEqualTo(BookEvent.lengthFor(2));
        assertThat(out.event().lastUpdateId()).isEqualTo(1_000_001L);
    }

    @Test
    void shouldReportGapAcrossChannelsAndThenFollowTheNewNumbering()
    {
        final OutWindow out = OutWindow.forLevels(4);
        assertThat(decode(decoder, subscriptions(0), out)).isZero();
        assertThat(decode(decoder, l2(1, event("snapshot", "BTC-USD", update("bid", "1", "1"))), out)).isPositive();
        assertThat(decode(decoder, heartbeat(2), out)).isZero();

        final int gap = decode(decoder, l2(4, event("update", "BTC-USD", update("bid", "1", "2"))), out);

        assertThat(gap).isEqualTo(-DecodeReason.CONNECTION_GAP.code());
        assertThat(decoder.lastInstrument()).isNull();
        assertThat(decode(decoder, heartbeat(5), out)).isZero();
        assertThat(decode(decoder, l2(6, event("update", "ETH-USD", update("offer", "1", "2"))), out)).isPositive();
    }

    @Test
    void shouldReportGapWhenOnlyAHeartbeatWasLost()
    {
        final OutWindow out = OutWindow.forLevels(4);
        assertThat(decode(decoder, heartbeat(10), out)).isZero();

        assertThat(decode(decoder, l2(12), out)).isEqualTo(-DecodeReason.CONNECTION_GAP.code());
    }

    @Test
    void shouldReportGapForARepeatedOrEarlierSequence()
    {
        final OutWindow out = OutWindow.forLevels(4);
        assertThat(decode(decoder, UPDATE, out)).isPositive();

        assertThat(decode(decoder, UPDATE, out)).as("repeat").isEqualTo(-DecodeReason.CONNECTION_GAP.code());
        assertThat(decode(decoder, heartbeat(8), out)).isZero();
        assertThat(decode(decoder, heartbeat(3), out)).as("step back").isEqualTo(-DecodeReason.CONNECTION_GAP.code());
    }

    @Test
    void shouldNotAdvanceTheSequenceOnARejectedFrameSoTheNextFrameIsAGap()
    {
        final OutWindow out = OutWindow.forLevels(4);
        assertThat(decode(decoder, heartbeat(6), out)).isZero();
        assertThat(decode(decoder, UPDATE.replace("21921.73", "abc"), out)).isEqualTo(-DecodeReason.BAD_NUMBER.code());

        assertThat(decode(decoder, heartbeat(8), out)).isEqualTo(-DecodeReason.CONNECTION_GAP.code());
    }

    @Test
    void shouldLeaveTheSequenceAloneOnAVenueError()
    {
        final OutWindow out = OutWindow.forLevels(4);
        assertThat(decode(decoder, heartbeat(6), out)).isZero();
        assertThat(decode(decoder, json("{'type':'error','message':'failure to subscribe'}"), out))
            .isEqualTo(-DecodeReason.VENUE_ERROR.code());

        assertThat(decode(decoder, UPDATE, out)).isEqualTo(BookEvent.lengthFor(2));
    }

    @Test
    void shouldKeepSequencesPerDecoderBecauseTheyArePerConnection()
    {
        final OutWindow out = OutWindow.forLevels(4);
        final CoinbaseFrameDecoder other = newDecoder();
        assertThat(decode(decoder, heartbeat(100), out)).isZero();

        assertThat(decode(other, heartbeat(0), out)).isZero();
        assertThat(decode(decoder, heartbeat(101), out)).isZero();
        assertThat(decode(other, heartbeat(1), out)).isZero();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Invalid frames: one table, every reason
    // ---------------------------------------------------------------------------------------------------------------

    /** Frames decoded first (to set up the sequence), an invalid frame, its reason, the instrument known then. */
    record Reject(List<String> before, String frame, DecodeReason reason, Instrument instrument, int outCapacity)
    {
    }

    private static Arguments reject(
        final String description, final String frame, final DecodeReason reason, final Instrument instrument)
    {
        return row(description, new Reject(List.of(), frame, reason, instrument, BookEvent.lengthFor(16)));
    }

    private static Arguments row(final String description, final Reject reject)
    {
        return Arguments.of(Named.of(reject.reason() + ": " + description, reject));
    }

    private static String withUpdates(final String... updates)
    {
        return l2(7, event("update", "BTC-USD", updates));
    }

    static Stream<Arguments> invalidFrames()
    {
        final String deep = "[".repeat(40) + "]".repeat(40);
        final Instrument b = BTC_USD;
        return Stream.of(
            // TRUNCATED
            reject("cut inside a price", UPDATE.substring(0, UPDATE.indexOf("21921.73") + 3),
                DecodeReason.TRUNCATED, b),
            reject("cut before the product", UPDATE.substring(0, UPDATE.indexOf("\"product_id\"")),
                DecodeReason.TRUNCATED, null),
            reject("cut inside the sequence", json("{'channel':'l2_data','sequence_num':12"), DecodeReason.TRUNCATED,
                null),
            reject("without the closing brace", UPDATE.substring(0, UPDATE.length() - 1), DecodeReason.TRUNCATED, b),
            reject("empty frame", "", DecodeReason.TRUNCATED, null),
            // MALFORMED_JSON
            reject("trailing garbage", UPDATE + "x", DecodeReason.MALFORMED_JSON, b),
            reject("missing colon", UPDATE.replace("\"channel\":", "\"channel\" "), DecodeReason.MALFORMED_JSON, null),
            reject("missing comma between updates", UPDATE.replace("},{\"side\"", "}{\"side\""),
                DecodeReason.MALFORMED_JSON, b),
            reject("frame is an array", "[1]", DecodeReason.MALFORMED_JSON, null),
            // NESTING_TOO_DEEP
            reject("unknown field nested 40 deep in an update", UPDATE.replace("\"side\":\"bid\",",
                "\"x\":" + deep + ",\"side\":\"bid\","), DecodeReason.NESTING_TOO_DEEP, b),
            // WRONG_TYPE
            reject("events is an object", json("{'channel':'l2_data','sequence_num':1,'events':{}}"),
                DecodeReason.WRONG_TYPE, null),
            reject("an event is a string", l2(1, "\"snapshot\""), DecodeReason.WRONG_TYPE, null),
            reject("updates is a string", l2(1, json("{'type':'update','product_id':'BTC-USD','updates':'x'}")),
                DecodeReason.WRONG_TYPE, b),
            reject("an update is an array", withUpdates("[\"bid\",\"1\",\"1\"]"), DecodeReason.WRONG_TYPE, b),
            reject("price is a JSON number", UPDATE.replace("\"21921.73\"", "21921.73"), DecodeReason.WRONG_TYPE, b),
            reject("sequence_num is a string", UPDATE.replace("\"sequence_num\":7", "\"sequence_num\":\"7\""),
                DecodeReason.WRONG_TYPE, null),
            reject("channel is a number", UPDATE.replace("\"l2_data\"", "2"), DecodeReason.WRONG_TYPE, null),
            // MISSING_FIELD
            reject("no sequence_num", UPDATE.replace("\"sequence_num\":7,", ""), DecodeReason.MISSING_FIELD, b),
            reject("no channel", UPDATE.replace("\"channel\":\"l2_data\",", ""), DecodeReason.MISSING_FIELD, null),
            reject("l2_data without events", json("{'channel':'l2_data','sequence_num':1}"),
                DecodeReason.MISSING_FIELD, null),
            reject("event without type", UPDATE.replace("\"type\":\"update\",", ""), DecodeReason.MISSING_FIELD, b),
            reject("event without product_id", UPDATE.replace("\"product_id\":\"BTC-USD\",", ""),
                DecodeReason.MISSING_FIELD, null),
            reject("event without updates", l2(1, json("{'type':'update','product_id':'BTC-USD'}")),
                DecodeReason.MISSING_FIELD, b),
            reject("update without side", withUpdates(json("{'price_level':'1','new_quantity':'1'}")),
                DecodeReason.MISSING_FIELD, b),
            reject("update without price_level", withUpdates(json("{'side':'bid','new_quantity':'1'}")),
                DecodeReason.MISSING_FIELD, b),
            reject("update without new_quantity", withUpdates(json("{'side':'bid','price_level':'1'}")),
                DecodeReason.MISSING_FIELD, b),
            // DUPLICATE_FIELD
            reject("sequence_num twice", UPDATE.replace("\"sequence_num\":7", "\"sequence_num\":7,\"sequence_num\":7"),
                DecodeReason.DUPLICATE_FIELD, null),
            reject("channel twice", UPDATE.replace("\"client_id\"", "\"channel\":\"l2_data\",\"client_id\""),
                DecodeReason.DUPLICATE_FIELD, null),
            reject("events twice", UPDATE.substring(0, UPDATE.length() - 1) + ",\"events\":[]}",
                DecodeReason.DUPLICATE_FIELD, b),
            reject("product_id twice", UPDATE.replace("\"product_id\":\"BTC-USD\"",
                "\"product_id\":\"BTC-USD\",\"product_id\":\"BTC-USD\""), DecodeReason.DUPLICATE_FIELD, b),
            reject("event type twice", UPDATE.replace("\"type\":\"update\"", "\"type\":\"update\",\"type\":\"update\""),
                DecodeReason.DUPLICATE_FIELD, null),
            reject("side twice", withUpdates(json("{'side':'bid','side':'bid','price_level':'1','new_quantity':'1'}")),
                DecodeReason.DUPLICATE_FIELD, b),
            reject("price_level twice", withUpdates(json("{'side':'bid','price_level':'1','price_level':'1'," +
                "'new_quantity':'1'}")), DecodeReason.DUPLICATE_FIELD, b),
            reject("new_quantity twice", withUpdates(json("{'side':'bid','price_level':'1','new_quantity':'1'," +
                "'new_quantity':'1'}")), DecodeReason.DUPLICATE_FIELD, b),
            reject("timestamp twice", UPDATE.replace("\"client_id\"", "\"timestamp\":\"x\",\"client_id\""),
                DecodeReason.DUPLICATE_FIELD, null),
            reject("type twice at the top", json("{'type':'x','type':'y'}"), DecodeReason.DUPLICATE_FIELD, null),
            // UNKNOWN_INSTRUMENT
            reject("product not configured", UPDATE.replace("BTC-USD", "XRP-USD"), DecodeReason.UNKNOWN_INSTRUMENT,
                null),
            reject("product in lower case", UPDATE.replace("BTC-USD", "btc-usd"), DecodeReason.UNKNOWN_INSTRUMENT,
                null),
            // BAD_NUMBER
            reject("price abc", UPDATE.replace("21921.73", "abc"), DecodeReason.BAD_NUMBER, b),
            reject("empty quantity", UPDATE.replace("0.10306098", ""), DecodeReason.BAD_NUMBER, b),
            reject("sequence_num 7.5", UPDATE.replace("\"sequence_num\":7", "\"sequence_num\":7.5"),
                DecodeReason.BAD_NUMBER, null),
            // NEGATIVE_NUMBER
            reject("quantity -1", UPDATE.replace("0.06317902", "-1"), DecodeReason.NEGATIVE_NUMBER, b),
            reject("price -1", UPDATE.replace("21921.74", "-1"), DecodeReason.NEGATIVE_NUMBER, b),
            // TOO_PRECISE
            reject("price with 3 decimals at scale 2", UPDATE.replace("21921.73", "21921.735"),
                DecodeReason.TOO_PRECISE, b),
            reject("quantity with 9 decimals at scale 8", UPDATE.replace("0.06317902", "0.063179021"),
                DecodeReason.TOO_PRECISE, b),
            // NUMBER_OVERFLOW
            reject("quantity 99999999999999", UPDATE.replace("0.06317902", "99999999999999"),
                DecodeReason.NUMBER_OVERFLOW, b),
            reject("sequence_num beyond Long.MAX_VALUE", UPDATE.replace("\"sequence_num\":7",
                "\"sequence_num\":9223372036854775808"), DecodeReason.NUMBER_OVERFLOW, null),
            // ZERO_PRICE
            reject("bid at price 0", UPDATE.replace("21921.73", "0"), DecodeReason.ZERO_PRICE, b),
            reject("offer at price 0.00", UPDATE.replace("21921.74", "0.00"), DecodeReason.ZERO_PRICE, b),
            // TOO_MANY_LEVELS
            row("3 levels with room for 2", new Reject(List.of(), withUpdates(update("bid", "1", "1"),
                update("offer", "2", "1"), update("bid", "1.5", "1")), DecodeReason.TOO_MANY_LEVELS, b,
                BookEvent.lengthFor(2))),
            row("a second event with no room for its header", new Reject(List.of(), l2(1,
                event("update", "BTC-USD", update("bid", "1", "1")), event("update", "ETH-USD")),
                DecodeReason.TOO_MANY_LEVELS, null, BookEvent.lengthFor(1) + BookEvent.HEADER_LENGTH - 8)),
            row("no room even for a header", new Reject(List.of(), UPDATE, DecodeReason.TOO_MANY_LEVELS, null,
                BookEvent.HEADER_LENGTH - 1)),
            // BAD_SEQUENCE
            reject("sequence_num -1", UPDATE.replace("\"sequence_num\":7", "\"sequence_num\":-1"),
                DecodeReason.BAD_SEQUENCE, null),
            // VENUE_ERROR
            reject("error object", json("{'type':'error','message':'failure to subscribe'}"),
                DecodeReason.VENUE_ERROR, null),
            reject("too many L2 streams (as users report it)", json("{'type':'error','message':'too many L2 " +
                "streams requested in a single session'}"), DecodeReason.VENUE_ERROR, null),
            reject("error object with a channel", json("{'channel':'l2_data','type':'error','message':'x'}"),
                DecodeReason.VENUE_ERROR, null),
            // FRAME_TOO_LARGE
            reject("one byte over the limit", UPDATE + " ".repeat(MAX_FRAME + 1 - UPDATE.length()),
                DecodeReason.FRAME_TOO_LARGE, null),
            // UNKNOWN_MESSAGE_TYPE
            reject("event type delta", UPDATE.replace("\"update\"", "\"delta\""), DecodeReason.UNKNOWN_MESSAGE_TYPE,
                null),
            reject("side ask", UPDATE.replace("\"offer\"", "\"ask\""), DecodeReason.UNKNOWN_MESSAGE_TYPE, b),
            reject("side in upper case", UPDATE.replace("\"bid\"", "\"BID\""), DecodeReason.UNKNOWN_MESSAGE_TYPE, b),
            // CONNECTION_GAP
            row("a frame lost between two", new Reject(List.of(heartbeat(5)), UPDATE, DecodeReason.CONNECTION_GAP,
                null, BookEvent.lengthFor(16))),
            row("a frame lost, noticed after the events", new Reject(List.of(heartbeat(5)),
                json("{'channel':'l2_data','events':[],'sequence_num':7}"), DecodeReason.CONNECTION_GAP, null,
                BookEvent.lengthFor(16))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFrames")
    void shouldRejectInvalidFrameWithExactReasonAndKnownInstrument(final Reject reject)
    {
        decoder = newDecoder();
        for (final String before : reject.before())
        {
            assertThat(decode(decoder, before, OutWindow.forLevels(16))).as(before).isNotNegative();
        }
        final OutWindow out = new OutWindow(13, reject.outCapacity());

        final int result = decode(decoder, reject.frame(), out);

        assertThat(result).isNegative();
        assertThat(DecodeReason.fromResult(result)).isEqualTo(reject.reason());
        assertThat(decoder.lastInstrument()).isEqualTo(reject.instrument());
        assertThat(out.firstWriteOutside()).as("first byte written outside the window").isEqualTo(-1);
    }

    @Test
    void tableShouldHoldAnInvalidFrameForEveryReasonTheDecoderCanGive()
    {
        final Set<DecodeReason> covered = invalidFrames()
            .map(arguments -> ((Reject)((Named<?>)arguments.get()[0]).getPayload()).reason())
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(DecodeReason.class)));

        // Not Coinbase's: only OKX's text checksum needs canonical numbers.
        assertThat(covered).isEqualTo(EnumSet.complementOf(EnumSet.of(DecodeReason.NON_CANONICAL_NUMBER)));
    }

    @Test
    void shouldNeverWriteOutsideTheWindowWhateverItsSize()
    {
        final String frame = session().get(5);
        for (int capacity = 0; capacity <= BookEvent.lengthFor(4) + BookEvent.HEADER_LENGTH; capacity++)
        {
            final OutWindow out = new OutWindow(capacity % 8, capacity);

            final int result = decode(newDecoder(), frame, out);

            assertThat(out.firstWriteOutside()).as("capacity " + capacity).isEqualTo(-1);
            assertThat(result).as("capacity " + capacity).isEqualTo(capacity >= BookEvent.lengthFor(3) +
                BookEvent.lengthFor(1) ? BookEvent.lengthFor(3) + BookEvent.lengthFor(1) :
                -DecodeReason.TOO_MANY_LEVELS.code());
        }
    }
}
