package dev.feedhandler.feeder.venue.kraken;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.TestFrames;
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

import java.nio.file.Path;
import java.time.Instant;
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
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link KrakenFrameDecoder} makes of each kind of Kraken v2 frame: valid frames first (the real capture and the
 * docs' example wherever possible), then one table with an invalid frame for every rejection reason it can give.
 */
class KrakenFrameDecoderTest
{
    static final Path CAPTURE = TestFrames.FIXTURES.resolve("kraken/BTCUSD_book10_2023-07-30.jsonl");
    static final Path DOC_EXAMPLE =
        TestFrames.FIXTURES.resolve("kraken/v2_doc_example_BTCUSD_snapshot_checksum_3310070434.json");

    /** BTC/USD: pair_decimals 1, lot_decimals 8, book depth 10. */
    static final Instrument BTC_USD = new Instrument(4, Venue.KRAKEN, "BTC/USD", "BTC-USD", 1, 8, 10);
    /** ETH/USD: pair_decimals 2, lot_decimals 8. */
    static final Instrument ETH_USD = new Instrument(9, Venue.KRAKEN, "ETH/USD", "ETH-USD", 2, 8, 10);

    private static final int MAX_FRAME = 4096;
    private static final long INGRESS_NS = 987_654_321_000L;

    /** A valid update that the table's invalid frames are variations of. */
    private static final String UPDATE = json("{'channel':'book','type':'update','data':[{'symbol':'BTC/USD'," +
        "'bids':[{'price':29423.0,'qty':2.54902601}],'asks':[{'price':29431.1,'qty':0.0}],'checksum':434883881," +
        "'timestamp':'2023-07-30T15:30:01.581227Z'}]}");

    private final KrakenFrameDecoder decoder = new KrakenFrameDecoder(symbols(BTC_USD, ETH_USD), MAX_FRAME);

    // ---------------------------------------------------------------------------------------------------------------
    // Valid book messages
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldDecodeTheDocExampleSnapshotWithItsLevelsAndUnsignedChecksum()
    {
        final String text = lines(DOC_EXAMPLE).get(0);
        final OutWindow out = OutWindow.forLevels(20);

        final int result = decode(text, out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(20));
        final BookEvent event = out.event();
        assertThat(event.type()).isEqualTo(BookEvent.TYPE_SNAPSHOT);
        assertThat(event.instrumentId()).isEqualTo(BTC_USD.id());
        assertThat(event.checksum()).isEqualTo(3_310_070_434L);
        assertThat(event.firstUpdateId()).isEqualTo(BookEvent.NULL_ID);
        assertThat(event.lastUpdateId()).isEqualTo(BookEvent.NULL_ID);
        assertThat(event.prevUpdateId()).isEqualTo(BookEvent.NULL_ID);
        assertThat(event.exchangeTimeMs()).as("the snapshot has no timestamp").isEqualTo(BookEvent.NULL_TIME);
        assertThat(event.ingressTimeNs()).isEqualTo(INGRESS_NS);
        assertThat(event.flags()).isZero();
        assertThat(bids(event)).hasSize(10).startsWith(level(452_835L, 10_000_000L), level(452_834L, 154_582_015L));
        assertThat(asks(event)).hasSize(10).endsWith(level(452_995L, 18_772_827L));
        assertThat(decoder.lastInstrument()).isSameAs(BTC_USD);
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldDecodeAnUpdateWithLevelsInOrderAndZeroAsDeletion()
    {
        final OutWindow out = OutWindow.forLevels(2);

        final int result = decode(UPDATE, out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2));
        final BookEvent event = out.event();
        assertThat(event.type()).isEqualTo(BookEvent.TYPE_DIFF);
        assertThat(event.checksum()).isEqualTo(434_883_881L);
        assertThat(event.exchangeTimeMs()).isEqualTo(Instant.parse("2023-07-30T15:30:01.581Z").toEpochMilli());
        assertThat(bids(event)).containsExactly(level(294_230L, 254_902_601L));
        assertThat(asks(event)).containsExactly(level(294_311L, 0L));
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldKeepRepeatedPricesInTheOrderSent()
    {
        final OutWindow out = OutWindow.forLevels(3);

        decode(json("{'channel':'book','type':'update','data':[{'symbol':'BTC/USD','bids':[]," +
            "'asks':[{'price':29431.1,'qty':0.0},{'price':29433.3,'qty':0.8},{'price':29431.1,'qty':1.5}]," +
            "'checksum':1}]}"), out);

        assertThat(asks(out.event()))
            .containsExactly(level(294_311L, 0L), level(294_333L, 80_000_000L), level(294_311L, 150_000_000L));
    }

    @Test
    void shouldAcceptExponentFormsThatAreExactAtTheScale()
    {
        final OutWindow out = OutWindow.forLevels(3);

        final int result = decode(json("{'channel':'book','type':'update','data':[{'symbol':'BTC/USD'," +
            "'bids':[{'price':29423.0,'qty':0E-8},{'price':2.9E+4,'qty':1.5e-3}],'asks':[{'price':29431.1," +
            "'qty':0.00000000}],'checksum':4294967295}]}"), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(3));
        assertThat(bids(out.event())).containsExactly(level(294_230L, 0L), level(290_000L, 150_000L));
        assertThat(asks(out.event())).containsExactly(level(294_311L, 0L));
        assertThat(out.event().checksum()).isEqualTo(4_294_967_295L);
    }

    @Test
    void shouldWriteOneEventPerDataEntryBackToBack()
    {
        final int expectedLength = BookEvent.lengthFor(1) + BookEvent.lengthFor(2) + BookEvent.HEADER_LENGTH;
        final OutWindow out = new OutWindow(21, expectedLength);

        final int result = decode(json("{'channel':'book','type':'update','data':[" +
            "{'symbol':'BTC/USD','bids':[{'price':1.5,'qty':2}],'asks':[],'checksum':7}," +
            "{'symbol':'ETH/USD','bids':[],'asks':[{'price':1850.25,'qty':0.5},{'price':1850.3,'qty':0E-8}]," +
            "'checksum':8}," +
            "{'symbol':'BTC/USD','bids':[],'asks':[],'checksum':9}]}"), out);

        assertThat(result).isEqualTo(expectedLength);
        final List<BookEvent> events = events(out, result);
        assertThat(events).hasSize(3);
        assertThat(events.get(0).instrumentId()).isEqualTo(BTC_USD.id());
        assertThat(bids(events.get(0))).containsExactly(level(15L, 200_000_000L));
        assertThat(events.get(0).checksum()).isEqualTo(7L);
        assertThat(events.get(1).instrumentId()).isEqualTo(ETH_USD.id());
        assertThat(asks(events.get(1))).containsExactly(level(185_025L, 50_000_000L), level(185_030L, 0L));
        assertThat(events.get(1).flags()).isEqualTo(BookEvent.FLAG_ASKS_FIRST);
        assertThat(events.get(1).checksum()).isEqualTo(8L);
        assertThat(events.get(2).bidCount() + events.get(2).askCount()).isZero();
        assertThat(events.get(2).checksum()).isEqualTo(9L);
        assertThat(events).allMatch(e -> e.type() == BookEvent.TYPE_DIFF && e.ingressTimeNs() == INGRESS_NS);
        assertThat(decoder.lastInstrument()).isSameAs(BTC_USD);
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
    }

    @Test
    void shouldDecodeMembersInAnyOrderWithUnknownOnesSkipped()
    {
        final OutWindow expected = OutWindow.forLevels(2);
        final OutWindow out = OutWindow.forLevels(2);
        decode(UPDATE, expected);

        final int result = decode(json("{'x':{'channel':'status'},'data':[{'asks':[{'qty':0.0,'n':[1,{}]," +
            "'price':29431.1}],'extra':null,'bids':[{'price':29423.0,'qty':2.54902601}],'checksum':434883881," +
            "'symbol':'BTC/USD'}],'type':'update','channel':'book','ts':-1.5e3}"), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2));
        assertThat(bids(out.event())).isEqualTo(bids(expected.event()));
        assertThat(asks(out.event())).isEqualTo(asks(expected.event()));
        assertThat(out.event().checksum()).isEqualTo(434_883_881L);
        assertThat(out.event().type()).isEqualTo(BookEvent.TYPE_DIFF);
    }

    @Test
    void shouldAcceptWhitespaceBetweenEveryToken()
    {
        final OutWindow expected = OutWindow.forLevels(2);
        final OutWindow out = OutWindow.forLevels(2);
        decode(UPDATE, expected);

        final int result = decode(spaced(UPDATE), out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2));
        assertThat(bids(out.event())).isEqualTo(bids(expected.event()));
        assertThat(asks(out.event())).isEqualTo(asks(expected.event()));
    }

    @Test
    void shouldDecodeEveryCapturedLineWithLevelCountsAsInTheText()
    {
        int snapshots = 0;
        int updates = 0;
        for (final String line : lines(CAPTURE))
        {
            final OutWindow out = OutWindow.forLevels(64);
            final int result = decode(line, out);
            assertThat(result).as(line).isPositive();
            final BookEvent event = out.event();
            final int asksAt = line.indexOf("\"asks\"");
            assertThat(event.bidCount()).as(line).isEqualTo(count(line.substring(0, asksAt)));
            assertThat(event.askCount()).as(line).isEqualTo(count(line.substring(asksAt)));
            assertThat(result).isEqualTo(BookEvent.lengthFor(event.bidCount() + event.askCount()));
            snapshots += event.type() == BookEvent.TYPE_SNAPSHOT ? 1 : 0;
            updates += event.type() == BookEvent.TYPE_DIFF ? 1 : 0;
        }
        assertThat(snapshots).isEqualTo(1);
        assertThat(updates).isEqualTo(509);
    }

    private static int count(final String text)
    {
        return text.split("\"price\"", -1).length - 1;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Frames with nothing for the books
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> ignoredFrames()
    {
        return Stream.of(
            Arguments.of(Named.of("status with a connection_id beyond 2^53", json("{'channel':'status','data':[" +
                "{'api_version':'v2','connection_id':18446744073709551615999,'system':'online','version':'2.0.0'}]," +
                "'type':'update'}"))),
            Arguments.of(Named.of("heartbeat", "{\"channel\":\"heartbeat\"}")),
            Arguments.of(Named.of("subscribe ack", json("{'method':'subscribe','result':{'channel':'book'," +
                "'depth':10,'snapshot':true,'symbol':'BTC/USD'},'success':true,'time_in':'2023-07-30T15:29:58Z'," +
                "'time_out':'2023-07-30T15:29:58Z','req_id':1}"))),
            Arguments.of(Named.of("unsubscribe ack", json("{'method':'unsubscribe','result':{'channel':'book'," +
                "'depth':10,'symbol':'BTC/USD'},'success':true,'req_id':1000004}"))),
            Arguments.of(Named.of("pong", json("{'method':'pong','req_id':0,'time_in':'2023-07-30T15:29:58Z'," +
                "'time_out':'2023-07-30T15:29:58Z'}"))),
            Arguments.of(Named.of("another channel's data", json("{'channel':'ticker','type':'update','data':" +
                "[{'symbol':'XBT/EUR','bid':1e400}]}"))),
            Arguments.of(Named.of("book with empty data", json("{'channel':'book','type':'update','data':[]}"))),
            Arguments.of(Named.of("empty object", "{}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredFrames")
    void shouldIgnoreFramesThatCarryNoBookDataAndWriteNothing(final String frame)
    {
        final OutWindow out = OutWindow.forLevels(4);

        assertThat(decode(frame, out)).isZero();
        assertThat(out.windowUntouched()).isTrue();
        assertThat(out.firstWriteOutside()).isEqualTo(-1);
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

    private static String update(final String entry)
    {
        return json("{'channel':'book','type':'update','data':[" + entry + "]}");
    }

    static Stream<Arguments> invalidFrames()
    {
        final Instrument b = BTC_USD;
        final Instrument e = ETH_USD;
        final String deep = "[".repeat(40) + "]".repeat(40);
        return Stream.of(
            // TRUNCATED
            reject("cut inside a price", UPDATE.substring(0, UPDATE.indexOf("29423.0") + 3), DecodeReason.TRUNCATED, b),
            reject("cut after the last brace of an entry", UPDATE.substring(0, UPDATE.length() - 2),
                DecodeReason.TRUNCATED, b),
            reject("cut before the symbol", json("{'channel':'book','type':'update','data':[{'bids':[{'pri"),
                DecodeReason.TRUNCATED, null),
            reject("cut inside the channel", json("{'channel':'bo"), DecodeReason.TRUNCATED, null),
            reject("empty frame", "", DecodeReason.TRUNCATED, null),
            // MALFORMED_JSON
            reject("trailing garbage", UPDATE + "x", DecodeReason.MALFORMED_JSON, b),
            reject("missing colon", json("{'channel' 'book'}"), DecodeReason.MALFORMED_JSON, null),
            reject("price with a leading zero", UPDATE.replace("29423.0", "029423.0"), DecodeReason.MALFORMED_JSON, b),
            reject("price ending in a point", UPDATE.replace("29423.0", "29423."), DecodeReason.MALFORMED_JSON, b),
            reject("missing comma between levels", update("{'symbol':'BTC/USD','bids':[{'price':1,'qty':1}" +
                "{'price':2,'qty':1}],'checksum':1}"), DecodeReason.MALFORMED_JSON, b),
            reject("frame is an array", "[]", DecodeReason.MALFORMED_JSON, null),
            // NESTING_TOO_DEEP
            reject("unknown member nested 40 deep in an entry", update("{'symbol':'BTC/USD','x':" + deep +
                ",'checksum':1}"), DecodeReason.NESTING_TOO_DEEP, b),
            // WRONG_TYPE
            reject("price as a string", UPDATE.replace("29423.0", "\"29423.0\""), DecodeReason.WRONG_TYPE, b),
            reject("qty as true", UPDATE.replace("2.54902601", "true"), DecodeReason.WRONG_TYPE, b),
            reject("data is an object", json("{'channel':'book','type':'update','data':{}}"),
                DecodeReason.WRONG_TYPE, null),
            reject("data is an object before the type", json("{'channel':'book','data':{},'type':'update'}"),
                DecodeReason.WRONG_TYPE, null),
            reject("an entry is a number", update("1"), DecodeReason.WRONG_TYPE, null),
            reject("bids is an object", update("{'symbol':'BTC/USD','bids':{},'checksum':1}"),
                DecodeReason.WRONG_TYPE, b),
            reject("a level is an array", update("{'symbol':'BTC/USD','asks':[[1,1]],'checksum':1}"),
                DecodeReason.WRONG_TYPE, b),
            reject("symbol is a number", update("{'symbol':7,'checksum':1}"), DecodeReason.WRONG_TYPE, null),
            reject("checksum is a string", UPDATE.replace("434883881", "\"434883881\""), DecodeReason.WRONG_TYPE, b),
            reject("timestamp is a number", UPDATE.replace("\"2023-07-30T15:30:01.581227Z\"", "1690730998343"),
                DecodeReason.WRONG_TYPE, b),
            reject("success is a string", json("{'method':'subscribe','success':'yes'}"),
                DecodeReason.WRONG_TYPE, null),
            reject("channel is a number", "{\"channel\":1}", DecodeReason.WRONG_TYPE, null),
            // MISSING_FIELD
            reject("entry without a checksum", UPDATE.replace(",\"checksum\":434883881", ""),
                DecodeReason.MISSING_FIELD, b),
            reject("entry without a symbol", update("{'bids':[],'asks':[],'checksum':1}"),
                DecodeReason.MISSING_FIELD, null),
            reject("level without qty", UPDATE.replace(",\"qty\":2.54902601", ""), DecodeReason.MISSING_FIELD, b),
            reject("empty level", update("{'symbol':'BTC/USD','bids':[{}],'checksum':1}"),
                DecodeReason.MISSING_FIELD, b),
            reject("book message without a type", json("{'channel':'book','data':[]}"),
                DecodeReason.MISSING_FIELD, null),
            reject("book message without data", json("{'channel':'book','type':'snapshot'}"),
                DecodeReason.MISSING_FIELD, null),
            // DUPLICATE_FIELD
            reject("symbol twice", UPDATE.replace("\"BTC/USD\",", "\"BTC/USD\",\"symbol\":\"BTC/USD\","),
                DecodeReason.DUPLICATE_FIELD, b),
            reject("bids twice", update("{'symbol':'BTC/USD','bids':[],'bids':[],'checksum':1}"),
                DecodeReason.DUPLICATE_FIELD, b),
            reject("checksum twice", update("{'symbol':'BTC/USD','checksum':1,'checksum':1}"),
                DecodeReason.DUPLICATE_FIELD, b),
            reject("timestamp twice", update("{'symbol':'BTC/USD','timestamp':'x','timestamp':'y','checksum':1}"),
                DecodeReason.DUPLICATE_FIELD, b),
            reject("price twice in a level", UPDATE.replace("29423.0,", "29423.0,\"price\":1,"),
                DecodeReason.DUPLICATE_FIELD, b),
            reject("qty twice in a level", UPDATE.replace("\"qty\":0.0", "\"qty\":0.0,\"qty\":1"),
                DecodeReason.DUPLICATE_FIELD, b),
            reject("type twice", json("{'channel':'book','type':'update','type':'update','data':[]}"),
                DecodeReason.DUPLICATE_FIELD, null),
            reject("data twice", UPDATE.replace("{\"channel\"", "{\"data\":[],\"channel\""),
                DecodeReason.DUPLICATE_FIELD, null),
            reject("channel twice", json("{'channel':'book','channel':'book'}"), DecodeReason.DUPLICATE_FIELD, null),
            reject("success twice", json("{'method':'pong','success':true,'success':true}"),
                DecodeReason.DUPLICATE_FIELD, null),
            // UNKNOWN_INSTRUMENT
            reject("symbol not configured", UPDATE.replace("BTC/USD", "XBT/USD"), DecodeReason.UNKNOWN_INSTRUMENT,
                null),
            reject("symbol without the slash", UPDATE.replace("BTC/USD", "BTCUSD"), DecodeReason.UNKNOWN_INSTRUMENT,
                null),
            reject("second entry's symbol not configured", update("{'symbol':'ETH/USD','checksum':1}," +
                "{'symbol':'SOL/USD','checksum':1}"), DecodeReason.UNKNOWN_INSTRUMENT, null),
            // BAD_NUMBER
            reject("checksum with a fraction", UPDATE.replace("434883881", "434883881.5"), DecodeReason.BAD_NUMBER, b),
            reject("checksum with an exponent", UPDATE.replace("434883881", "4e8"), DecodeReason.BAD_NUMBER, b),
            // NEGATIVE_NUMBER
            reject("negative qty", UPDATE.replace("2.54902601", "-2.54902601"), DecodeReason.NEGATIVE_NUMBER, b),
            reject("negative price", UPDATE.replace("29431.1", "-29431.1"), DecodeReason.NEGATIVE_NUMBER, b),
            reject("negative checksum", UPDATE.replace("434883881", "-1"), DecodeReason.NEGATIVE_NUMBER, b),
            // TOO_PRECISE
            reject("price with 2 decimals at scale 1", UPDATE.replace("29423.0", "29423.05"),
                DecodeReason.TOO_PRECISE, b),
            reject("qty with 9 decimals at scale 8", UPDATE.replace("2.54902601", "2.549026011"),
                DecodeReason.TOO_PRECISE, b),
            reject("qty 1E-9 at scale 8", UPDATE.replace("2.54902601", "1E-9"), DecodeReason.TOO_PRECISE, b),
            reject("ETH price with 3 decimals at scale 2", update("{'symbol':'ETH/USD','bids':[{'price':1850.255," +
                "'qty':1}],'checksum':1}"), DecodeReason.TOO_PRECISE, e),
            // NUMBER_OVERFLOW
            reject("qty 1e30", UPDATE.replace("2.54902601", "1e30"), DecodeReason.NUMBER_OVERFLOW, b),
            reject("qty with 20 digits", UPDATE.replace("2.54902601", "99999999999999999999"),
                DecodeReason.NUMBER_OVERFLOW, b),
            reject("checksum beyond 32 bits", UPDATE.replace("434883881", "4294967296"),
                DecodeReason.NUMBER_OVERFLOW, b),
            reject("checksum beyond 64 bits", UPDATE.replace("434883881", "18446744073709551616"),
                DecodeReason.NUMBER_OVERFLOW, b),
            // ZERO_PRICE
            reject("bid at price 0", UPDATE.replace("29423.0", "0"), DecodeReason.ZERO_PRICE, b),
            reject("ask at price 0E-8", UPDATE.replace("29431.1", "0E-8"), DecodeReason.ZERO_PRICE, b),
            // TOO_MANY_LEVELS
            reject("2 levels with room for 1", UPDATE, DecodeReason.TOO_MANY_LEVELS, b, BookEvent.lengthFor(1)),
            reject("second entry without room for its header", update("{'symbol':'ETH/USD','checksum':1}," +
                "{'symbol':'BTC/USD','checksum':1}"), DecodeReason.TOO_MANY_LEVELS, null,
                BookEvent.HEADER_LENGTH + BookEvent.HEADER_LENGTH - 1),
            reject("no room for a header", UPDATE, DecodeReason.TOO_MANY_LEVELS, null, BookEvent.HEADER_LENGTH - 1),
            // VENUE_ERROR
            reject("subscribe refused for a configured symbol", json("{'error':'Currency pair not supported'," +
                "'method':'subscribe','success':false,'symbol':'ETH/USD','time_in':'x','time_out':'y'}"),
                DecodeReason.VENUE_ERROR, e),
            reject("subscribe refused for a symbol in result", json("{'method':'subscribe','success':false," +
                "'result':{'channel':'book','symbol':'BTC/USD'}}"), DecodeReason.VENUE_ERROR, b),
            reject("unsubscribe refused for an unknown symbol", json("{'method':'unsubscribe','success':false," +
                "'symbol':'XBT/USD'}"), DecodeReason.VENUE_ERROR, null),
            reject("error without a method reply", json("{'error':'Malformed request','method':'error'}"),
                DecodeReason.VENUE_ERROR, null),
            // FRAME_TOO_LARGE
            reject("one byte over the limit", UPDATE + " ".repeat(MAX_FRAME + 1 - UPDATE.length()),
                DecodeReason.FRAME_TOO_LARGE, null),
            // UNKNOWN_MESSAGE_TYPE
            reject("book type 'delta'", UPDATE.replace("\"update\"", "\"delta\""), DecodeReason.UNKNOWN_MESSAGE_TYPE,
                null),
            reject("book type in upper case", UPDATE.replace("\"update\"", "\"UPDATE\""),
                DecodeReason.UNKNOWN_MESSAGE_TYPE, null));
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

        // Not Kraken's: update ids (it has none), OKX text checksums, Coinbase's connection sequence.
        assertThat(covered).isEqualTo(EnumSet.complementOf(EnumSet.of(DecodeReason.BAD_SEQUENCE,
            DecodeReason.NON_CANONICAL_NUMBER, DecodeReason.CONNECTION_GAP)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Output window and decoder reuse
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldNeverWriteOutsideTheWindowWhenLevelsOverflowIt()
    {
        final StringBuilder levels = new StringBuilder();
        for (int i = 1; i <= 12; i++)
        {
            levels.append(i == 1 ? "" : ",").append("{\"price\":").append(i).append(",\"qty\":").append(i).append('}');
        }
        final String frame = update("{'symbol':'BTC/USD','bids':[" + levels + "],'checksum':1}," +
            "{'symbol':'ETH/USD','asks':[" + levels + "],'checksum':2}");

        for (int room = 0; room < 2 * BookEvent.lengthFor(12); room++)
        {
            final OutWindow out = new OutWindow(5, room);
            final int result = decode(frame, out);
            assertThat(result).as("room %d", room)
                .isEqualTo(room >= 2 * BookEvent.lengthFor(12) ? 2 * BookEvent.lengthFor(12)
                    : -DecodeReason.TOO_MANY_LEVELS.code());
            assertThat(out.firstWriteOutside()).as("room %d", room).isEqualTo(-1);
        }
    }

    @Test
    void shouldDecodeNormallyAfterARejectedFrameAndForgetItsInstrument()
    {
        final OutWindow expected = OutWindow.forLevels(2);
        decode(UPDATE, expected);
        assertThat(decode(UPDATE.replace("29423.0", "-1"), OutWindow.forLevels(2))).isNegative();
        assertThat(decode("{\"channel\":\"heartbeat\"}", OutWindow.forLevels(2))).isZero();
        assertThat(decoder.lastInstrument()).isNull();

        final OutWindow out = OutWindow.forLevels(2);
        final int result = decode(UPDATE, out);

        assertThat(result).isEqualTo(BookEvent.lengthFor(2));
        assertThat(bids(out.event())).isEqualTo(bids(expected.event()));
        assertThat(asks(out.event())).isEqualTo(asks(expected.event()));
        assertThat(out.event().checksum()).isEqualTo(expected.event().checksum());
    }

    static List<BookEvent> events(final OutWindow out, final int length)
    {
        final List<BookEvent> events = new ArrayList<>();
        int at = out.offset();
        while (at < out.offset() + length)
        {
            final BookEvent event = new BookEvent().wrap(out.buffer(), at);
            events.add(event);
            at += event.length();
        }
        assertThat(at).isEqualTo(out.offset() + length);
        return events;
    }

    private int decode(final String text, final OutWindow out)
    {
        final Framed framed = frame(text);
        return decoder.decode(framed.buffer(), framed.offset(), framed.length(), out.buffer(), out.offset(),
            out.capacity(), INGRESS_NS);
    }
}
