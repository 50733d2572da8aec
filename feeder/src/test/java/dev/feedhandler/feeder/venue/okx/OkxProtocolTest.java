package dev.feedhandler.feeder.venue.okx;

import dev.feedhandler.feeder.replay.NaiveJson;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.feeder.venue.StreamSubscription;
import dev.feedhandler.feeder.venue.StreamVenueProtocol;
import dev.feedhandler.feeder.venue.StreamVenues;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.feedhandler.feeder.TestFrames.symbols;
import static dev.feedhandler.feeder.venue.okx.OkxFixtures.BTC_USDT;
import static dev.feedhandler.feeder.venue.okx.OkxFixtures.ETH_USDT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The messages {@link OkxProtocol} sends and the settings it gives the shared stream ingest. */
class OkxProtocolTest
{
    private static final StreamSubscription BOOKS = new StreamSubscription("books", 0);

    private final StreamVenueProtocol protocol = StreamVenues.protocol(Venue.OKX, BOOKS);

    @Test
    void shouldBeTheOkxProtocolFromStreamVenues()
    {
        assertThat(protocol).isInstanceOf(OkxProtocol.class);
        assertThat(protocol.venue()).isEqualTo(Venue.OKX);
    }

    @Test
    void shouldSubscribeInstrumentsWithTheChannelAndInstIdInOneMessage()
    {
        final List<String> messages = protocol.subscribeMessages(List.of(BTC_USDT, ETH_USDT));

        assertThat(messages).containsExactly("{\"id\":\"1\",\"op\":\"subscribe\",\"args\":[" +
            "{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},{\"channel\":\"books\",\"instId\":\"ETH-USDT\"}]}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldBatchTwentyArgsPerSubscribeMessageWithRisingIds()
    {
        final List<Instrument> instruments = new ArrayList<>();
        for (int i = 0; i < 45; i++)
        {
            instruments.add(new Instrument(i, Venue.OKX, "C" + i + "-USDT", "C" + i + "-USDT", 2, 4));
        }

        final List<String> messages = protocol.subscribeMessages(instruments);

        assertThat(messages).hasSize(3);
        final List<String> instIds = new ArrayList<>();
        for (int m = 0; m < messages.size(); m++)
        {
            final Map<String, Object> message = (Map<String, Object>)NaiveJson.parse(messages.get(m));
            assertThat(message.get("id")).isEqualTo(Integer.toString(m + 1));
            assertThat(message.get("op")).isEqualTo("subscribe");
            final List<Object> args = (List<Object>)message.get("args");
            assertThat(args).hasSize(m < 2 ? 20 : 5);
            for (final Object arg : args)
            {
                assertThat(((Map<String, Object>)arg).get("channel")).isEqualTo("books");
                instIds.add((String)((Map<String, Object>)arg).get("instId"));
            }
            assertThat(messages.get(m).getBytes(StandardCharsets.UTF_8).length).isLessThan(4096);
        }
        assertThat(instIds).isEqualTo(instruments.stream().map(Instrument::symbol).toList());
    }

    @Test
    void shouldUnsubscribeOneInstrument()
    {
        assertThat(protocol.unsubscribeMessages(ETH_USDT)).containsExactly(
            "{\"id\":\"1\",\"op\":\"unsubscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"ETH-USDT\"}]}");
        assertThat(protocol.resyncByResubscribe()).isTrue();
    }

    @Test
    void shouldPingWithTextPingEvery25SecondsBelowOkxs30SecondCutOff()
    {
        assertThat(protocol.pingText()).isEqualTo("ping");
        assertThat(protocol.pingInterval()).isEqualTo(Duration.ofSeconds(25)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void shouldConnectToTheConfiguredUriAndBoundInstrumentsPerConnection()
    {
        final URI uri = URI.create("wss://ws.okx.com:8443/ws/v5/public");

        assertThat(protocol.connectUri(uri, List.of(BTC_USDT))).isEqualTo(uri);
        assertThat(protocol.maxInstrumentsPerConnection()).isEqualTo(OkxProtocol.MAX_INSTRUMENTS_PER_CONNECTION);
    }

    @Test
    void shouldMakeADecoderForTheSubscribedChannel()
    {
        final StreamVenueProtocol tbt = new OkxProtocol(new StreamSubscription("books-l2-tbt", 0));
        final StreamFrameDecoder decoder = tbt.newDecoder(symbols(BTC_USDT), 1 << 16);
        final byte[] frame = ("{\"arg\":{\"channel\":\"books-l2-tbt\",\"instId\":\"BTC-USDT\"}," +
            "\"action\":\"snapshot\"," +
            "\"data\":[{\"asks\":[],\"bids\":[[\"1\",\"1\",\"0\",\"1\"]],\"seqId\":1,\"prevSeqId\":-1}]}")
            .getBytes(StandardCharsets.US_ASCII);
        final byte[] books = ("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"snapshot\"," +
            "\"data\":[{\"asks\":[],\"bids\":[[\"1\",\"1\",\"0\",\"1\"]],\"seqId\":1,\"prevSeqId\":-1}]}")
            .getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1024]);

        assertThat(decoder.decode(new UnsafeBuffer(frame), 0, frame.length, out, 0, 1024, 0))
            .isPositive();
        assertThat(decoder.decode(new UnsafeBuffer(books), 0, books.length, out, 0, 1024, 0))
            .isZero();
    }

    @Test
    void shouldRefuseChannelsWithoutIncrementalUpdatesAndUnsafeOrForeignInstruments()
    {
        assertThatThrownBy(() -> new OkxProtocol(new StreamSubscription("books5", 0)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("books5");
        assertThatThrownBy(() -> protocol.subscribeMessages(
            List.of(new Instrument(1, Venue.OKX, "BTC\"-USDT", "BTC-USDT", 1, 8))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instId");
        assertThatThrownBy(() -> protocol.unsubscribeMessages(new Instrument(1, Venue.BYBIT, "BTCUSDT", 1, 8)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an OKX instrument");
    }
}
