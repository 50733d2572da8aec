package dev.feedhandler.feeder.venue.coinbase;

import dev.feedhandler.feeder.TestFrames.OutWindow;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.feeder.venue.StreamSubscription;
import dev.feedhandler.feeder.venue.StreamVenueProtocol;
import dev.feedhandler.feeder.venue.StreamVenues;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static dev.feedhandler.feeder.TestFrames.symbols;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.BTC_USD;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.ETH_USD;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.decode;
import static dev.feedhandler.feeder.venue.coinbase.CoinbaseFrames.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The connection side of Coinbase Advanced Trade: exact subscribe messages, no ping, reconnect (not resubscribe) to
 * resync, and how {@link StreamVenues} hands it out.
 */
class CoinbaseProtocolTest
{
    private final StreamVenueProtocol protocol = new CoinbaseProtocol(new StreamSubscription("level2", 0));

    @Test
    void shouldSubscribeLevel2ThenHeartbeatsOneChannelPerMessage()
    {
        assertThat(protocol.subscribeMessages(List.of(BTC_USD, ETH_USD))).containsExactly(
            "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],\"channel\":\"level2\"}",
            "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],\"channel\":\"heartbeats\"}");
    }

    @Test
    void shouldSubscribeASingleProduct()
    {
        assertThat(protocol.subscribeMessages(List.of(ETH_USD))).containsExactly(
            "{\"type\":\"subscribe\",\"product_ids\":[\"ETH-USD\"],\"channel\":\"level2\"}",
            "{\"type\":\"subscribe\",\"product_ids\":[\"ETH-USD\"],\"channel\":\"heartbeats\"}");
    }

    @Test
    void shouldEscapeAProductIdJsonCouldNotTakeAsItIs()
    {
        final Instrument odd = new Instrument(1, Venue.COINBASE, "A\"B\\C", "A-B", 2, 2);

        assertThat(protocol.subscribeMessages(List.of(odd)).get(0))
            .isEqualTo("{\"type\":\"subscribe\",\"product_ids\":[\"A\\\"B\\\\C\"],\"channel\":\"level2\"}");
    }

    @Test
    void shouldRefuseInstrumentsOfAnotherVenueOrNone()
    {
        final Instrument binance = new Instrument(1, Venue.BINANCE_SPOT, "BTCUSDT", 2, 5);

        assertThatThrownBy(() -> protocol.subscribeMessages(List.of(BTC_USD, binance)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BTCUSDT");
        assertThatThrownBy(() -> protocol.subscribeMessages(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldResyncByReconnectingWithNoPingAndTheConfiguredUri()
    {
        final URI uri = URI.create("wss://advanced-trade-ws.coinbase.com");

        assertThat(protocol.venue()).isEqualTo(Venue.COINBASE);
        assertThat(protocol.resyncByResubscribe()).isFalse();
        assertThat(protocol.unsubscribeMessages(BTC_USD)).isEmpty();
        assertThat(protocol.pingText()).isNull();
        assertThat(protocol.connectUri(uri, List.of(BTC_USD))).isSameAs(uri);
        assertThat(protocol.maxInstrumentsPerConnection()).as("users report errors beyond 16 L2 products")
            .isEqualTo(16);
    }

    @Test
    void shouldGiveAFreshDecoderPerConnection()
    {
        final StreamFrameDecoder first = protocol.newDecoder(symbols(BTC_USD, ETH_USD), 1 << 16);
        final StreamFrameDecoder second = protocol.newDecoder(symbols(BTC_USD, ETH_USD), 1 << 16);
        final String snapshot = session().get(1);

        assertThat(first).isInstanceOf(CoinbaseFrameDecoder.class).isNotSameAs(second);
        assertThat(decode(first, snapshot, OutWindow.forLevels(4))).isEqualTo(BookEvent.lengthFor(4));
        assertThat(decode(second, snapshot, OutWindow.forLevels(4))).as("a new connection starts its own sequence")
            .isEqualTo(BookEvent.lengthFor(4));
    }

    @Test
    void shouldBeTheStreamProtocolForCoinbase()
    {
        assertThat(StreamVenues.protocol(Venue.COINBASE, new StreamSubscription("level2", 0)))
            .isInstanceOf(CoinbaseProtocol.class);
    }

    @Test
    void shouldRefuseAnotherChannelOrADepth()
    {
        assertThatThrownBy(() -> new CoinbaseProtocol(new StreamSubscription("level3", 0)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level3");
        assertThatThrownBy(() -> new CoinbaseProtocol(new StreamSubscription("level2", 50)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("50");
    }
}
