package dev.feedhandler.sim.format;

import dev.feedhandler.sim.InstrumentSpec;
import dev.feedhandler.sim.book.LevelList;
import dev.feedhandler.sim.book.Side;
import dev.feedhandler.sim.book.TopView;
import dev.feedhandler.sim.book.WindowDelta;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coinbase Advanced Trade WebSocket ({@code /coinbase}, the venue's root): {@code level2} gives the whole book as a
 * snapshot, then updates; every frame carries {@code sequence_num}, counted per connection across all channels (the
 * connection wraps the events, see {@link #renderEnvelope}); {@code heartbeats} once a second when subscribed.
 */
public final class CoinbaseFormat extends StreamVenueFormat
{
    public static final String NAME = "coinbase";
    public static final String HEARTBEATS = "heartbeats";

    private static final List<StreamType> STREAMS = List.of(StreamType.window("level2", 0));

    public CoinbaseFormat()
    {
        super(NAME, "/coinbase", List.of(""));
    }

    @Override
    public int defaultPriceScale()
    {
        return 2;
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
        return type.suffix() + ":" + symbol;
    }

    @Override
    public boolean sequencedPerConnection()
    {
        return true;
    }

    @Override
    public String connectionChannel()
    {
        return HEARTBEATS;
    }

    @Override
    public String renderHeartbeat(final long counter, final long nowMs)
    {
        return "{\"current_time\":\"" + StreamText.isoTime(nowMs) + "\",\"heartbeat_counter\":" + counter + "}";
    }

    @Override
    public ClientMessage parseClientMessage(final String text)
    {
        final Map<?, ?> request = object(text);
        if (request == null)
        {
            return ClientMessage.invalid(null, "Failed to parse message");
        }
        final Object type = request.get("type");
        final ClientMessage.Method method = "subscribe".equals(type) ? ClientMessage.Method.SUBSCRIBE :
            "unsubscribe".equals(type) ? ClientMessage.Method.UNSUBSCRIBE : ClientMessage.Method.INVALID;
        if (method == ClientMessage.Method.INVALID)
        {
            return new ClientMessage(method, List.of(), null, "unknown message type " + type, request);
        }
        final Object channel = request.get("channel");
        if (!(channel instanceof String))
        {
            return new ClientMessage(ClientMessage.Method.INVALID, List.of(), null, "channel is required", request);
        }
        if (channel.equals(HEARTBEATS))
        {
            return new ClientMessage(method, List.of(HEARTBEATS), null, null, request);
        }
        final List<String> streams = new ArrayList<>();
        if (request.get("product_ids") instanceof List)
        {
            for (final Object product : (List<?>)request.get("product_ids"))
            {
                streams.add(channel + ":" + product);
            }
        }
        if (streams.isEmpty())
        {
            return new ClientMessage(ClientMessage.Method.INVALID, List.of(), null, "product_ids are required",
                request);
        }
        return new ClientMessage(method, streams, null, null, request);
    }

    /** The event of a {@code subscriptions} frame: the connection's channels and their products. */
    @Override
    public List<String> renderReplies(final ClientMessage message, final List<String> subscriptions)
    {
        final Map<String, List<String>> byChannel = new LinkedHashMap<>();
        for (final String name : subscriptions)
        {
            final int colon = name.indexOf(':');
            final String channel = colon < 0 ? name : name.substring(0, colon);
            final List<String> products = byChannel.computeIfAbsent(channel, key -> new ArrayList<>());
            products.add(colon < 0 ? name : name.substring(colon + 1));
        }
        final StringBuilder out = new StringBuilder("{\"subscriptions\":{");
        boolean first = true;
        for (final Map.Entry<String, List<String>> entry : byChannel.entrySet())
        {
            out.append(first ? "" : ",").append(TinyJson.quote(entry.getKey())).append(":[");
            for (int i = 0; i < entry.getValue().size(); i++)
            {
                out.append(i == 0 ? "" : ",").append(TinyJson.quote(entry.getValue().get(i)));
            }
            out.append(']');
            first = false;
        }
        return List.of(out.append("}}").toString());
    }

    @Override
    public String renderClientError(final ClientMessage message, final String detail)
    {
        return "{\"type\":\"error\",\"message\":" + TinyJson.quote(detail) + "}";
    }

    /** Two complete updates of different products share a frame, as on Coinbase. */
    @Override
    public boolean mergeable(final ByteBuf first, final ByteBuf second)
    {
        final String a = updateProduct(first);
        final String b = updateProduct(second);
        return a != null && b != null && !a.equals(b);
    }

    private static String updateProduct(final ByteBuf event)
    {
        final String prefix = "{\"type\":\"update\",\"product_id\":\"";
        final int start = event.readerIndex();
        final int end = event.writerIndex();
        if (end - start < prefix.length() + 2 || event.getByte(end - 1) != '}')
        {
            return null;
        }
        for (int i = 0; i < prefix.length(); i++)
        {
            if (event.getByte(start + i) != prefix.charAt(i))
            {
                return null;
            }
        }
        final int quote = event.indexOf(start + prefix.length(), end, (byte)'"');
        return quote < 0 ? null : event.toString(start + prefix.length(), quote - start - prefix.length(),
            java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public void renderEnvelope(
        final ByteBuf out, final FrameKind kind, final long sequence, final long nowMs, final List<ByteBuf> events)
    {
        StreamText.ascii(out, "{\"channel\":\"");
        StreamText.ascii(out, kind == FrameKind.DATA ? "l2_data" : kind == FrameKind.REPLY ? "subscriptions" :
            HEARTBEATS);
        StreamText.ascii(out, "\",\"client_id\":\"\",\"timestamp\":\"");
        StreamText.ascii(out, StreamText.isoTime(nowMs));
        StreamText.ascii(out, "\",\"sequence_num\":");
        Decimals.writeLong(out, sequence);
        StreamText.ascii(out, ",\"events\":[");
        for (int i = 0; i < events.size(); i++)
        {
            if (i > 0)
            {
                out.writeByte(',');
            }
            final ByteBuf event = events.get(i);
            out.writeBytes(event, event.readerIndex(), event.readableBytes());
        }
        StreamText.ascii(out, "]}");
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
        final String time = StreamText.isoTime(nowMs);
        int index = 0;
        for (final Side side : Side.values())
        {
            for (int i = 0, n = view.levels(side); i < n; i++)
            {
                update(out, index++, side, view.price(side, i), view.quantity(side, i), time, instrument);
            }
        }
        StreamText.ascii(out, "]}");
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
        final String time = StreamText.isoTime(nowMs);
        int index = 0;
        for (final Side side : Side.values())
        {
            final LevelList levels = delta.side(side);
            for (int i = 0, n = levels.size(); i < n; i++)
            {
                update(out, index++, side, levels.price(i), levels.quantity(i), time, instrument);
            }
        }
        StreamText.ascii(out, "]}");
    }

    private static void open(final ByteBuf out, final InstrumentSpec instrument, final String kind)
    {
        StreamText.ascii(out, "{\"type\":\"");
        StreamText.ascii(out, kind);
        StreamText.ascii(out, "\",\"product_id\":\"");
        StreamText.ascii(out, instrument.symbol());
        StreamText.ascii(out, "\",\"updates\":[");
    }

    private static void update(
        final ByteBuf out,
        final int index,
        final Side side,
        final long price,
        final long quantity,
        final String time,
        final InstrumentSpec instrument)
    {
        if (index > 0)
        {
            out.writeByte(',');
        }
        StreamText.ascii(out, side == Side.BID ? "{\"side\":\"bid\",\"event_time\":\"" :
            "{\"side\":\"offer\",\"event_time\":\"");
        StreamText.ascii(out, time);
        StreamText.ascii(out, "\",\"price_level\":\"");
        StreamText.ascii(out, StreamText.trimmed(price, instrument.priceScale(), 0));
        StreamText.ascii(out, "\",\"new_quantity\":\"");
        StreamText.ascii(out, quantity == 0 ? "0" : StreamText.fixed(quantity, instrument.qtyScale()));
        StreamText.ascii(out, "\"}");
    }
}
