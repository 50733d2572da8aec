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
 * OKX v5 public {@code books} channel ({@code /ws/v5/public}): a 400-level book, {@code prevSeqId} chaining and a
 * CRC32 checksum over the original strings of the top 25 levels (signed). Prices are sent without trailing zeros;
 * sizes keep zero, one or two trailing zeros depending on the level, so clients must checksum the text as received.
 */
public final class OkxFormat extends StreamVenueFormat
{
    public static final String NAME = "okx";
    public static final String CONNECTION_ID = "5e1f2a3b";
    public static final int CHECKSUM_LEVELS = 25;

    private static final List<StreamType> STREAMS = List.of(StreamType.window("books", 400));

    public OkxFormat()
    {
        super(NAME, "/okx", List.of("/ws/v5/public"));
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
        return type.suffix() + ":" + symbol;
    }

    @Override
    public int truthDepth()
    {
        return 400;
    }

    @Override
    public boolean hasChecksum()
    {
        return true;
    }

    @Override
    public long initialStreamSequence(final long initialUpdateId)
    {
        return 10_000_000_000L + initialUpdateId;
    }

    /** seqIds rise by varying amounts, as on OKX. */
    @Override
    public long nextStreamSequence(final long previous)
    {
        return previous + 1 + (previous & 3);
    }

    /** Price text as sent: no trailing zeros. */
    public static String priceText(final long price, final int scale)
    {
        return StreamText.trimmed(price, scale, 0);
    }

    /** Size text as sent, by level: no trailing zeros, one trailing zero ({@code 0.10}), or every decimal. */
    public static String sizeText(final long price, final long quantity, final int scale)
    {
        if (quantity == 0)
        {
            return "0";
        }
        final String shortest = StreamText.trimmed(quantity, scale, 0);
        switch (StreamText.spelling(price, quantity, 3))
        {
            case 1:
                return StreamText.fixed(quantity, scale);
            case 2:
            {
                final int point = shortest.indexOf('.');
                final int fraction = point < 0 ? 0 : shortest.length() - point - 1;
                return StreamText.trimmed(quantity, scale, Math.min(scale, fraction + 1));
            }
            default:
                return shortest;
        }
    }

    /** The checksum of a view, as a signed 32-bit int. */
    public static int checksum(final TopView view, final InstrumentSpec instrument)
    {
        final StringBuilder text = new StringBuilder(1024);
        final int bids = Math.min(CHECKSUM_LEVELS, view.levels(Side.BID));
        final int asks = Math.min(CHECKSUM_LEVELS, view.levels(Side.ASK));
        for (int i = 0; i < Math.max(bids, asks); i++)
        {
            if (i < bids)
            {
                appendLevel(text, view.price(Side.BID, i), view.quantity(Side.BID, i), instrument);
            }
            if (i < asks)
            {
                appendLevel(text, view.price(Side.ASK, i), view.quantity(Side.ASK, i), instrument);
            }
        }
        return (int)StreamText.crc32(text);
    }

    private static void appendLevel(
        final StringBuilder text, final long price, final long quantity, final InstrumentSpec instrument)
    {
        if (text.length() > 0)
        {
            text.append(':');
        }
        text.append(priceText(price, instrument.priceScale())).append(':')
            .append(sizeText(price, quantity, instrument.qtyScale()));
    }

    @Override
    public ClientMessage parseClientMessage(final String text)
    {
        if (text.equals("ping"))
        {
            return new ClientMessage(ClientMessage.Method.PING, List.of(), null, null, null);
        }
        final Map<?, ?> request = object(text);
        if (request == null)
        {
            return ClientMessage.invalid(null, "Invalid request: " + text);
        }
        final String id = idJson(request.get("id"));
        final Object op = request.get("op");
        final ClientMessage.Method method = "subscribe".equals(op) ? ClientMessage.Method.SUBSCRIBE :
            "unsubscribe".equals(op) ? ClientMessage.Method.UNSUBSCRIBE : ClientMessage.Method.INVALID;
        if (method == ClientMessage.Method.INVALID)
        {
            return new ClientMessage(method, List.of(), id, "Invalid request: op " + op, request);
        }
        final List<String> streams = new ArrayList<>();
        final Object args = request.get("args");
        if (args instanceof List)
        {
            for (final Object arg : (List<?>)args)
            {
                if (!(arg instanceof Map) || !(((Map<?, ?>)arg).get("channel") instanceof String) ||
                    !(((Map<?, ?>)arg).get("instId") instanceof String))
                {
                    return new ClientMessage(ClientMessage.Method.INVALID, List.of(), id,
                        "Invalid request: args need channel and instId", request);
                }
                streams.add(((Map<?, ?>)arg).get("channel") + ":" + ((Map<?, ?>)arg).get("instId"));
            }
        }
        if (streams.isEmpty())
        {
            return new ClientMessage(ClientMessage.Method.INVALID, List.of(), id, "Invalid request: no args", request);
        }
        return new ClientMessage(method, streams, id, null, request);
    }

