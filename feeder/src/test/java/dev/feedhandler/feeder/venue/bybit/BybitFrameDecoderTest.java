package dev.feedhandler.feeder.venue.bybit;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.TestFrames.Decoded;
import dev.feedhandler.feeder.TestFrames.Framed;
import dev.feedhandler.feeder.TestFrames.OutWindow;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.feedhandler.feeder.TestFrames.FIXTURES;
import static dev.feedhandler.feeder.TestFrames.asks;
import static dev.feedhandler.feeder.TestFrames.bids;
import static dev.feedhandler.feeder.TestFrames.frame;
import static dev.feedhandler.feeder.TestFrames.json;
import static dev.feedhandler.feeder.TestFrames.level;
import static dev.feedhandler.feeder.TestFrames.lines;
import static dev.feedhandler.feeder.TestFrames.spaced;
import static dev.feedhandler.feeder.TestFrames.symbols;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link BybitFrameDecoder} makes of each kind of Bybit v5 frame: valid frames first (real captured lines where
 * one exists), then one table with an invalid frame for every rejection reason the decoder can give.
 */
class BybitFrameDecoderTest
{
    static final Path CAPTURE = FIXTURES.resolve("bybit-v5/XRPUSDT_orderbook500_2024-12-01_first50.jsonl");
    static final Instrument XRPUSDT = new Instrument(4, Venue.BYBIT, "XRPUSDT", 4, 0);
    static final Instrument BTCUSDT = new Instrument(9, Venue.BYBIT, "BTCUSDT", 2, 6);

    private static final int MAX_FRAME = 4096;
    private static final long INGRESS_NS = 123_456_789_000L;
    private static final long NULL_ID = BookEvent.NULL_ID;

    /** A valid delta that the table's invalid frames are variations of. */
    private static final String DELTA = json("{'topic':'orderbook.50.XRPUSDT','type':'delta','ts':1733011200693," +
        "'data':{'s':'XRPUSDT','b':[['1.9531','6198']],'a':[['1.9535','8415']],'u':20254870,'seq':130020239261}," +
        "'cts':1733011200691}");

    private final BybitFrameDecoder decoder = new BybitFrameDecoder(symbols(XRPUSDT, BTCUSDT), MAX_FRAME);
    private final BybitFrameDecoder captureDecoder = new BybitFrameDecoder(symbols(XRPUSDT), 1 << 20);

