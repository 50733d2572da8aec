package dev.feedhandler.feeder.binance;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.TestFrames.Decoded;
import dev.feedhandler.feeder.TestFrames.Framed;
import dev.feedhandler.feeder.TestFrames.Level;
import dev.feedhandler.feeder.TestFrames.OutWindow;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.feedhandler.feeder.TestFrames.NKNUSDT;
import static dev.feedhandler.feeder.TestFrames.SPOT_SNAPSHOT;
import static dev.feedhandler.feeder.TestFrames.SUSHIUSDT;
import static dev.feedhandler.feeder.TestFrames.USDM_SNAPSHOT;
import static dev.feedhandler.feeder.TestFrames.asks;
import static dev.feedhandler.feeder.TestFrames.bids;
import static dev.feedhandler.feeder.TestFrames.bytes;
import static dev.feedhandler.feeder.TestFrames.frame;
import static dev.feedhandler.feeder.TestFrames.json;
import static dev.feedhandler.feeder.TestFrames.level;
import static dev.feedhandler.feeder.TestFrames.read;
import static dev.feedhandler.feeder.TestFrames.spaced;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BinanceSnapshotDecoder} on the real REST depth snapshots, on a venue error body, and on one invalid body per
 * rejection reason.
 */
class BinanceSnapshotDecoderTest
{
    private static final int MAX_BODY = 64 * 1024;
    private static final long INGRESS_NS = 42_000_000_007L;
    private static final Pattern LEVEL = Pattern.compile("\\[\"([0-9.]+)\",\"([0-9.]+)\"]");

    private final BinanceSnapshotDecoder decoder = new BinanceSnapshotDecoder(MAX_BODY);

