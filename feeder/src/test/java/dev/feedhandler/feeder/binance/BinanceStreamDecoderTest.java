package dev.feedhandler.feeder.binance;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.TestFrames.Decoded;
import dev.feedhandler.feeder.TestFrames.Framed;
import dev.feedhandler.feeder.TestFrames.OutWindow;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.feedhandler.feeder.TestFrames.NKNUSDT;
import static dev.feedhandler.feeder.TestFrames.SPOT_FRAMES;
import static dev.feedhandler.feeder.TestFrames.SUSHIUSDT;
import static dev.feedhandler.feeder.TestFrames.USDM_FRAMES;
import static dev.feedhandler.feeder.TestFrames.asks;
import static dev.feedhandler.feeder.TestFrames.bids;
import static dev.feedhandler.feeder.TestFrames.dataOf;
import static dev.feedhandler.feeder.TestFrames.frame;
import static dev.feedhandler.feeder.TestFrames.json;
import static dev.feedhandler.feeder.TestFrames.level;
import static dev.feedhandler.feeder.TestFrames.line;
import static dev.feedhandler.feeder.TestFrames.lines;
import static dev.feedhandler.feeder.TestFrames.spaced;
import static dev.feedhandler.feeder.TestFrames.symbols;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link BinanceStreamDecoder} makes of each kind of Binance WebSocket frame: valid frames first (real captured
 * lines wherever one exists), then one table with an invalid frame for every rejection reason.
 */
class BinanceStreamDecoderTest
{
    private static final int MAX_FRAME = 4096;
    private static final long INGRESS_NS = 987_654_321_000L;
    private static final long NULL_ID = BookEvent.NULL_ID;
    private static final long NULL_TIME = BookEvent.NULL_TIME;

    /** A valid spot diff that the table's invalid frames are variations of. */
    private static final String SPOT_DIFF = json("{'e':'depthUpdate','E':1633998512568,'s':'NKNUSDT','U':100," +
        "'u':105,'b':[['0.35170000','4265.00000000']],'a':[['0.35290000','10968.00000000']]}");

    private final BinanceStreamDecoder spot =
        new BinanceStreamDecoder(Venue.BINANCE_SPOT, symbols(NKNUSDT), MAX_FRAME);
    private final BinanceStreamDecoder usdm =
        new BinanceStreamDecoder(Venue.BINANCE_USDM, symbols(SUSHIUSDT), MAX_FRAME);

