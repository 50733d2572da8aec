package dev.feedhandler.feeder.venue.kraken;

import dev.feedhandler.feeder.venue.StreamSubscription;
import dev.feedhandler.feeder.venue.StreamVenues;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.feedhandler.feeder.TestFrames.symbols;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The messages {@link KrakenProtocol} sends, byte for byte, and the limits it keeps.
 */
class KrakenProtocolTest
{
    private static final Instrument BTC_USD = new Instrument(4, Venue.KRAKEN, "BTC/USD", "BTC-USD", 1, 8, 10);
    private static final Instrument ETH_USD = new Instrument(9, Venue.KRAKEN, "ETH/USD", "ETH-USD", 2, 8, 10);

    private final KrakenProtocol protocol = new KrakenProtocol(new StreamSubscription("book", 10));

    @Test
    void shouldSubscribeAllSymbolsOfASmallListInOneRequestWithDepthAndSnapshot()
    {
        assertThat(protocol.subscribeMessages(List.of(BTC_USD, ETH_USD))).containsExactly(
            "{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"BTC/USD\",\"ETH/USD\"]," +
            "\"depth\":10,\"snapshot\":true},\"req_id\":1}");
    }

    @Test
    void shouldUnsubscribeOneSymbolAtTheSubscribedDepth()
    {
        final KrakenProtocol deep = new KrakenProtocol(new StreamSubscription("book", 100));

        assertThat(deep.unsubscribeMessages(ETH_USD)).containsExactly(
            "{\"method\":\"unsubscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"ETH/USD\"],\"depth\":100}," +
            "\"req_id\":1000009}");
    }

    @Test
    void shouldBatchManySymbolsKeepingEveryOneOnceAndInOrder()
    {
        final List<Instrument> instruments = new ArrayList<>();
        for (int i = 0; i < 2 * KrakenProtocol.SYMBOLS_PER_REQUEST + 3; i++)
        {
            instruments.add(new Instrument(i, Venue.KRAKEN, "C" + i + "/USD", "C" + i + "-USD", 2, 8, 10));
        }

        final List<String> messages = protocol.subscribeMessages(instruments);

        assertThat(messages).hasSize(3);
        final List<String> named = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++)
        {
            final String message = messages.get(i);
            assertThat(message).endsWith(",\"req_id\":" + (i + 1) + "}").contains("\"depth\":10,\"snapshot\":true");
            final String list = message.substring(message.indexOf("\"symbol\":[") + 10, message.indexOf(']'));
            for (final String quoted : list.split(","))
            {
                named.add(quoted.substring(1, quoted.length() - 1));
            }
        }
        assertThat(named).containsExactlyElementsOf(instruments.stream().map(Instrument::symbol).toList());
        assertThat(protocol.subscribeMessages(List.of())).isEmpty();
    }

    @Test
    void shouldEscapeQuotesInConfiguredSymbols()
    {
        final Instrument odd = new Instrument(1, Venue.KRAKEN, "A\"B/USD", "AB-USD", 1, 1, 10);

        assertThat(protocol.unsubscribeMessages(odd).get(0)).contains("\"symbol\":[\"A\\\"B/USD\"]");
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 25, 100, 500, 1000})
    void shouldAcceptEveryDepthKrakenOffers(final int depth)
    {
        assertThat(new KrakenProtocol(new StreamSubscription("book", depth)).subscribeMessages(List.of(BTC_USD)))
            .singleElement().asString().contains("\"depth\":" + depth + ",");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 50, 200, 1001, -10})
    void shouldRefuseADepthKrakenDoesNotOffer(final int depth)
    {
        assertThatThrownBy(() -> new KrakenProtocol(new StreamSubscription("book", depth)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(depth));
    }

    @Test
    void shouldRefuseAChannelOtherThanBook()
    {
        assertThatThrownBy(() -> new KrakenProtocol(new StreamSubscription("level3", 10)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level3");
    }

    @Test
    void shouldPingEveryThirtySecondsResubscribeToResyncAndConnectWhereConfigured()
    {
        final URI configured = URI.create("wss://ws.kraken.com/v2");

        assertThat(protocol.pingText()).isEqualTo("{\"method\":\"ping\",\"req_id\":0}");
        assertThat(protocol.pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(protocol.resyncByResubscribe()).isTrue();
        assertThat(protocol.venue()).isEqualTo(Venue.KRAKEN);
        assertThat(protocol.connectUri(configured, List.of(BTC_USD))).isEqualTo(configured);
        assertThat(protocol.maxInstrumentsPerConnection()).isPositive();
        assertThat(protocol.newDecoder(symbols(BTC_USD), 1024)).isInstanceOf(KrakenFrameDecoder.class);
    }

    @Test
    void shouldBeTheProtocolStreamVenuesGivesForKraken()
    {
        assertThat(StreamVenues.protocol(Venue.KRAKEN, new StreamSubscription("book", 25)))
            .isInstanceOf(KrakenProtocol.class)
            .extracting(p -> ((KrakenProtocol)p).depth()).isEqualTo(25);
    }
}
