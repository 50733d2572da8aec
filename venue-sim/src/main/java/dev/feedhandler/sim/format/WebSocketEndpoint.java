package dev.feedhandler.sim.format;

import java.util.List;

/**
 * A WebSocket endpoint a client asked for.
 *
 * @param combined whether payloads are wrapped with their stream name.
 * @param streams  streams named in the URL (may be empty: the client subscribes by message).
 */
public record WebSocketEndpoint(boolean combined, List<String> streams)
{
    public WebSocketEndpoint
    {
        streams = List.copyOf(streams);
    }
}
