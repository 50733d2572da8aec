package dev.feedhandler.orderbook.processor;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The event ring as the I/O side sees it with {@code [processor] idle = "wake"}: every call goes to the ring, and a
 * record committed (or written whole) then {@link DataWakeIdleStrategy#signal signals} the processor.
 */
public final class WakingRingBuffer implements RingBuffer
{
    private final RingBuffer ring;
    private final DataWakeIdleStrategy wake;

    public WakingRingBuffer(final RingBuffer ring, final DataWakeIdleStrategy wake)
    {
        this.ring = ring;
        this.wake = wake;
    }

    public boolean write(final int msgTypeId, final DirectBuffer srcBuffer, final int offset, final int length)
    {
        final boolean written = ring.write(msgTypeId, srcBuffer, offset, length);
        if (written)
        {
            wake.signal();
        }
        return written;
    }

    public void commit(final int index)
    {
        ring.commit(index);
        wake.signal();
    }

    public int tryClaim(final int msgTypeId, final int length)
    {
        return ring.tryClaim(msgTypeId, length);
    }

    public void abort(final int index)
    {
        ring.abort(index);
    }

    public int capacity()
    {
        return ring.capacity();
    }

    public int read(final MessageHandler handler)
    {
        return ring.read(handler);
    }

    public int read(final MessageHandler handler, final int messageCountLimit)
    {
        return ring.read(handler, messageCountLimit);
    }

    public int controlledRead(final ControlledMessageHandler handler)
    {
        return ring.controlledRead(handler);
    }

    public int controlledRead(final ControlledMessageHandler handler, final int messageCountLimit)
    {
        return ring.controlledRead(handler, messageCountLimit);
    }

    public int maxMsgLength()
    {
        return ring.maxMsgLength();
    }

    public long nextCorrelationId()
    {
        return ring.nextCorrelationId();
    }

    public AtomicBuffer buffer()
    {
        return ring.buffer();
    }

    public void consumerHeartbeatTime(final long time)
    {
        ring.consumerHeartbeatTime(time);
    }

    public long consumerHeartbeatTime()
    {
        return ring.consumerHeartbeatTime();
    }

    public long producerPosition()
    {
        return ring.producerPosition();
    }

    public long consumerPosition()
    {
        return ring.consumerPosition();
    }

    public int size()
    {
        return ring.size();
    }

    public boolean unblock()
    {
        return ring.unblock();
    }
}
