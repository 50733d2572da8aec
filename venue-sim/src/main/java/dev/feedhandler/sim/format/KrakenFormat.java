package dev.feedhandler.sim.format;

import dev.feedhandler.sim.InstrumentSpec;
import dev.feedhandler.sim.book.LevelList;
import dev.feedhandler.sim.book.Side;
import dev.feedhandler.sim.book.TopView;
import dev.feedhandler.sim.book.WindowDelta;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kraken v2 {@code book} channel ({@code /v2}): per-subscription depth 10, 25, 100, 500 or 1000; prices and
 * quantities are JSON numbers at the pair's precision (the instrument's scales), sometimes with trailing zeros cut,
 * deletions as {@code 0.0}, {@code 0E-8} or zeros at full precision. A level pushed out of the depth by an insert gets
 * no delete (clients truncate); a level moving into the depth because one above was deleted is sent. CRC32 over the
 * top 10, unsigned.
 */
public final class KrakenFormat extends StreamVenueFormat
{
    public static final String NAME = "kraken";
    public static final int CHECKSUM_LEVELS = 10;
    /** Kraken's connection ids exceed 2^53 (and 2^63): never read as double or long. */
    public static final long CONNECTION_ID_BASE = 0xAB54A98CEB1F0AD2L;

    private static final int[] DEPTHS = {10, 25, 100, 500, 1000};
    private static final List<StreamType> STREAMS;

    static
    {
        final List<StreamType> streams = new ArrayList<>();
        for (final int depth : DEPTHS)
        {
            streams.add(StreamType.window("book." + depth + ".", depth));
        }
        STREAMS = List.copyOf(streams);
    }

    public KrakenFormat()
    {
        super(NAME, "/kraken", List.of("/v2"));
    }

    @Override
    public int defaultPriceScale()
    {
        return 1;
    }

    @Override
    public int defaultQtyScale()
    {
        return 8;
    }

    @Override
    public List<StreamType> streamTypes()
    {
        return STREAMS;
    }

    @Override
    public String streamName(final String symbol, final StreamType type)
    {
        return type.suffix() + symbol;
    }

    @Override
    public int truthDepth()
    {
        return 10;
    }

    @Override
    public boolean hasChecksum()
    {
        return true;
    }

    @Override
    public boolean deletesPushedOut()
    {
        return false;
    }

    @Override
    public String renderGreeting(final long connectionNumber)
    {
        return "{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"version\":\"2.0.0\",\"system\":\"online\"," +
            "\"api_version\":\"v2\",\"connection_id\":" + Long.toUnsignedString(CONNECTION_ID_BASE + connectionNumber) +
            "}]}";
    }

    @Override
    public String renderHeartbeat(final long counter, final long nowMs)
    {
        return "{\"channel\":\"heartbeat\"}";
    }

    @Override
    public boolean heartbeatOnlyWhenIdle()
    {
        return true;
    }

    /** The checksum of a view: asks low to high then bids high to low, top 10 each, unsigned. */
    public static long checksum(final TopView view, final InstrumentSpec instrument)
    {
        final StringBuilder text = new StringBuilder(400);
        for (final Side side : new Side[]{Side.ASK, Side.BID})
        {
            for (int i = 0, n = Math.min(CHECKSUM_LEVELS, view.levels(side)); i < n; i++)
            {
                appendDigits(text, view.price(side, i), instrument.priceScale());
                appendDigits(text, view.quantity(side, i), instrument.qtyScale());
            }
        }
        return StreamText.crc32(text);
    }

    private static void appendDigits(final StringBuilder text, final long mantissa, final int scale)
    {
        final String fixed = StreamText.fixed(mantissa, scale);
        int start = 0;
        while (start < fixed.length() && (fixed.charAt(start) == '0' || fixed.charAt(start) == '.'))
        {
            start++;
        }
        for (int i = start; i < fixed.length(); i++)
        {
            if (fixed.charAt(i) != '.')
            {
                text.append(fixed.charAt(i));
            }
        }
    }

    @Override
    public ClientMessage parseClientMessage(final String text)
    {
        final Map<?, ?> request = object(text);
        if (request == null)
        {
            return ClientMessage.invalid(null, "Malformed request");
        }
        final String reqId = idJson(request.get("req_id"));
        final Object method = request.get("method");
        if ("ping".equals(method))
        {
            return new ClientMessage(ClientMessage.Method.PING, List.of(), reqId, null, request);
        }
        final ClientMessage.Method parsed = "subscribe".equals(method) ? ClientMessage.Method.SUBSCRIBE :
            "unsubscribe".equals(method) ? ClientMessage.Method.UNSUBSCRIBE : ClientMessage.Method.INVALID;
        if (parsed == ClientMessage.Method.INVALID)
        {
            return new ClientMessage(parsed, List.of(), reqId, "Method not found", request);
        }
        if (!(request.get("params") instanceof Map))
        {
            return new ClientMessage(ClientMessage.Method.INVALID, List.of(), reqId, "Missing params", request);
        }
        final Map<?, ?> params = (Map<?, ?>)request.get("params");
        final Object channel = params.get("channel");
        int depth = 10;
        if (params.get("depth") instanceof TinyJson.Number)
        {
            final String depthText = ((TinyJson.Number)params.get("depth")).text();
            depth = depthText.matches("[0-9]{1,5}") ? Integer.parseInt(depthText) : -1;
        }
        boolean validDepth = false;
        for (final int allowed : DEPTHS)
        {
            validDepth |= allowed == depth;
        }
        if (!validDepth)
        {
            return new ClientMessage(ClientMessage.Method.INVALID, List.of(), reqId, "Invalid depth", request);
        }
        final List<String> streams = new ArrayList<>();
        if (params.get("symbol") instanceof List)
        {
            for (final Object symbol : (List<?>)params.get("symbol"))
            {
                streams.add(channel + "." + depth + "." + symbol);
            }
        }
        if (streams.isEmpty())
        {
            return new ClientMessage(ClientMessage.Method.INVALID, List.of(), reqId, "Missing symbol", request);
        }
        return new ClientMessage(parsed, streams, reqId, null, request);
    }

