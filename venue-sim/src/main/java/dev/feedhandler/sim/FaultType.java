package dev.feedhandler.sim;

import java.util.Locale;

/**
 * What a fault switch does. Each is set per venue and symbol for a count of occurrences.
 */
public enum FaultType
{
    /** A diff is not sent; the truth advances, so clients see a continuity break. */
    DROP(Scope.STREAM),
    /** A diff is sent twice. */
    DUPLICATE(Scope.STREAM),
    /** Two consecutive diffs are sent in swapped order. */
    REORDER(Scope.STREAM),
    /** A truncated frame is sent instead of a diff; the truth advances. */
    MALFORMED(Scope.STREAM),
    /** A diff whose first price has 40 more digits (far beyond a 64-bit mantissa) is sent; the truth advances. */
    ABSURD_NUMBER(Scope.STREAM),
    /**
     * A diff whose first price has the wrong JSON type (an object for a quoted price, a string for a bare number) is
     * sent; the truth advances.
     */
    WRONG_TYPE(Scope.STREAM),
    /**
     * A diff padded with 1 MiB of whitespace after its opening brace is sent (valid JSON, too large for a client with a
     * smaller frame limit); the truth advances.
     */
    OVERSIZED(Scope.STREAM),
    /** An update is sent with a wrong checksum (OKX, Kraken); the book it carries is right. */
    CORRUPT_CHECKSUM(Scope.STREAM),
    /**
     * Stream-snapshot venues: instead of an update, every subscriber gets a fresh snapshot mid-stream (Bybit: a
     * service restart, {@code u} starts again at 1).
     */
    RESNAPSHOT(Scope.STREAM),
    /** A connection carrying the symbol gets a WebSocket close frame (1001) and is closed. */
    CLOSE(Scope.CONNECTION),
    /** A connection carrying the symbol is reset: SO_LINGER 0 then close, so the client sees a TCP RST. */
    RESET(Scope.CONNECTION),
    /** A connection carrying the symbol stays open but silent (no data, no pings) for {@code delayMs} (0: forever). */
    STALL(Scope.CONNECTION),
    /** A depth snapshot response is delayed by {@code delayMs}. */
    SLOW(Scope.REST),
    /** A depth snapshot from an older update id than diffs already sent ({@code eventsBack} events back, 0: oldest kept). */
    STALE(Scope.REST),
    /** A depth request answered 429 with {@code Retry-After: 1}. */
    HTTP429(Scope.REST),
    /** A depth request answered 418 (IP banned) with {@code Retry-After: 1}. */
    HTTP418(Scope.REST),
    /** A depth request answered 500. */
    HTTP500(Scope.REST);

    /** Where a fault acts. */
    public enum Scope
    {
        /** On a diff stream, for every connection subscribed to it. */
        STREAM,
        /** On one connection per occurrence. */
        CONNECTION,
        /** On one REST depth request per occurrence. */
        REST
    }

    private static final FaultType[] VALUES = values();

    private final Scope scope;

    FaultType(final Scope scope)
    {
        this.scope = scope;
    }

    public Scope scope()
    {
        return scope;
    }

    /** Name in the control API and CLI: {@code drop}, {@code http429}, ... */
    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the accepted names.
     */
    public static FaultType fromWireName(final String name)
    {
        for (final FaultType type : VALUES)
        {
            if (type.wireName().equals(name))
            {
                return type;
            }
        }
        final StringBuilder names = new StringBuilder();
        for (final FaultType type : VALUES)
        {
            names.append(names.length() == 0 ? "" : ", ").append(type.wireName());
        }
        throw new IllegalArgumentException("unknown fault type '" + name + "', expected one of: " + names);
    }
}
