package dev.feedhandler.feeder;

import dev.feedhandler.orderbook.NumberError;

/**
 * Why a venue frame was rejected. Codes are stable: they name counters and appear in logs. A decoder returns
 * {@code -code()} for a rejected frame.
 */
public enum DecodeReason
{
    /** The frame ends before the JSON does. */
    TRUNCATED(1),
    /** Not JSON: an unexpected character, a missing separator, trailing bytes. */
    MALFORMED_JSON(2),
    /** Objects or arrays nested deeper than the decoder allows. */
    NESTING_TOO_DEEP(3),
    /** A known field has the wrong JSON type (e.g. a number where levels should be). */
    WRONG_TYPE(4),
    /** A field the event needs is absent. */
    MISSING_FIELD(5),
    /** A known field appears twice. */
    DUPLICATE_FIELD(6),
    /** The instrument is not configured for this venue. */
    UNKNOWN_INSTRUMENT(7),
    /** A price, quantity or id is not a number. */
    BAD_NUMBER(8),
    /** A negative price or quantity. */
    NEGATIVE_NUMBER(9),
    /** More non-zero decimals than the instrument's scale: would need rounding. */
    TOO_PRECISE(10),
    /** A number too large for a 64-bit mantissa. */
    NUMBER_OVERFLOW(11),
    /** A price level at price zero. */
    ZERO_PRICE(12),
    /** More levels than fit in the output event (the ring buffer's message limit), or no room even for its header. */
    TOO_MANY_LEVELS(13),
    /** Update ids that cannot be right (last before first, negative). */
    BAD_SEQUENCE(14),
    /** The venue answered with an error object instead of data. */
    VENUE_ERROR(15),
    /** The frame is larger than the configured limit. */
    FRAME_TOO_LARGE(16),
    /**
     * A number written in a form the venue's text checksum could not be rebuilt from (sign, exponent, redundant
     * leading zeros) where the checksum runs over the original strings (OKX).
     */
    NON_CANONICAL_NUMBER(17),
    /** A message type or action this decoder does not know (e.g. OKX {@code action}, Bybit {@code type}). */
    UNKNOWN_MESSAGE_TYPE(18),
    /**
     * The connection's own sequence jumped (Coinbase {@code sequence_num}): a message was lost for some product on
     * it, so every instrument on the connection must resync.
     */
    CONNECTION_GAP(19);

    private static final DecodeReason[] BY_CODE = new DecodeReason[20];

    static
    {
        for (final DecodeReason reason : values())
        {
            BY_CODE[reason.code] = reason;
        }
    }

    private final int code;

    DecodeReason(final int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code;
    }

    /** The reason a negative decode result stands for. */
    public static DecodeReason fromResult(final int result)
    {
        if (result >= 0 || result <= -BY_CODE.length)
        {
            throw new IllegalArgumentException("not a rejection: " + result);
        }
        return BY_CODE[-result];
    }

    /** The decode reason for a failed {@link dev.feedhandler.orderbook.FixedPoint#parse}. */
    public static DecodeReason of(final NumberError error)
    {
        switch (error)
        {
            case NEGATIVE:
                return NEGATIVE_NUMBER;
            case TOO_PRECISE:
                return TOO_PRECISE;
            case OVERFLOW:
                return NUMBER_OVERFLOW;
            default:
                return BAD_NUMBER;
        }
    }
}
