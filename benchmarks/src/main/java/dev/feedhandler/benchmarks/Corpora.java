package dev.feedhandler.benchmarks;

import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.binance.BinanceStreamDecoder;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;

/**
 * The real captures the benchmarks run on, by name (the value of each benchmark's {@code corpus} parameter).
 * <p>
 * Adding a venue is one method here plus its name in {@link #byName} and in the {@code @Param} lists of the
 * benchmarks that take a corpus (decode, floor, and decode + apply for venues with a sequence).
 */
public final class Corpora
{
    public static final String BINANCE_SPOT = "binanceSpot";
    public static final String BINANCE_USDM = "binanceUsdm";

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
            default:
                throw new IllegalArgumentException("unknown corpus: " + name);
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

    private static FrameDecoder binanceDecoder(final Instrument instrument)
    {
        final SymbolTable symbols = new SymbolTable(4);
        symbols.add(instrument);
        return new BinanceStreamDecoder(instrument.venue(), symbols, MAX_FRAME_LENGTH)::decode;
    }
}
