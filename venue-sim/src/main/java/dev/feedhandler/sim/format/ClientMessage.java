package dev.feedhandler.sim.format;

import java.util.List;

/**
 * A request a client sent over the WebSocket.
 *
 * @param method  what it asks.
 * @param streams stream names it names.
 * @param idJson  its id exactly as sent (JSON text), or {@code null}.
 * @param problem why it is {@link Method#INVALID}, or null.
 * @param request the parsed request (venues whose replies echo parts of it), or null.
 */
public record ClientMessage(Method method, List<String> streams, String idJson, String problem, Object request)
{
    public enum Method
    {
        SUBSCRIBE,
        UNSUBSCRIBE,
        LIST_SUBSCRIPTIONS,
        /** Application-level ping (Bybit, OKX, Kraken). */
        PING,
        INVALID
    }

    public ClientMessage(final Method method, final List<String> streams, final String idJson, final String problem)
    {
        this(method, streams, idJson, problem, null);
    }

    public ClientMessage
    {
        streams = List.copyOf(streams);
    }

    public static ClientMessage invalid(final String idJson, final String problem)
    {
        return new ClientMessage(Method.INVALID, List.of(), idJson, problem);
    }
}