    @Test
    void shouldDecodeSpotSnapshotFromCaptureWithEveryLevel()
    {
        final String body = new String(read(SPOT_SNAPSHOT), StandardCharsets.UTF_8);
        final OutWindow out = OutWindow.forLevels(1609);

        final int result = decode(body, NKNUSDT, out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(1609));
        final BookEvent event = out.event();
        assertThat(event.type()).isEqualTo(BookEvent.TYPE_SNAPSHOT);
        assertThat(event.instrumentId()).isEqualTo(NKNUSDT.id());
        assertThat(event.firstUpdateId()).isEqualTo(499869752L);
        assertThat(event.lastUpdateId()).isEqualTo(499869752L);
        assertThat(event.prevUpdateId()).isEqualTo(BookEvent.NULL_ID);
        assertThat(event.exchangeTimeMs()).isEqualTo(BookEvent.NULL_TIME);
        assertThat(event.transactTimeMs()).isEqualTo(BookEvent.NULL_TIME);
        assertThat(event.ingressTimeNs()).isEqualTo(INGRESS_NS);
        assertThat(event.bidCount()).isEqualTo(609).isEqualTo(levelsInFile(body, "bids", NKNUSDT).size());
        assertThat(event.askCount()).isEqualTo(1000).isEqualTo(levelsInFile(body, "asks", NKNUSDT).size());
        assertThat(event.bidPrice(0)).isEqualTo(35_210_000L);
        assertThat(event.bidQuantity(0)).isEqualTo(67_200_000_000L);
        assertThat(event.bidPrice(608)).isEqualTo(212_000L);
        assertThat(event.bidQuantity(608)).isEqualTo(11_792_450_000_000L);
        assertThat(event.askPrice(0)).isEqualTo(35_250_000L);
        assertThat(event.askQuantity(0)).isEqualTo(395_900_000_000L);
        assertThat(event.askPrice(999)).isEqualTo(55_060_000L);
        assertThat(event.askQuantity(999)).isEqualTo(1_441_800_000_000L);
        assertThat(bids(event)).isEqualTo(levelsInFile(body, "bids", NKNUSDT));
        assertThat(asks(event)).isEqualTo(levelsInFile(body, "asks", NKNUSDT));
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldDecodeUsdmSnapshotFromCaptureWithTimesAndEveryLevel()
    {
        final String body = new String(read(USDM_SNAPSHOT), StandardCharsets.UTF_8);
        final OutWindow out = OutWindow.forLevels(2000);

        final int result = decode(body, SUSHIUSDT, out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2000));
        final BookEvent event = out.event();
        assertThat(event.type()).isEqualTo(BookEvent.TYPE_SNAPSHOT);
        assertThat(event.instrumentId()).isEqualTo(SUSHIUSDT.id());
        assertThat(event.firstUpdateId()).isEqualTo(600859605926L);
        assertThat(event.lastUpdateId()).isEqualTo(600859605926L);
        assertThat(event.exchangeTimeMs()).isEqualTo(1626992741264L);
        assertThat(event.transactTimeMs()).isEqualTo(1626992741261L);
        assertThat(event.bidCount()).isEqualTo(1000).isEqualTo(levelsInFile(body, "bids", SUSHIUSDT).size());
        assertThat(event.askCount()).isEqualTo(1000).isEqualTo(levelsInFile(body, "asks", SUSHIUSDT).size());
        assertThat(bids(event).get(0)).isEqualTo(level(76_110L, 6L));
        assertThat(bids(event).get(999)).isEqualTo(level(63_470L, 72L));
        assertThat(asks(event).get(0)).isEqualTo(level(76_120L, 297L));
        assertThat(asks(event).get(999)).isEqualTo(level(91_220L, 2L));
        assertThat(bids(event)).isEqualTo(levelsInFile(body, "bids", SUSHIUSDT));
        assertThat(asks(event)).isEqualTo(levelsInFile(body, "asks", SUSHIUSDT));
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldDecodeSnapshotWithWhitespaceEverywhereToTheSameEvent()
    {
        final String body = new String(read(USDM_SNAPSHOT), StandardCharsets.UTF_8);
        final OutWindow expected = OutWindow.forLevels(2000);
        final OutWindow out = OutWindow.forLevels(2000);
        decode(body, SUSHIUSDT, expected);
        final BinanceSnapshotDecoder large = new BinanceSnapshotDecoder(1 << 20);
        final Framed framed = frame(spaced(body));

        final int result = large.decode(framed.buffer(), framed.offset(), framed.length(), SUSHIUSDT,
            out.buffer(), out.offset(), out.capacity(), INGRESS_NS);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2000));
        assertThat(Decoded.of(out.event())).isEqualTo(Decoded.of(expected.event()));
    }

    @Test
    void shouldDecodeSnapshotWithFieldsInAnyOrderAndUnknownFieldsSkipped()
    {
        final OutWindow out = OutWindow.forLevels(3);

        final int result = decode(json("{'asks':[['7.6120','297']],'x':{'lastUpdateId':1},'T':5,'bids':[['7.6110'," +
            "'6'],['7.6080','161']],'rateLimits':[],'E':6,'lastUpdateId':12}"), SUSHIUSDT, out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(3));
        assertThat(Decoded.of(out.event())).isEqualTo(new Decoded(BookEvent.TYPE_SNAPSHOT, SUSHIUSDT.id(),
            12L, 12L, BookEvent.NULL_ID, 6L, 5L, INGRESS_NS,
            List.of(level(76_110L, 6L), level(76_080L, 161L)),
            List.of(level(76_120L, 297L))));
        assertThat(out.event().flags()).isEqualTo(BookEvent.FLAG_ASKS_FIRST);
    }

    @Test
    void shouldDecodeEmptyBookAsSnapshotWithNoLevels()
    {
        final OutWindow out = OutWindow.forLevels(0);

        final int result = decode(json("{'lastUpdateId':0,'bids':[],'asks':[]}"), NKNUSDT, out);

        assertThat(result).isEqualTo(BookEvent.HEADER_LENGTH);
        assertThat(out.event().bidCount()).isZero();
        assertThat(out.event().askCount()).isZero();
        assertThat(out.event().lastUpdateId()).isZero();
    }

    @Test
    void shouldAcceptBodyOfExactlyMaxLength()
    {
        final byte[] body = read(SPOT_SNAPSHOT);
        final BinanceSnapshotDecoder exact = new BinanceSnapshotDecoder(body.length);
        final Framed framed = frame(body, 11);
        final OutWindow out = OutWindow.forLevels(1609);

        final int result = exact.decode(framed.buffer(), framed.offset(), framed.length(), NKNUSDT,
            out.buffer(), out.offset(), out.capacity(), INGRESS_NS);

        assertThat(result).isEqualTo(BookEvent.lengthFor(1609));
    }

    @Test
    void shouldRejectBodyOneByteOverMaxLengthUnread()
    {
        final byte[] body = read(SPOT_SNAPSHOT);
        final BinanceSnapshotDecoder small = new BinanceSnapshotDecoder(body.length - 1);
        final Framed framed = frame(body, 11);
        final OutWindow out = OutWindow.forLevels(1609);

        final int result = small.decode(framed.buffer(), framed.offset(), framed.length(), NKNUSDT,
            out.buffer(), out.offset(), out.capacity(), INGRESS_NS);

        assertThat(DecodeReason.fromResult(result)).isEqualTo(DecodeReason.FRAME_TOO_LARGE);
        assertThat(out.windowUntouched()).isTrue();
    }

    @Test
    void shouldRejectCapturedSnapshotWithRoomForOneLevelLessAsTooManyLevels()
    {
        final String body = new String(read(SPOT_SNAPSHOT), StandardCharsets.UTF_8);
        final OutWindow out = new OutWindow(9, BookEvent.lengthFor(1609) - 1);

        final int result = decode(body, NKNUSDT, out);

        assertThat(DecodeReason.fromResult(result)).isEqualTo(DecodeReason.TOO_MANY_LEVELS);
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldReportVenueErrorBody()
    {
        final OutWindow out = OutWindow.forLevels(4);

        final int result = decode("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", NKNUSDT, out);

        assertThat(DecodeReason.fromResult(result)).isEqualTo(DecodeReason.VENUE_ERROR);
        assertThat(out.windowUntouched()).isTrue();
    }

    static Stream<Arguments> invalidBodies()
    {
        final String spot = new String(read(SPOT_SNAPSHOT), StandardCharsets.UTF_8);
        return Stream.of(
            row("rate-limit error body", json("{'code':-1003,'msg':'Too many requests; current limit is 6000.'}"),
                DecodeReason.VENUE_ERROR, 8),
            row("error body with only msg", json("{'msg':'Service unavailable'}"), DecodeReason.VENUE_ERROR, 8),
            row("no lastUpdateId", json("{'bids':[['0.1','1']],'asks':[]}"), DecodeReason.MISSING_FIELD, 8),
            row("no asks", json("{'lastUpdateId':5,'bids':[['0.1','1']]}"), DecodeReason.MISSING_FIELD, 8),
            row("no bids", json("{'lastUpdateId':5,'asks':[]}"), DecodeReason.MISSING_FIELD, 8),
            row("empty object", "{}", DecodeReason.MISSING_FIELD, 8),
            row("lastUpdateId twice", json("{'lastUpdateId':5,'lastUpdateId':5,'bids':[],'asks':[]}"),
                DecodeReason.DUPLICATE_FIELD, 8),
            row("bids twice", json("{'lastUpdateId':5,'bids':[],'bids':[],'asks':[]}"),
                DecodeReason.DUPLICATE_FIELD, 8),
            row("asks twice", json("{'lastUpdateId':5,'bids':[],'asks':[],'asks':[]}"),
                DecodeReason.DUPLICATE_FIELD, 8),
            row("E twice", json("{'E':1,'E':1,'lastUpdateId':5,'bids':[],'asks':[]}"), DecodeReason.DUPLICATE_FIELD, 8),
            row("3 levels with room for 2", json("{'lastUpdateId':5,'bids':[['0.2','1'],['0.1','1']]," +
                "'asks':[['0.3','1']]}"), DecodeReason.TOO_MANY_LEVELS, 2),
            row("1 level with room for none", json("{'lastUpdateId':5,'bids':[],'asks':[['0.3','1']]}"),
                DecodeReason.TOO_MANY_LEVELS, 0),
            row("negative lastUpdateId", json("{'lastUpdateId':-1,'bids':[],'asks':[]}"), DecodeReason.BAD_SEQUENCE, 8),
            row("lastUpdateId beyond a long", json("{'lastUpdateId':9223372036854775808,'bids':[],'asks':[]}"),
                DecodeReason.NUMBER_OVERFLOW, 8),
            row("lastUpdateId as a string", json("{'lastUpdateId':'5','bids':[],'asks':[]}"),
                DecodeReason.WRONG_TYPE, 8),
            row("bids as a string", json("{'lastUpdateId':5,'bids':'none','asks':[]}"), DecodeReason.WRONG_TYPE, 8),
            row("lastUpdateId with a fraction", json("{'lastUpdateId':5.0,'bids':[],'asks':[]}"),
                DecodeReason.BAD_NUMBER, 8),
            row("price at scale 9", json("{'lastUpdateId':5,'bids':[['0.352100001','1']],'asks':[]}"),
                DecodeReason.TOO_PRECISE, 8),
            row("negative quantity", json("{'lastUpdateId':5,'bids':[['0.1','-1']],'asks':[]}"),
                DecodeReason.NEGATIVE_NUMBER, 8),
            row("price zero", json("{'lastUpdateId':5,'bids':[],'asks':[['0','1']]}"), DecodeReason.ZERO_PRICE, 8),
            row("captured body cut in the middle", spot.substring(0, spot.length() / 2), DecodeReason.TRUNCATED, 2000),
            row("captured body with trailing garbage", spot + ",", DecodeReason.MALFORMED_JSON, 2000),
            row("unknown field nested 40 deep", json("{'lastUpdateId':5,'x':" + "[".repeat(40) + "]".repeat(40) +
                ",'bids':[],'asks':[]}"), DecodeReason.NESTING_TOO_DEEP, 8));
    }

    private static Arguments row(final String description, final String body, final DecodeReason reason, final int room)
    {
        return Arguments.of(Named.of(reason + ": " + description, body), reason, room);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void shouldRejectInvalidBodyWithExactReasonAndNoWriteOutsideTheWindow(
        final String body, final DecodeReason reason, final int roomForLevels)
    {
        final OutWindow out = new OutWindow(19, BookEvent.lengthFor(roomForLevels));

        final int result = decode(body, NKNUSDT, out);

        assertThat(result).isNegative();
        assertThat(DecodeReason.fromResult(result)).isEqualTo(reason);
        assertThat(out.firstWriteOutside()).as("first byte written outside the window").isEqualTo(-1);
    }

    @Test
    void shouldDecodeNormallyAfterARejectedBody()
    {
        final OutWindow out = OutWindow.forLevels(1);
        assertThat(decode(json("{'lastUpdateId':5,'E':1,'T':2,'bids':[['0.1','-1']]"), NKNUSDT, out)).isNegative();

        final int result = decode(json("{'lastUpdateId':6,'bids':[],'asks':[['0.2','3']]}"), NKNUSDT, out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(1));
        assertThat(Decoded.of(out.event())).isEqualTo(new Decoded(BookEvent.TYPE_SNAPSHOT, NKNUSDT.id(),
            6L, 6L, BookEvent.NULL_ID, BookEvent.NULL_TIME, BookEvent.NULL_TIME, INGRESS_NS,
            List.of(), List.of(level(20_000_000L, 300_000_000L))));
    }

    @Test
    void shouldNeverWriteOutsideAWindowTooSmallForTheEventHeader()
    {
        final String body = json("{'lastUpdateId':5,'bids':[],'asks':[]}");
        final List<String> violations = new ArrayList<>();

        for (int outCapacity = 0; outCapacity < BookEvent.HEADER_LENGTH; outCapacity++)
        {
            final OutWindow out = new OutWindow(16, outCapacity);
            final int result = decode(body, NKNUSDT, out);
            if (result >= 0 || out.firstWriteOutside() >= 0)
            {
                violations.add("outCapacity " + outCapacity + ": result " + result +
                    ", first byte written outside the window at " + out.firstWriteOutside());
            }
        }

        assertThat(violations).as("decodes that wrote outside the window or claimed to fit").isEmpty();
    }

    /** The levels of one side as written in the file, converted to mantissas independently of the decoder. */
    private static List<Level> levelsInFile(final String body, final String side, final Instrument instrument)
    {
        final int start = body.indexOf("\"" + side + "\":[");
        final int end = body.indexOf("]]", start) + 2;
        final Matcher matcher = LEVEL.matcher(body.substring(start, end));
        final List<Level> levels = new ArrayList<>();
        while (matcher.find())
        {
            levels.add(level(
                new BigDecimal(matcher.group(1)).movePointRight(instrument.priceScale()).longValueExact(),
                new BigDecimal(matcher.group(2)).movePointRight(instrument.qtyScale()).longValueExact()));
        }
        return levels;
    }

    private int decode(final String body, final Instrument instrument, final OutWindow out)
    {
        final Framed framed = frame(bytes(body), 29);
        return decoder.decode(framed.buffer(), framed.offset(), framed.length(), instrument,
            out.buffer(), out.offset(), out.capacity(), INGRESS_NS);
    }
}
