package dev.feedhandler.protocol.publisher;

import org.agrona.MutableDirectBuffer;

/**
 * Where one stream's encoded messages go: claim a range, encode into it, commit. The Aeron implementation is
 * {@link AeronMessageSink}; tests capture messages in memory.
 */
public interface MessageSink
{
    /**
     * Claim {@code length} bytes.
     *
     * @return a positive value when claimed (then {@link #buffer()} and {@link #offset()} give the range), or one of
     * Aeron's negative {@code Publication} results: NOT_CONNECTED, BACK_PRESSURED, ADMIN_ACTION, CLOSED,
     * MAX_POSITION_EXCEEDED.
     */
    long tryClaim(int length);

    /** Buffer of the current claim. */
    MutableDirectBuffer buffer();

    /** Offset of the current claim in {@link #buffer()}. */
    int offset();

    /** Publish the claimed range. */
    void commit();

    /** Largest message this sink can claim in one piece. */
    int maxMessageLength();

    /** True while at least one subscriber is connected. */
    boolean isConnected();
}
