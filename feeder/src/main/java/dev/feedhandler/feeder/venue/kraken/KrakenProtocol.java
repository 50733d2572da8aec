package dev.feedhandler.feeder.venue.kraken;

import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.feeder.venue.StreamSubscription;
import dev.feedhandler.feeder.venue.StreamVenueProtocol;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Kraken WebSocket v2 ({@code wss://ws.kraken.com/v2}), channel {@code book}: a snapshot then updates per symbol, a
 * CRC32 checksum in every message and no sequence number, so a broken book is recovered by unsubscribing and
 * subscribing its symbol again. Keepalive: Kraken sends {@code {"channel":"heartbeat"}} when idle; we also send the
 * application ping {@code {"method":"ping"}} every 30 s.
 */
public final class KrakenProtocol implements StreamVenueProtocol
{
    /** Depths Kraken's book channel accepts. */
    private static final int[] DEPTHS = {10, 25, 100, 500, 1000};
    /** Symbols per subscribe request: Kraken answers each symbol separately, this keeps one request small. */
    static final int SYMBOLS_PER_REQUEST = 50;
    /**
     * Symbols per connection. Kraken documents no hard limit for public channels; this keeps one connection's
     * snapshot burst and update rate moderate (our choice).
     */
    static final int MAX_SYMBOLS_PER_CONNECTION = 200;
    /** Request ids: subscribes count from 1 per connection; an unsubscribe uses this plus the instrument id. */
    static final int UNSUBSCRIBE_REQ_ID_BASE = 1_000_000;
    static final String PING = "{\"method\":\"ping\",\"req_id\":0}";
    static final Duration PING_INTERVAL = Duration.ofSeconds(30);
    private static final String CHANNEL = "book";

    private final int depth;

    /**
     * @throws IllegalArgumentException when the channel is not {@code book} or the depth not one Kraken offers.
     */
    public KrakenProtocol(final StreamSubscription subscription)
    {
        if (!CHANNEL.equals(subscription.channel()))
        {
            throw new IllegalArgumentException(
                "kraken: channel must be \"book\", got \"" + subscription.channel() + "\"");
        }
        if (!isSupportedDepth(subscription.depth()))
        {
            throw new IllegalArgumentException(
                "kraken: book depth must be one of 10, 25, 100, 500, 1000, got " + subscription.depth());
        }
        this.depth = subscription.depth();
    }

    static boolean isSupportedDepth(final int depth)
    {
        for (final int supported : DEPTHS)
        {
            if (supported == depth)
            {
                return true;
            }
        }
        return false;
    }

    public int depth()
    {
        return depth;
    }

    public Venue venue()
    {
        return Venue.KRAKEN;
    }

    public URI connectUri(final URI configured, final List<Instrument> instruments)
    {
        return configured;
    }

    public List<String> subscribeMessages(final List<Instrument> instruments)
    {
        final List<String> messages = new ArrayList<>();
        for (int from = 0, reqId = 1; from < instruments.size(); from += SYMBOLS_PER_REQUEST, reqId++)
        {
            final int to = Math.min(instruments.size(), from + SYMBOLS_PER_REQUEST);
            final List<Instrument> batch = instruments.subList(from, to);
            messages.add(request("subscribe", batch, ",\"snapshot\":true", reqId));
        }
        return messages;
    }

    public List<String> unsubscribeMessages(final Instrument instrument)
    {
        return List.of(request("unsubscribe", List.of(instrument), "", UNSUBSCRIBE_REQ_ID_BASE + instrument.id()));
    }

    private String request(final String method, final List<Instrument> batch, final String extra, final int reqId)
    {
        final StringBuilder text = new StringBuilder(64 + 16 * batch.size())
            .append("{\"method\":\"").append(method)
            .append("\",\"params\":{\"channel\":\"").append(CHANNEL).append("\",\"symbol\":[");
        for (int i = 0; i < batch.size(); i++)
        {
            appendJsonString(text.append(i == 0 ? "" : ","), batch.get(i).symbol());
        }
        return text.append("],\"depth\":").append(depth).append(extra)
            .append("},\"req_id\":").append(reqId).append('}').toString();
    }

    /** Symbols come from config: escape what JSON requires, so a stray quote cannot break the request. */
    private static void appendJsonString(final StringBuilder text, final String value)
    {
        text.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                text.append('\\').append(c);
            }
            else if (c < ' ')
            {
                text.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                text.append(c);
            }
        }
        text.append('"');
    }

    public boolean resyncByResubscribe()
    {
        return true;
    }

    public String pingText()
    {
        return PING;
    }

    public Duration pingInterval()
    {
        return PING_INTERVAL;
    }

    public int maxInstrumentsPerConnection()
    {
        return MAX_SYMBOLS_PER_CONNECTION;
    }

    public StreamFrameDecoder newDecoder(final SymbolTable symbols, final int maxFrameBytes)
    {
        return new KrakenFrameDecoder(symbols, maxFrameBytes);
    }
}
