package dev.feedhandler.feeder.binance;

import dev.feedhandler.feeder.LevelWriter;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static dev.feedhandler.feeder.TestFrames.SPOT_FRAMES;
import static dev.feedhandler.feeder.TestFrames.USDM_FRAMES;
import static dev.feedhandler.feeder.TestFrames.lines;
import static dev.feedhandler.feeder.TestFrames.symbols;
import static dev.feedhandler.feeder.TestFrames.mutate;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BinanceDepthScanner}, the fast path, against the general path of {@link BinanceStreamDecoder}: for any input
 * the decoder with the fast path gives exactly what the decoder without it gives (result, event bytes, instrument),
 * and the fast path takes every real depth update.
 */
class BinanceDepthScannerTest
{
    private static final int MAX_FRAME = 1 << 20;
    private static final Instrument[] SPOT = BinanceStreamDecoderPropertyTest.SPOT_INSTRUMENTS;
    private static final Instrument[] USDM = BinanceStreamDecoderPropertyTest.USDM_INSTRUMENTS;
    /** Bytes that matter to the scanner, for mutations. */
    private static final byte[] INTERESTING = "\"{}[],:.0123456789-+eE \\\tsuUpbaTXd\u0001".getBytes(StandardCharsets.ISO_8859_1);
    private static final String[] NUMBERS = {
        "0", "0.0", "1", "1.", ".5", "01.50", "00", "1e5", "1E-2", "-1", "+1", "0.00000001", "0.000000001",
        "0.0000000010", "0.10000000000000000000", "123456789012345678", "1234567890123456789",
        "9223372036854775807", "9223372036854775808", "92233720368.54775807", "99999999999", "7.5040", "813",
        "1.5\\u0030", "", "1 ", " 1", "１",
    };

    private final SymbolTable spotSymbols = symbols(SPOT);
    private final SymbolTable usdmSymbols = symbols(USDM);
    private final BinanceStreamDecoder fastSpot = new BinanceStreamDecoder(Venue.BINANCE_SPOT, spotSymbols, MAX_FRAME, true);
    private final BinanceStreamDecoder generalSpot =
        new BinanceStreamDecoder(Venue.BINANCE_SPOT, spotSymbols, MAX_FRAME, false);
    private final BinanceStreamDecoder fastUsdm = new BinanceStreamDecoder(Venue.BINANCE_USDM, usdmSymbols, MAX_FRAME, true);
    private final BinanceStreamDecoder generalUsdm =
        new BinanceStreamDecoder(Venue.BINANCE_USDM, usdmSymbols, MAX_FRAME, false);
    private final BinanceDepthScanner spotScanner = new BinanceDepthScanner(spotSymbols, false);
    private final BinanceDepthScanner usdmScanner = new BinanceDepthScanner(usdmSymbols, true);
    private final UnsafeBuffer fastOut = new UnsafeBuffer(new byte[1 << 14]);
    private final UnsafeBuffer generalOut = new UnsafeBuffer(new byte[1 << 14]);
    private final UnsafeBuffer scannerOut = new UnsafeBuffer(new byte[1 << 14]);
    private final LevelWriter levels = new LevelWriter();
    private final BookEvent event = new BookEvent();

    @Test
    void shouldTakeEveryCapturedDepthUpdateAndDecodeItAsTheGeneralPathDoes()
    {
        int depthUpdates = 0;
        for (final String line : lines(SPOT_FRAMES))
        {
            depthUpdates += assertSame(Venue.BINANCE_SPOT, line.getBytes(StandardCharsets.UTF_8), true);
        }
        assertThat(depthUpdates).isEqualTo(150);
        depthUpdates = 0;
        for (final String line : lines(USDM_FRAMES))
        {
            depthUpdates += assertSame(Venue.BINANCE_USDM, line.getBytes(StandardCharsets.UTF_8), true);
        }
        assertThat(depthUpdates).isEqualTo(255);
    }

    @Test
    void shouldTakeTheInnerObjectWithoutTheEnvelopeAndTrailingWhitespace()
    {
        final String line = lines(USDM_FRAMES).stream().filter(l -> l.contains("depthUpdate")).findFirst().orElseThrow();
        final String data = line.substring(line.indexOf("\"data\":") + 7, line.length() - 1);
        assertThat(assertSame(Venue.BINANCE_USDM, bytes(data + " \r\n\t"), true)).isEqualTo(1);
    }

    @Test
    void shouldDecodeEveryNumberShapeAsTheGeneralPathDoes()
    {
        for (final String number : NUMBERS)
        {
            for (final String template : new String[]{
                "{'e':'depthUpdate','E':1,'s':'%s','U':5,'u':7,'b':[['%s','2']],'a':[]}",
                "{'e':'depthUpdate','E':1,'s':'%s','U':5,'u':7,'b':[['1.5','%s']],'a':[['2','1']]}",
                "{'e':'depthUpdate','E':%s,'s':'%s','U':5,'u':7,'b':[],'a':[]}",
            })
            {
                for (final Instrument instrument : SPOT)
                {
                    final String text = template.startsWith("{'e':'depthUpdate','E':%s")
                        ? String.format(template, number, instrument.symbol())
                        : String.format(template, instrument.symbol(), number);
                    assertSame(Venue.BINANCE_SPOT, bytes(text.replace('\'', '"')), false);
                }
            }
        }
    }

