package dev.feedhandler.feeder.venue.coinbase;

import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.feeder.venue.StreamSubscription;
import dev.feedhandler.feeder.venue.StreamVenueProtocol;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Coinbase Advanced Trade ({@code wss://advanced-trade-ws.coinbase.com}), channel {@code level2}. On connect, one
 * subscribe message per channel (the venue takes one channel per message, and closes a connection with no subscribe
 * within 5 s): {@code level2} for the books, then {@code heartbeats}, without which quiet channels are closed after
 * 60 to 90 s. No application ping. The {@code sequence_num} that proves nothing was lost runs per connection, so a
 * broken book is recovered by reconnecting, never by resubscribing one product. Unverified against live data: built
 * from the venue's documentation only.
 */
public final class CoinbaseProtocol implements StreamVenueProtocol
{
    /** The book channel's name in subscribe messages (its data frames say {@code l2_data}). */
    public static final String LEVEL2 = "level2";
    public static final String HEARTBEATS = "heartbeats";
    /**
     * Coinbase documents no limit, but answers {@code {"type":"error","message":"too many L2 streams requested in a
     * single session"}} beyond about 16 level2 products per connection (a user report, JKorf/Coinbase.Net#19, January
     * 2026; unverified here). Small connections also keep a gap's reconnect, and the burst of snapshots after it,
     * small.
     */
    public static final int MAX_INSTRUMENTS_PER_CONNECTION = 16;

    /**
     * @throws IllegalArgumentException when the subscription names another channel or a depth (level2 takes none).
     */
    public CoinbaseProtocol(final StreamSubscription subscription)
    {
        if (!LEVEL2.equals(subscription.channel()))
        {
            throw new IllegalArgumentException(
                "coinbase: channel must be " + LEVEL2 + ", got " + subscription.channel());
        }
        if (subscription.depth() != 0)
        {
            throw new IllegalArgumentException(
                "coinbase: level2 takes no depth (0), got " + subscription.depth());
        }
    }

    public Venue venue()
    {
        return Venue.COINBASE;
    }

    public URI connectUri(final URI configured, final List<Instrument> instruments)
    {
        return configured;
    }

    public List<String> subscribeMessages(final List<Instrument> instruments)
    {
        if (instruments.isEmpty())
        {
            throw new IllegalArgumentException("coinbase: nothing to subscribe");
        }
        final String productIds = productIds(instruments);
        return List.of(subscribe(productIds, LEVEL2), subscribe(productIds, HEARTBEATS));
    }

    /** None: a broken book is recovered by reconnecting ({@link #resyncByResubscribe()} is false). */
    public List<String> unsubscribeMessages(final Instrument instrument)
    {
        return List.of();
    }

    public boolean resyncByResubscribe()
    {
        return false;
    }

    public String pingText()
    {
        return null;
    }

    public Duration pingInterval()
    {
        return Duration.ZERO;
    }

    public int maxInstrumentsPerConnection()
    {
        return MAX_INSTRUMENTS_PER_CONNECTION;
    }

    public StreamFrameDecoder newDecoder(final SymbolTable symbols, final int maxFrameBytes)
    {
        return new CoinbaseFrameDecoder(symbols, maxFrameBytes);
    }

    private static String subscribe(final String productIds, final String channel)
    {
        return "{\"type\":\"subscribe\",\"product_ids\":" + productIds + ",\"channel\":\"" + channel + "\"}";
    }

    private static String productIds(final List<Instrument> instruments)
    {
        final StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < instruments.size(); i++)
        {
            final Instrument instrument = instruments.get(i);
            if (instrument.venue() != Venue.COINBASE)
            {
                throw new IllegalArgumentException("not a coinbase instrument: " + instrument);
            }
            out.append(i == 0 ? "\"" : ",\"");
            appendEscaped(out, instrument.symbol());
            out.append('"');
        }
        return out.append(']').toString();
    }

    /** Product ids are plain ASCII (BTC-USD); escape anything JSON would not take as it is, to be safe. */
    private static void appendEscaped(final StringBuilder out, final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < ' ')
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
    }
}
