package dev.feedhandler.feeder.replay;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real venue captures are: {@code -Dfixtures.dir} (set by the build to the repository's
 * {@code fixtures/}, a byte-identical copy of {@code ../shared/fixtures}).
 */
final class Fixtures
{
    static final Path DIR = Path.of(System.getProperty("fixtures.dir", "../fixtures"));
    static final Path SPOT_SNAPSHOT = DIR.resolve("binance-spot/NKNUSDT_rest_depth_limit1000_snapshot.json");
    static final Path SPOT_FRAMES = DIR.resolve("binance-spot/NKNUSDT_ws_depth100ms_and_bookTicker.jsonl");
    static final Path USDM_SNAPSHOT = DIR.resolve("binance-usdm/SUSHIUSDT_rest_fapi_depth_limit1000_snapshot.json");
    static final Path USDM_FRAMES = DIR.resolve("binance-usdm/SUSHIUSDT_ws_depth100ms_bookTicker_aggTrade_kline.jsonl");

    private Fixtures()
    {
    }

    static byte[] read(final Path path)
    {
        try
        {
            return Files.readAllBytes(path);
        }
        catch (final java.io.IOException ex)
        {
            throw new AssertionError("fixture missing: " + path.toAbsolutePath() + " (run the build from the repo root)", ex);
        }
    }
}
