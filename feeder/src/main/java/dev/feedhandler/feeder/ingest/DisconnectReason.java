package dev.feedhandler.feeder.ingest;

/**
 * Why a {@link WebSocketSession} ended: exactly one per session, given to
 * {@link WebSocketHandler#onDisconnected}. The first cause seen wins (a reset that follows a read-idle close is
 * still READ_IDLE).
 */
public enum DisconnectReason
{
    /** The server sent a close frame, or closed the TCP connection cleanly after the handshake. */
    REMOTE_CLOSE,
    /** The TCP connection was reset (RST) or broke mid-stream. */
    CONNECTION_RESET,
    /** Nothing arrived for {@link WebSocketOptions#readIdleTimeout()}. */
    READ_IDLE,
    /** TCP connect failed or timed out (includes name resolution). */
    CONNECT_FAILED,
    /** The HTTP upgrade was refused, malformed or timed out, or the connection ended during it. */
    HANDSHAKE_FAILED,
    /** TLS handshake or certificate/hostname verification failed, or a TLS record was bad. */
    TLS_FAILED,
    /** A frame or an aggregated message was larger than {@link WebSocketOptions#maxFrameBytes()}. */
    FRAME_TOO_LARGE,
    /** The server broke the WebSocket protocol (bad frame, bad continuation, bad compression data...). */
    PROTOCOL_ERROR,
    /** {@link WebSocketSession#close()} was called. */
    LOCAL_CLOSE
}