    // ---------------------------------------------------------------------------------------------------------------
    // Valid depth updates
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldDecodePlainSpotDepthUpdateFromCapture()
    {
        final String data = dataOf(line(SPOT_FRAMES, "\"U\":499869753,"));
        final OutWindow out = OutWindow.forLevels(2);

        final int result = decode(spot, data, out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2));
        final BookEvent event = out.event();
        assertThat(Decoded.of(event)).isEqualTo(new Decoded(BookEvent.TYPE_DIFF, NKNUSDT.id(),
            499869753L, 499869754L, NULL_ID, 1633998512568L, NULL_TIME, INGRESS_NS,
            List.of(level(35_170_000L, 426_500_000_000L)),
            List.of(level(35_290_000L, 1_096_800_000_000L))));
        assertThat(event.flags()).isZero();
        assertThat(spot.lastInstrument()).isSameAs(NKNUSDT);
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldDecodeEnvelopedSpotDepthUpdateToTheSameEventAsThePlainOne()
    {
        final String line = line(SPOT_FRAMES, "\"U\":499869753,");
        final OutWindow plain = OutWindow.forLevels(2);
        final OutWindow enveloped = OutWindow.forLevels(2);

        decode(spot, dataOf(line), plain);
        final int result = decode(spot, line, enveloped);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2));
        assertThat(Decoded.of(enveloped.event())).isEqualTo(Decoded.of(plain.event()));
        assertThat(enveloped.event().firstUpdateId()).isEqualTo(499869753L);
        assertThat(enveloped.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldDecodeUsdmDepthUpdateWithPrevIdEventTimeAndTransactionTime()
    {
        final String line = line(USDM_FRAMES, "\"U\":600859599090,");
        final OutWindow out = OutWindow.forLevels(5);

        final int result = decode(usdm, line, out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(5));
        assertThat(Decoded.of(out.event())).isEqualTo(new Decoded(BookEvent.TYPE_DIFF, SUSHIUSDT.id(),
            600859599090L, 600859600917L, 600859598061L, 1626992741037L, 1626992741024L, INGRESS_NS,
            List.of(level(75_040L, 813L), level(76_090L, 0L), level(76_110L, 2L)),
            List.of(level(76_150L, 1563L), level(76_220L, 3284L))));
        assertThat(usdm.lastInstrument()).isSameAs(SUSHIUSDT);
    }

    @Test
    void shouldReadPrevIdOnSpotWhenPresentAndLeaveItNullWhenAbsent()
    {
        final OutWindow with = OutWindow.forLevels(2);
        final OutWindow without = OutWindow.forLevels(2);

        decode(spot, SPOT_DIFF.replace("\"U\":100", "\"pu\":99,\"U\":100"), with);
        decode(spot, SPOT_DIFF, without);

        assertThat(with.event().prevUpdateId()).isEqualTo(99L);
        assertThat(without.event().prevUpdateId()).isEqualTo(NULL_ID);
    }

    @Test
    void shouldDecodeDiffWithoutEventTypeByItsFields()
    {
        final OutWindow out = OutWindow.forLevels(2);

        final int result = decode(spot, SPOT_DIFF.replace("\"e\":\"depthUpdate\",", ""), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2));
        assertThat(out.event().type()).isEqualTo(BookEvent.TYPE_DIFF);
        assertThat(out.event().lastUpdateId()).isEqualTo(105L);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Valid book tickers
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldDecodeSpotBookTickerWithoutEventTypeAsTopOfBookWithUAsBothIds()
    {
        final String line = line(SPOT_FRAMES, "\"u\":499869768,");
        assertThat(line).doesNotContain("\"e\"");
        final OutWindow out = OutWindow.forLevels(2);

        final int result = decode(spot, line, out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2));
        assertThat(Decoded.of(out.event())).isEqualTo(new Decoded(BookEvent.TYPE_TOP_OF_BOOK, NKNUSDT.id(),
            499869768L, 499869768L, NULL_ID, NULL_TIME, NULL_TIME, INGRESS_NS,
            List.of(level(35_210_000L, 67_200_000_000L)),
            List.of(level(35_260_000L, 319_900_000_000L))));
        assertThat(out.event().bidCount()).isEqualTo(1);
        assertThat(out.event().askCount()).isEqualTo(1);
    }

    @Test
    void shouldDecodeUsdmBookTickerWithEventTypeAndTimes()
    {
        final String line = line(USDM_FRAMES, "\"u\":600859600576,");
        final OutWindow out = OutWindow.forLevels(2);

        final int result = decode(usdm, line, out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2));
        assertThat(Decoded.of(out.event())).isEqualTo(new Decoded(BookEvent.TYPE_TOP_OF_BOOK, SUSHIUSDT.id(),
            600859600576L, 600859600576L, NULL_ID, 1626992741017L, 1626992741012L, INGRESS_NS,
            List.of(level(76_110L, 2L)),
            List.of(level(76_120L, 297L))));
    }

    @Test
    void shouldDecodeBookTickerWithFieldsInAnyOrder()
    {
        final OutWindow out = OutWindow.forLevels(2);

        final int result = decode(spot, json(
            "{'A':'3199.00000000','a':'0.35260000','B':'672.00000000','b':'0.35210000','s':'NKNUSDT','u':499869768}"),
            out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2));
        assertThat(out.event().type()).isEqualTo(BookEvent.TYPE_TOP_OF_BOOK);
        assertThat(bids(out.event())).containsExactly(level(35_210_000L, 67_200_000_000L));
        assertThat(asks(out.event())).containsExactly(level(35_260_000L, 319_900_000_000L));
        assertThat(out.event().firstUpdateId()).isEqualTo(499869768L);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Field order, unknown fields, whitespace, level shapes
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldDecodeLevelsThatComeBeforeTheSymbol()
    {
        final String canonical = dataOf(line(USDM_FRAMES, "\"U\":600859599090,"));
        final String levelsFirst = json("{'b':[['7.5040','813'],['7.6090','0'],['7.6110','2']]," +
            "'a':[['7.6150','1563'],['7.6220','3284']],'pu':600859598061,'u':600859600917,'U':600859599090," +
            "'T':1626992741024,'E':1626992741037,'e':'depthUpdate','s':'SUSHIUSDT'}");
        final OutWindow expected = OutWindow.forLevels(5);
        final OutWindow out = OutWindow.forLevels(5);
        decode(usdm, canonical, expected);

        final int result = decode(usdm, levelsFirst, out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(5));
        assertThat(Decoded.of(out.event())).isEqualTo(Decoded.of(expected.event()));
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldDecodeAsksBeforeBidsWithAsksFirstFlag()
    {
        final OutWindow out = OutWindow.forLevels(3);

        final int result = decode(spot, json("{'e':'depthUpdate','E':1,'s':'NKNUSDT','U':100,'u':105," +
            "'a':[['0.35290000','10968'],['0.35300000','1']],'b':[['0.35170000','4265']]}"), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(3));
        final BookEvent event = out.event();
        assertThat(event.flags()).isEqualTo(BookEvent.FLAG_ASKS_FIRST);
        assertThat(event.askLevelsOffset()).isEqualTo(out.offset() + BookEvent.HEADER_LENGTH);
        assertThat(bids(event)).containsExactly(level(35_170_000L, 426_500_000_000L));
        assertThat(asks(event)).containsExactly(level(35_290_000L, 1_096_800_000_000L), level(35_300_000L, 100_000_000L));
    }

    @Test
    void shouldDecodeAsksBeforeBidsBeforeTheSymbol()
    {
        final OutWindow out = OutWindow.forLevels(3);

        final int result = decode(spot, json("{'a':[['0.35290000','10968'],['0.35300000','1']]," +
            "'b':[['0.35170000','4265']],'U':100,'u':105,'s':'NKNUSDT'}"), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(3));
        assertThat(bids(out.event())).containsExactly(level(35_170_000L, 426_500_000_000L));
        assertThat(asks(out.event())).containsExactly(level(35_290_000L, 1_096_800_000_000L), level(35_300_000L, 100_000_000L));
    }

    @Test
    void shouldDecodeOneSideBeforeTheSymbolAndTheOtherAfter()
    {
        final OutWindow out = OutWindow.forLevels(3);

        final int result = decode(spot, json("{'b':[['0.35170000','4265']],'U':100,'u':105,'s':'NKNUSDT'," +
            "'a':[['0.35290000','10968'],['0.35300000','1']]}"), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(3));
        assertThat(bids(out.event())).containsExactly(level(35_170_000L, 426_500_000_000L));
        assertThat(asks(out.event())).containsExactly(level(35_290_000L, 1_096_800_000_000L), level(35_300_000L, 100_000_000L));
    }

    @Test
    void shouldSkipUnknownFieldsOfEveryJsonType()
    {
        final String line = line(SPOT_FRAMES, "\"U\":499869753,");
        final String withUnknowns = json("{'stream':'nknusdt@depth@100ms','id':null,'meta':{'s':'BTCUSDT'},'data':" +
            "{'e':'depthUpdate','x':{'s':'BTCUSDT','b':[['1','2']],'U':-5,'deep':[[[{}]],[]]},'E':1633998512568," +
            "'esc':'quote \\\" brace } bracket ] backslash \\\\ unicode \\u00e9 utf8 \u00e9','s':'NKNUSDT'," +
            "'t':true,'f':false,'n':null,'num':-1.25e+10,'int':42,'k\\\"ey':1,'lastUpdateId':7,'U':499869753," +
            "'u':499869754,'arr':[true,false,null,'',{},[]],'b':[['0.35170000','4265.00000000']]," +
            "'a':[['0.35290000','10968.00000000']],'zz':{}},'tail':[1,'}']}");
        final OutWindow expected = OutWindow.forLevels(2);
        final OutWindow out = OutWindow.forLevels(2);
        decode(spot, line, expected);

        final int result = decode(spot, withUnknowns, out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2));
        assertThat(Decoded.of(out.event())).isEqualTo(Decoded.of(expected.event()));
    }

    @Test
    void shouldAcceptWhitespaceBetweenEveryToken()
    {
        final String line = line(USDM_FRAMES, "\"U\":600859599090,");
        final OutWindow expected = OutWindow.forLevels(5);
        final OutWindow out = OutWindow.forLevels(5);
        decode(usdm, line, expected);

        final int result = decode(usdm, spaced(line), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(5));
        assertThat(Decoded.of(out.event())).isEqualTo(Decoded.of(expected.event()));
    }

    @Test
    void shouldAcceptWhitespaceBetweenEveryTokenOfABookTicker()
    {
        final String line = line(SPOT_FRAMES, "\"u\":499869768,");
        final OutWindow expected = OutWindow.forLevels(2);
        final OutWindow out = OutWindow.forLevels(2);
        decode(spot, line, expected);

        final int result = decode(spot, spaced(line), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2));
        assertThat(Decoded.of(out.event())).isEqualTo(Decoded.of(expected.event()));
    }

    @Test
    void shouldDecodeEmptyLevelArraysAsEventWithNoLevels()
    {
        final OutWindow out = OutWindow.forLevels(0);

        final int result = decode(spot, json("{'e':'depthUpdate','E':5,'s':'NKNUSDT','U':100,'u':100,'b':[],'a':[ ]}"), out);

        assertThat(result).isEqualTo(BookEvent.HEADER_LENGTH);
        assertThat(out.event().bidCount()).isZero();
        assertThat(out.event().askCount()).isZero();
        assertThat(out.event().lastUpdateId()).isEqualTo(100L);
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldSkipExtraElementsInALevelAsInTheOldBinanceFormat()
    {
        final OutWindow out = OutWindow.forLevels(3);

        final int result = decode(spot, json("{'e':'depthUpdate','s':'NKNUSDT','U':1,'u':2," +
            "'b':[['0.1','2',[]],['0.09','3',[],'x',{'y':[1]}]],'a':[['0.2','0',[ ]]]}"), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(3));
        assertThat(bids(out.event())).containsExactly(level(10_000_000L, 200_000_000L), level(9_000_000L, 300_000_000L));
        assertThat(asks(out.event())).containsExactly(level(20_000_000L, 0L));
    }

    @Test
    void shouldAcceptZeroQuantityAsLevelDeletion()
    {
        final OutWindow out = OutWindow.forLevels(2);

        decode(spot, json("{'s':'NKNUSDT','U':1,'u':2,'b':[['0.1','0.00000000']],'a':[['0.2','0']]}"), out);

        assertThat(bids(out.event())).containsExactly(level(10_000_000L, 0L));
        assertThat(asks(out.event())).containsExactly(level(20_000_000L, 0L));
    }

    @Test
    void shouldAcceptFrameOfExactlyMaxFrameLength()
    {
        final String padded = SPOT_DIFF + " ".repeat(MAX_FRAME - SPOT_DIFF.length());
        assertThat(padded).hasSize(MAX_FRAME);
        final OutWindow out = OutWindow.forLevels(2);

        assertThat(decode(spot, padded, out)).isEqualTo(BookEvent.lengthFor(2));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Ignored frames
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> ignoredFrames()
    {
        return Stream.of(
            Arguments.of(Named.of("spot trade", json("{'e':'trade','E':1633998523000,'s':'NKNUSDT','t':12345," +
                "'p':'0.35270000','q':'100.00000000','b':88,'a':50,'T':1633998522999,'m':true,'M':true}"))),
            Arguments.of(Named.of("spot aggTrade (captured)", line(SPOT_FRAMES, "\"e\":\"aggTrade\""))),
            Arguments.of(Named.of("spot kline (captured)", line(SPOT_FRAMES, "\"e\":\"kline\""))),
            Arguments.of(Named.of("subscription reply", "{\"result\":null,\"id\":1}")),
            Arguments.of(Named.of("empty object", "{}")),
            Arguments.of(Named.of("empty envelope data", "{\"stream\":\"x\",\"data\":{}}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredFrames")
    void shouldIgnoreFramesThatCarryNoBookDataAndWriteNothing(final String frame)
    {
        final OutWindow out = OutWindow.forLevels(4);

        assertThat(decode(spot, frame, out)).isZero();
        assertThat(out.windowUntouched()).isTrue();
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldIgnoreUsdmAggTradeAndKlineFrames()
    {
        final OutWindow out = OutWindow.forLevels(4);

        assertThat(decode(usdm, line(USDM_FRAMES, "\"e\":\"aggTrade\""), out)).isZero();
        assertThat(decode(usdm, line(USDM_FRAMES, "\"e\":\"kline\""), out)).isZero();
        assertThat(out.windowUntouched()).isTrue();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Whole captures
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldDecodeEveryCapturedSpotLineWithIdsAndLevelCountsAsInTheText()
    {
        final int[] kinds = decodeCapture(spot, SPOT_FRAMES);

        assertThat(kinds).containsExactly(150, 74, 2);
    }

    @Test
    void shouldDecodeEveryCapturedUsdmLineWithIdsAndLevelCountsAsInTheText()
    {
        final int[] kinds = decodeCapture(usdm, USDM_FRAMES);

        assertThat(kinds).containsExactly(255, 305, 62);
    }

    private static final Pattern FIRST_ID = Pattern.compile("\"U\":(\\d+)");
    private static final Pattern LAST_ID = Pattern.compile("\"u\":(\\d+)");
    private static final Pattern LEVEL = Pattern.compile("\\[\"[0-9.]+\",\"[0-9.]+\"]");

    /** Decode every line and check it against its own text; returns {diffs, tickers, ignored}. */
    private static int[] decodeCapture(final BinanceStreamDecoder decoder, final java.nio.file.Path path)
    {
        final int[] kinds = new int[3];
        for (final String line : lines(path))
        {
            final OutWindow out = OutWindow.forLevels(200);
            final int result = decode(decoder, line, out);
            assertThat(result).as(line).isGreaterThanOrEqualTo(0);
            if (result == 0)
            {
                kinds[2]++;
                continue;
            }
            final BookEvent event = out.event();
            assertThat(event.lastUpdateId()).as(line).isEqualTo(Long.parseLong(group(LAST_ID, line)));
            if (event.type() == BookEvent.TYPE_DIFF)
            {
                kinds[0]++;
                assertThat(event.firstUpdateId()).as(line).isEqualTo(Long.parseLong(group(FIRST_ID, line)));
                final String data = dataOf(line);
                final int asksAt = data.indexOf("\"a\":");
                assertThat(event.bidCount()).as(line).isEqualTo(count(LEVEL, data.substring(0, asksAt)));
                assertThat(event.askCount()).as(line).isEqualTo(count(LEVEL, data.substring(asksAt)));
                assertThat(result).isEqualTo(BookEvent.lengthFor(event.bidCount() + event.askCount()));
            }
            else
            {
                kinds[1]++;
                assertThat(event.type()).isEqualTo(BookEvent.TYPE_TOP_OF_BOOK);
                assertThat(event.firstUpdateId()).isEqualTo(event.lastUpdateId());
                assertThat(result).isEqualTo(BookEvent.lengthFor(2));
            }
        }
        return kinds;
    }

    private static String group(final Pattern pattern, final String text)
    {
        final Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(pattern + " in " + text).isTrue();
        return matcher.group(1);
    }

    private static int count(final Pattern pattern, final String text)
    {
        final Matcher matcher = pattern.matcher(text);
        int n = 0;
        while (matcher.find())
        {
            n++;
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Invalid frames: one table, every reason
    // ---------------------------------------------------------------------------------------------------------------

    /** An invalid frame, the reason it must be rejected with, and the instrument known at that point. */
    record Reject(Venue venue, String frame, DecodeReason reason, Instrument instrument, int outCapacity)
    {
        Reject withRoomFor(final int levels)
        {
            return new Reject(venue, frame, reason, instrument, BookEvent.lengthFor(levels));
        }
    }

    private static Arguments spotReject(
        final String description, final String frame, final DecodeReason reason, final Instrument instrument)
    {
        return row(description, new Reject(Venue.BINANCE_SPOT, frame, reason, instrument, BookEvent.lengthFor(64)));
    }

    private static Arguments usdmReject(
        final String description, final String frame, final DecodeReason reason, final Instrument instrument)
    {
        return row(description, new Reject(Venue.BINANCE_USDM, frame, reason, instrument, BookEvent.lengthFor(64)));
    }

    private static Arguments row(final String description, final Reject reject)
    {
        return Arguments.of(Named.of(reject.reason() + ": " + description, reject));
    }

    static Stream<Arguments> invalidFrames()
    {
        final String deep = "[".repeat(40) + "]".repeat(40);
        final String enveloped = "{\"stream\":\"nknusdt@depth@100ms\",\"data\":" + SPOT_DIFF + "}";
        final Instrument n = NKNUSDT;
        final Instrument s = SUSHIUSDT;
        return Stream.of(
            // TRUNCATED
            spotReject("frame cut inside a level", json("{'e':'depthUpdate','E':1,'s':'NKNUSDT','U':100,'u':105," +
                "'b':[['0.3517"), DecodeReason.TRUNCATED, n),
            spotReject("frame cut inside the symbol", json("{'e':'depthUpdate','E':1,'s':'NKN"),
                DecodeReason.TRUNCATED, null),
            spotReject("frame cut inside a number", json("{'e':'depthUpdate','s':'NKNUSDT','U':10"),
                DecodeReason.TRUNCATED, n),
            spotReject("frame cut after a comma", json("{'e':'depthUpdate','E':1,'s':'NKNUSDT',"),
                DecodeReason.TRUNCATED, n),
            spotReject("envelope without its closing brace", enveloped.substring(0, enveloped.length() - 1),
                DecodeReason.TRUNCATED, n),
            spotReject("empty frame", "", DecodeReason.TRUNCATED, null),
            spotReject("only whitespace", "  \n ", DecodeReason.TRUNCATED, null),
            // MALFORMED_JSON
            spotReject("missing colon", json("{'e':'depthUpdate','E' 1,'s':'NKNUSDT','U':100,'u':105,'b':[],'a':[]}"),
                DecodeReason.MALFORMED_JSON, null),
            spotReject("trailing garbage after the object", SPOT_DIFF + "x", DecodeReason.MALFORMED_JSON, n),
            spotReject("a second object after the first", SPOT_DIFF + "{}", DecodeReason.MALFORMED_JSON, n),
            spotReject("trailing garbage after the envelope", enveloped + "]", DecodeReason.MALFORMED_JSON, n),
            spotReject("mismatched brackets in a skipped value", json("{'e':'depthUpdate','s':'NKNUSDT'," +
                "'x':[1,{'y':2]],'U':100,'u':105,'b':[],'a':[]}"), DecodeReason.MALFORMED_JSON, n),
            spotReject("mismatched brackets in a skipped value before the symbol", json("{'x':{'y':[1}}," +
                "'s':'NKNUSDT','U':100,'u':105,'b':[],'a':[]}"), DecodeReason.MALFORMED_JSON, null),
            spotReject("missing comma between members", json("{'e':'depthUpdate' 's':'NKNUSDT'}"),
                DecodeReason.MALFORMED_JSON, null),
            spotReject("missing comma inside a level", json("{'s':'NKNUSDT','U':1,'u':2,'b':[['0.1' '1']],'a':[]}"),
                DecodeReason.MALFORMED_JSON, n),
            spotReject("missing comma between levels", json("{'s':'NKNUSDT','U':1,'u':2,'b':[['0.1','1']['0.2'," +
                "'1']],'a':[]}"), DecodeReason.MALFORMED_JSON, n),
            spotReject("trailing comma before the closing brace", json("{'s':'NKNUSDT','U':1,'u':2,'b':[],'a':[],}"),
                DecodeReason.MALFORMED_JSON, n),
            spotReject("frame is an array", "[1,2]", DecodeReason.MALFORMED_JSON, null),
            spotReject("control character inside a string", json("{'s':'NKN\u0001USDT','U':1}"),
                DecodeReason.MALFORMED_JSON, null),
            spotReject("misspelt literal in a skipped value", json("{'s':'NKNUSDT','x':nul,'U':1}"),
                DecodeReason.MALFORMED_JSON, n),
            // NESTING_TOO_DEEP
            spotReject("unknown field nested 40 deep before the symbol", json("{'x':" + deep + ",'s':'NKNUSDT'," +
                "'U':1,'u':2,'b':[],'a':[]}"), DecodeReason.NESTING_TOO_DEEP, null),
            spotReject("unknown field nested 40 deep after the symbol", json("{'s':'NKNUSDT','x':" + deep + "," +
                "'U':1,'u':2,'b':[],'a':[]}"), DecodeReason.NESTING_TOO_DEEP, n),
            // WRONG_TYPE
            spotReject("b is a number", json("{'e':'depthUpdate','s':'NKNUSDT','U':1,'u':2,'b':5,'a':[]}"),
                DecodeReason.WRONG_TYPE, n),
            spotReject("U is a string", json("{'e':'depthUpdate','s':'NKNUSDT','U':'1','u':2,'b':[],'a':[]}"),
                DecodeReason.WRONG_TYPE, n),
            spotReject("data is not an object (instrument from the stream name)",
                json("{'stream':'nknusdt@depth@100ms','data':[" + SPOT_DIFF + "]}"), DecodeReason.WRONG_TYPE, n),
            spotReject("envelope cut before the symbol (instrument from the stream name)",
                json("{'stream':'nknusdt@depth@100ms','data':{'e':'depthUpdate','E':16"), DecodeReason.TRUNCATED, n),
            spotReject("envelope naming an unknown stream, cut before the symbol",
                json("{'stream':'xyzusdt@depth@100ms','data':{'e':'depthUpdate','E':16"), DecodeReason.TRUNCATED, null),
            spotReject("s is a number", json("{'e':'depthUpdate','s':7,'U':1,'u':2,'b':[],'a':[]}"),
                DecodeReason.WRONG_TYPE, null),
            spotReject("b is a string in a depthUpdate", json("{'e':'depthUpdate','s':'NKNUSDT','U':1,'u':2," +
                "'b':'0.1','a':[]}"), DecodeReason.WRONG_TYPE, n),
            spotReject("price is a JSON number", json("{'e':'depthUpdate','s':'NKNUSDT','U':1,'u':2," +
                "'b':[[0.1,'1']],'a':[]}"), DecodeReason.WRONG_TYPE, n),
            spotReject("a is an array in a bookTicker", json("{'u':1,'s':'NKNUSDT','b':'0.1','B':'1','a':[],'A':'1'}"),
                DecodeReason.WRONG_TYPE, n),
            // MISSING_FIELD
            spotReject("diff without U", json("{'e':'depthUpdate','E':1,'s':'NKNUSDT','u':105,'b':[],'a':[]}"),
                DecodeReason.MISSING_FIELD, n),
            spotReject("diff without a", json("{'e':'depthUpdate','E':1,'s':'NKNUSDT','U':100,'u':105,'b':[]}"),
                DecodeReason.MISSING_FIELD, n),
            spotReject("diff without s", json("{'e':'depthUpdate','U':100,'u':105,'b':[['0.1','1']],'a':[]}"),
                DecodeReason.MISSING_FIELD, null),
            usdmReject("USD-M diff without pu", json("{'e':'depthUpdate','E':1,'T':1,'s':'SUSHIUSDT','U':100," +
                "'u':105,'b':[['7.6110','2']],'a':[]}"), DecodeReason.MISSING_FIELD, s),
            spotReject("bookTicker without A", json("{'u':1,'s':'NKNUSDT','b':'0.1','B':'1','a':'0.2'}"),
                DecodeReason.MISSING_FIELD, n),
            usdmReject("USD-M bookTicker without u", json("{'e':'bookTicker','s':'SUSHIUSDT','b':'7.6110','B':'2'," +
                "'a':'7.6120','A':'297','T':1,'E':2}"), DecodeReason.MISSING_FIELD, s),
            // DUPLICATE_FIELD
            spotReject("u twice", json("{'e':'depthUpdate','s':'NKNUSDT','U':100,'u':105,'u':105,'b':[],'a':[]}"),
                DecodeReason.DUPLICATE_FIELD, n),
            spotReject("b twice", json("{'e':'depthUpdate','s':'NKNUSDT','U':100,'u':105,'b':[],'b':[],'a':[]}"),
                DecodeReason.DUPLICATE_FIELD, n),
            spotReject("b twice before the symbol", json("{'b':[],'b':[],'e':'depthUpdate','s':'NKNUSDT'}"),
                DecodeReason.DUPLICATE_FIELD, null),
            spotReject("s twice", json("{'s':'NKNUSDT','s':'NKNUSDT','U':100,'u':105,'b':[],'a':[]}"),
                DecodeReason.DUPLICATE_FIELD, n),
            spotReject("e twice", json("{'e':'depthUpdate','e':'depthUpdate','s':'NKNUSDT'}"),
                DecodeReason.DUPLICATE_FIELD, null),
            spotReject("data twice", json("{'data':" + SPOT_DIFF + ",'data':{}}"), DecodeReason.DUPLICATE_FIELD, n),
            spotReject("B twice in a bookTicker", json("{'u':1,'s':'NKNUSDT','b':'0.1','B':'1','B':'1','a':'0.2'," +
                "'A':'1'}"), DecodeReason.DUPLICATE_FIELD, n),
            // UNKNOWN_INSTRUMENT
            spotReject("symbol not configured", SPOT_DIFF.replace("NKNUSDT", "BTCUSDT"),
                DecodeReason.UNKNOWN_INSTRUMENT, null),
            spotReject("symbol a prefix of a configured one", SPOT_DIFF.replace("NKNUSDT", "NKNUSD"),
                DecodeReason.UNKNOWN_INSTRUMENT, null),
            spotReject("symbol longer than a configured one", SPOT_DIFF.replace("NKNUSDT", "NKNUSDTX"),
                DecodeReason.UNKNOWN_INSTRUMENT, null),
            spotReject("symbol in lower case", SPOT_DIFF.replace("NKNUSDT", "nknusdt"),
                DecodeReason.UNKNOWN_INSTRUMENT, null),
            spotReject("USD-M symbol sent to the spot decoder", SPOT_DIFF.replace("NKNUSDT", "SUSHIUSDT"),
                DecodeReason.UNKNOWN_INSTRUMENT, null),
            // BAD_NUMBER
            spotReject("U is 1.5", SPOT_DIFF.replace("\"U\":100", "\"U\":1.5"), DecodeReason.BAD_NUMBER, n),
            spotReject("E has an exponent", SPOT_DIFF.replace("\"E\":1633998512568", "\"E\":1e3"),
                DecodeReason.BAD_NUMBER, null),
            spotReject("U is a bare minus", SPOT_DIFF.replace("\"U\":100", "\"U\":-"), DecodeReason.BAD_NUMBER, n),
            spotReject("price abc", SPOT_DIFF.replace("0.35170000", "abc"), DecodeReason.BAD_NUMBER, n),
            spotReject("empty quantity", SPOT_DIFF.replace("10968.00000000", ""), DecodeReason.BAD_NUMBER, n),
            spotReject("price with two points", SPOT_DIFF.replace("0.35170000", "0.35.17"), DecodeReason.BAD_NUMBER, n),
            spotReject("bookTicker price abc", json("{'u':1,'s':'NKNUSDT','b':'abc','B':'1','a':'0.2','A':'1'}"),
                DecodeReason.BAD_NUMBER, n),
            // NEGATIVE_NUMBER
            spotReject("quantity -1", SPOT_DIFF.replace("4265.00000000", "-1"), DecodeReason.NEGATIVE_NUMBER, n),
            spotReject("price -0.1", SPOT_DIFF.replace("0.35290000", "-0.1"), DecodeReason.NEGATIVE_NUMBER, n),
            spotReject("bookTicker quantity -1", json("{'u':1,'s':'NKNUSDT','b':'0.1','B':'-1','a':'0.2','A':'1'}"),
                DecodeReason.NEGATIVE_NUMBER, n),
            // TOO_PRECISE
            spotReject("price with 9 decimals at scale 8", SPOT_DIFF.replace("0.35170000", "0.351700001"),
                DecodeReason.TOO_PRECISE, n),
            usdmReject("USD-M price with 5 decimals at scale 4", json("{'e':'depthUpdate','s':'SUSHIUSDT','U':1," +
                "'u':2,'pu':0,'b':[],'a':[['7.61201','1']]}"), DecodeReason.TOO_PRECISE, s),
            usdmReject("USD-M fractional quantity at scale 0", json("{'e':'depthUpdate','s':'SUSHIUSDT','U':1," +
                "'u':2,'pu':0,'b':[['7.6110','1.5']],'a':[]}"), DecodeReason.TOO_PRECISE, s),
            // NUMBER_OVERFLOW
            spotReject("quantity 99999999999999999999", SPOT_DIFF.replace("4265.00000000", "99999999999999999999"),
                DecodeReason.NUMBER_OVERFLOW, n),
            spotReject("u 99999999999999999999", SPOT_DIFF.replace("\"u\":105", "\"u\":99999999999999999999"),
                DecodeReason.NUMBER_OVERFLOW, n),
            spotReject("U one beyond Long.MAX_VALUE", SPOT_DIFF.replace("\"U\":100", "\"U\":9223372036854775808"),
                DecodeReason.NUMBER_OVERFLOW, n),
            // ZERO_PRICE
            spotReject("bid at price 0", SPOT_DIFF.replace("0.35170000", "0"), DecodeReason.ZERO_PRICE, n),
            spotReject("ask at price 0.00000000", SPOT_DIFF.replace("0.35290000", "0.00000000"),
                DecodeReason.ZERO_PRICE, n),
            // TOO_MANY_LEVELS
            row("3 levels with room for 2", new Reject(Venue.BINANCE_SPOT, json("{'e':'depthUpdate','s':'NKNUSDT'," +
                "'U':1,'u':2,'b':[['0.3','1'],['0.2','1']],'a':[['0.4','1']]}"), DecodeReason.TOO_MANY_LEVELS, n, 0)
                .withRoomFor(2)),
            row("3 levels before the symbol with room for 2", new Reject(Venue.BINANCE_SPOT, json("{'b':[['0.3','1']," +
                "['0.2','1']],'a':[['0.4','1']],'U':1,'u':2,'s':'NKNUSDT'}"), DecodeReason.TOO_MANY_LEVELS, n, 0)
                .withRoomFor(2)),
            row("bookTicker with room for 1 level", new Reject(Venue.BINANCE_SPOT, json("{'u':1,'s':'NKNUSDT'," +
                "'b':'0.1','B':'1','a':'0.2','A':'1'}"), DecodeReason.TOO_MANY_LEVELS, n, 0).withRoomFor(1)),
            // BAD_SEQUENCE
            spotReject("u before U", SPOT_DIFF.replace("\"u\":105", "\"u\":99"), DecodeReason.BAD_SEQUENCE, n),
            spotReject("negative U", SPOT_DIFF.replace("\"U\":100", "\"U\":-1"), DecodeReason.BAD_SEQUENCE, n),
            // FRAME_TOO_LARGE
            spotReject("frame one byte over the limit", SPOT_DIFF + " ".repeat(MAX_FRAME + 1 - SPOT_DIFF.length()),
                DecodeReason.FRAME_TOO_LARGE, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFrames")
    void shouldRejectInvalidFrameWithExactReasonAndKnownInstrument(final Reject reject)
    {
        final BinanceStreamDecoder decoder = reject.venue() == Venue.BINANCE_SPOT ? spot : usdm;
        final OutWindow out = new OutWindow(13, reject.outCapacity());

        final int result = decode(decoder, reject.frame(), out);

        assertThat(result).isNegative();
        assertThat(DecodeReason.fromResult(result)).isEqualTo(reject.reason());
        assertThat(decoder.lastInstrument()).isEqualTo(reject.instrument());
        assertThat(out.firstWriteOutside()).as("first byte written outside the window").isEqualTo(-1);
    }

    @Test
    void tableShouldHoldAnInvalidFrameForEveryReasonTheStreamDecoderCanGive()
    {
        final Set<DecodeReason> covered = invalidFrames()
            .map(arguments -> ((Reject)((Named<?>)arguments.get()[0]).getPayload()).reason())
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(DecodeReason.class)));

        // Not Binance's: venue error objects, OKX text checksums, other venues' message types and connection sequence.
        assertThat(covered).isEqualTo(EnumSet.complementOf(EnumSet.of(DecodeReason.VENUE_ERROR,
            DecodeReason.NON_CANONICAL_NUMBER, DecodeReason.UNKNOWN_MESSAGE_TYPE, DecodeReason.CONNECTION_GAP)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Output window and decoder reuse
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldNeverWriteOutsideTheWindowWhenLevelsOverflowIt()
    {
        final StringBuilder frame = new StringBuilder(json("{'s':'NKNUSDT','U':1,'u':2,'b':["));
        for (int i = 1; i <= 20; i++)
        {
            frame.append(i == 1 ? "" : ",").append(json("['" + i + "','" + i + "']"));
        }
        frame.append(json("],'a':[]}"));

        for (int levels = 0; levels < 20; levels++)
        {
            for (int slack = 0; slack < BookEvent.LEVEL_LENGTH; slack++)
            {
                final OutWindow out = new OutWindow(5 + slack, BookEvent.lengthFor(levels) + slack);
                final int result = decode(spot, frame.toString(), out);
                assertThat(DecodeReason.fromResult(result)).isEqualTo(DecodeReason.TOO_MANY_LEVELS);
                assertThat(out.firstWriteOutside()).as("room for %d levels + %d", levels, slack).isEqualTo(-1);
            }
        }
    }

    @Test
    void shouldNeverWriteOutsideAWindowTooSmallForTheEventHeader()
    {
        final String oneLevel = json("{'s':'NKNUSDT','U':1,'u':2,'b':[['0.1','1']],'a':[]}");
        final String noLevels = json("{'s':'NKNUSDT','U':1,'u':2,'b':[],'a':[]}");
        final List<String> violations = new ArrayList<>();

        for (int outCapacity = 0; outCapacity < BookEvent.HEADER_LENGTH; outCapacity++)
        {
            for (final String frame : List.of(oneLevel, noLevels))
            {
                final OutWindow out = new OutWindow(16, outCapacity);
                final int result = decode(spot, frame, out);
                if (result >= 0 || out.firstWriteOutside() >= 0)
                {
                    violations.add("outCapacity " + outCapacity + " " + frame + ": result " + result +
                        ", first byte written outside the window at " + out.firstWriteOutside());
                }
            }
        }

        assertThat(violations).as("decodes that wrote outside the window or claimed to fit").isEmpty();
    }

    @Test
    void shouldDecodeNormallyAfterARejectedFrame()
    {
        final String good = line(SPOT_FRAMES, "\"U\":499869753,");
        final OutWindow expected = OutWindow.forLevels(2);
        decode(spot, good, expected);
        final OutWindow bad = OutWindow.forLevels(4);
        assertThat(decode(spot, json("{'b':[['0.1','1']],'a':[['0.2','1']],'B':'3','U':9,'u':8}"), bad)).isNegative();

        final OutWindow out = OutWindow.forLevels(2);
        final int result = decode(spot, good, out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2));
        assertThat(Decoded.of(out.event())).isEqualTo(Decoded.of(expected.event()));
        assertThat(out.event().flags()).isZero();
    }

    @Test
    void shouldForgetTheInstrumentOfThePreviousFrame()
    {
        decode(spot, SPOT_DIFF, OutWindow.forLevels(2));
        assertThat(spot.lastInstrument()).isSameAs(NKNUSDT);

        decode(spot, json("{'e':'depthUpdate','U':x}"), OutWindow.forLevels(2));

        assertThat(spot.lastInstrument()).isNull();
    }

    @Test
    void shouldRefuseAVenueThatIsNotBinance()
    {
        assertThatThrownBy(() -> new BinanceStreamDecoder(null, symbols(NKNUSDT), MAX_FRAME))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static int decode(final BinanceStreamDecoder decoder, final String text, final OutWindow out)
    {
        final Framed framed = frame(text);
        return decoder.decode(framed.buffer(), framed.offset(), framed.length(), out.buffer(), out.offset(),
            out.capacity(), INGRESS_NS);
    }
}
