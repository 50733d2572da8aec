package dev.feedhandler.feeder.venue.okx;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.TestFrames.Framed;
import dev.feedhandler.feeder.TestFrames.OutWindow;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.LevelFormat;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.feedhandler.feeder.TestFrames.asks;
import static dev.feedhandler.feeder.TestFrames.bids;
import static dev.feedhandler.feeder.TestFrames.frame;
import static dev.feedhandler.feeder.TestFrames.json;
import static dev.feedhandler.feeder.TestFrames.level;
import static dev.feedhandler.feeder.TestFrames.lines;
import static dev.feedhandler.feeder.TestFrames.spaced;
import static dev.feedhandler.feeder.TestFrames.symbols;
import static dev.feedhandler.feeder.venue.okx.OkxFixtures.BTC_USDT;
import static dev.feedhandler.feeder.venue.okx.OkxFixtures.CAPTURE;
import static dev.feedhandler.feeder.venue.okx.OkxFixtures.ETH_USDT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link OkxFrameDecoder} makes of each kind of OKX frame: valid frames (real captured lines where one exists),
 * frames with nothing for the books, and one table with an invalid frame for every rejection reason.
 */
class OkxFrameDecoderTest
{
    private static final int MAX_FRAME = 1 << 16;
    private static final long INGRESS_NS = 987_654_321_000L;

    /** A valid update with ids that the table's invalid frames are variations of. */
    private static final String UPDATE = json("{'arg':{'channel':'books','instId':'BTC-USDT'},'action':'update'," +
        "'data':[{'asks':[['30243.5','1.2112','0','4']],'bids':[['30237.2','0.10','0','1']],'ts':'1652459225453'," +
        "'checksum':-652563973,'seqId':124,'prevSeqId':123}]}");

    private final OkxFrameDecoder decoder = new OkxFrameDecoder(symbols(BTC_USDT, ETH_USDT), "books", MAX_FRAME);

