package dev.feedhandler.benchmarks;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One venue decoder as the benchmarks call it: frame bytes in, book events out (the shape of
 * {@code StreamFrameDecoder#decode}). Lets every venue corpus share the same benchmark methods.
 */
@FunctionalInterface
public interface FrameDecoder
{
    /** @return bytes of events written (> 0), 0 for nothing to apply, or {@code -DecodeReason.code()}. */
    int decode(DirectBuffer buffer, int offset, int length, MutableDirectBuffer out, int outOffset, int outCapacity,
        long receivedNs);

    /**
     * The corpus starts over. A decoder that numbers a connection's frames (Coinbase) takes it as a new connection;
     * the others have nothing to do.
     */
    default void startOver()
    {
    }
}
