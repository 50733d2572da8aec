package dev.feedhandler.sim;

import dev.feedhandler.sim.testing.BinanceSyncClient;
import dev.feedhandler.sim.testing.BinanceSyncClient.Rule;
import dev.feedhandler.sim.testing.Http;
import dev.feedhandler.sim.testing.Poll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that follow the Binance sync rules from venues.md to the letter (REST snapshot, buffered diffs, bridge,
 * continuity) rebuild exactly the simulator's truth, on both venues, several instruments, every depth stream speed.
 */
class SyncAgainstTruthTest
{
    private static final String SPOT = "binance-spot";
    private static final String USDM = "binance-usdm";
    private static final List<String> SPOT_SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "NKNUSDT");
    private static final List<String> USDM_SYMBOLS = List.of("BTCUSDT", "SUSHIUSDT");
    private static final int MIN_UPDATES = 3000;

    @Test
    void shouldRebuildTheTruthFromSnapshotAndDiffsOnBothVenues()
    {
        final SimulatorConfig config = new SimulatorConfig()
            .instruments(SPOT, "BTCUSDT", "ETHUSDT", "NKNUSDT/8/8/0.3513")
            .instruments(USDM, "BTCUSDT", "SUSHIUSDT/4/0/7.611")
            .ratePerSecond(4000)
            .levels(120)
            .maxBatch(6)
            .seed(42);
        try (VenueSimulator sim = VenueSimulator.start(config))
        {
            final String url = sim.httpUrl();
            final List<BinanceSyncClient> clients = new ArrayList<>();
            final BinanceSyncClient spotFast = BinanceSyncClient.connect(url, Rule.SPOT, SPOT_SYMBOLS, "@depth@100ms");
            final BinanceSyncClient spotSlow = BinanceSyncClient.connect(url, Rule.SPOT, SPOT_SYMBOLS, "@depth");
            final BinanceSyncClient spotRaw = BinanceSyncClient.connectRaw(url, Rule.SPOT, "ETHUSDT", "@depth@100ms");
            final BinanceSyncClient usdmFast = BinanceSyncClient.connect(url, Rule.USDM, USDM_SYMBOLS, "@depth@100ms");
            final BinanceSyncClient usdm500 = BinanceSyncClient.connect(url, Rule.USDM, USDM_SYMBOLS, "@depth@500ms");
            final BinanceSyncClient usdm250 = BinanceSyncClient.connect(url, Rule.USDM, USDM_SYMBOLS, "@depth");
            clients.addAll(List.of(spotFast, spotSlow, spotRaw, usdmFast, usdm500, usdm250));
            try
            {
                int truthChecks = 0;
                final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!enoughUpdates(sim) || !clients.stream().allMatch(BinanceSyncClient::allLive))
                {
                    assertThat(System.nanoTime()).as("time out waiting for updates and sync").isLessThan(deadline);
                    clients.forEach(BinanceSyncClient::pump);
                    for (final String symbol : SPOT_SYMBOLS)
                    {
                        assertThat(sim.truth(SPOT, symbol).isCrossed()).isFalse();
                    }
                    truthChecks++;
                }
                assertThat(truthChecks).isPositive();

                sim.pause();
                for (final String symbol : SPOT_SYMBOLS)
                {
                    final BookTruth truth = sim.truth(SPOT, symbol);
                    assertRebuilt(spotFast, truth, sim);
                    assertRebuilt(spotSlow, truth, sim);
                    if (symbol.equals("ETHUSDT"))
                    {
                        assertRebuilt(spotRaw, truth, sim);
                    }
                }
                for (final String symbol : USDM_SYMBOLS)
                {
                    final BookTruth truth = sim.truth(USDM, symbol);
                    assertRebuilt(usdmFast, truth, sim);
                    assertRebuilt(usdm500, truth, sim);
                    assertRebuilt(usdm250, truth, sim);
                }
                assertThat(sim.stats().global(GlobalCounter.ENGINE_ERRORS)).isZero();
            }
            finally
            {
                clients.forEach(BinanceSyncClient::close);
            }
        }
    }

    private static boolean enoughUpdates(final VenueSimulator sim)
    {
        return sim.stats().instruments().stream()
            .allMatch(stats -> stats.counter(InstrumentCounter.UPDATES_GENERATED) >= MIN_UPDATES);
    }

    private static void assertRebuilt(final BinanceSyncClient client, final BookTruth truth, final VenueSimulator sim)
    {
        final BinanceSyncClient.SymbolBook book = client.book(truth.symbol());
        Poll.until(Duration.ofSeconds(20), () ->
        {
            client.pump();
            return book.lastId() == truth.updateId();
        }, () -> truth.venue() + ":" + truth.symbol() + " client at " + book.lastId() + ", truth at " +
            truth.updateId());

        assertThat(book.state()).isEqualTo(BinanceSyncClient.State.LIVE);
        assertThat(book.gaps).as("continuity breaks").isZero();
        assertThat(book.applied).as("diffs applied").isGreaterThan(2);
        assertThat(client.malformedFrames).isZero();
        assertThat(truth.bids()).hasSizeGreaterThan(50);
        assertThat(truth.isCrossed()).isFalse();

        // The HTTP truth and the in-process truth are the same book, in the same plain text.
        final Map<String, Object> json = Http.getJson(sim.httpUrl() + "/truth?venue=" + truth.venue() + "&symbol=" +
            truth.symbol());
        assertThat(((Number)json.get("updateId")).longValue()).isEqualTo(truth.updateId());
        assertThat(json.get("bids")).isEqualTo(book.bids());
        assertThat(json.get("asks")).isEqualTo(book.asks());
        assertThat(truthLevels(truth.bids())).isEqualTo(book.bids());
        assertThat(truthLevels(truth.asks())).isEqualTo(book.asks());
    }

    private static List<List<String>> truthLevels(final List<BookTruth.Level> levels)
    {
        final List<List<String>> out = new ArrayList<>();
        for (final BookTruth.Level level : levels)
        {
            out.add(List.of(level.priceText(), level.quantityText()));
        }
        return out;
    }
}