    // ---------------------------------------------------------------------------------------------------------------
    // Valid book messages
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldDecodeCapturedSnapshotWithEveryLevelAndUAsBothIds()
    {
        final String line = lines(CAPTURE).get(0);
        final OutWindow out = OutWindow.forLevels(1000);

        final int result = decode(captureDecoder, line, out);

        final BookEvent event = out.event();
        assertThat(event.type()).isEqualTo(BookEvent.TYPE_SNAPSHOT);
        assertThat(event.instrumentId()).isEqualTo(XRPUSDT.id());
        assertThat(event.firstUpdateId()).isEqualTo(20254869L);
        assertThat(event.lastUpdateId()).isEqualTo(20254869L);
        assertThat(event.prevUpdateId()).isEqualTo(NULL_ID);
        assertThat(event.exchangeTimeMs()).isEqualTo(1733011200691L);
        assertThat(event.ingressTimeNs()).isEqualTo(INGRESS_NS);
        assertThat(event.checksum()).isEqualTo(BookEvent.NULL_CHECKSUM);
        assertThat(event.bidCount()).isEqualTo(500);
        assertThat(event.askCount()).isEqualTo(500);
        assertThat(result).isEqualTo(BookEvent.lengthFor(1000));
        assertThat(event.bidPrice(0)).isEqualTo(19_531L);
        assertThat(event.bidQuantity(0)).isEqualTo(6203L);
        assertThat(captureDecoder.lastInstrument()).isSameAs(XRPUSDT);
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldDecodeCapturedDeltaAsDiffWithTimes()
    {
        final String line = lines(CAPTURE).get(1);
        final OutWindow out = OutWindow.forLevels(35);

        final int result = decode(line, out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(35));
        final BookEvent event = out.event();
        assertThat(event.type()).isEqualTo(BookEvent.TYPE_DIFF);
        assertThat(event.firstUpdateId()).isEqualTo(20254870L);
        assertThat(event.lastUpdateId()).isEqualTo(20254870L);
        assertThat(event.exchangeTimeMs()).isEqualTo(1733011200693L);
        assertThat(event.transactTimeMs()).isEqualTo(1733011200691L);
        assertThat(event.bidCount()).isEqualTo(13);
        assertThat(event.askCount()).isEqualTo(22);
        assertThat(bids(event).get(0)).isEqualTo(level(19_531L, 6198L));
        assertThat(asks(event).get(21)).isEqualTo(level(19_823L, 141L));
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldDecodeTheWholeCaptureAsOneSnapshotAndFortyNineDiffsWithRisingIds()
    {
        long previous = 0;
        int snapshots = 0;
        int diffs = 0;
        final List<String> lines = lines(CAPTURE);
        for (int i = 0; i < lines.size(); i++)
        {
            final OutWindow out = OutWindow.forLevels(1000);
            assertThat(decode(captureDecoder, lines.get(i), out)).as("line %d", i + 1).isPositive();
            final BookEvent event = out.event();
            if (event.type() == BookEvent.TYPE_SNAPSHOT)
            {
                snapshots++;
            }
            else
            {
                diffs++;
                assertThat(event.lastUpdateId()).isEqualTo(previous + 1);
            }
            previous = event.lastUpdateId();
        }
        assertThat(snapshots).isEqualTo(1);
        assertThat(diffs).isEqualTo(49);
    }

    @Test
    void shouldDecodeDeltaWithUOneAsSnapshotBecauseBybitRestartedTheBook()
    {
        final OutWindow out = OutWindow.forLevels(2);

        final int result = decode(DELTA.replace("\"u\":20254870", "\"u\":1"), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2));
        assertThat(out.event().type()).isEqualTo(BookEvent.TYPE_SNAPSHOT);
        assertThat(out.event().lastUpdateId()).isEqualTo(1L);
        assertThat(out.event().firstUpdateId()).isEqualTo(1L);
    }

    @Test
    void shouldDecodeSnapshotWithAnyUAsSnapshot()
    {
        final OutWindow out = OutWindow.forLevels(2);

        decode(DELTA.replace("'delta'".replace('\'', '"'), "\"snapshot\""), out);

        assertThat(out.event().type()).isEqualTo(BookEvent.TYPE_SNAPSHOT);
        assertThat(out.event().lastUpdateId()).isEqualTo(20254870L);
    }

    @Test
    void shouldDecodeTheSameEventWhateverTheFieldOrder()
    {
        final OutWindow expected = OutWindow.forLevels(3);
        decode(json("{'topic':'orderbook.50.XRPUSDT','type':'delta','ts':5,'data':{'s':'XRPUSDT'," +
            "'b':[['1.9531','6198'],['1.9530','0']],'a':[['1.9535','8415']],'u':77,'seq':1},'cts':4}"), expected);
        final List<String> shuffled = List.of(
            // data first: the levels come before any instrument is known
            json("{'data':{'u':77,'a':[['1.9535','8415']],'b':[['1.9531','6198'],['1.9530','0']],'seq':1," +
                "'s':'XRPUSDT'},'cts':4,'ts':5,'type':'delta','topic':'orderbook.50.XRPUSDT'}"),
            // data first without s: only the topic, last, names the instrument
            json("{'cts':4,'data':{'seq':1,'b':[['1.9531','6198'],['1.9530','0']],'u':77,'a':[['1.9535','8415']]}," +
                "'type':'delta','ts':5,'topic':'orderbook.50.XRPUSDT'}"),
            // no topic: s alone names it, after one side
            json("{'type':'delta','ts':5,'cts':4,'data':{'a':[['1.9535','8415']],'s':'XRPUSDT','u':77," +
                "'b':[['1.9531','6198'],['1.9530','0']]}}"),
            // linear's order
            json("{'topic':'orderbook.50.XRPUSDT','type':'delta','ts':5,'data':{'s':'XRPUSDT'," +
                "'b':[['1.9531','6198'],['1.9530','0']],'a':[['1.9535','8415']],'u':77,'seq':1},'cts':4}"));

        for (final String text : shuffled)
        {
            final OutWindow out = OutWindow.forLevels(3);
            assertThat(decode(text, out)).as(text).isEqualTo(BookEvent.lengthFor(3));
            assertThat(Decoded.of(out.event())).as(text).isEqualTo(Decoded.of(expected.event()));
            assertThat(decode(spaced(text), out)).as(spaced(text)).isEqualTo(BookEvent.lengthFor(3));
            assertThat(Decoded.of(out.event())).as(spaced(text)).isEqualTo(Decoded.of(expected.event()));
            assertThat(decoder.lastInstrument()).isSameAs(XRPUSDT);
            assertThat(out.firstWriteOutside()).isEqualTo(-1);
        }
    }

    @Test
    void shouldMarkAsksFirstWhenAsksArriveFirst()
    {
        final OutWindow out = OutWindow.forLevels(2);

        decode(json("{'topic':'orderbook.1.BTCUSDT','type':'delta','data':{'a':[['65000.5','0.000001']]," +
            "'b':[['64999.25','1.5']],'u':9}}"), out);

        final BookEvent event = out.event();
        assertThat(event.flags()).isEqualTo(BookEvent.FLAG_ASKS_FIRST);
        assertThat(bids(event)).containsExactly(level(6_499_925L, 1_500_000L));
        assertThat(asks(event)).containsExactly(level(6_500_050L, 1L));
        assertThat(event.instrumentId()).isEqualTo(BTCUSDT.id());
        assertThat(event.exchangeTimeMs()).isEqualTo(BookEvent.NULL_TIME);
    }

    @Test
    void shouldDecodeEmptyOrAbsentSidesAsNoLevels()
    {
        final OutWindow out = OutWindow.forLevels(0);

        assertThat(decode(json("{'topic':'orderbook.50.XRPUSDT','type':'delta','data':{'b':[],'a':[],'u':3}}"), out))
            .isEqualTo(BookEvent.lengthFor(0));
        assertThat(decode(json("{'topic':'orderbook.50.XRPUSDT','type':'delta','data':{'u':3}}"), out))
            .isEqualTo(BookEvent.lengthFor(0));
        assertThat(out.event().bidCount() + out.event().askCount()).isZero();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Control frames: nothing for the books
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> controlFrames()
    {
        return Stream.of(
            Arguments.of(Named.of("subscribe reply", json("{'success':true,'ret_msg':'subscribe'," +
                "'conn_id':'2324d924-aa4d-45b0-a858-7b8be29ab52b','req_id':'1','op':'subscribe'}"))),
            Arguments.of(Named.of("unsubscribe reply", json("{'success':true,'ret_msg':'','conn_id':'c','req_id':'4'," +
                "'op':'unsubscribe'}"))),
            Arguments.of(Named.of("spot pong", json("{'success':true,'ret_msg':'pong','conn_id':'0970e817-426e'," +
                "'req_id':'','op':'ping'}"))),
            Arguments.of(Named.of("linear pong", json("{'req_id':'100001','op':'pong','args':['1672916271846']," +
                "'conn_id':'ce3dpomvha7dha97tvp0-2xh'}"))),
            Arguments.of(Named.of("reply fields in another order", json("{'op':'subscribe','req_id':'1'," +
                "'conn_id':'x','ret_msg':'subscribe','success':true}"))),
            Arguments.of(Named.of("another topic", json("{'topic':'publicTrade.BTCUSDT','type':'snapshot','ts':1," +
                "'data':[{'T':1,'s':'BTCUSDT','S':'Buy','v':'0.001','p':'16578.50'}]}"))),
            Arguments.of(Named.of("another topic after its data", json("{'data':[{'s':'BTCUSDT'}],'type':'snapshot'," +
                "'topic':'tickers.BTCUSDT'}"))),
            Arguments.of(Named.of("empty object", "{}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("controlFrames")
    void shouldAnswerControlFramesWithZeroAndWriteNothing(final String frame)
    {
        final OutWindow out = OutWindow.forLevels(4);

        assertThat(decode(frame, out)).isZero();
        assertThat(out.windowUntouched()).isTrue();
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Invalid frames: one table, every reason
    // ---------------------------------------------------------------------------------------------------------------

    /** An invalid frame, the reason it must be rejected with, and the instrument it is attributed to. */
    record Reject(String frame, DecodeReason reason, Instrument instrument, int outCapacity)
    {
    }

    private static Arguments reject(
        final String description, final String frame, final DecodeReason reason, final Instrument instrument)
    {
        return reject(description, frame, reason, instrument, BookEvent.lengthFor(64));
    }

    private static Arguments reject(
        final String description,
        final String frame,
        final DecodeReason reason,
        final Instrument instrument,
        final int outCapacity)
    {
        return Arguments.of(Named.of(reason + ": " + description, new Reject(frame, reason, instrument, outCapacity)));
    }

    private static String delta(final String from, final String to)
    {
        assertThat(DELTA).contains(from);
        return DELTA.replace(from, to);
    }

    static Stream<Arguments> invalidFrames()
    {
        final String deep = "[".repeat(40) + "]".repeat(40);
        final Instrument x = XRPUSDT;
        return Stream.of(
            // TRUNCATED
            reject("cut inside a level", DELTA.substring(0, DELTA.indexOf("6198")), DecodeReason.TRUNCATED, x),
            reject("cut inside the topic", DELTA.substring(0, 20), DecodeReason.TRUNCATED, null),
            reject("cut before the last brace", DELTA.substring(0, DELTA.length() - 1), DecodeReason.TRUNCATED, x),
            reject("cut inside the success literal", json("{'op':'subscribe','success':tr"),
                DecodeReason.TRUNCATED, null),
            reject("cut before the value of success", json("{'op':'subscribe','success':"),
                DecodeReason.TRUNCATED, null),
            reject("cut before the value of b", json("{'topic':'orderbook.50.XRPUSDT','data':{'b':"),
                DecodeReason.TRUNCATED, x),
            reject("empty frame", "", DecodeReason.TRUNCATED, null),
            // MALFORMED_JSON
            reject("missing colon", delta("\"type\":", "\"type\" "), DecodeReason.MALFORMED_JSON, x),
            reject("trailing garbage", DELTA + "x", DecodeReason.MALFORMED_JSON, x),
            reject("missing comma inside a level", delta("\"1.9531\",", "\"1.9531\" "), DecodeReason.MALFORMED_JSON, x),
            reject("frame is an array", "[" + DELTA + "]", DecodeReason.MALFORMED_JSON, null),
            reject("misspelt success literal", json("{'op':'subscribe','success':ture}"),
                DecodeReason.MALFORMED_JSON, null),
            // NESTING_TOO_DEEP
            reject("unknown field nested 40 deep in data", delta("\"seq\":130020239261", "\"seq\":" + deep),
                DecodeReason.NESTING_TOO_DEEP, x),
            reject("unknown field nested 40 deep before the topic", "{\"x\":" + deep + "," + DELTA.substring(1),
                DecodeReason.NESTING_TOO_DEEP, null),
            // WRONG_TYPE
            reject("b is a number", delta("\"b\":[[\"1.9531\",\"6198\"]]", "\"b\":5"), DecodeReason.WRONG_TYPE, x),
            reject("u is a string", delta("\"u\":20254870", "\"u\":\"20254870\""), DecodeReason.WRONG_TYPE, x),
            reject("data is an array on an order-book topic", json("{'topic':'orderbook.50.XRPUSDT','type':'delta'," +
                "'data':[{'u':1}]}"), DecodeReason.WRONG_TYPE, x),
            reject("topic is a number", json("{'topic':7,'type':'delta'}"), DecodeReason.WRONG_TYPE, null),
            reject("type is null", delta("\"type\":\"delta\"", "\"type\":null"), DecodeReason.WRONG_TYPE, x),
            reject("success is a string", json("{'op':'subscribe','success':'true'}"), DecodeReason.WRONG_TYPE, null),
            reject("op is a number", json("{'op':1,'success':true}"), DecodeReason.WRONG_TYPE, null),
            reject("price is a JSON number", delta("\"1.9531\"", "1.9531"), DecodeReason.WRONG_TYPE, x),
            // MISSING_FIELD
            reject("no u", delta(",\"u\":20254870", ""), DecodeReason.MISSING_FIELD, x),
            reject("no type", delta("\"type\":\"delta\",", ""), DecodeReason.MISSING_FIELD, x),
            reject("no data", json("{'topic':'orderbook.50.XRPUSDT','type':'delta','ts':1}"),
                DecodeReason.MISSING_FIELD, x),
            reject("neither topic nor s", json("{'type':'delta','data':{'b':[['1.9531','1']],'a':[],'u':2}}"),
                DecodeReason.MISSING_FIELD, null),
            // DUPLICATE_FIELD
            reject("u twice", delta("\"u\":20254870", "\"u\":20254870,\"u\":20254870"), DecodeReason.DUPLICATE_FIELD, x),
            reject("b twice", delta("\"b\":", "\"b\":[],\"b\":"), DecodeReason.DUPLICATE_FIELD, x),
            reject("a twice before any instrument", json("{'data':{'a':[],'a':[]},'topic':'orderbook.50.XRPUSDT'}"),
                DecodeReason.DUPLICATE_FIELD, null),
            reject("s twice", delta("\"s\":\"XRPUSDT\"", "\"s\":\"XRPUSDT\",\"s\":\"XRPUSDT\""),
                DecodeReason.DUPLICATE_FIELD, x),
            reject("topic twice", delta("\"type\"", "\"topic\":\"orderbook.50.XRPUSDT\",\"type\""),
                DecodeReason.DUPLICATE_FIELD, x),
            reject("type twice", delta("\"ts\"", "\"type\":\"delta\",\"ts\""), DecodeReason.DUPLICATE_FIELD, x),
            reject("ts twice", delta("\"data\"", "\"ts\":1,\"data\""), DecodeReason.DUPLICATE_FIELD, x),
            reject("data twice", DELTA.substring(0, DELTA.length() - 1) + ",\"data\":{}}",
                DecodeReason.DUPLICATE_FIELD, x),
            reject("success twice", json("{'success':true,'success':true,'op':'ping'}"),
                DecodeReason.DUPLICATE_FIELD, null),
            reject("op twice", json("{'op':'ping','op':'ping'}"), DecodeReason.DUPLICATE_FIELD, null),
            // UNKNOWN_INSTRUMENT
            reject("topic names an unconfigured symbol", DELTA.replace("XRPUSDT", "ETHUSDT"),
                DecodeReason.UNKNOWN_INSTRUMENT, null),
            reject("topic symbol in lower case", delta("orderbook.50.XRPUSDT", "orderbook.50.xrpusdt"),
                DecodeReason.UNKNOWN_INSTRUMENT, null),
            reject("topic without depth", delta("orderbook.50.XRPUSDT", "orderbook.XRPUSDT"),
                DecodeReason.UNKNOWN_INSTRUMENT, null),
            reject("topic with an empty depth", delta("orderbook.50.XRPUSDT", "orderbook..XRPUSDT"),
                DecodeReason.UNKNOWN_INSTRUMENT, null),
            reject("topic without symbol", delta("orderbook.50.XRPUSDT", "orderbook.50."),
                DecodeReason.UNKNOWN_INSTRUMENT, null),
            reject("s unknown under a known topic", delta("\"s\":\"XRPUSDT\"", "\"s\":\"XRPUSD\""),
                DecodeReason.UNKNOWN_INSTRUMENT, x),
            reject("s names another configured instrument than the topic", delta("\"s\":\"XRPUSDT\"",
                "\"s\":\"BTCUSDT\""), DecodeReason.UNKNOWN_INSTRUMENT, x),
            reject("topic, after s, names another configured instrument", json("{'data':{'s':'BTCUSDT','u':1}," +
                "'topic':'orderbook.50.XRPUSDT','type':'delta'}"), DecodeReason.UNKNOWN_INSTRUMENT, x),
            // BAD_NUMBER
            reject("price abc", delta("1.9531", "abc"), DecodeReason.BAD_NUMBER, x),
            reject("empty quantity", delta("8415", ""), DecodeReason.BAD_NUMBER, x),
            reject("u is 1.5", delta("\"u\":20254870", "\"u\":1.5"), DecodeReason.BAD_NUMBER, x),
            reject("ts has an exponent", delta("\"ts\":1733011200693", "\"ts\":1e3"), DecodeReason.BAD_NUMBER, x),
            // NEGATIVE_NUMBER
            reject("quantity -1", delta("6198", "-1"), DecodeReason.NEGATIVE_NUMBER, x),
            reject("price -1.9535", delta("1.9535", "-1.9535"), DecodeReason.NEGATIVE_NUMBER, x),
            // TOO_PRECISE
            reject("price with 5 decimals at scale 4", delta("1.9535", "1.95351"), DecodeReason.TOO_PRECISE, x),
            reject("fractional quantity at scale 0", delta("6198", "6198.5"), DecodeReason.TOO_PRECISE, x),
            reject("levels before the topic, too precise", json("{'data':{'b':[['1.95311','1']],'u':5}," +
                "'type':'delta','topic':'orderbook.50.XRPUSDT'}"), DecodeReason.TOO_PRECISE, x),
            // NUMBER_OVERFLOW
            reject("quantity 99999999999999999999", delta("6198", "99999999999999999999"),
                DecodeReason.NUMBER_OVERFLOW, x),
            reject("u 99999999999999999999", delta("\"u\":20254870", "\"u\":99999999999999999999"),
                DecodeReason.NUMBER_OVERFLOW, x),
            // ZERO_PRICE
            reject("bid at price 0", delta("1.9531", "0"), DecodeReason.ZERO_PRICE, x),
            reject("ask at price 0.0000", delta("1.9535", "0.0000"), DecodeReason.ZERO_PRICE, x),
            // TOO_MANY_LEVELS
            reject("2 levels with room for 1", DELTA, DecodeReason.TOO_MANY_LEVELS, x, BookEvent.lengthFor(1)),
            reject("2 levels before the topic with room for 1", json("{'data':{'b':[['1.9531','1']]," +
                "'a':[['1.9535','1']],'u':5},'type':'delta','topic':'orderbook.50.XRPUSDT'}"),
                DecodeReason.TOO_MANY_LEVELS, x, BookEvent.lengthFor(1)),
            reject("no levels and no room for the header", json("{'topic':'orderbook.50.XRPUSDT','type':'delta'," +
                "'data':{'b':[],'a':[],'u':5}}"), DecodeReason.TOO_MANY_LEVELS, x, BookEvent.HEADER_LENGTH - 1),
            // BAD_SEQUENCE
            reject("u is 0", delta("\"u\":20254870", "\"u\":0"), DecodeReason.BAD_SEQUENCE, x),
            reject("u is negative", delta("\"u\":20254870", "\"u\":-5"), DecodeReason.BAD_SEQUENCE, x),
            // VENUE_ERROR
            reject("subscribe failure naming the topic", json("{'success':false," +
                "'ret_msg':'error:handler not found,topic:orderbook.50.XRPUSDT','conn_id':'c','req_id':'1'," +
                "'op':'subscribe'}"), DecodeReason.VENUE_ERROR, x),
            reject("failure whose text comes before success", json("{'ret_msg':'error:already subscribed," +
                "topic:orderbook.1.BTCUSDT','op':'subscribe','success':false}"), DecodeReason.VENUE_ERROR, BTCUSDT),
            reject("failure naming an unconfigured topic", json("{'success':false," +
                "'ret_msg':'error:handler not found,topic:orderbook.50.DOGEUSDT','op':'subscribe'}"),
                DecodeReason.VENUE_ERROR, null),
            reject("failure naming no topic", json("{'success':false,'ret_msg':'Invalid op','op':'ping'}"),
                DecodeReason.VENUE_ERROR, null),
            reject("failure without text", json("{'success':false,'op':'unsubscribe'}"),
                DecodeReason.VENUE_ERROR, null),
            // FRAME_TOO_LARGE
            reject("one byte over the limit", DELTA + " ".repeat(MAX_FRAME + 1 - DELTA.length()),
                DecodeReason.FRAME_TOO_LARGE, null),
            // UNKNOWN_MESSAGE_TYPE
            reject("type update", delta("\"delta\"", "\"update\""), DecodeReason.UNKNOWN_MESSAGE_TYPE, x),
            reject("type Snapshot", delta("\"delta\"", "\"Snapshot\""), DecodeReason.UNKNOWN_MESSAGE_TYPE, x),
            reject("type empty", delta("\"delta\"", "\"\""), DecodeReason.UNKNOWN_MESSAGE_TYPE, x));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFrames")
    void shouldRejectInvalidFrameWithExactReasonAndInstrument(final Reject reject)
    {
        final OutWindow out = new OutWindow(11, reject.outCapacity());

        final int result = decode(reject.frame(), out);

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

        // Not Bybit's: OKX's text checksums need canonical numbers; Coinbase's connection sequence.
        assertThat(covered).isEqualTo(EnumSet.complementOf(
            EnumSet.of(DecodeReason.NON_CANONICAL_NUMBER, DecodeReason.CONNECTION_GAP)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Output window and reuse
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldNeverWriteOutsideTheWindowWhenLevelsOverflowIt()
    {
        final StringBuilder frame = new StringBuilder(json("{'topic':'orderbook.50.XRPUSDT','type':'snapshot'," +
            "'data':{'b':["));
        for (int i = 1; i <= 20; i++)
        {
            frame.append(i == 1 ? "" : ",").append(json("['" + i + "','" + i + "']"));
        }
        frame.append(json("],'a':[],'u':3}}"));

        for (int levels = 0; levels < 20; levels++)
        {
            for (int slack = 0; slack < BookEvent.LEVEL_LENGTH; slack++)
            {
                final OutWindow out = new OutWindow(5 + slack, BookEvent.lengthFor(levels) + slack);
                assertThat(DecodeReason.fromResult(decode(frame.toString(), out)))
                    .isEqualTo(DecodeReason.TOO_MANY_LEVELS);
                assertThat(out.firstWriteOutside()).as("room for %d levels + %d", levels, slack).isEqualTo(-1);
            }
        }
        for (int capacity = 0; capacity < BookEvent.HEADER_LENGTH; capacity++)
        {
            final OutWindow out = new OutWindow(3, capacity);
            assertThat(decode(DELTA, out)).isEqualTo(-DecodeReason.TOO_MANY_LEVELS.code());
            assertThat(out.firstWriteOutside()).as("capacity %d", capacity).isEqualTo(-1);
        }
    }

    @Test
    void shouldDecodeNormallyAfterARejectedFrameAndForgetItsInstrument()
    {
        final OutWindow expected = OutWindow.forLevels(2);
        decode(DELTA, expected);
        assertThat(decode(json("{'data':{'b':[['1','1']],'a':[['2','1']]},'u':x}"), OutWindow.forLevels(4)))
            .isNegative();
        assertThat(decoder.lastInstrument()).isNull();

        final OutWindow out = OutWindow.forLevels(2);
        assertThat(decode(DELTA, out)).isEqualTo(BookEvent.lengthFor(2));

        assertThat(Decoded.of(out.event())).isEqualTo(Decoded.of(expected.event()));
        assertThat(out.event().flags()).isZero();
    }

    @Test
    void shouldBeTheDecoderOfTheBybitProtocol()
    {
        final StreamFrameDecoder fromProtocol = new BybitProtocol(
            new dev.feedhandler.feeder.venue.StreamSubscription("orderbook", 50)).newDecoder(symbols(XRPUSDT), 1 << 16);
        final OutWindow out = OutWindow.forLevels(2);
        final Framed framed = frame(DELTA);

        assertThat(fromProtocol).isInstanceOf(BybitFrameDecoder.class);
        assertThat(fromProtocol.decode(framed.buffer(), framed.offset(), framed.length(), out.buffer(), out.offset(),
            out.capacity(), INGRESS_NS)).isEqualTo(BookEvent.lengthFor(2));
    }

    private int decode(final String text, final OutWindow out)
    {
        return decode(decoder, text, out);
    }

    private static int decode(final BybitFrameDecoder decoder, final String text, final OutWindow out)
    {
        final Framed framed = frame(text);
        return decoder.decode(framed.buffer(), framed.offset(), framed.length(), out.buffer(), out.offset(),
            out.capacity(), INGRESS_NS);
    }
}
