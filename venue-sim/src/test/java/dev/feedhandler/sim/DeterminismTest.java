package dev.feedhandler.sim;

import dev.feedhandler.sim.testing.Frames;
import dev.feedhandler.sim.testing.Poll;
import dev.feedhandler.sim.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Same seed, same books and same frames (but for the timestamps), whoever is connected; another seed, other books.
 */
class DeterminismTest
{
    private static final int EVENTS = 3000;

    @Test
    void shouldGenerateTheSameEventsAndBooksForTheSameSeed()
    {
        try (VenueSimulator first = start(77);
            VenueSimulator second = start(77);
            VenueSimulator silent = start(77);
            VenueSimulator other = start(78);
            WsClient firstSpot = WsClient.connect(first.webSocketUrl() + "/spot/ws/btcusdt@depth@100ms");
            WsClient secondSpot = WsClient.connect(second.webSocketUrl() + "/spot/ws/btcusdt@depth@100ms");
            WsClient firstUsdm = WsClient.connect(first.webSocketUrl() +
                "/usdm/stream?streams=ethusdt@depth@100ms/ethusdt@bookTicker");
            WsClient secondUsdm = WsClient.connect(second.webSocketUrl() +
                "/usdm/stream?streams=ethusdt@depth@100ms/ethusdt@bookTicker"))
        {
            for (final VenueSimulator sim : List.of(first, second, silent, other))
            {
                sim.advance(EVENTS);
            }
            for (final String[] instrument : new String[][] {
                {"binance-spot", "BTCUSDT"}, {"binance-spot", "ETHUSDT"}, {"binance-usdm", "ETHUSDT"}})
            {
                final BookTruth truth = first.truth(instrument[0], instrument[1]);
                assertThat(second.truth(instrument[0], instrument[1]).toJson()).isEqualTo(truth.toJson());
                assertThat(silent.truth(instrument[0], instrument[1]).toJson())
                    .as("subscribers do not change the books").isEqualTo(truth.toJson());
                assertThat(other.truth(instrument[0], instrument[1]).toJson()).isNotEqualTo(truth.toJson());
            }
            final long spotEvents = first.stats().instrument("binance-spot", "BTCUSDT")
                .counter(InstrumentCounter.EVENTS_GENERATED);
            firstSpot.awaitFrames((int)spotEvents, Duration.ofSeconds(10));
            secondSpot.awaitFrames((int)spotEvents, Duration.ofSeconds(10));
            assertThat(firstSpot.texts()).hasSize((int)spotEvents);
            assertSameButTimes(firstSpot.texts(), secondSpot.texts());

            final long usdmTickers = first.stats().instrument("binance-usdm", "ETHUSDT")
                .counter(InstrumentCounter.TICKERS_SENT);
            final long usdmEvents = first.stats().instrument("binance-usdm", "ETHUSDT")
                .counter(InstrumentCounter.EVENTS_GENERATED);
            Poll.until(Duration.ofSeconds(10), () -> firstUsdm.frameCount() == usdmEvents + usdmTickers &&
                secondUsdm.frameCount() == usdmEvents + usdmTickers, "all USD-M frames");
            assertSameButTimes(firstUsdm.texts(), secondUsdm.texts());
            assertThat(Frames.diffs(firstUsdm.texts())).hasSize((int)usdmEvents);
        }
    }

    private static void assertSameButTimes(final List<String> first, final List<String> second)
    {
        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++)
        {
            assertThat(Frames.withoutTimes(second.get(i))).isEqualTo(Frames.withoutTimes(first.get(i)));
        }
    }

    private static VenueSimulator start(final long seed)
    {
        return VenueSimulator.start(new SimulatorConfig()
            .instruments("binance-spot", "BTCUSDT", "ETHUSDT")
            .instruments("binance-usdm", "ETHUSDT")
            .levels(80)
            .seed(seed)
            .startPaused(true));
    }
}
