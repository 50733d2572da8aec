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
 * Bybit v5 public order book ({@code /v5/public/spot} and {@code /v5/public/linear} serve the same instruments):
 * topics {@code orderbook.<depth>.<symbol>} for depths 1, 50, 200 and 1000, each a top-N book whose {@code u} rises
 * by one per message; levels leaving the window are sent with quantity 0.
 */
public final class BybitFormat extends StreamVenueFormat
{
    public static final String NAME = "bybit";
    public static final String CONNECTION_ID = "venue-sim-bybit";

    private static final List<StreamType> STREAMS = List.of(
        StreamType.window("orderbook.1.", 1),
        StreamType.window("orderbook.50.", 50),
        StreamType.window("orderbook.200.", 200),
        StreamType.window("orderbook.1000.", 1000));

    public BybitFormat()
    {
        super(NAME, "/bybit", List.of("/v5/public/spot", "/v5/public/linear"));
    }

    @Override
    public int defaultPriceScale()
    {
        return 2;
    }

    @Override
    public int defaultQtyScale()
    {
        return 6;
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
        return 50;
    }

    @Override
    public long initialStreamSequence(final long initialUpdateId)
    {
        return 1_000_000L + initialUpdateId % 9_000_000L;
    }

    /** A service restart: {@code u} starts again at 1. */
    @Override
    public long restartStreamSequence(final long previous)
    {
        return 1;
    }

    @Override
    public ClientMessage parseClientMessage(final String text)
    {
        final Map<?, ?> request = object(text);
        if (request == null)
        {
            return ClientMessage.invalid(null, "Invalid JSON");
        }
        final String reqId = idJson(request.get("req_id"));
        final Object op = request.get("op");
        final ClientMessage.Method method;
        if ("subscribe".equals(op))
        {
            method = ClientMessage.Method.SUBSCRIBE;
        }
        else if ("unsubscribe".equals(op))
        {
            method = ClientMessage.Method.UNSUBSCRIBE;
        }
        else if ("ping".equals(op))
        {
            return new ClientMessage(ClientMessage.Method.PING, List.of(), reqId, null, request);
        }
        else
        {
            return new ClientMessage(ClientMessage.Method.INVALID, List.of(), reqId, "Invalid op: " + op, request);
        }
        final Object args = request.get("args");
        final List<String> topics = new ArrayList<>();
        if (args instanceof List)
        {
            for (final Object arg : (List<?>)args)
            {
                if (!(arg instanceof String))
                {
                    return new ClientMessage(ClientMessage.Method.INVALID, List.of(), reqId, "Invalid args", request);
                }
                topics.add((String)arg);
            }
        }
        if (topics.isEmpty())
        {
            return new ClientMessage(ClientMessage.Method.INVALID, List.of(), reqId, "args is empty", request);
        }
        return new ClientMessage(method, topics, reqId, null, request);
    }

    @Override
    public List<String> renderReplies(final ClientMessage message, final List<String> subscriptions)
    {
        final boolean ping = message.method() == ClientMessage.Method.PING;
        final String op = ping ? "ping" : message.method() == ClientMessage.Method.UNSUBSCRIBE ? "unsubscribe" :
            "subscribe";
        return List.of(reply(true, ping ? "pong" : "", message.idJson(), op));
    }

    @Override
    public String renderClientError(final ClientMessage message, final String detail)
    {
        final Object op = message.request() instanceof Map ? ((Map<?, ?>)message.request()).get("op") : null;
        return reply(false, detail, message.idJson(), op instanceof String ? (String)op : "");
    }

    private static String reply(final boolean success, final String text, final String reqId, final String op)
    {
        return "{\"success\":" + success + ",\"ret_msg\":" + TinyJson.quote(text) + ",\"conn_id\":\"" +
            CONNECTION_ID + "\"" + (reqId != null ? ",\"req_id\":" + reqId : "") + ",\"op\":" + TinyJson.quote(op) +
            "}";
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
        open(out, instrument, type, "snapshot", nowMs);
        for (final Side side : Side.values())
        {
            StreamText.ascii(out, side == Side.BID ? ",\"b\":[" : ",\"a\":[");
            for (int i = 0, n = view.levels(side); i < n; i++)
            {
                level(out, i, view.price(side, i), view.quantity(side, i), instrument);
            }
            out.writeByte(']');
        }
        close(out, sequence, updateId, nowMs);
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
        open(out, instrument, type, "delta", nowMs);
        for (final Side side : Side.values())
        {
            StreamText.ascii(out, side == Side.BID ? ",\"b\":[" : ",\"a\":[");
            final LevelList levels = delta.side(side);
            for (int i = 0, n = levels.size(); i < n; i++)
            {
                level(out, i, levels.price(i), levels.quantity(i), instrument);
            }
            out.writeByte(']');
        }
        close(out, sequence, updateId, nowMs);
    }

    private void open(
        final ByteBuf out, final InstrumentSpec instrument, final StreamType type, final String kind, final long nowMs)
    {
        StreamText.ascii(out, "{\"topic\":\"");
        StreamText.ascii(out, streamName(instrument.symbol(), type));
        StreamText.ascii(out, "\",\"type\":\"");
        StreamText.ascii(out, kind);
        StreamText.ascii(out, "\",\"ts\":");
        Decimals.writeLong(out, nowMs);
        StreamText.ascii(out, ",\"data\":{\"s\":\"");
        StreamText.ascii(out, instrument.symbol());
        out.writeByte('"');
    }

    private static void close(final ByteBuf out, final long sequence, final long updateId, final long nowMs)
    {
        StreamText.ascii(out, ",\"u\":");
        Decimals.writeLong(out, sequence);
        StreamText.ascii(out, ",\"seq\":");
        Decimals.writeLong(out, updateId);
        StreamText.ascii(out, "},\"cts\":");
        Decimals.writeLong(out, nowMs - 1);
        out.writeByte('}');
    }

    private static void level(
        final ByteBuf out, final int index, final long price, final long quantity, final InstrumentSpec instrument)
    {
        if (index > 0)
        {
            out.writeByte(',');
        }
        out.writeByte('[');
        Decimals.writeQuotedFixed(out, price, instrument.priceScale());
        out.writeByte(',');
        if (quantity == 0)
        {
            StreamText.quoted(out, "0");
        }
        else
        {
            Decimals.writeQuotedFixed(out, quantity, instrument.qtyScale());
        }
        out.writeByte(']');
    }
}
