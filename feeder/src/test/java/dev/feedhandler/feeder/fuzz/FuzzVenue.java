package dev.feedhandler.feeder.fuzz;

import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.TestFrames;
import dev.feedhandler.feeder.binance.BinanceStreamDecoder;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.feeder.venue.StreamSubscription;
import dev.feedhandler.feeder.venue.StreamVenueProtocol;
import dev.feedhandler.feeder.venue.StreamVenues;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.sync.UnsequencedRule;
import dev.feedhandler.sim.InstrumentSpec;
import dev.feedhandler.sim.format.StreamType;
import dev.feedhandler.sim.format.VenueFormat;
import dev.feedhandler.sim.format.VenueFormats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * One venue set up for fuzzing: instrument A (id 0), the instrument of the real captures, whose frames are mutated;
 * instrument B (id 1), whose frames stay valid; the simulator's format for both; the real frames (the seed corpus);
 * the decoder as the ingest creates it; and how the venue resyncs (REST snapshot, resubscription, new connection), as
 * {@code BinanceVenueIngest} and {@code StreamVenueIngest} do it.
 */
final class FuzzVenue
{
    /** The daemon's default {@code max_frame_bytes}. */
    static final int MAX_FRAME = 8 * 1024 * 1024;

    final String name;
    final Venue venue;
    final Instrument a;
    final Instrument b;
    final VenueFormat format;
    final StreamType stream;
    final InstrumentSpec specA;
    final InstrumentSpec specB;
    final List<String> corpus;
    /** Binance: the real REST snapshot of A; null for stream venues. */
    private final Path snapshotCapture;
    private final Function<SymbolTable, StreamFrameDecoder> decoders;
    /** Snapshots by REST (Binance) rather than in the stream. */
    final boolean restSnapshots;
    /** A resync is a new connection (Coinbase) rather than a resubscription. */
    final boolean resyncByReconnect;
    /** A lost frame of an unknown instrument would go unnoticed: every instrument on the connection resyncs. */
    final boolean lossNeedsConnectionResync;

    private FuzzVenue(
        final String name,
        final Venue venue,
        final Instrument a,
        final Instrument b,
        final long midA,
        final long midB,
        final List<String> corpus,
        final Path snapshotCapture,
        final Function<SymbolTable, StreamFrameDecoder> decoders,
        final boolean resyncByReconnect)
    {
        this.snapshotCapture = snapshotCapture;
        this.name = name;
        this.venue = venue;
        this.a = a;
        this.b = b;
        this.format = VenueFormats.byName(venue.configName());
        this.stream = format.streamTypes().stream()
            .filter(type -> type.kind() == StreamType.Kind.DEPTH)
            .filter(type -> a.bookDepth() == 0 || type.window() == a.bookDepth())
            .findFirst().orElseThrow();
        this.specA = new InstrumentSpec(format.name(), a.symbol(), a.priceScale(), a.qtyScale(), midA);
        this.specB = new InstrumentSpec(format.name(), b.symbol(), b.priceScale(), b.qtyScale(), midB);
        this.corpus = List.copyOf(corpus);
        this.decoders = decoders;
        this.restSnapshots = venue.bootstrap() == Venue.Bootstrap.REST_SNAPSHOT;
        this.resyncByReconnect = resyncByReconnect;
        this.lossNeedsConnectionResync = venue.checksum() == Venue.Checksum.NONE &&
            venue.sequenceRule() instanceof UnsequencedRule;
    }

    static FuzzVenue binanceSpot()
    {
        return binance("binance-spot", Venue.BINANCE_SPOT, TestFrames.NKNUSDT.symbol(), 8, 8, 35_000_000L,
            "LTCBTC", 6, 3, 2_000_000L, TestFrames.SPOT_FRAMES, TestFrames.SPOT_SNAPSHOT);
    }

    static FuzzVenue binanceUsdm()
    {
        return binance("binance-usdm", Venue.BINANCE_USDM, TestFrames.SUSHIUSDT.symbol(), 4, 0, 10_000L,
            "ADAUSDT", 4, 1, 5_000L, TestFrames.USDM_FRAMES, TestFrames.USDM_SNAPSHOT);
    }

