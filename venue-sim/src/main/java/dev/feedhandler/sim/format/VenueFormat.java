package dev.feedhandler.sim.format;

import dev.feedhandler.sim.InstrumentSpec;
import dev.feedhandler.sim.book.BookSnapshot;
import dev.feedhandler.sim.book.DiffBatch;
import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Everything venue-specific about a simulated venue: its URL paths, stream names, how ids advance, and the exact text
 * of diffs, snapshots, tickers, replies and errors. The server and book engine know nothing else about venues, so a
 * new venue is one more implementation registered in {@link VenueFormats}.
 * <p>
 * Render methods are called on the simulator's engine thread (diffs, tickers) or on network threads (snapshots,
 * replies): implementations must be stateless.
 */
public interface VenueFormat
{
    /** Config and API name, e.g. {@code binance-spot}. */
    String name();

    /** URL prefix under which this venue's WebSocket and REST endpoints live, e.g. {@code /spot}. */
    String pathPrefix();

    int defaultPriceScale();

    int defaultQtyScale();

    /** Stream kinds offered per symbol; depth streams with an interval of more than 100 ms merge base events. */
    List<StreamType> streamTypes();

    /** Stream name for a symbol, e.g. {@code btcusdt@depth@100ms}. */
    String streamName(String symbol, StreamType type);

    /** Update id of the initial book. */
    long initialUpdateId(SplittableRandom random);

    /**
     * Id of the next update.
     *
     * @param previousId   the id of the previous update of this instrument.
     * @param firstOfEvent whether the update opens a new event (venues whose ids are shared across instruments jump
     *                     between events).
     */
    long nextUpdateId(long previousId, boolean firstOfEvent, SplittableRandom random);

    /**
     * Recognise a WebSocket endpoint.
     *
     * @param subPath    the path after {@link #pathPrefix()}.
     * @param parameters query parameters.
     * @return the endpoint, or null when the path is not one of this venue's WebSocket endpoints.
     */
    WebSocketEndpoint parseWebSocketPath(String subPath, Map<String, List<String>> parameters);

    /**
     * Recognise a REST depth snapshot request.
     *
     * @return the request (possibly carrying a parameter error), or null when the path is not a depth endpoint.
     */
    SnapshotRequest parseSnapshotRequest(String subPath, Map<String, List<String>> parameters);

    /** Parse a text frame a client sent. */
    ClientMessage parseClientMessage(String text);

    /** Reply to a well-formed client message; {@code subscriptions} is the connection's list after it. */
    String renderReply(ClientMessage message, List<String> subscriptions);

    /** Reply to a client message that could not be served. */
    String renderClientError(ClientMessage message, String detail);

    void renderDiff(ByteBuf out, InstrumentSpec instrument, DiffBatch diff, long eventTimeMs, long transactionTimeMs);

    void renderTicker(
        ByteBuf out,
        InstrumentSpec instrument,
        long updateId,
        long bidPrice,
        long bidQuantity,
        long askPrice,
        long askQuantity,
        long eventTimeMs,
        long transactionTimeMs);

    void renderSnapshot(ByteBuf out, InstrumentSpec instrument, BookSnapshot snapshot, long eventTimeMs);

    /** Wrap a payload for a combined-stream connection. */
    void renderCombined(ByteBuf out, String streamName, ByteBuf payload);

    /** Body of an error response. */
    String restErrorBody(RestError error, String detail);
}
