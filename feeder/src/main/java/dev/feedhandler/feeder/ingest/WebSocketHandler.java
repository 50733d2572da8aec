package dev.feedhandler.feeder.ingest;

import org.agrona.DirectBuffer;

/**
 * Events of one {@link WebSocketSession}, all called on the session's event loop.
 */
public interface WebSocketHandler
{
    /** The upgrade completed: the session is open and {@link WebSocketSession#sendText} may be used. */
    void onConnected(WebSocketSession session);

    /**
     * One complete message (continuation frames aggregated up to {@link WebSocketOptions#maxFrameBytes()};
     * binary messages are delivered here too). The buffer is a zero-copy view of Netty's buffer (its memory
     * address for direct buffers, its array for heap ones; a reused per-connection copy only for fragmented messages,
     * frames split across socket reads and multi-part composite buffers) and is valid only during the call.
     *
     * @param receivedEpochNs when the socket read that completed this message happened (epoch nanoseconds).
     */
    void onText(WebSocketSession session, DirectBuffer buffer, int offset, int length, long receivedEpochNs);

    /**
     * Called exactly once per session, whether or not it ever connected; nothing follows it.
     *
     * @param detail human-readable cause (close code and reason, exception text), never null.
     */
    void onDisconnected(WebSocketSession session, DisconnectReason reason, String detail);
}