    @Override
    public List<String> renderReplies(final ClientMessage message, final List<String> subscriptions)
    {
        if (message.method() == ClientMessage.Method.PING)
        {
            return List.of("pong");
        }
        final String event = message.method() == ClientMessage.Method.UNSUBSCRIBE ? "unsubscribe" : "subscribe";
        final List<String> replies = new ArrayList<>();
        for (final String stream : message.streams())
        {
            replies.add("{" + (message.idJson() != null ? "\"id\":" + message.idJson() + "," : "") + "\"event\":\"" +
                event + "\",\"arg\":" + arg(stream) + ",\"connId\":\"" + CONNECTION_ID + "\"}");
        }
        return replies;
    }

    @Override
    public String renderClientError(final ClientMessage message, final String detail)
    {
        return "{" + (message.idJson() != null ? "\"id\":" + message.idJson() + "," : "") +
            "\"event\":\"error\",\"code\":\"60018\",\"msg\":" + TinyJson.quote(detail) + ",\"connId\":\"" +
            CONNECTION_ID + "\"}";
    }

    private static String arg(final String stream)
    {
        final int colon = stream.indexOf(':');
        return "{\"channel\":\"" + stream.substring(0, colon) + "\",\"instId\":\"" + stream.substring(colon + 1) +
            "\"}";
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
        open(out, instrument, type, "snapshot");
        for (final Side side : new Side[]{Side.ASK, Side.BID})
        {
            StreamText.ascii(out, side == Side.ASK ? "\"asks\":[" : ",\"bids\":[");
            for (int i = 0, n = view.levels(side); i < n; i++)
            {
                level(out, i, view.price(side, i), view.quantity(side, i), instrument);
            }
            out.writeByte(']');
        }
        close(out, nowMs, checksum(view, instrument), -1, sequence);
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
        open(out, instrument, type, "update");
        for (final Side side : new Side[]{Side.ASK, Side.BID})
        {
            StreamText.ascii(out, side == Side.ASK ? "\"asks\":[" : ",\"bids\":[");
            final LevelList levels = delta.side(side);
            for (int i = 0, n = levels.size(); i < n; i++)
            {
                level(out, i, levels.price(i), levels.quantity(i), instrument);
            }
            out.writeByte(']');
        }
        final int checksum = checksum(view, instrument);
        close(out, nowMs, corruptChecksum ? checksum ^ 0x5A5A : checksum, previousSequence, sequence);
    }

    private void open(final ByteBuf out, final InstrumentSpec instrument, final StreamType type, final String action)
    {
        StreamText.ascii(out, "{\"arg\":");
        StreamText.ascii(out, arg(streamName(instrument.symbol(), type)));
        StreamText.ascii(out, ",\"action\":\"");
        StreamText.ascii(out, action);
        StreamText.ascii(out, "\",\"data\":[{");
    }

    private static void close(
        final ByteBuf out, final long nowMs, final int checksum, final long previousSequence, final long sequence)
    {
        StreamText.ascii(out, ",\"ts\":\"");
        Decimals.writeLong(out, nowMs);
        StreamText.ascii(out, "\",\"checksum\":");
        Decimals.writeLong(out, checksum);
        StreamText.ascii(out, ",\"prevSeqId\":");
        Decimals.writeLong(out, previousSequence);
        StreamText.ascii(out, ",\"seqId\":");
        Decimals.writeLong(out, sequence);
        StreamText.ascii(out, "}]}");
    }

    private static void level(
        final ByteBuf out, final int index, final long price, final long quantity, final InstrumentSpec instrument)
    {
        if (index > 0)
        {
            out.writeByte(',');
        }
        out.writeByte('[');
        StreamText.quoted(out, priceText(price, instrument.priceScale()));
        out.writeByte(',');
        StreamText.quoted(out, sizeText(price, quantity, instrument.qtyScale()));
        StreamText.ascii(out, ",\"0\",\"");
        Decimals.writeLong(out, quantity == 0 ? 0 : 1 + StreamText.spelling(quantity, price, 9));
        StreamText.ascii(out, "\"]");
    }
}
