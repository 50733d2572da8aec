package dev.feedhandler.feeder.venue.bybit;

import dev.feedhandler.feeder.venue.StreamSubscription;
import dev.feedhandler.feeder.venue.StreamVenueProtocol;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The exact text {@link BybitProtocol} sends, its batching within Bybit's 10-args limit, and its settings.
 */
class BybitProtocolTest
{
    private final BybitProtocol protocol = new BybitProtocol(new StreamSubscription("orderbook", 50));

    @Test
    void shouldSubscribeOneInstrumentWithTheExactBybitRequest()
    {
        final List<String> messages = protocol.subscribeMessages(List.of(instrument(0, "BTCUSDT")));

        assertThat(messages).containsExactly(
            "{\"req_id\":\"1\",\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\"]}");
    }

    @Test
    void shouldPutTenTopicsInOneRequestAndTheEleventhInTheNext()
    {
        final List<Instrument> instruments = instruments(11);

        final List<String> messages = protocol.subscribeMessages(instruments);

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).isEqualTo("{\"req_id\":\"1\",\"op\":\"subscribe\",\"args\":[" +
            "\"orderbook.50.S0USDT\",\"orderbook.50.S1USDT\",\"orderbook.50.S2USDT\",\"orderbook.50.S3USDT\"," +
            "\"orderbook.50.S4USDT\",\"orderbook.50.S5USDT\",\"orderbook.50.S6USDT\",\"orderbook.50.S7USDT\"," +
            "\"orderbook.50.S8USDT\",\"orderbook.50.S9USDT\"]}");
        assertThat(messages.get(1)).isEqualTo(
            "{\"req_id\":\"2\",\"op\":\"subscribe\",\"args\":[\"orderbook.50.S10USDT\"]}");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9, 10, 11, 20, 21, 57, 200})
    void shouldBatchEveryInstrumentExactlyOnceInOrderAtMostTenPerRequest(final int count)
    {
        final List<Instrument> instruments = instruments(count);

        final List<String> messages = protocol.subscribeMessages(instruments);

        assertThat(messages).hasSize((count + 9) / 10);
        final List<String> topics = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++)
        {
            final String message = messages.get(i);
            final String prefix = "{\"req_id\":\"" + (i + 1) + "\",\"op\":\"subscribe\",\"args\":[";
            assertThat(message).startsWith(prefix).endsWith("]}");
            final String args = message.substring(prefix.length(), message.length() - 2);
            final List<String> batch = List.of(args.split(","));
            assertThat(batch).hasSizeBetween(1, BybitProtocol.MAX_ARGS_PER_REQUEST);
            topics.addAll(batch);
        }
        final List<String> expected = new ArrayList<>();
        for (final Instrument instrument : instruments)
        {
            expected.add("\"orderbook.50." + instrument.symbol() + "\"");
        }
        assertThat(topics).isEqualTo(expected);
    }

    @Test
    void shouldUnsubscribeOneTopicWithTheInstrumentIdAsRequestId()
    {
        assertThat(protocol.unsubscribeMessages(instrument(7, "XRPUSDT"))).containsExactly(
            "{\"req_id\":\"7\",\"op\":\"unsubscribe\",\"args\":[\"orderbook.50.XRPUSDT\"]}");
    }

    @Test
    void shouldUseTheSubscribedDepthInTheTopic()
    {
        final BybitProtocol deep = new BybitProtocol(new StreamSubscription("orderbook", 1000));

        assertThat(deep.subscribeMessages(List.of(instrument(0, "ETHUSDT")))).containsExactly(
            "{\"req_id\":\"1\",\"op\":\"subscribe\",\"args\":[\"orderbook.1000.ETHUSDT\"]}");
        assertThat(deep.topic(instrument(0, "ETHUSDT"))).isEqualTo("orderbook.1000.ETHUSDT");
    }

    @Test
    void shouldPingEveryTwentySecondsAndResyncByResubscribing()
    {
        assertThat(protocol.pingText()).isEqualTo("{\"op\":\"ping\"}");
        assertThat(protocol.pingInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(protocol.resyncByResubscribe()).isTrue();
        assertThat(protocol.venue()).isEqualTo(Venue.BYBIT);
        assertThat(protocol.maxInstrumentsPerConnection()).isEqualTo(200);
    }

    @Test
    void shouldConnectToTheConfiguredUriAsItIs()
    {
        final URI configured = URI.create("wss://stream.bybit.com/v5/public/linear");

        assertThat(protocol.connectUri(configured, List.of(instrument(0, "BTCUSDT")))).isSameAs(configured);
    }

    @Test
    void shouldBeTheProtocolStreamVenuesGivesForBybit()
    {
        final StreamVenueProtocol fromRegistry = StreamVenues.protocol(Venue.BYBIT, new StreamSubscription("orderbook", 200));

        assertThat(fromRegistry).isInstanceOf(BybitProtocol.class);
        assertThat(fromRegistry.subscribeMessages(List.of(instrument(0, "BTCUSDT")))).containsExactly(
            "{\"req_id\":\"1\",\"op\":\"subscribe\",\"args\":[\"orderbook.200.BTCUSDT\"]}");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 25, 100, 400, 5000, -1})
    void shouldRefuseADepthBybitDoesNotOffer(final int depth)
    {
        assertThatThrownBy(() -> new BybitProtocol(new StreamSubscription("orderbook", depth)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("depth").hasMessageContaining("" + depth);
    }

    @Test
    void shouldRefuseAnotherChannel()
    {
        assertThatThrownBy(() -> new BybitProtocol(new StreamSubscription("books", 50)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orderbook");
    }

    private static List<Instrument> instruments(final int count)
    {
        final List<Instrument> instruments = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            instruments.add(instrument(i, "S" + i + "USDT"));
        }
        return instruments;
    }

    private static Instrument instrument(final int id, final String symbol)
    {
        return new Instrument(id, Venue.BYBIT, symbol, 4, 0);
    }
}
