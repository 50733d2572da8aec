package dev.feedhandler.feeder.daemon;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.TestFrames;
import dev.feedhandler.feeder.binance.BinanceStreamDecoder;
import dev.feedhandler.feeder.config.DaemonConfig;
import dev.feedhandler.feeder.fuzz.FrameMutator;
import dev.feedhandler.feeder.ingest.Await;
import dev.feedhandler.feeder.ingest.HttpSnapshotClient;
import dev.feedhandler.feeder.ingest.NettyTransport;
import dev.feedhandler.feeder.ingest.RateBudget;
import dev.feedhandler.feeder.ingest.SnapshotScheduler;
import dev.feedhandler.feeder.ingest.TestWebSocketServer;
import dev.feedhandler.feeder.ingest.WebSocketConnector;
import dev.feedhandler.feeder.ingest.WebSocketOptions;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.feeder.venue.StreamSubscription;
import dev.feedhandler.feeder.venue.StreamVenues;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest counts every frame a decoder rejects exactly once, under the decoder's reason: mutated real frames
 * ({@link FrameMutator}) sent as raw text frames over a loopback WebSocket into the real {@link StreamVenueIngest}
 * and {@link BinanceVenueIngest}; their counters must equal what a fresh decoder says of each frame offline (these
 * venues' decoders keep no state between frames), frame for frame: events, ignored frames, rejections per reason.
 */
class IngestRejectionCountTest
{
    private static final int FRAMES = 300;
    private static final int MAX_FRAME = 1 << 20;
    private static final Instrument NKNUSDT = new Instrument(0, Venue.BINANCE_SPOT, "NKNUSDT", 8, 8);

    private RingBuffer ring = ring(8 << 20);
    private final TestWebSocketServer server = TestWebSocketServer.plain();
    private final NettyTransport transport = NettyTransport.create(1, "ingest-rejection-test");
    private final SplittableRandom random = new SplittableRandom(Long.getLong("seed", 42));
    private VenueIngest ingest;

    @AfterEach
    void close()
    {
        if (ingest != null)
        {
            ingest.close();
        }
        transport.close();
        server.close();
    }

    @Test
    void shouldCountEveryRejectedBybitFrameOnceUnderItsReason()
    {
        streamVenue(new Instrument(0, Venue.BYBIT, "XRPUSDT", 4, 0), new StreamSubscription("orderbook", 50),
            "bybit-v5/XRPUSDT_orderbook500_2024-12-01_first50.jsonl");
    }

    @Test
    void shouldCountEveryRejectedOkxFrameOnceUnderItsReason()
    {
        streamVenue(new Instrument(0, Venue.OKX, "BTC-USDT", 1, 8), new StreamSubscription("books", 0),
            "okx/BTC-USDT_books_2022-05-13.jsonl");
    }

    @Test
    void shouldCountEveryRejectedKrakenFrameOnceUnderItsReason()
    {
        streamVenue(new Instrument(0, Venue.KRAKEN, "BTC/USD", "BTC-USD", 1, 8, 10), new StreamSubscription("book", 10),
            "kraken/BTCUSD_book10_2023-07-30.jsonl");
    }

    @Test
    void shouldCountEveryRejectedBinanceFrameOnceUnderItsReason()
    {
        final BinanceVenueIngest binance = startBinance();
        final BinanceStreamDecoder decoder = new BinanceStreamDecoder(Venue.BINANCE_SPOT, symbols(NKNUSDT), MAX_FRAME);
        sendAndCompare(TestFrames.lines(TestFrames.SPOT_FRAMES), binance.counters(),
            (frame, out) -> decoder.decode(frame, 0, frame.capacity(), out, 0, out.capacity(), 0));
    }

    /** A frame whose event would not fit the ring's largest message: rejected, and the connection stays up. */
    @Test
    void shouldRejectABinanceFrameTooLargeForTheEventRingWithoutDroppingTheConnection()
    {
        ring = ring(64 * 1024); // the smallest event_ring_bytes the config allows: messages up to 8 KiB
        final BinanceVenueIngest binance = startBinance();
        final TestWebSocketServer.Connection connection = server.nextConnection();
        final StringBuilder bids = new StringBuilder();
        for (int i = 1; i <= 600; i++)
        {
            bids.append(i == 1 ? "" : ",").append("[\"0.").append(String.format("%08d", i)).append("\",\"1\"]");
        }
        connection.sendText("{\"stream\":\"nknusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1," +
            "\"s\":\"NKNUSDT\",\"U\":1,\"u\":2,\"b\":[" + bids + "],\"a\":[]}}");
        connection.sendText(TestFrames.lines(TestFrames.SPOT_FRAMES).get(0));

        awaitFrames(binance.counters(), 2, 2);
        assertThat(binance.counters().rejected(DecodeReason.TOO_MANY_LEVELS)).isEqualTo(1);
        assertThat(binance.counters().events()).isEqualTo(1);
        assertThat(binance.counters().disconnects()).isZero();
    }

    /** An event of a stream venue that would not fit the ring's largest message: rejected, the connection stays up. */
    @Test
    void shouldRejectAStreamVenueEventTooLargeForTheEventRingWithoutDroppingTheConnection()
    {
        ring = ring(64 * 1024);
        final Instrument xrp = new Instrument(0, Venue.BYBIT, "XRPUSDT", 4, 0);
        final StreamVenueIngest stream = startStream(xrp, new StreamSubscription("orderbook", 50));
        final TestWebSocketServer.Connection connection = server.nextConnection();
        final StringBuilder bids = new StringBuilder();
        for (int i = 1; i <= 600; i++)
        {
            bids.append(i == 1 ? "" : ",").append("[\"").append(i).append("\",\"1\"]");
        }
        connection.sendText("{\"topic\":\"orderbook.50.XRPUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":" +
            "{\"s\":\"XRPUSDT\",\"b\":[" + bids + "],\"a\":[],\"u\":1,\"seq\":1},\"cts\":1}");
        connection.sendText("{\"topic\":\"orderbook.50.XRPUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":" +
            "{\"s\":\"XRPUSDT\",\"b\":[[\"1\",\"2\"]],\"a\":[],\"u\":2,\"seq\":2},\"cts\":1}");

        awaitFrames(stream.counters(), 2, 2);
        assertThat(stream.counters().rejected(DecodeReason.TOO_MANY_LEVELS)).isEqualTo(1);
        assertThat(stream.counters().events()).isEqualTo(1);
        assertThat(stream.counters().disconnects()).isZero();
    }

    private BinanceVenueIngest startBinance()
    {
        final Instrument a = NKNUSDT;
        final HttpSnapshotClient http = new HttpSnapshotClient(transport, null, MAX_FRAME);
        final SnapshotScheduler scheduler = new SnapshotScheduler(transport.group().next(), http,
            new RateBudget(6000, new SystemNanoClock()), Duration.ofSeconds(5), Duration.ofMillis(100),
            Duration.ofSeconds(1), new SnapshotScheduler.Sink()
            {
                public void onSnapshot(final int id, final DirectBuffer body, final int offset, final int length,
                    final long receivedNs)
                {
                }

                public void onSnapshotRetry(final int id, final String reason, final long retryInNs)
                {
                }
            });
        final DaemonConfig.VenueSettings settings = new DaemonConfig.VenueSettings(Venue.BINANCE_SPOT, server.uri(),
            URI.create("http://127.0.0.1:1/api/v3/depth"), "depth@100ms", 100, 10, 6000, Duration.ZERO,
            Duration.ofSeconds(1), Duration.ofSeconds(2), null,
            List.of(new DaemonConfig.InstrumentSettings(0, a.symbol(), "NKN-USDT", 8, 8)));
        final BinanceVenueIngest binance = new BinanceVenueIngest(settings, List.of(a), ring,
            new WebSocketConnector(transport), WebSocketOptions.defaults(), scheduler, MAX_FRAME);
        ingest = binance;
        binance.start();
        return binance;
    }

    private StreamVenueIngest startStream(final Instrument instrument, final StreamSubscription subscription)
    {
        final DaemonConfig.VenueSettings settings = new DaemonConfig.VenueSettings(instrument.venue(), server.uri(),
            null, null, 0, 10, 0, Duration.ZERO, Duration.ofSeconds(10), null, null,
            List.of(new DaemonConfig.InstrumentSettings(0, instrument.symbol(), instrument.normalizedSymbol(),
                instrument.priceScale(), instrument.qtyScale())), subscription, Duration.ZERO);
        final StreamVenueIngest stream = new StreamVenueIngest(settings, List.of(instrument), ring,
            new WebSocketConnector(transport), WebSocketOptions.defaults(), MAX_FRAME, new IngestCounters());
        ingest = stream;
        stream.start();
        return stream;
    }

    private void streamVenue(final Instrument instrument, final StreamSubscription subscription, final String capture)
    {
        final StreamVenueIngest stream = startStream(instrument, subscription);
        final StreamFrameDecoder decoder =
            StreamVenues.protocol(instrument.venue(), subscription).newDecoder(symbols(instrument), MAX_FRAME);
        final List<String> lines = new ArrayList<>();
        for (final String line : TestFrames.lines(TestFrames.FIXTURES.resolve(capture)))
        {
            lines.add(line.strip());
        }
        sendAndCompare(lines, stream.counters(),
            (frame, out) -> decoder.decode(frame, 0, frame.capacity(), out, 0, out.capacity(), 0));
    }

    /** How a fresh decoder answers a frame. */
    private interface OfflineDecode
    {
        int decode(UnsafeBuffer frame, UnsafeBuffer out);
    }

    private void sendAndCompare(final List<String> lines, final IngestCounters counters, final OfflineDecode offline)
    {
        final TestWebSocketServer.Connection connection = server.nextConnection();
        final List<byte[]> corpus = new ArrayList<>();
        for (final String line : lines)
        {
            corpus.add(line.getBytes(StandardCharsets.UTF_8));
        }
        final FrameMutator mutator = new FrameMutator(corpus, List.of());
        final long[] expectedRejected = new long[DecodeReason.values().length + 1];
        long expectedIgnored = 0;
        long expectedEvents = 0;
        long expectedBytes = 0;
        for (int i = 0; i < FRAMES; i++)
        {
            final byte[] frame = mutator.mutate(random, corpus.get(random.nextInt(corpus.size()))).bytes();
            final UnsafeBuffer out = new UnsafeBuffer(new byte[StreamFrameDecoder.outputBound(frame.length)]);
            final int result = offline.decode(new UnsafeBuffer(frame), out);
            if (result > 0)
            {
                expectedEvents += events(out, result);
            }
            else if (result == 0)
            {
                expectedIgnored++;
            }
            else
            {
                expectedRejected[DecodeReason.fromResult(result).code()]++;
            }
            expectedBytes += frame.length;
            connection.sendText(frame);
        }

        final long rejectedTotal = Arrays.stream(expectedRejected).sum();
        awaitFrames(counters, FRAMES, expectedEvents + expectedIgnored + rejectedTotal);

        assertThat(counters.bytes()).isEqualTo(expectedBytes);
        assertThat(counters.events()).isEqualTo(expectedEvents);
        assertThat(counters.ignored()).isEqualTo(expectedIgnored);
        for (final DecodeReason reason : DecodeReason.values())
        {
            assertThat(counters.rejected(reason)).as(reason.name()).isEqualTo(expectedRejected[reason.code()]);
        }
        assertThat(counters.rejectedTotal()).isEqualTo(rejectedTotal).isPositive();
        assertThat(counters.disconnects()).as("no frame broke the connection").isZero();
    }

    /**
     * Until every frame sent has been read and its outcome counted (a frame is counted as read before it is decoded):
     * {@code outcomes} events, ignored frames and rejections in all.
     */
    private void awaitFrames(final IngestCounters counters, final int frames, final long outcomes)
    {
        Await.until(frames + " frames read and " + outcomes + " outcomes counted", () ->
        {
            ring.read((type, buffer, index, length) -> { }, Integer.MAX_VALUE);
            return counters.frames() == frames &&
                counters.events() + counters.ignored() + counters.rejectedTotal() == outcomes;
        }, () -> counters.frames() + " frames, " + counters.events() + " events, " + counters.ignored() +
            " ignored, " + counters.rejectedTotal() + " rejected");
    }

    private static RingBuffer ring(final int capacity)
    {
        return new ManyToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    private static int events(final UnsafeBuffer out, final int length)
    {
        final BookEvent event = new BookEvent();
        int count = 0;
        for (int at = 0; at < length; at += event.length())
        {
            event.wrap(out, at);
            count++;
        }
        return count;
    }

    private static SymbolTable symbols(final Instrument instrument)
    {
        final SymbolTable symbols = new SymbolTable(1);
        symbols.add(instrument);
        return symbols;
    }
}
