package dev.feedhandler.benchmarks;

import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.binance.BinanceStreamDecoder;
import dev.feedhandler.feeder.venue.bybit.BybitFrameDecoder;
import dev.feedhandler.feeder.venue.kraken.KrakenFrameDecoder;
import dev.feedhandler.feeder.venue.okx.OkxFrameDecoder;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;

/**
 * The real captures the benchmarks run on, by name (the value of each benchmark's {@code corpus} parameter), and
 * the corpora the bundled simulator generates ({@link SimulatorCorpora}, names starting with {@code sim}).
 * <p>
 * Adding a venue is one method here plus its name in {@link #byName} and in the {@code @Param} lists of the
 * benchmarks that take a corpus (decode, floor, and decode + apply for venues with a sequence).
 */
public final class Corpora
{
    public static final String BINANCE_SPOT = "binanceSpot";
    public static final String BINANCE_USDM = "binanceUsdm";
    public static final String BYBIT = "bybit";
    public static final String OKX = "okx";
    public static final String KRAKEN = "kraken";

    private static final int MAX_FRAME_LENGTH = 1 << 20;

    private Corpora()
    {
    }

    public static Corpus byName(final String name)
    {
        switch (name)
        {
            case BINANCE_SPOT:
                return binanceSpot();
            case BINANCE_USDM:
                return binanceUsdm();
            case BYBIT:
                return bybit();
            case OKX:
                return okx();
            case KRAKEN:
                return kraken();
            default:
                final Corpus generated = SimulatorCorpora.byName(name);
                if (generated == null)
                {
                    throw new IllegalArgumentException("unknown corpus: " + name);
                }
                return generated;
        }
    }

    /** NKNUSDT spot, 2021-10-12: 150 depth@100ms diffs (the replay tests' capture). */
    public static Corpus binanceSpot()
    {
        final Instrument instrument = new Instrument(0, Venue.BINANCE_SPOT, "NKNUSDT", 8, 8);
        return Corpus.load(BINANCE_SPOT, instrument,
            "fixtures/binance-spot/NKNUSDT_ws_depth100ms_and_bookTicker.jsonl",
            "fixtures/binance-spot/NKNUSDT_rest_depth_limit1000_snapshot.json",
            () -> binanceDecoder(instrument));
    }

    /** SUSHIUSDT USD-M futures, 2021-07-22: 255 depth@100ms diffs with {@code pu}. */
    public static Corpus binanceUsdm()
    {
        final Instrument instrument = new Instrument(0, Venue.BINANCE_USDM, "SUSHIUSDT", 8, 8);
        return Corpus.load(BINANCE_USDM, instrument,
            "fixtures/binance-usdm/SUSHIUSDT_ws_depth100ms_bookTicker_aggTrade_kline.jsonl",
            "fixtures/binance-usdm/SUSHIUSDT_rest_fapi_depth_limit1000_snapshot.json",
            () -> binanceDecoder(instrument));
    }

    /** XRPUSDT linear, Bybit v5 {@code orderbook.500}, 2024-12-01: the deltas of the first 50 frames. */
    public static Corpus bybit()
    {
        final Instrument instrument = new Instrument(0, Venue.BYBIT, "XRPUSDT", 4, 0);
        return Corpus.load(BYBIT, instrument, "fixtures/bybit-v5/XRPUSDT_orderbook500_2024-12-01_first50.jsonl", null,
            () -> new BybitFrameDecoder(symbols(instrument), MAX_FRAME_LENGTH)::decode);
    }

    /** BTC-USDT, OKX {@code books}, 2022-05-13: the 97 updates after the snapshot (level formats, checksums). */
    public static Corpus okx()
    {
        final Instrument instrument = new Instrument(0, Venue.OKX, "BTC-USDT", 1, 8);
        return Corpus.load(OKX, instrument, "fixtures/okx/BTC-USDT_books_2022-05-13.jsonl", null,
            () -> new OkxFrameDecoder(symbols(instrument), "books", MAX_FRAME_LENGTH)::decode);
    }

    /** BTC/USD, Kraken v2 {@code book} depth 10, 2023-07-30: the updates (JSON numbers, checksums). */
    public static Corpus kraken()
    {
        final Instrument instrument = new Instrument(0, Venue.KRAKEN, "BTC/USD", "BTC-USD", 1, 8, 10);
        return Corpus.load(KRAKEN, instrument, "fixtures/kraken/BTCUSD_book10_2023-07-30.jsonl", null,
            () -> new KrakenFrameDecoder(symbols(instrument), MAX_FRAME_LENGTH)::decode);
    }

    private static SymbolTable symbols(final Instrument instrument)
    {
        final SymbolTable symbols = new SymbolTable(4);
        symbols.add(instrument);
        return symbols;
    }

    private static FrameDecoder binanceDecoder(final Instrument instrument)
    {
        return new BinanceStreamDecoder(instrument.venue(), symbols(instrument), MAX_FRAME_LENGTH)::decode;
    }
}
