package dev.feedhandler.sim.format;

import dev.feedhandler.sim.InstrumentSpec;
import dev.feedhandler.sim.book.BookSnapshot;
import dev.feedhandler.sim.book.LevelChanges;
import dev.feedhandler.sim.book.Side;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Binance spot and USD-M share: {@code /ws/<stream>} and {@code /stream?streams=a/b} endpoints, the
 * {@code SUBSCRIBE} protocol, the combined-stream wrapper, {@code [["price","qty"],...]} levels, and error bodies.
 */
abstract class BinanceFormat implements VenueFormat
{
    private final String name;
    private final String pathPrefix;
    private final String depthPath;
    private final int defaultLimit;
    private final int maxLimit;

    BinanceFormat(
        final String name,
        final String pathPrefix,
        final String depthPath,
        final int defaultLimit,
        final int maxLimit)
    {
        this.name = name;
        this.pathPrefix = pathPrefix;
        this.depthPath = depthPath;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public String pathPrefix()
    {
        return pathPrefix;
    }

    @Override
    public String streamName(final String symbol, final StreamType type)
    {
        return symbol.toLowerCase(Locale.ROOT) + type.suffix();
    }

    /** Hook for venues that also serve streams under an extra route, e.g. USD-M's {@code /public}. */
    String stripStreamRoute(final String subPath)
    {
        return subPath;
    }

    @Override
    public WebSocketEndpoint parseWebSocketPath(final String subPath, final Map<String, List<String>> parameters)
    {
        final String path = stripStreamRoute(subPath);
        if (path.equals("/ws") || path.equals("/ws/"))
        {
            return new WebSocketEndpoint(false, List.of());
        }
        if (path.startsWith("/ws/"))
        {
            return new WebSocketEndpoint(false, List.of(path.substring("/ws/".length())));
        }
        if (path.equals("/stream") || path.equals("/stream/"))
        {
            final List<String> streams = new ArrayList<>();
            for (final String value : parameters.getOrDefault("streams", List.of()))
            {
                for (final String stream : value.split("/"))
                {
                    if (!stream.isEmpty())
                    {
                        streams.add(stream);
                    }
                }
            }
            return new WebSocketEndpoint(true, streams);
        }
        return null;
    }

    @Override
    public SnapshotRequest parseSnapshotRequest(final String subPath, final Map<String, List<String>> parameters)
    {
        if (!subPath.equals(depthPath))
        {
            return null;
        }
        final List<String> symbols = parameters.get("symbol");
        if (symbols == null || symbols.isEmpty() || symbols.get(0).isEmpty())
        {
            return SnapshotRequest.invalid(RestError.BAD_PARAMETER,
                "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
        }
        int limit = defaultLimit;
        final List<String> limits = parameters.get("limit");
        if (limits != null && !limits.isEmpty())
        {
            final String text = limits.get(0);
            if (!text.matches("[0-9]{1,9}") || Integer.parseInt(text) < 1)
            {
                return SnapshotRequest.invalid(RestError.BAD_PARAMETER,
                    "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'.");
            }
            limit = Math.min(Integer.parseInt(text), maxLimit);
        }
        return SnapshotRequest.valid(symbols.get(0), limit);
    }

    @Override
    public ClientMessage parseClientMessage(final String text)
    {
        final Object parsed;
        try
        {
            parsed = TinyJson.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            return ClientMessage.invalid(null, "Invalid JSON: " + ex.getMessage());
        }
        if (!(parsed instanceof Map))
        {
            return ClientMessage.invalid(null, "Invalid request: expected an object");
        }
        final Map<?, ?> request = (Map<?, ?>)parsed;
        final Object id = request.get("id");
        final String idJson = id instanceof TinyJson.Number ? ((TinyJson.Number)id).text() :
            id instanceof String ? TinyJson.quote((String)id) : null;
        if (id != null && idJson == null)
        {
            return ClientMessage.invalid(null, "Invalid request: request ID must be an unsigned integer");
        }
        final Object method = request.get("method");
        final ClientMessage.Method parsedMethod;
        if ("SUBSCRIBE".equals(method))
        {
            parsedMethod = ClientMessage.Method.SUBSCRIBE;
        }
        else if ("UNSUBSCRIBE".equals(method))
        {
            parsedMethod = ClientMessage.Method.UNSUBSCRIBE;
        }
        else if ("LIST_SUBSCRIPTIONS".equals(method))
        {
            parsedMethod = ClientMessage.Method.LIST_SUBSCRIPTIONS;
        }
        else
        {
            return ClientMessage.invalid(idJson, "Invalid request: unknown method " + method);
        }
        final List<String> streams = new ArrayList<>();
        final Object params = request.get("params");
        if (params != null)
        {
            if (!(params instanceof List))
            {
                return ClientMessage.invalid(idJson, "Invalid request: params must be an array of stream names");
            }
            for (final Object stream : (List<?>)params)
            {
                if (!(stream instanceof String))
                {
                    return ClientMessage.invalid(idJson, "Invalid request: stream names must be strings");
                }
                streams.add((String)stream);
            }
        }
        return new ClientMessage(parsedMethod, streams, idJson, null);
    }

    @Override
    public String renderReply(final ClientMessage message, final List<String> subscriptions)
    {
        final StringBuilder out = new StringBuilder("{\"result\":");
        if (message.method() == ClientMessage.Method.LIST_SUBSCRIPTIONS)
        {
            out.append('[');
            for (int i = 0; i < subscriptions.size(); i++)
            {
                out.append(i == 0 ? "" : ",").append(TinyJson.quote(subscriptions.get(i)));
            }
            out.append(']');
        }
        else
        {
            out.append("null");
        }
        return out.append(",\"id\":").append(message.idJson()).append('}').toString();
    }

    @Override
    public String renderClientError(final ClientMessage message, final String detail)
    {
        final int code = detail.startsWith("Invalid JSON") ? 3 : 2;
        return "{\"error\":{\"code\":" + code + ",\"msg\":" + TinyJson.quote(detail) + "},\"id\":" +
            message.idJson() + "}";
    }

    @Override
    public void renderCombined(final ByteBuf out, final String streamName, final ByteBuf payload)
    {
        Decimals.writeAscii(out, "{\"stream\":\"");
        Decimals.writeAscii(out, streamName);
        Decimals.writeAscii(out, "\",\"data\":");
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        out.writeByte('}');
    }

    @Override
    public String restErrorBody(final RestError error, final String detail)
    {
        switch (error)
        {
            case INVALID_SYMBOL:
                return "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}";
            case BAD_PARAMETER:
                return "{\"code\":" + (detail.startsWith("Mandatory") ? -1102 : -1100) + ",\"msg\":" +
                    TinyJson.quote(detail) + "}";
            case TOO_MANY_REQUESTS:
                return "{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is 6000 request " +
                    "weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.\"}";
            case IP_BANNED:
                return "{\"code\":-1003,\"msg\":\"Way too much request weight used; IP banned until " +
                    (System.currentTimeMillis() + 1000) +
                    ". Please use WebSocket Streams for live updates to avoid bans.\"}";
            case INTERNAL_ERROR:
                return "{\"code\":-1000,\"msg\":\"An unknown error occured while processing the request.\"}";
            case NOT_FOUND:
            default:
                return "{\"code\":-1,\"msg\":" + TinyJson.quote("Not found: " + detail) + "}";
        }
    }

    /** {@code "s":"BTCUSDT"} style string field with a leading comma when not first. */
    static void writeStringField(final ByteBuf out, final String name, final String value, final boolean first)
    {
        if (!first)
        {
            out.writeByte(',');
        }
        out.writeByte('"');
        Decimals.writeAscii(out, name);
        Decimals.writeAscii(out, "\":\"");
        Decimals.writeAscii(out, value);
        out.writeByte('"');
    }

    static void writeLongField(final ByteBuf out, final String name, final long value, final boolean first)
    {
        if (!first)
        {
            out.writeByte(',');
        }
        out.writeByte('"');
        Decimals.writeAscii(out, name);
        Decimals.writeAscii(out, "\":");
        Decimals.writeLong(out, value);
    }

    static void writeDecimalField(
        final ByteBuf out, final String name, final long mantissa, final int scale, final boolean first)
    {
        if (!first)
        {
            out.writeByte(',');
        }
        out.writeByte('"');
        Decimals.writeAscii(out, name);
        Decimals.writeAscii(out, "\":");
        Decimals.writeQuotedFixed(out, mantissa, scale);
    }

    /** {@code ,"b":[["p","q"],...]} in ascending or descending price order. */
    static void writeChanges(
        final ByteBuf out,
        final String name,
        final LevelChanges changes,
        final boolean ascending,
        final InstrumentSpec instrument)
    {
        out.writeByte(',');
        out.writeByte('"');
        Decimals.writeAscii(out, name);
        Decimals.writeAscii(out, "\":[");
        final int size = changes.size();
        for (int n = 0; n < size; n++)
        {
            final int i = ascending ? n : size - 1 - n;
            if (n > 0)
            {
                out.writeByte(',');
            }
            writeLevel(out, changes.priceAscending(i), changes.quantityAscending(i), instrument);
        }
        out.writeByte(']');
    }

    /** {@code ,"bids":[["p","q"],...]} best first. */
    static void writeSnapshotSide(
        final ByteBuf out,
        final String name,
        final BookSnapshot snapshot,
        final Side side,
        final InstrumentSpec instrument)
    {
        out.writeByte(',');
        out.writeByte('"');
        Decimals.writeAscii(out, name);
        Decimals.writeAscii(out, "\":[");
        final int levels = snapshot.levels(side);
        for (int i = 0; i < levels; i++)
        {
            if (i > 0)
            {
                out.writeByte(',');
            }
            writeLevel(out, snapshot.price(side, i), snapshot.quantity(side, i), instrument);
        }
        out.writeByte(']');
    }

    private static void writeLevel(
        final ByteBuf out, final long price, final long quantity, final InstrumentSpec instrument)
    {
        out.writeByte('[');
        Decimals.writeQuotedFixed(out, price, instrument.priceScale());
        out.writeByte(',');
        Decimals.writeQuotedFixed(out, quantity, instrument.qtyScale());
        out.writeByte(']');
    }
}
