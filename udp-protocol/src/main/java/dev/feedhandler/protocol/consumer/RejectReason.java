package dev.feedhandler.protocol.consumer;

/**
 * Why a {@link BookConsumer} dropped a message unread. Codes are stable: they index {@link ConsumerCounters}. A
 * rejected message changes nothing: not the epoch, not a stream's sequence, not a book (so the next message of its
 * stream shows the loss as a gap).
 */
public enum RejectReason
{
    /** Shorter than the message header plus the epoch and sequence every message starts with. */
    TOO_SHORT(1),
    /** Another schema id. */
    WRONG_SCHEMA(2),
    /** A template id this schema does not have. */
    UNKNOWN_TEMPLATE(3),
    /** A schema version older than this consumer's: fields it lacks would be read from what follows. */
    OLD_VERSION(4),
    /** A root block shorter than the template's: its fields would overlap what follows. */
    SHORT_BLOCK(5),
    /** A repeating group whose entries are shorter than their fields. */
    BAD_GROUP(6),
    /** The root block, a group or variable-length data reaches past the end of the message. */
    TRUNCATED(7),
    /**
     * A field out of its range: an enum value the schema does not have, a part index not below its part count, a
     * price not above zero, a negative quantity, a scale beyond what a mantissa can hold.
     */
    BAD_VALUE(8);

    private final int code;

    RejectReason(final int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code;
    }
}
