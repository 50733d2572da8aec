package dev.feedhandler.protocol;

import dev.feedhandler.protocol.publisher.MessageSink;
import io.aeron.Publication;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * A {@link MessageSink} that keeps committed messages in memory, and can refuse claims with back-pressure at a
 * given rate (to exercise the publisher's drop-and-gap path), or every claim while nobody is connected.
 */
final class CapturingSink implements MessageSink
{
    static final int MTU_PAYLOAD = 1376;

    final ArrayDeque<byte[]> messages = new ArrayDeque<>();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MTU_PAYLOAD]);
    private final SplittableRandom random;
    private int claimed;
    double refuseRate;
    long refused;
    boolean connected = true;

    CapturingSink(final SplittableRandom random)
    {
        this.random = random;
    }

    public long tryClaim(final int length)
    {
        if (length > MTU_PAYLOAD)
        {
            throw new AssertionError("claim of " + length + " bytes exceeds one MTU");
        }
        if (!connected)
        {
            return Publication.NOT_CONNECTED;
        }
        if (refuseRate > 0 && random.nextDouble() < refuseRate)
        {
            refused++;
            return Publication.BACK_PRESSURED;
        }
        claimed = length;
        return 1;
    }

    public MutableDirectBuffer buffer()
    {
        return scratch;
    }

    public int offset()
    {
        return 0;
    }

    public void commit()
    {
        final byte[] message = new byte[claimed];
        scratch.getBytes(0, message);
        messages.add(message);
    }

    public int maxMessageLength()
    {
        return MTU_PAYLOAD;
    }

    public boolean isConnected()
    {
        return connected;
    }
}
