package dev.feedhandler.sim;

/**
 * Server-wide counts, with the labels the stats JSON uses.
 */
public enum GlobalCounter
{
    CONNECTIONS_OPENED("connectionsOpened"),
    CONNECTIONS_CLOSED("connectionsClosed"),
    /** WebSocket connections closed because they named an unknown stream. */
    CONNECTIONS_REJECTED("connectionsRejected"),
    PINGS_SENT("pingsSent"),
    PONGS_RECEIVED("pongsReceived"),
    /** Connections closed because a pong did not come within the pong timeout. */
    PONG_TIMEOUTS("pongTimeouts"),
    /** Connections closed because their unsent data exceeded the limit. */
    SLOW_CONSUMER_CLOSES("slowConsumerCloses"),
    HTTP_REQUESTS("httpRequests"),
    CLIENT_MESSAGES("clientMessages"),
    /** Client messages answered with an error. */
    CLIENT_ERRORS("clientErrors"),
    /** Unexpected errors on the engine thread (a failed book validation among them): always 0 when healthy. */
    ENGINE_ERRORS("engineErrors"),
    /** Times the engine fell more than half a second behind the configured rate and dropped the backlog. */
    RATE_LAGS("rateLags");

    private final String label;

    GlobalCounter(final String label)
    {
        this.label = label;
    }

    public String label()
    {
        return label;
    }
}
