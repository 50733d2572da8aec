package dev.feedhandler.sim.format;

/**
 * REST failures a venue answers with its own status and body.
 */
public enum RestError
{
    /** 400: the symbol is not listed. */
    INVALID_SYMBOL(400),
    /** 400: a mandatory parameter is missing or malformed; the detail names it. */
    BAD_PARAMETER(400),
    /** 429: request rate limit hit (sent with {@code Retry-After}). */
    TOO_MANY_REQUESTS(429),
    /** 418: IP banned after ignoring 429s (sent with {@code Retry-After}). */
    IP_BANNED(418),
    /** 500: internal error. */
    INTERNAL_ERROR(500),
    /** 404: no such endpoint. */
    NOT_FOUND(404);

    private final int status;

    RestError(final int status)
    {
        this.status = status;
    }

    public int status()
    {
        return status;
    }
}
