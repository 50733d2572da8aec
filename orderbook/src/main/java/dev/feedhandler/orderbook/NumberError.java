package dev.feedhandler.orderbook;

/**
 * Why decimal text was rejected by {@link FixedPoint#parse}. Codes are stable: they name counters.
 */
public enum NumberError
{
    /** No characters. */
    EMPTY(1),
    /** Not a decimal: a stray character, a missing digit around {@code .}, a bad exponent. */
    MALFORMED(2),
    /** Prices and quantities are never negative. */
    NEGATIVE(3),
    /** Non-zero digits beyond the instrument's scale: accepting it would mean rounding. */
    TOO_PRECISE(4),
    /** The mantissa does not fit in a signed 64-bit long at the instrument's scale. */
    OVERFLOW(5);

    private static final NumberError[] BY_CODE = new NumberError[6];

    static
    {
        for (final NumberError e : values())
        {
            BY_CODE[e.code] = e;
        }
    }

    private final int code;

    NumberError(final int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code;
    }

    /**
     * @param parseResult a negative result of {@link FixedPoint#parse}.
     * @return the error it encodes.
     */
    public static NumberError fromResult(final long parseResult)
    {
        final long code = -parseResult;
        if (code <= 0 || code >= BY_CODE.length)
        {
            throw new IllegalArgumentException("not an error result: " + parseResult);
        }
        return BY_CODE[(int)code];
    }
}
