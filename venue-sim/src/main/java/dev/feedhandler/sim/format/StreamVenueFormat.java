package dev.feedhandler.sim.format;

import dev.feedhandler.sim.InstrumentSpec;
import dev.feedhandler.sim.book.BookSnapshot;
import dev.feedhandler.sim.book.DiffBatch;
import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the venues that send their snapshot in the WebSocket stream share: no REST endpoints, no tickers, no
 * combined-stream wrapper, update ids that simply count updates, client errors that do not close the connection.
 */
abstract class StreamVenueFormat implements VenueFormat
{
    private final String name;
    private final String pathPrefix;
    private final List<String> webSocketPaths;

    StreamVenueFormat(final String name, final String pathPrefix, final List<String> webSocketPaths)
    {
        this.name = name;
        this.pathPrefix = pathPrefix;
        this.webSocketPaths = List.copyOf(webSocketPaths);
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
    public boolean streamSnapshots()
    {
        return true;
    }

    @Override
    public boolean closeOnUnknownStream()
    {
        return false;
    }

    @Override
    public long initialUpdateId(final SplittableRandom random)
    {
        return 1_000_000L + random.nextInt(1_000_000);
    }

    @Override
    public long nextUpdateId(final long previousId, final boolean firstOfEvent, final SplittableRandom random)
    {
        return previousId + 1;
    }

    @Override
    public WebSocketEndpoint parseWebSocketPath(final String subPath, final Map<String, List<String>> parameters)
    {
        final String path = subPath.endsWith("/") ? subPath.substring(0, subPath.length() - 1) : subPath;
        return webSocketPaths.contains(path) ? new WebSocketEndpoint(false, List.of()) : null;
    }

    @Override
    public SnapshotRequest parseSnapshotRequest(final String subPath, final Map<String, List<String>> parameters)
    {
        return null;
    }

    @Override
    public String renderReply(final ClientMessage message, final List<String> subscriptions)
    {
        return renderReplies(message, subscriptions).get(0);
    }

    @Override
    public void renderDiff(
        final ByteBuf out,
        final InstrumentSpec instrument,
        final DiffBatch diff,
        final long eventTimeMs,
        final long transactionTimeMs)
    {
        throw new UnsupportedOperationException(name + " sends stream updates, not diffs");
    }

    @Override
    public void renderTicker(
        final ByteBuf out,
        final InstrumentSpec instrument,
        final long updateId,
        final long bidPrice,
        final long bidQuantity,
        final long askPrice,
        final long askQuantity,
        final long eventTimeMs,
        final long transactionTimeMs)
    {
        throw new UnsupportedOperationException(name + " has no ticker stream");
    }

    @Override
    public void renderSnapshot(
        final ByteBuf out, final InstrumentSpec instrument, final BookSnapshot snapshot, final long eventTimeMs)
    {
        throw new UnsupportedOperationException(name + " has no REST snapshot");
    }

    @Override
    public void renderCombined(final ByteBuf out, final String streamName, final ByteBuf payload)
    {
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
    }

    @Override
    public String restErrorBody(final RestError error, final String detail)
    {
        return "{\"error\":" + TinyJson.quote(error.name() + ": " + detail) + "}";
    }

    /** Parse JSON text into an object, or null. */
    static Map<?, ?> object(final String text)
    {
        try
        {
            final Object parsed = TinyJson.parse(text);
            return parsed instanceof Map ? (Map<?, ?>)parsed : null;
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    /** A string or number field as JSON text, or null. */
    static String idJson(final Object id)
    {
        if (id instanceof TinyJson.Number)
        {
            return ((TinyJson.Number)id).text();
        }
        return id instanceof String ? TinyJson.quote((String)id) : null;
    }
}
