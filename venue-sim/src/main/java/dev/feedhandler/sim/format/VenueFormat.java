package dev.feedhandler.sim.format;

import dev.feedhandler.sim.InstrumentSpec;
import dev.feedhandler.sim.book.BookSnapshot;
import dev.feedhandler.sim.book.DiffBatch;
import dev.feedhandler.sim.book.TopView;
import dev.feedhandler.sim.book.WindowDelta;
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

    // ---- Venues that send the snapshot in the stream after a subscribe (Bybit, OKX, Kraken, Coinbase) ----

    /** What a frame of a {@link #sequencedPerConnection()} venue carries. */
    enum FrameKind
    {
        DATA,
        REPLY,
        HEARTBEAT
    }

    /**
     * Whether a subscription is answered with a snapshot in the stream, followed by updates (no REST snapshot). Such
     * venues render with {@link #renderStreamSnapshot} and {@link #renderStreamUpdate}.
     */
    default boolean streamSnapshots()
    {
        return false;
    }

    /** Top-N streams: whether a level pushed out of the window by better levels is sent with quantity 0. */
    default boolean deletesPushedOut()
    {
        return true;
    }

    /** Whether messages carry a checksum ({@link dev.feedhandler.sim.FaultType#CORRUPT_CHECKSUM} applies). */
    default boolean hasChecksum()
    {
        return false;
    }

    /** First per-stream sequence (Bybit {@code u}, OKX {@code seqId}) of an instrument with this first update id. */
    default long initialStreamSequence(final long initialUpdateId)
    {
        return 0;
    }

    /** The per-stream sequence of a snapshot sent mid-stream (Bybit restarts at 1). */
    default long restartStreamSequence(final long previous)
    {
        return nextStreamSequence(previous);
    }

    /** The per-stream sequence of the next message. */
    default long nextStreamSequence(final long previous)
    {
        return previous + 1;
    }

    /**
     * The snapshot a new subscription gets.
     *
     * @param sequence the stream sequence of the last message sent on the stream.
     * @param updateId the simulator's last update id of the instrument.
     */
    default void renderStreamSnapshot(
        final ByteBuf out,
        final InstrumentSpec instrument,
        final StreamType type,
        final TopView view,
        final long sequence,
        final long updateId,
        final long nowMs)
    {
        throw new UnsupportedOperationException(name() + " has no stream snapshots");
    }

    /**
     * One update of a stream: {@code delta} lists the changed levels best first, {@code view} is the stream's book
     * after it (null for whole-book streams).
     */
    default void renderStreamUpdate(
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
        throw new UnsupportedOperationException(name() + " has no stream snapshots");
    }

    /** Replies to a well-formed message, one frame each (Kraken and OKX answer every symbol on its own). */
    default List<String> renderReplies(final ClientMessage message, final List<String> subscriptions)
    {
        return List.of(renderReply(message, subscriptions));
    }

    /** Whether a subscription naming an unknown stream closes the connection (Binance) or only gets an error. */
    default boolean closeOnUnknownStream()
    {
        return true;
    }

    /** First frame sent on every connection (Kraken's status), or null. */
    default String renderGreeting(final long connectionNumber)
    {
        return null;
    }

    /** Heartbeat sent every second (Kraken: only when idle), or null when the venue sends none. */
    default String renderHeartbeat(final long counter, final long nowMs)
    {
        return null;
    }

    /** Whether heartbeats go only to idle connections. */
    default boolean heartbeatOnlyWhenIdle()
    {
        return false;
    }

    /** A channel that belongs to the connection, not to an instrument (Coinbase {@code heartbeats}), or null. */
    default String connectionChannel()
    {
        return null;
    }

    /**
     * Whether every frame carries a per-connection sequence number (Coinbase {@code sequence_num}): the connection
     * wraps payloads with {@link #renderEnvelope}.
     */
    default boolean sequencedPerConnection()
    {
        return false;
    }

    /** Whether two queued events may share one frame of a {@link #sequencedPerConnection()} venue. */
    default boolean mergeable(final ByteBuf first, final ByteBuf second)
    {
        return false;
    }

    /** A frame of a {@link #sequencedPerConnection()} venue around one or more event payloads. */
    default void renderEnvelope(
        final ByteBuf out, final FrameKind kind, final long sequence, final long nowMs, final List<ByteBuf> events)
    {
        throw new UnsupportedOperationException(name() + " has no envelopes");
    }

    /** Levels per side the truth API returns by default: what a client of the venue's usual stream holds. */
    default int truthDepth()
    {
        return Integer.MAX_VALUE;
    }
}
