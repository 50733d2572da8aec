package dev.feedhandler.feeder.venue.bybit;

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
 * Bybit v5 public order books ({@code wss://stream.bybit.com/v5/public/<category>}, the category is in the configured
 * URI): topic {@code orderbook.<depth>.<SYMBOL>}, subscribed with {@code {"req_id":"<n>","op":"subscribe","args":[..]}}
 * at most {@value #MAX_ARGS_PER_REQUEST} topics per request (spot's limit, used for every category), kept alive with
 * {@code {"op":"ping"}} every 20 s. A broken book is recovered by unsubscribing and subscribing its topic again: the
 * first message after a subscription is a fresh snapshot.
 */
public final class BybitProtocol implements StreamVenueProtocol
{
    /** Bybit's order-book channel name. */
    public static final String CHANNEL = "orderbook";
    /** Spot accepts at most 10 args per subscribe request; the others more. One limit for all keeps it simple. */
    public static final int MAX_ARGS_PER_REQUEST = 10;
    /**
     * Instruments per connection: Bybit caps the total length of a connection's args at 21,000 characters; 200 topics
     * of up to ~40 characters stay well inside it.
     */
    public static final int MAX_INSTRUMENTS_PER_CONNECTION = 200;
    public static final String PING_TEXT = "{\"op\":\"ping\"}";
    public static final Duration PING_INTERVAL = Duration.ofSeconds(20);

    private static final int[] DEPTHS = {1, 50, 200, 500, 1000};

    private final int depth;

    /**
     * @throws IllegalArgumentException when the channel is not {@code orderbook} or the depth is not one Bybit
     *                                  offers (1, 50, 200, 500, 1000).
     */
    public BybitProtocol(final StreamSubscription subscription)
    {
        if (!CHANNEL.equals(subscription.channel()))
        {
            throw new IllegalArgumentException(
                "bybit: channel must be " + CHANNEL + ", got " + subscription.channel());
        }
        boolean known = false;
        for (final int offered : DEPTHS)
        {
            known |= offered == subscription.depth();
        }
        if (!known)
        {
            throw new IllegalArgumentException(
                "bybit: order book depth must be one of 1, 50, 200, 500, 1000, got " + subscription.depth());
        }
        this.depth = subscription.depth();
    }

    public Venue venue()
    {
        return Venue.BYBIT;
    }

    public URI connectUri(final URI configured, final List<Instrument> instruments)
    {
        return configured;
    }

    /** One request per {@value #MAX_ARGS_PER_REQUEST} instruments, {@code req_id} 1, 2, ... in order. */
    public List<String> subscribeMessages(final List<Instrument> instruments)
    {
        final List<String> messages = new ArrayList<>();
        for (int from = 0; from < instruments.size(); from += MAX_ARGS_PER_REQUEST)
        {
            final List<Instrument> batch =
                instruments.subList(from, Math.min(instruments.size(), from + MAX_ARGS_PER_REQUEST));
            messages.add(request("subscribe", messages.size() + 1, batch));
        }
        return messages;
    }

    /** {@code req_id} is the instrument's id, so the reply names what it answers. */
    public List<String> unsubscribeMessages(final Instrument instrument)
    {
        return List.of(request("unsubscribe", instrument.id(), List.of(instrument)));
    }

    public boolean resyncByResubscribe()
    {
        return true;
    }

    public String pingText()
    {
        return PING_TEXT;
    }

    public Duration pingInterval()
    {
        return PING_INTERVAL;
    }

    public int maxInstrumentsPerConnection()
    {
        return MAX_INSTRUMENTS_PER_CONNECTION;
    }

    public StreamFrameDecoder newDecoder(final SymbolTable symbols, final int maxFrameBytes)
    {
        return new BybitFrameDecoder(symbols, maxFrameBytes);
    }

    /** {@code orderbook.<depth>.<SYMBOL>}. */
    public String topic(final Instrument instrument)
    {
        return CHANNEL + "." + depth + "." + instrument.symbol();
    }

    private String request(final String op, final int requestId, final List<Instrument> instruments)
    {
        final StringBuilder text = new StringBuilder(64 + instruments.size() * 32)
            .append("{\"req_id\":\"").append(requestId).append("\",\"op\":\"").append(op).append("\",\"args\":[");
        for (int i = 0; i < instruments.size(); i++)
        {
            text.append(i == 0 ? "" : ",").append('"').append(topic(instruments.get(i))).append('"');
        }
        return text.append("]}").toString();
    }
}