    private static FuzzVenue binance(
        final String name,
        final Venue venue,
        final String symbolA,
        final int priceScaleA,
        final int qtyScaleA,
        final long midA,
        final String symbolB,
        final int priceScaleB,
        final int qtyScaleB,
        final long midB,
        final Path frames,
        final Path snapshot)
    {
        final List<String> corpus = new ArrayList<>(TestFrames.lines(frames));
        corpus.add("{\"result\":null,\"id\":1}");
        corpus.add("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
        return new FuzzVenue(name, venue,
            new Instrument(0, venue, symbolA, priceScaleA, qtyScaleA),
            new Instrument(1, venue, symbolB, priceScaleB, qtyScaleB), midA, midB, corpus, snapshot,
            symbols -> asStreamDecoder(new BinanceStreamDecoder(venue, symbols, MAX_FRAME)), false);
    }

    static FuzzVenue bybit()
    {
        return stream("bybit", Venue.BYBIT, new StreamSubscription("orderbook", 50),
            new Instrument(0, Venue.BYBIT, "XRPUSDT", 4, 0), new Instrument(1, Venue.BYBIT, "SOLUSDT", 2, 3),
            19_500L, 20_000L, capture("bybit-v5/XRPUSDT_orderbook500_2024-12-01_first50.jsonl",
                "{'success':true,'ret_msg':'subscribe','conn_id':'c1','req_id':'1','op':'subscribe'}",
                "{'success':true,'ret_msg':'pong','conn_id':'c1','req_id':'','op':'ping'}",
                "{'success':false,'ret_msg':'error:handler not found,topic:orderbook.50.XRPUSDT','op':'subscribe'}"));
    }

    static FuzzVenue okx()
    {
        return stream("okx", Venue.OKX, new StreamSubscription("books", 0),
            new Instrument(0, Venue.OKX, "BTC-USDT", 1, 8), new Instrument(1, Venue.OKX, "SOL-EUR", 2, 4),
            300_000L, 10_000L, capture("okx/BTC-USDT_books_2022-05-13.jsonl",
                "{'event':'subscribe','arg':{'channel':'books','instId':'BTC-USDT'},'connId':'a4d3ae55'}",
                "{'event':'error','code':'60012','msg':'Invalid request','connId':'a4d3ae55'}",
                "pong"));
    }

    static FuzzVenue kraken()
    {
        final List<String> corpus = capture("kraken/BTCUSD_book10_2023-07-30.jsonl",
            "{'channel':'heartbeat'}",
            "{'method':'pong','req_id':1,'time_in':'2023-07-30T00:00:00.000000Z','time_out':'2023-07-30T00:00:00.000001Z'}");
        corpus.add(new String(TestFrames.read(TestFrames.FIXTURES.resolve(
            "kraken/v2_doc_example_BTCUSD_snapshot_checksum_3310070434.json")), StandardCharsets.UTF_8).strip());
        return stream("kraken", Venue.KRAKEN, new StreamSubscription("book", 10),
            new Instrument(0, Venue.KRAKEN, "BTC/USD", "BTC-USD", 1, 8, 10),
            new Instrument(1, Venue.KRAKEN, "ETH/EUR", "ETH-EUR", 2, 8, 10), 294_300L, 180_000L, corpus);
    }

    static FuzzVenue coinbase()
    {
        return stream("coinbase", Venue.COINBASE, new StreamSubscription("level2", 0),
            new Instrument(0, Venue.COINBASE, "BTC-USD", 2, 8), new Instrument(1, Venue.COINBASE, "SOL-EUR", 2, 8),
            2_192_173L, 10_000L, resource("/coinbase/advanced-trade-session-from-docs.jsonl"));
    }

    private static FuzzVenue stream(
        final String name,
        final Venue venue,
        final StreamSubscription subscription,
        final Instrument a,
        final Instrument b,
        final long midA,
        final long midB,
        final List<String> corpus)
    {
        final StreamVenueProtocol protocol = StreamVenues.protocol(venue, subscription);
        return new FuzzVenue(name, venue, a, b, midA, midB, corpus, null,
            symbols -> protocol.newDecoder(symbols, MAX_FRAME), !protocol.resyncByResubscribe());
    }

    StreamFrameDecoder newDecoder(final SymbolTable symbols)
    {
        return decoders.apply(symbols);
    }

    /** Binance: A's real REST snapshot body. */
    byte[] capturedSnapshot()
    {
        return TestFrames.read(snapshotCapture);
    }

    SimInstrumentFeed feedA(final SplittableRandom random)
    {
        return new SimInstrumentFeed(format, specA, stream, 12, random);
    }

    SimInstrumentFeed feedB(final SplittableRandom random)
    {
        return new SimInstrumentFeed(format, specB, stream, 12, random);
    }

    /** A payload as the connection delivers it: Binance's combined stream, Coinbase's numbered envelope. */
    String frame(final SimInstrumentFeed feed, final String payload, final long connectionSequence, final long nowMs)
    {
        if (restSnapshots)
        {
            return feed.combined(payload);
        }
        if (format.sequencedPerConnection())
        {
            final ByteBuf out = Unpooled.buffer(payload.length() + 160);
            format.renderEnvelope(out, VenueFormat.FrameKind.DATA, connectionSequence, nowMs,
                List.of(Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8))));
            final String text = out.toString(StandardCharsets.UTF_8);
            out.release();
            return text;
        }
        return payload;
    }

    /** A real frame as a seed for this connection: Coinbase's gets the connection's next sequence number. */
    String seed(final String line, final long connectionSequence)
    {
        return format.sequencedPerConnection() ?
            line.replaceFirst("\"sequence_num\":[0-9]+", "\"sequence_num\":" + connectionSequence) : line;
    }

    @Override
    public String toString()
    {
        return name;
    }

    /** The Binance decoder has the stream decoders' signature (it writes one event); the bench takes either. */
    private static StreamFrameDecoder asStreamDecoder(final BinanceStreamDecoder decoder)
    {
        return new StreamFrameDecoder()
        {
            public int decode(
                final DirectBuffer buffer, final int offset, final int length, final MutableDirectBuffer out,
                final int outOffset, final int outCapacity, final long receivedNs)
            {
                return decoder.decode(buffer, offset, length, out, outOffset, outCapacity, receivedNs);
            }

            public Instrument lastInstrument()
            {
                return decoder.lastInstrument();
            }
        };
    }

    /** A capture's lines, then frames written with single quotes for double ones ({@link TestFrames#json}). */
    private static List<String> capture(final String fixture, final String... frames)
    {
        final List<String> corpus = stripped(TestFrames.lines(TestFrames.FIXTURES.resolve(fixture)));
        for (final String frame : frames)
        {
            corpus.add(TestFrames.json(frame));
        }
        return corpus;
    }

    /** Capture lines without the CR LF some captures end them with. */
    private static List<String> stripped(final List<String> lines)
    {
        final List<String> out = new ArrayList<>();
        for (final String line : lines)
        {
            if (!line.isBlank())
            {
                out.add(line.strip());
            }
        }
        return out;
    }

    private static List<String> resource(final String name)
    {
        try (InputStream in = FuzzVenue.class.getResourceAsStream(name))
        {
            if (in == null)
            {
                throw new AssertionError("missing test resource " + name);
            }
            return stripped(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
