package dev.feedhandler.feeder.venue.coinbase;

import dev.feedhandler.feeder.TestFrames.Decoded;
import dev.feedhandler.feeder.TestFrames.Framed;
import dev.feedhandler.feeder.TestFrames.OutWindow;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.feedhandler.feeder.TestFrames.frame;
import static dev.feedhandler.feeder.TestFrames.json;

/**
 * Coinbase Advanced Trade test frames, written from the venue's documented format (there is no live capture: the
 * format is unverified against real traffic), and helpers to read the events a decode wrote back to back.
 */
final class CoinbaseFrames
{
    /** BTC-USD: prices with 2 decimals, sizes with 8. */
    static final Instrument BTC_USD = new Instrument(4, Venue.COINBASE, "BTC-USD", "BTC-USD", 2, 8);
    /** ETH-USD: prices with 2 decimals, sizes with 8. */
    static final Instrument ETH_USD = new Instrument(9, Venue.COINBASE, "ETH-USD", "ETH-USD", 2, 8);

    /** A short session as the docs describe it: subscriptions, two snapshots, a heartbeat, updates. */
    static final String SESSION_RESOURCE = "/coinbase/advanced-trade-session-from-docs.jsonl";

    static final String TIMESTAMP = "2023-02-09T20:32:50.714964855Z";
    /** {@link #TIMESTAMP} in epoch milliseconds. */
    static final long TIMESTAMP_MS = 1_675_974_770_714L;

    private CoinbaseFrames()
    {
    }

    static List<String> session()
    {
        try (InputStream in = CoinbaseFrames.class.getResourceAsStream(SESSION_RESOURCE))
        {
            if (in == null)
            {
                throw new AssertionError("missing test resource " + SESSION_RESOURCE);
            }
            final List<String> lines = new ArrayList<>();
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
            {
                if (!line.isBlank())
                {
                    lines.add(line);
                }
            }
            return lines;
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** An {@code l2_data} frame around these events (single-quoted JSON is accepted). */
    static String l2(final long sequence, final String... events)
    {
        return json("{'channel':'l2_data','client_id':'','timestamp':'" + TIMESTAMP + "','sequence_num':" + sequence +
            ",'events':[" + String.join(",", events) + "]}");
    }

    static String event(final String type, final String product, final String... updates)
    {
        return json("{'type':'" + type + "','product_id':'" + product + "','updates':[" + String.join(",", updates) +
            "]}");
    }

    static String update(final String side, final String price, final String quantity)
    {
        return json("{'side':'" + side + "','event_time':'2023-02-09T20:32:50.01Z','price_level':'" + price +
            "','new_quantity':'" + quantity + "'}");
    }

    static String heartbeat(final long sequence)
    {
        return json("{'channel':'heartbeats','client_id':'','timestamp':'" + TIMESTAMP + "','sequence_num':" +
            sequence + ",'events':[{'current_time':'2023-02-09 20:32:50.714964855 +0000 UTC m=+91717.525857105'," +
            "'heartbeat_counter':'3049'}]}");
    }

    static String subscriptions(final long sequence)
    {
        return json("{'channel':'subscriptions','client_id':'','timestamp':'" + TIMESTAMP + "','sequence_num':" +
            sequence + ",'events':[{'subscriptions':{'level2':['BTC-USD','ETH-USD'],'heartbeats':['heartbeats']}}]}");
    }

    static int decode(final StreamFrameDecoder decoder, final String text, final OutWindow out)
    {
        final Framed framed = frame(text);
        return decoder.decode(framed.buffer(), framed.offset(), framed.length(), out.buffer(), out.offset(),
            out.capacity(), 42L);
    }

    /** The events written back to back from {@code offset}, {@code length} bytes in all. */
    static List<Decoded> events(final DirectBuffer buffer, final int offset, final int length)
    {
        final List<Decoded> events = new ArrayList<>();
        final BookEvent event = new BookEvent();
        int at = offset;
        while (at < offset + length)
        {
            event.wrap(buffer, at);
            events.add(Decoded.of(event));
            at += event.length();
        }
        if (at != offset + length)
        {
            throw new AssertionError("events end at " + at + ", not at " + (offset + length));
        }
        return events;
    }

    static List<Decoded> events(final OutWindow out, final int length)
    {
        return events(out.buffer(), out.offset(), length);
    }
}
