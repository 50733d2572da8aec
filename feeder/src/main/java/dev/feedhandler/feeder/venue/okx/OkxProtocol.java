package dev.feedhandler.feeder.venue.okx;

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
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OKX v5 public WebSocket ({@code wss://ws.okx.com:8443/ws/v5/public}) order books.
 * <ul>
 *   <li>Subscribe: {@code {"id":"1","op":"subscribe","args":[{"channel":"books","instId":"BTC-USDT"},...]}}, at most
 *   {@link #ARGS_PER_MESSAGE} instruments per message, far below OKX's 64 KB limit on a request's args.
 *   Unsubscribe: the same with {@code "op":"unsubscribe"}, one instrument. A broken book is recovered by
 *   unsubscribing and subscribing its instrument again: OKX then sends a fresh snapshot.</li>
 *   <li>Keepalive: OKX closes a connection that has received nothing for 30 s, so the text {@code ping} goes out
 *   every {@link #PING_INTERVAL}; OKX answers with the text {@code pong} (which the decoder ignores).</li>
 *   <li>OKX's limits: 3 connection requests per second per IP, and 480 subscribe/unsubscribe requests per hour per
 *   connection. Each resync costs two of those requests, so a connection carries at most
 *   {@link #MAX_INSTRUMENTS_PER_CONNECTION} instruments (our choice, not OKX's: it leaves room for hundreds of
 *   resyncs an hour and keeps a 400-level book per instrument within one connection's bandwidth). Connection
 *   pacing is the ingest's job.</li>
 *   <li>Channels: {@code books} (400 levels, snapshot then 100 ms updates), or the login-only tick-by-tick
 *   {@code books-l2-tbt} and {@code books50-l2-tbt}, which share its message format. {@code books5} and
 *   {@code bbo-tbt} send whole books without an action and are not supported.</li>
 * </ul>
 * Immutable but for the request id counter (atomic); messages are built on the rare paths only.
 */
public final class OkxProtocol implements StreamVenueProtocol
{
    /** Instruments per subscribe message (each arg is about 45 bytes). */
    public static final int ARGS_PER_MESSAGE = 20;
    /** Below OKX's 30 s idle cut-off, with room for a slow round trip. */
    public static final Duration PING_INTERVAL = Duration.ofSeconds(25);
    public static final String PING_TEXT = "ping";
    public static final int MAX_INSTRUMENTS_PER_CONNECTION = 50;

    private static final Set<String> BOOK_CHANNELS = Set.of("books", "books-l2-tbt", "books50-l2-tbt");

    private final String channel;
    private final AtomicLong nextId = new AtomicLong(1);

    /**
     * @throws IllegalArgumentException when the channel is not an OKX incremental book channel.
     */
    public OkxProtocol(final StreamSubscription subscription)
    {
        if (!BOOK_CHANNELS.contains(subscription.channel()))
        {
            throw new IllegalArgumentException("okx: channel must be one of " + BOOK_CHANNELS + ", got '" +
                subscription.channel() + "'");
        }
        this.channel = subscription.channel();
    }

    public Venue venue()
    {
        return Venue.OKX;
    }

    public URI connectUri(final URI configured, final List<Instrument> instruments)
    {
        return configured;
    }

    public List<String> subscribeMessages(final List<Instrument> instruments)
    {
        final List<String> messages = new ArrayList<>();
        for (int from = 0; from < instruments.size(); from += ARGS_PER_MESSAGE)
        {
            messages.add(request("subscribe",
                instruments.subList(from, Math.min(instruments.size(), from + ARGS_PER_MESSAGE))));
        }
        return messages;
    }

    public List<String> unsubscribeMessages(final Instrument instrument)
    {
        return List.of(request("unsubscribe", List.of(instrument)));
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
        return new OkxFrameDecoder(symbols, channel, maxFrameBytes);
    }

    private String request(final String op, final List<Instrument> instruments)
    {
        final StringBuilder text = new StringBuilder(64 + instruments.size() * 48)
            .append("{\"id\":\"").append(nextId.getAndIncrement())
            .append("\",\"op\":\"").append(op).append("\",\"args\":[");
        for (int i = 0; i < instruments.size(); i++)
        {
            text.append(i == 0 ? "" : ",")
                .append("{\"channel\":\"").append(channel)
                .append("\",\"instId\":\"").append(instId(instruments.get(i))).append("\"}");
        }
        return text.append("]}").toString();
    }

    /** OKX instIds are like {@code BTC-USDT} or {@code BTC-USD-SWAP}: refuse anything that would need escaping. */
    private static String instId(final Instrument instrument)
    {
        final String symbol = instrument.symbol();
        if (instrument.venue() != Venue.OKX)
        {
            throw new IllegalArgumentException("not an OKX instrument: " + symbol + " on " +
                instrument.venue().configName());
        }
        for (int i = 0; i < symbol.length(); i++)
        {
            final char c = symbol.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            {
                throw new IllegalArgumentException("okx: instId '" + symbol + "' has a character other than " +
                    "letters, digits, '-' and '_'");
            }
        }
        return symbol;
    }
}