    @Test
    void shouldDecodeRandomDigitRunsOfEveryLengthAsTheGeneralPathDoes()
    {
        PropertyCheck.forAll("fast path == general path on digit runs", 5_000, random ->
        {
            final String number = digits(random, 1 + random.nextInt(22)) +
                (random.nextBoolean() ? "" : "." + digits(random, random.nextInt(22)));
            final Instrument instrument = SPOT[random.nextInt(SPOT.length)];
            final String text = random.nextBoolean()
                ? "{'e':'depthUpdate','E':" + digits(random, 1 + random.nextInt(20)) + ",'s':'" + instrument.symbol() +
                "','U':" + digits(random, 1 + random.nextInt(20)) + ",'u':99999999999999999,'b':[['" + number +
                "','1']],'a':[]}"
                : "{'e':'depthUpdate','E':1,'s':'" + instrument.symbol() + "','U':5,'u':7,'b':[],'a':[['1','" + number +
                "']]}";
            assertSame(Venue.BINANCE_SPOT, bytes(text.replace('\'', '"')), false);
        });
    }

    @Test
    void shouldDecodeEveryTruncationAndEveryFrameAtTheEndOfAnOffHeapBufferAsTheGeneralPathDoes()
    {
        final byte[] frame = lines(USDM_FRAMES).stream().filter(l -> l.contains("depthUpdate")).findFirst()
            .orElseThrow().getBytes(StandardCharsets.UTF_8);
        for (int length = 0; length <= frame.length; length++)
        {
            final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
            direct.putBytes(0, frame, 0, length);
            assertSameOn(Venue.BINANCE_USDM, direct, 0, length);
            assertSameOn(Venue.BINANCE_USDM, new UnsafeBuffer(frame), 0, length);
        }
    }

    @Test
    void shouldDecodeEveryMutationOfRealFramesAsTheGeneralPathDoes()
    {
        final List<byte[]> spot = depthFrames(SPOT_FRAMES);
        final List<byte[]> usdm = depthFrames(USDM_FRAMES);
        PropertyCheck.forAll("fast path == general path on mutated frames", 20_000, random ->
        {
            final boolean isSpot = random.nextBoolean();
            final List<byte[]> frames = isSpot ? spot : usdm;
            final byte[] mutated = mutate(frames.get(random.nextInt(frames.size())), random, INTERESTING);
            assertSame(isSpot ? Venue.BINANCE_SPOT : Venue.BINANCE_USDM, mutated, false);
        });
    }

    @Test
    void shouldNotReadOutsideTheFrameWhenTheBufferHoldsMore()
    {
        final byte[] frame = depthFrames(SPOT_FRAMES).get(3);
        final byte[] padded = new byte[frame.length + 20];
        System.arraycopy(frame, 0, padded, 10, frame.length);
        Arrays.fill(padded, 0, 10, (byte)'x');
        Arrays.fill(padded, 10 + frame.length, padded.length, (byte)'}');
        for (int cut = 1; cut < frame.length; cut++)
        {
            assertSameOn(Venue.BINANCE_SPOT, new UnsafeBuffer(padded), 10, frame.length - cut);
        }
        final BinanceDepthScanner scanner = spotScanner;
        levels.begin(event.wrapForWrite(scannerOut, 0), 100);
        assertThat(scanner.decode(new UnsafeBuffer(padded), 10, frame.length + 1, event, levels, 0))
            .as("a '}' past the frame is not part of it").isEqualTo(BinanceDepthScanner.FALLBACK);
        assertThat(scanner.decode(new UnsafeBuffer(padded), padded.length - 5, 6, event, levels, 0))
            .as("a range past the buffer's capacity").isEqualTo(BinanceDepthScanner.FALLBACK);
    }

    private static String digits(final SplittableRandom random, final int count)
    {
        final StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++)
        {
            digits.append((char)('0' + (random.nextInt(4) == 0 ? 0 : random.nextInt(10))));
        }
        return digits.toString();
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> depthFrames(final java.nio.file.Path capture)
    {
        final List<byte[]> frames = new ArrayList<>();
        for (final String line : lines(capture))
        {
            if (line.contains("depthUpdate"))
            {
                frames.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return frames;
    }

    /** @return 1 when the fast path took the frame. */
    private int assertSame(final Venue venue, final byte[] frame, final boolean expectFastWhenDiff)
    {
        final int taken = assertSameOn(venue, new UnsafeBuffer(frame), 0, frame.length);
        if (expectFastWhenDiff && new String(frame, StandardCharsets.UTF_8).contains("depthUpdate"))
        {
            assertThat(taken).as(new String(frame, StandardCharsets.UTF_8)).isEqualTo(1);
        }
        return taken;
    }

    private int assertSameOn(final Venue venue, final DirectBuffer frame, final int offset, final int length)
    {
        final boolean spot = venue == Venue.BINANCE_SPOT;
        final BinanceStreamDecoder fast = spot ? fastSpot : fastUsdm;
        final BinanceStreamDecoder general = spot ? generalSpot : generalUsdm;
        final String text = frame.getStringWithoutLengthAscii(offset, length);

        final int expected = general.decode(frame, offset, length, generalOut, 0, generalOut.capacity(), 42);
        final int actual = fast.decode(frame, offset, length, fastOut, 0, fastOut.capacity(), 42);

        assertThat(actual).as(text).isEqualTo(expected);
        assertThat(fast.lastInstrument()).as(text).isSameAs(general.lastInstrument());
        if (expected > 0)
        {
            final byte[] fastEvent = new byte[expected];
            final byte[] generalEvent = new byte[expected];
            fastOut.getBytes(0, fastEvent);
            generalOut.getBytes(0, generalEvent);
            assertThat(fastEvent).as(text).isEqualTo(generalEvent);
        }
        levels.begin(event.wrapForWrite(scannerOut, 0), 1000);
        return (spot ? spotScanner : usdmScanner).decode(frame, offset, length, event, levels, 42) > 0 ? 1 : 0;
    }
}