    // ---------------------------------------------------------------------------------------------------------------
    // Valid book messages
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldDecodeTheCapturedSnapshotWithEveryLevelItsFormatAndTheChecksum()
    {
        final String line = lines(CAPTURE).get(0);
        final OutWindow out = window(800);

        final int result = decode(line, out);

        final BookEvent event = out.event();
        assertThat(result).isEqualTo(BookEvent.lengthFor(800, true));
        assertThat(event.type()).isEqualTo(BookEvent.TYPE_SNAPSHOT);
        assertThat(event.instrumentId()).isEqualTo(BTC_USDT.id());
        assertThat(event.bidCount()).isEqualTo(400);
        assertThat(event.askCount()).isEqualTo(400);
        assertThat(event.flags()).isEqualTo((short)(BookEvent.FLAG_ASKS_FIRST | BookEvent.FLAG_LEVEL_FORMATS));
        assertThat(event.askPrice(0)).isEqualTo(302_435L);
        assertThat(event.askQuantity(0)).isEqualTo(144_679_000L);
        assertThat(event.askFormat(0)).isEqualTo(LevelFormat.of(1, 5));
        assertThat(event.askPrice(1)).isEqualTo(302_440L);
        assertThat(event.askFormat(1)).isEqualTo(LevelFormat.of(0, 2)); // "30244", "0.08"
        assertThat(event.checksum()).isEqualTo(checksumOf(line));
        assertThat(event.exchangeTimeMs()).isEqualTo(Long.parseLong(field(line, "\"ts\":\"", "\"")));
        assertThat(event.ingressTimeNs()).isEqualTo(INGRESS_NS);
        assertThat(event.firstUpdateId()).isEqualTo(BookEvent.NULL_ID);
        assertThat(event.lastUpdateId()).isEqualTo(BookEvent.NULL_ID);
        assertThat(event.prevUpdateId()).isEqualTo(BookEvent.NULL_ID);
        assertThat(decoder.lastInstrument()).isSameAs(BTC_USDT);
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldDecodeACapturedUpdateAsADiffWithItsSignedChecksum()
    {
        final String line = lines(CAPTURE).get(1);
        final OutWindow out = window(64);

        final int result = decode(line, out);

        final BookEvent event = out.event();
        assertThat(result).isEqualTo(BookEvent.lengthFor(26 + 17, true));
        assertThat(event.type()).isEqualTo(BookEvent.TYPE_DIFF);
        assertThat(event.askCount()).isEqualTo(26);
        assertThat(event.bidCount()).isEqualTo(17);
        assertThat(event.checksum()).isEqualTo(-652_563_973L);
        assertThat(event.bidPrice(0)).isEqualTo(302_372L);
        assertThat(event.bidQuantity(0)).isZero();
        assertThat(event.bidFormat(0)).isEqualTo(LevelFormat.of(1, 0));
        assertThat(event.exchangeTimeMs()).isEqualTo(1_652_459_225_453L);
    }

    @Test
    void shouldReadSeqIdAsFirstAndLastIdAndPrevSeqIdAsPreviousId()
    {
        final OutWindow out = window(2);

        final int result = decode(UPDATE, out);

        final BookEvent event = out.event();
        assertThat(result).isEqualTo(BookEvent.lengthFor(2, true));
        assertThat(event.firstUpdateId()).isEqualTo(124L);
        assertThat(event.lastUpdateId()).isEqualTo(124L);
        assertThat(event.prevUpdateId()).isEqualTo(123L);
        assertThat(asks(event)).containsExactly(level(302_435L, 121_120_000L));
        assertThat(bids(event)).containsExactly(level(302_372L, 10_000_000L));
    }

    @Test
    void shouldKeepASnapshotsPrevSeqIdOfMinusOne()
    {
        final OutWindow out = window(2);

        decode(UPDATE.replace("update", "snapshot").replace("\"prevSeqId\":123", "\"prevSeqId\":-1"), out);

        assertThat(out.event().type()).isEqualTo(BookEvent.TYPE_SNAPSHOT);
        assertThat(out.event().lastUpdateId()).isEqualTo(124L);
        assertThat(out.event().prevUpdateId()).isEqualTo(-1L);
    }

    @Test
    void shouldRecordTheFractionDigitsExactlyAsSentIncludingTrailingZeros()
    {
        final OutWindow out = window(6);

        decode(json("{'arg':{'channel':'books','instId':'ETH-USDT'},'action':'update','data':[{" +
            "'asks':[['1.10','0.100000','0','1'],['2','3','0','1'],['2.5','0.000100','0','1']]," +
            "'bids':[['0.01','10.0','0','1'],['0.1','0','0','0'],['0.20','0.000000','0','0']]}]}"), out);

        final BookEvent event = out.event();
        assertThat(asks(event)).containsExactly(level(110, 100_000), level(200, 3_000_000), level(250, 100));
        assertThat(bids(event)).containsExactly(level(1, 10_000_000), level(10, 0), level(20, 0));
        assertThat(List.of(event.askFormat(0), event.askFormat(1), event.askFormat(2)))
            .containsExactly(LevelFormat.of(2, 6), LevelFormat.of(0, 0), LevelFormat.of(1, 6));
        assertThat(List.of(event.bidFormat(0), event.bidFormat(1), event.bidFormat(2)))
            .containsExactly(LevelFormat.of(2, 1), LevelFormat.of(1, 0), LevelFormat.of(2, 6));
    }

    @Test
    void shouldAcceptMoreFractionDigitsThanTheScaleWhenTheyAreZerosAndKeepTheirCount()
    {
        final OutWindow out = window(2);

        decode(UPDATE.replace("\"30237.2\"", "\"30237.2000\"").replace("\"0.10\"", "\"0.1000000000\""), out);

        assertThat(bids(out.event())).containsExactly(level(302_372L, 10_000_000L));
        assertThat(out.event().bidFormat(0)).isEqualTo(LevelFormat.of(4, 10));
    }

    @Test
    void shouldWriteBidsFirstWithoutTheAsksFirstFlagWhenBidsComeFirst()
    {
        final OutWindow out = window(3);

        decode(json("{'arg':{'channel':'books','instId':'BTC-USDT'},'action':'update','data':[{" +
            "'bids':[['2','1','0','1'],['1','1','0','1']],'asks':[['3','0.5','0','1']]}]}"), out);

        final BookEvent event = out.event();
        assertThat(event.flags()).isEqualTo(BookEvent.FLAG_LEVEL_FORMATS);
        assertThat(bids(event)).containsExactly(level(20, 100_000_000), level(10, 100_000_000));
        assertThat(asks(event)).containsExactly(level(30, 50_000_000));
        assertThat(event.askFormat(0)).isEqualTo(LevelFormat.of(0, 1));
    }

    @Test
    void shouldDecodeAKeepAliveUpdateWithEmptySidesAndEqualIds()
    {
        final OutWindow out = window(0);

        final int result = decode(json("{'arg':{'channel':'books','instId':'BTC-USDT'},'action':'update'," +
            "'data':[{'asks':[],'bids':[],'ts':'1','checksum':0,'prevSeqId':77,'seqId':77}]}"), out);

        assertThat(result).isEqualTo(BookEvent.HEADER_LENGTH);
        assertThat(out.event().bidCount() + out.event().askCount()).isZero();
        assertThat(out.event().lastUpdateId()).isEqualTo(77L);
        assertThat(out.event().prevUpdateId()).isEqualTo(77L);
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldLeaveChecksumAndTimeNullWhenAbsent()
    {
        final OutWindow out = window(2);

        decode(UPDATE.replace(",\"ts\":\"1652459225453\",\"checksum\":-652563973", ""), out);

        assertThat(out.event().checksum()).isEqualTo(BookEvent.NULL_CHECKSUM);
        assertThat(out.event().exchangeTimeMs()).isEqualTo(BookEvent.NULL_TIME);
        assertThat(out.event().lastUpdateId()).isEqualTo(124L);
    }

    @Test
    void shouldDecodeFieldsInAnyOrderToTheSameEvent()
    {
        final OutWindow expected = window(2);
        final OutWindow out = window(2);
        decode(UPDATE, expected);

        final int result = decode(json("{'data':[{'prevSeqId':123,'checksum':-652563973,'seqId':124," +
            "'bids':[['30237.2','0.10','0','1']],'ts':'1652459225453','asks':[['30243.5','1.2112','0','4']]}]," +
            "'action':'update','arg':{'instId':'BTC-USDT','channel':'books'}}"), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2, true));
        assertThat(image(out)).isEqualTo(image(expected).replace("flags=3", "flags=2"));
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldSkipUnknownFieldsAndAcceptWhitespaceBetweenEveryToken()
    {
        final OutWindow expected = window(2);
        final OutWindow out = window(2);
        decode(UPDATE, expected);
        final String withUnknowns = json("{'id':'7','arg':{'channel':'books','x':[{'instId':'ETH-USDT'}]," +
            "'instId':'BTC-USDT','uid':null},'action':'update','data':[{'asks':[['30243.5','1.2112','0','4',{}]]," +
            "'instId':'ETH-USDT','bids':[['30237.2','0.10']],'ts':'1652459225453','checksum':-652563973," +
            "'seqId':124,'prevSeqId':123,'extra':{'asks':[['1','1']]}}],'tail':[true,false,-1.5e3]}");

        assertThat(decode(spaced(withUnknowns), out)).isEqualTo(BookEvent.lengthFor(2, true));

        assertThat(image(out)).isEqualTo(image(expected));
    }

    @Test
    void shouldWriteOneEventPerDataElementBackToBack()
    {
        final OutWindow out = new OutWindow(13, 2 * BookEvent.lengthFor(1, true) + BookEvent.lengthFor(0, true));

        final int result = decode(json("{'arg':{'channel':'books','instId':'BTC-USDT'},'action':'update','data':[" +
            "{'asks':[['1','1']],'bids':[],'seqId':2,'prevSeqId':1}," +
            "{'asks':[],'bids':[['0.5','2']],'seqId':3,'prevSeqId':2},{'asks':[],'bids':[],'seqId':3,'prevSeqId':3}]}"),
            out);

        assertThat(result).isEqualTo(out.capacity());
        final BookEvent first = out.event();
        final BookEvent second = new BookEvent().wrap(out.buffer(), out.offset() + first.length());
        final BookEvent third = new BookEvent().wrap(out.buffer(), out.offset() + first.length() + second.length());
        assertThat(asks(first)).containsExactly(level(10, 100_000_000));
        assertThat(bids(second)).containsExactly(level(5, 200_000_000));
        assertThat(List.of(first.lastUpdateId(), second.lastUpdateId(), third.lastUpdateId()))
            .containsExactly(2L, 3L, 3L);
        assertThat(third.type()).isEqualTo(BookEvent.TYPE_DIFF);
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldDecodeEveryCapturedLineWithLevelCountsAsInTheText()
    {
        int snapshots = 0;
        int updates = 0;
        for (final String line : lines(CAPTURE))
        {
            final OutWindow out = window(1000);
            final int result = decode(line, out);
            assertThat(result).as(line).isPositive();
            final BookEvent event = out.event();
            assertThat(result).isEqualTo(event.length())
                .isLessThanOrEqualTo(StreamFrameDecoder.outputBound(line.length()));
            final int asksAt = line.indexOf("\"asks\"");
            final int bidsAt = line.indexOf("\"bids\"");
            assertThat(event.askCount()).isEqualTo(count(line.substring(asksAt, bidsAt)));
            assertThat(event.bidCount()).isEqualTo(count(line.substring(bidsAt)));
            assertThat(event.checksum()).isEqualTo(checksumOf(line));
            if (event.type() == BookEvent.TYPE_SNAPSHOT)
            {
                snapshots++;
            }
            else
            {
                updates++;
            }
        }
        assertThat(List.of(snapshots, updates)).containsExactly(1, 97);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Frames with nothing for the books
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> ignoredFrames()
    {
        return Stream.of(
            Arguments.of(Named.of("pong", "pong")),
            Arguments.of(Named.of("subscribe ack", json("{'id':'1','event':'subscribe','arg':{'channel':'books'," +
                "'instId':'BTC-USDT'},'connId':'a4d3ae55'}"))),
            Arguments.of(Named.of("unsubscribe ack", json("{'event':'unsubscribe','arg':{'channel':'books'," +
                "'instId':'BTC-USDT'},'connId':'a4d3ae55'}"))),
            Arguments.of(Named.of("ack for an instrument not configured", json("{'event':'subscribe'," +
                "'arg':{'channel':'books','instId':'DOGE-USDT'}}"))),
            Arguments.of(Named.of("service notice", json("{'event':'notice','code':'64008','msg':'The connection " +
                "will soon be closed for a service upgrade.','connId':'a4d3ae55'}"))),
            Arguments.of(Named.of("another channel's data", json("{'arg':{'channel':'trades','instId':'BTC-USDT'}," +
                "'data':[{'instId':'BTC-USDT','px':'30243.5','sz':'0.1','side':'buy','ts':'1'}]}"))),
            Arguments.of(Named.of("books5 data (another channel, no action)", json("{'arg':{'channel':'books5'," +
                "'instId':'BTC-USDT'},'data':[{'asks':[['1','1','0','1']],'bids':[],'ts':'1','seqId':5}]}"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredFrames")
    void shouldIgnoreFramesThatCarryNoBookData(final String frame)
    {
        final OutWindow out = window(4);

        assertThat(decode(frame, out)).isZero();
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldNameTheInstrumentOfAnAckOrAnErrorWhenItIsConfigured()
    {
        decode(json("{'event':'subscribe','arg':{'channel':'books','instId':'ETH-USDT'}}"), window(0));
        assertThat(decoder.lastInstrument()).isSameAs(ETH_USDT);

        decode(json("{'event':'subscribe','arg':{'channel':'books','instId':'DOGE-USDT'}}"), window(0));
        assertThat(decoder.lastInstrument()).isNull();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Invalid frames: one table, every reason
    // ---------------------------------------------------------------------------------------------------------------

    /** An invalid frame, the reason it must be rejected with, and the instrument known at that point. */
    record Reject(String frame, DecodeReason reason, Instrument instrument, int outCapacity)
    {
    }

    private static Arguments reject(
        final String description, final String frame, final DecodeReason reason, final Instrument instrument)
    {
        return reject(description, frame, reason, instrument, BookEvent.lengthFor(64, true));
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

    /** The update with one level's price (the ask) or size (the bid) replaced. */
    private static String askPrice(final String price)
    {
        return UPDATE.replace("\"30243.5\"", "\"" + price + "\"");
    }

    private static String bidSize(final String size)
    {
        return UPDATE.replace("\"0.10\"", "\"" + size + "\"");
    }

    static Stream<Arguments> invalidFrames()
    {
        final String deep = "[".repeat(40) + "]".repeat(40);
        final Instrument b = BTC_USDT;
        final String head = "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[";
        return Stream.of(
            // TRUNCATED
            reject("cut inside a level", UPDATE.substring(0, UPDATE.indexOf("30243") + 3), DecodeReason.TRUNCATED, b),
            reject("cut inside the instId", UPDATE.substring(0, UPDATE.indexOf("BTC-") + 3), DecodeReason.TRUNCATED,
                null),
            reject("cut after the data's bracket", head, DecodeReason.TRUNCATED, b),
            reject("cut before the closing brace", UPDATE.substring(0, UPDATE.length() - 1), DecodeReason.TRUNCATED, b),
            reject("cut inside seqId", UPDATE.substring(0, UPDATE.indexOf("124") + 2), DecodeReason.TRUNCATED, b),
            reject("empty frame", "", DecodeReason.TRUNCATED, null),
            reject("only whitespace", " \n\t ", DecodeReason.TRUNCATED, null),
            // MALFORMED_JSON
            reject("missing colon", UPDATE.replace("\"action\":", "\"action\" "), DecodeReason.MALFORMED_JSON, b),
            reject("trailing garbage", UPDATE + "x", DecodeReason.MALFORMED_JSON, b),
            reject("a second object", UPDATE + "{}", DecodeReason.MALFORMED_JSON, b),
            reject("missing comma inside a level", UPDATE.replace("\"30243.5\",", "\"30243.5\" "),
                DecodeReason.MALFORMED_JSON, b),
            reject("a level with only a price", UPDATE.replace("[\"30243.5\",\"1.2112\",\"0\",\"4\"]", "[\"30243.5\"]"),
                DecodeReason.MALFORMED_JSON, b),
            reject("trailing comma in the arg", UPDATE.replace("\"BTC-USDT\"}", "\"BTC-USDT\",}"),
                DecodeReason.MALFORMED_JSON, b),
            reject("ping text instead of pong", "ping", DecodeReason.MALFORMED_JSON, null),
            reject("pong with a newline", "pong\n", DecodeReason.MALFORMED_JSON, null),
            reject("frame is an array", "[1,2]", DecodeReason.MALFORMED_JSON, null),
            reject("control character in a string", UPDATE.replace("books", "bo\u0001oks"),
                DecodeReason.MALFORMED_JSON, null),
            reject("misspelt literal in a skipped value", UPDATE.replace("\"action\"", "\"x\":tru,\"action\""),
                DecodeReason.MALFORMED_JSON, b),
            // NESTING_TOO_DEEP
            reject("unknown field nested 40 deep", UPDATE.replace("\"action\"", "\"x\":" + deep + ",\"action\""),
                DecodeReason.NESTING_TOO_DEEP, b),
            reject("unknown field nested 40 deep in a data element",
                UPDATE.replace("\"ts\"", "\"x\":" + deep + ",\"ts\""),
                DecodeReason.NESTING_TOO_DEEP, b),
            // WRONG_TYPE
            reject("arg is a string", UPDATE.replace("{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}", "\"books\""),
                DecodeReason.WRONG_TYPE, null),
            reject("data is an object", UPDATE.replace("\"data\":[", "\"data\":").replace("}]}", "}}"),
                DecodeReason.WRONG_TYPE, b),
            reject("a data element is a number", head + "5]}", DecodeReason.WRONG_TYPE, b),
            reject("asks is a number", UPDATE.replace("\"asks\":[[\"30243.5\",\"1.2112\",\"0\",\"4\"]]", "\"asks\":3"),
                DecodeReason.WRONG_TYPE, b),
            reject("a price is a JSON number", UPDATE.replace("\"30243.5\"", "30243.5"), DecodeReason.WRONG_TYPE, b),
            reject("seqId is a string", UPDATE.replace("\"seqId\":124", "\"seqId\":\"124\""),
                DecodeReason.WRONG_TYPE, b),
            reject("ts is a number", UPDATE.replace("\"ts\":\"1652459225453\"", "\"ts\":1652459225453"),
                DecodeReason.WRONG_TYPE, b),
            reject("instId is a number", UPDATE.replace("\"BTC-USDT\"", "7"), DecodeReason.WRONG_TYPE, null),
            reject("action is null", UPDATE.replace("\"update\"", "null"), DecodeReason.WRONG_TYPE, b),
            // MISSING_FIELD
            reject("no action", UPDATE.replace("\"action\":\"update\",", ""), DecodeReason.MISSING_FIELD, b),
            reject("no instId", UPDATE.replace(",\"instId\":\"BTC-USDT\"", ""), DecodeReason.MISSING_FIELD, null),
            reject("no channel", UPDATE.replace("\"channel\":\"books\",", ""), DecodeReason.MISSING_FIELD, b),
            reject("no data", json("{'arg':{'channel':'books','instId':'BTC-USDT'},'action':'update'}"),
                DecodeReason.MISSING_FIELD, b),
            reject("no arg", UPDATE.replace("\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},", ""),
                DecodeReason.MISSING_FIELD, null),
            reject("data is empty", head + "]}", DecodeReason.MISSING_FIELD, b),
            reject("element without bids", UPDATE.replace("\"bids\":[[\"30237.2\",\"0.10\",\"0\",\"1\"]],", ""),
                DecodeReason.MISSING_FIELD, b),
            reject("element is empty", head + "{}]}", DecodeReason.MISSING_FIELD, b),
            reject("seqId without prevSeqId", UPDATE.replace(",\"prevSeqId\":123", ""), DecodeReason.MISSING_FIELD, b),
            reject("prevSeqId without seqId", UPDATE.replace(",\"seqId\":124", ""), DecodeReason.MISSING_FIELD, b),
            // DUPLICATE_FIELD
            reject("asks twice", UPDATE.replace("\"bids\"", "\"asks\":[],\"bids\""), DecodeReason.DUPLICATE_FIELD, b),
            reject("arg twice", UPDATE.replace("\"action\"", "\"arg\":{},\"action\""), DecodeReason.DUPLICATE_FIELD, b),
            reject("action twice", UPDATE.replace("\"data\"", "\"action\":\"update\",\"data\""),
                DecodeReason.DUPLICATE_FIELD, b),
            reject("instId twice", UPDATE.replace("\"BTC-USDT\"", "\"BTC-USDT\",\"instId\":\"BTC-USDT\""),
                DecodeReason.DUPLICATE_FIELD, b),
            reject("channel twice", UPDATE.replace("\"channel\":\"books\"", "\"channel\":\"books\",\"channel\":\"x\""),
                DecodeReason.DUPLICATE_FIELD, null),
            reject("seqId twice", UPDATE.replace("\"seqId\":124", "\"seqId\":124,\"seqId\":124"),
                DecodeReason.DUPLICATE_FIELD, b),
            reject("prevSeqId twice", UPDATE.replace("\"prevSeqId\":123", "\"prevSeqId\":123,\"prevSeqId\":123"),
                DecodeReason.DUPLICATE_FIELD, b),
            reject("ts twice", UPDATE.replace("\"ts\"", "\"ts\":\"1\",\"ts\""), DecodeReason.DUPLICATE_FIELD, b),
            reject("checksum twice", UPDATE.replace("\"checksum\"", "\"checksum\":1,\"checksum\""),
                DecodeReason.DUPLICATE_FIELD, b),
            reject("data twice", UPDATE.replace("}]}", "}],\"data\":[]}"), DecodeReason.DUPLICATE_FIELD, b),
            reject("event twice", json("{'event':'subscribe','event':'error'}"), DecodeReason.DUPLICATE_FIELD, null),
            // UNKNOWN_INSTRUMENT
            reject("instId not configured", UPDATE.replace("BTC-USDT", "BTC-USD"), DecodeReason.UNKNOWN_INSTRUMENT,
                null),
            reject("instId in lower case", UPDATE.replace("BTC-USDT", "btc-usdt"), DecodeReason.UNKNOWN_INSTRUMENT,
                null),
            reject("instId not configured after the data", json("{'data':[{'asks':[],'bids':[]}]," +
                "'action':'update','arg':{'channel':'books','instId':'SOL-USDT'}}"), DecodeReason.UNKNOWN_INSTRUMENT,
                null),
            // BAD_NUMBER
            reject("price abc", askPrice("abc"), DecodeReason.BAD_NUMBER, b),
            reject("empty size", bidSize(""), DecodeReason.BAD_NUMBER, b),
            reject("a lone dot", bidSize("."), DecodeReason.BAD_NUMBER, b),
            reject("two points", askPrice("30243.5.1"), DecodeReason.BAD_NUMBER, b),
            reject("exponent without digits", bidSize("1e"), DecodeReason.BAD_NUMBER, b),
            reject("escaped digit", bidSize("\\u0031"), DecodeReason.BAD_NUMBER, b),
            reject("ts abc", UPDATE.replace("1652459225453", "abc"), DecodeReason.BAD_NUMBER, b),
            reject("ts empty", UPDATE.replace("1652459225453", ""), DecodeReason.BAD_NUMBER, b),
            reject("ts with a fraction", UPDATE.replace("1652459225453", "1652459225453.5"),
                DecodeReason.BAD_NUMBER, b),
            reject("seqId 1.5", UPDATE.replace("\"seqId\":124", "\"seqId\":1.5"), DecodeReason.BAD_NUMBER, b),
            reject("checksum with an exponent", UPDATE.replace("-652563973", "-6e8"), DecodeReason.BAD_NUMBER, b),
            // NEGATIVE_NUMBER
            reject("size -1", bidSize("-1"), DecodeReason.NEGATIVE_NUMBER, b),
            reject("price -0.1", askPrice("-0.1"), DecodeReason.NEGATIVE_NUMBER, b),
            // TOO_PRECISE
            reject("price with 2 decimals at scale 1", askPrice("30243.55"), DecodeReason.TOO_PRECISE, b),
            reject("size with 9 decimals at scale 8", bidSize("0.100000001"), DecodeReason.TOO_PRECISE, b),
            // NUMBER_OVERFLOW
            reject("size beyond a long at scale 8", bidSize("999999999999"), DecodeReason.NUMBER_OVERFLOW, b),
            reject("checksum beyond a signed int", UPDATE.replace("-652563973", "2147483648"),
                DecodeReason.NUMBER_OVERFLOW, b),
            reject("checksum below a signed int", UPDATE.replace("-652563973", "-2147483649"),
                DecodeReason.NUMBER_OVERFLOW, b),
            reject("seqId beyond a long", UPDATE.replace("\"seqId\":124", "\"seqId\":9223372036854775808"),
                DecodeReason.NUMBER_OVERFLOW, b),
            reject("ts beyond a long", UPDATE.replace("1652459225453", "99999999999999999999"),
                DecodeReason.NUMBER_OVERFLOW, b),
            // ZERO_PRICE
            reject("ask at price 0", askPrice("0"), DecodeReason.ZERO_PRICE, b),
            reject("ask at price 0.0", askPrice("0.0"), DecodeReason.ZERO_PRICE, b),
            // TOO_MANY_LEVELS
            reject("2 levels with room for 1", UPDATE, DecodeReason.TOO_MANY_LEVELS, b,
                BookEvent.lengthFor(2, true) - 1),
            reject("no room for a header", UPDATE, DecodeReason.TOO_MANY_LEVELS, b, BookEvent.HEADER_LENGTH - 1),
            reject("no room for the second element's header", head + "{'asks':[],'bids':[]},{'asks':[],'bids':[]}]}"
                .replace('\'', '"'), DecodeReason.TOO_MANY_LEVELS, b, 2 * BookEvent.HEADER_LENGTH - 8),
            // BAD_SEQUENCE
            reject("negative seqId", UPDATE.replace("\"seqId\":124", "\"seqId\":-5"), DecodeReason.BAD_SEQUENCE, b),
            reject("prevSeqId below -1", UPDATE.replace("\"prevSeqId\":123", "\"prevSeqId\":-2"),
                DecodeReason.BAD_SEQUENCE, b),
            // VENUE_ERROR
            reject("error event", json("{'event':'error','code':'60012','msg':'Invalid request: {\\\"op\\\": " +
                "\\\"subscribe\\\"}','connId':'a4d3ae55'}"), DecodeReason.VENUE_ERROR, null),
            reject("error event naming the instrument", json("{'event':'error','code':'60018','msg':'x'," +
                "'arg':{'channel':'books','instId':'BTC-USDT'}}"), DecodeReason.VENUE_ERROR, b),
            // FRAME_TOO_LARGE
            reject("one byte over the limit", UPDATE + " ".repeat(MAX_FRAME + 1 - UPDATE.length()),
                DecodeReason.FRAME_TOO_LARGE, null),
            // NON_CANONICAL_NUMBER
            reject("plus sign", bidSize("+1"), DecodeReason.NON_CANONICAL_NUMBER, b),
            reject("exponent", bidSize("1e-1"), DecodeReason.NON_CANONICAL_NUMBER, b),
            reject("zero as an exponent", bidSize("0E-8"), DecodeReason.NON_CANONICAL_NUMBER, b),
            reject("redundant leading zero", askPrice("030243.5"), DecodeReason.NON_CANONICAL_NUMBER, b),
            reject("double zero", bidSize("00"), DecodeReason.NON_CANONICAL_NUMBER, b),
            reject("no integer digit", bidSize(".1"), DecodeReason.NON_CANONICAL_NUMBER, b),
            reject("no fraction digit", askPrice("30243."), DecodeReason.NON_CANONICAL_NUMBER, b),
            reject("more than 255 fraction digits", bidSize("0.1" + "0".repeat(255)),
                DecodeReason.NON_CANONICAL_NUMBER, b),
            // UNKNOWN_MESSAGE_TYPE
            reject("action partial", UPDATE.replace("\"update\"", "\"partial\""), DecodeReason.UNKNOWN_MESSAGE_TYPE, b),
            reject("action in upper case", UPDATE.replace("\"update\"", "\"UPDATE\""),
                DecodeReason.UNKNOWN_MESSAGE_TYPE, b),
            reject("empty object", "{}", DecodeReason.UNKNOWN_MESSAGE_TYPE, null),
            reject("an op reply", json("{'op':'pong'}"), DecodeReason.UNKNOWN_MESSAGE_TYPE, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFrames")
    void shouldRejectInvalidFrameWithExactReasonAndKnownInstrument(final Reject reject)
    {
        final OutWindow out = new OutWindow(13, reject.outCapacity());

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

        // OKX has no connection-level sequence: that is Coinbase's.
        assertThat(covered).isEqualTo(EnumSet.complementOf(EnumSet.of(DecodeReason.CONNECTION_GAP)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Output window and decoder reuse
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldNeverWriteOutsideTheWindowWhateverItsSize()
    {
        final String line = lines(CAPTURE).get(1); // 43 levels
        final List<String> violations = new ArrayList<>();
        for (int capacity = 0; capacity <= BookEvent.lengthFor(43, true) + 8; capacity++)
        {
            final OutWindow out = new OutWindow(5, capacity);
            final int result = decode(line, out);
            final boolean fits = capacity >= BookEvent.lengthFor(43, true);
            if (out.firstWriteOutside() >= 0 || (fits ? result != BookEvent.lengthFor(43, true) :
                result != -DecodeReason.TOO_MANY_LEVELS.code()))
            {
                violations.add("capacity " + capacity + ": result " + result + ", outside " + out.firstWriteOutside());
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void shouldDecodeNormallyAfterARejectedFrameAndForgetItsInstrument()
    {
        final OutWindow expected = window(2);
        decode(UPDATE, expected);
        assertThat(decode(askPrice("x"), window(2))).isEqualTo(-DecodeReason.BAD_NUMBER.code());
        assertThat(decoder.lastInstrument()).isSameAs(BTC_USDT);

        assertThat(decode(json("{'arg':{'channel':'books','instId':'x"), window(2))).isNegative();
        assertThat(decoder.lastInstrument()).isNull();

        final OutWindow out = window(2);
        assertThat(decode(UPDATE, out)).isEqualTo(BookEvent.lengthFor(2, true));
        assertThat(image(out)).isEqualTo(image(expected));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Room for an event of this many levels with formats, at an odd offset. */
    static OutWindow window(final int levels)
    {
        return new OutWindow(21, BookEvent.lengthFor(levels, true));
    }

    /** Everything an event holds, formats included, as text (independent of where it was written). */
    static String image(final OutWindow out)
    {
        final BookEvent event = out.event();
        final StringBuilder text = new StringBuilder()
            .append("type=").append(event.type()).append(" flags=").append(event.flags())
            .append(" instrument=").append(event.instrumentId())
            .append(" ids=").append(event.firstUpdateId()).append('/').append(event.lastUpdateId()).append('/')
            .append(event.prevUpdateId())
            .append(" times=").append(event.exchangeTimeMs()).append('/').append(event.transactTimeMs()).append('/')
            .append(event.ingressTimeNs())
            .append(" checksum=").append(event.checksum());
        for (int i = 0; i < event.bidCount(); i++)
        {
            text.append(" b").append(event.bidPrice(i)).append('x').append(event.bidQuantity(i))
                .append('f').append(event.bidFormat(i));
        }
        for (int i = 0; i < event.askCount(); i++)
        {
            text.append(" a").append(event.askPrice(i)).append('x').append(event.askQuantity(i))
                .append('f').append(event.askFormat(i));
        }
        return text.toString();
    }

    private static long checksumOf(final String line)
    {
        return Long.parseLong(field(line, "\"checksum\":", "}").split(",")[0]);
    }

    private static String field(final String line, final String prefix, final String end)
    {
        final int start = line.indexOf(prefix) + prefix.length();
        return line.substring(start, line.indexOf(end, start));
    }

    private static int count(final String text)
    {
        int levels = 0;
        for (int i = text.indexOf("[\""); i >= 0; i = text.indexOf("[\"", i + 1))
        {
            levels++;
        }
        return levels;
    }

    private int decode(final String text, final OutWindow out)
    {
        final Framed framed = frame(text);
        return decoder.decode(framed.buffer(), framed.offset(), framed.length(), out.buffer(), out.offset(),
            out.capacity(), INGRESS_NS);
    }
}
