package dev.feedhandler.sim.engine;

import io.netty.buffer.ByteBuf;

/**
 * A connection as the engine sees it. {@link #enqueue} and {@link #flush} run on the engine thread only; the fault
 * actions may be called from the engine thread and hop to the connection's own thread.
 */
public interface Subscriber
{
    /** Payloads are wrapped with their stream name. */
    boolean combined();

    /** Open and not being closed by a fault. */
    boolean isLive();

    /** Silent because of a stall fault. */
    boolean isStalled(long nowNs);

    /**
     * Queue a frame; ownership of the buffer passes to the subscriber.
     *
     * @return true when this is the first frame queued since the last {@link #flush}.
     */
    boolean enqueue(ByteBuf frame);

    /** Hand the queued frames to the network. */
    void flush();

    /** Send a close frame and close. */
    void closeByFault();

    /** Close with SO_LINGER 0 so the peer sees a TCP RST. */
    void resetByFault();

    /** Stay silent until {@code untilNs} (Long.MAX_VALUE: for good). */
    void stallUntil(long untilNs);
}