    @Override
    public List<String> renderReplies(final ClientMessage message, final List<String> subscriptions)
    {
        final String time = StreamText.isoTime(System.currentTimeMillis());
        final String times = ",\"time_in\":\"" + time + "\",\"time_out\":\"" + time + "\"";
        final String reqId = message.idJson() != null ? ",\"req_id\":" + message.idJson() : "";
        if (message.method() == ClientMessage.Method.PING)
        {
            return List.of("{\"method\":\"pong\"" + reqId + times + "}");
        }
        final boolean subscribe = message.method() == ClientMessage.Method.SUBSCRIBE;
        final List<String> replies = new ArrayList<>();
        for (final String stream : message.streams())
        {
            final int first = stream.indexOf('.');
            final int second = stream.indexOf('.', first + 1);
            replies.add("{\"method\":\"" + (subscribe ? "subscribe" : "unsubscribe") +
                "\",\"result\":{\"channel\":\"" + stream.substring(0, first) + "\",\"depth\":" +
                stream.substring(first + 1, second) + (subscribe ? ",\"snapshot\":true" : "") + ",\"symbol\":" +
                TinyJson.quote(stream.substring(second + 1)) + "},\"success\":true" + times + reqId + "}");
        }
        return replies;
    }

    @Override
    public String renderClientError(final ClientMessage message, final String detail)
    {
        final String time = StreamText.isoTime(System.currentTimeMillis());
        final Object method = message.request() instanceof Map ? ((Map<?, ?>)message.request()).get("method") : null;
        return "{\"error\":" + TinyJson.quote(detail) +
            (method instanceof String ? ",\"method\":" + TinyJson.quote((String)method) : "") +
            (message.idJson() != null ? ",\"req_id\":" + message.idJson() : "") +
            ",\"success\":false,\"time_in\":\"" + time + "\",\"time_out\":\"" + time + "\"}";
    }

    @Override
    public void renderStreamSnapshot(
        final ByteBuf out,
        final InstrumentSpec instrument,
        final StreamType type,
        final TopView view,
        final long sequence,
        final long updateId,
        final long nowMs)
    {
        open(out, instrument, "snapshot");
        for (final Side side : Side.values())
        {
            StreamText.ascii(out, side == Side.BID ? ",\"bids\":[" : "],\"asks\":[");
            for (int i = 0, n = view.levels(side); i < n; i++)
            {
                level(out, i, view.price(side, i), view.quantity(side, i), instrument);
            }
        }
        StreamText.ascii(out, "],\"checksum\":");
        Decimals.writeLong(out, checksum(view, instrument));
        StreamText.ascii(out, "}]}");
    }

    @Override
    public void renderStreamUpdate(
        final ByteBuf out,
        final InstrumentSpec instrument,
        final StreamType type,
        final WindowDelta delta,
        final TopView view,
        final long sequence,
        final long previousSequence,
        final long updateId,
        final long nowMs,
        final boolean corruptChecksum)
    {
        open(out, instrument, "update");
        for (final Side side : Side.values())
        {
            StreamText.ascii(out, side == Side.BID ? ",\"bids\":[" : "],\"asks\":[");
            final LevelList levels = delta.side(side);
            for (int i = 0, n = levels.size(); i < n; i++)
            {
                level(out, i, levels.price(i), levels.quantity(i), instrument);
            }
        }
        final long checksum = checksum(view, instrument);
        StreamText.ascii(out, "],\"checksum\":");
        Decimals.writeLong(out, corruptChecksum ? checksum ^ 0x5A5AL : checksum);
        StreamText.ascii(out, ",\"timestamp\":\"");
        StreamText.ascii(out, StreamText.isoTime(nowMs));
        StreamText.ascii(out, "\"}]}");
    }

    private static void open(final ByteBuf out, final InstrumentSpec instrument, final String kind)
    {
        StreamText.ascii(out, "{\"channel\":\"book\",\"type\":\"");
        StreamText.ascii(out, kind);
        StreamText.ascii(out, "\",\"data\":[{\"symbol\":");
        StreamText.ascii(out, TinyJson.quote(instrument.symbol()));
    }

    private static void level(
        final ByteBuf out, final int index, final long price, final long quantity, final InstrumentSpec instrument)
    {
        if (index > 0)
        {
            out.writeByte(',');
        }
        final int spelling = StreamText.spelling(price, quantity, 3);
        StreamText.ascii(out, "{\"price\":");
        StreamText.ascii(out, spelling == 0 ? StreamText.trimmed(price, instrument.priceScale(), 1) :
            StreamText.fixed(price, instrument.priceScale()));
        StreamText.ascii(out, ",\"qty\":");
        final int qtyScale = instrument.qtyScale();
        if (quantity != 0)
        {
            StreamText.ascii(out, spelling == 0 ? StreamText.trimmed(quantity, qtyScale, 1) :
                StreamText.fixed(quantity, qtyScale));
        }
        else if (qtyScale == 0)
        {
            out.writeByte('0');
        }
        else
        {
            final int zero = StreamText.spelling(price, 1, 3);
            StreamText.ascii(out, zero == 0 ? "0.0" : zero == 1 ? "0E-" + qtyScale : StreamText.fixed(0, qtyScale));
        }
        out.writeByte('}');
    }
}
