package dev.feedhandler.benchmarks.processor;

import dev.feedhandler.protocol.sbe.BookDeltaDecoder;
import dev.feedhandler.protocol.sbe.MessageHeaderDecoder;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumer: drains the delta stream so the publication never back-pressures the processor, checks that the
 * stream's {@code sequence} rises by exactly one per message (a jump is a gap: messages the publisher dropped), and
 * counts the BookDelta messages (first parts only, so one per applied diff).
 */
final class DeltaDrain implements Runnable, FragmentHandler
{
    /** Every root block starts with epoch (int64) then sequence (int64). */
    private static final int SEQUENCE_OFFSET = MessageHeaderDecoder.ENCODED_LENGTH + 8;

    private final Subscription subscription;
    private final IdleStrategy idle = new BackoffIdleStrategy();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final BookDeltaDecoder delta = new BookDeltaDecoder();
    private final AtomicLong messages = new AtomicLong();
    private volatile boolean running = true;
    private long lastSequence = -1;
    private long deltas;
    private long gaps;

    DeltaDrain(final Subscription subscription)
    {
        this.subscription = subscription;
    }

    public void run()
    {
        while (running)
        {
            idle.idle(subscription.poll(this, 256));
        }
    }

    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header fragmentHeader)
    {
        final long sequence = buffer.getLong(offset + SEQUENCE_OFFSET);
        if (lastSequence >= 0 && sequence != lastSequence + 1)
        {
            gaps++;
        }
        lastSequence = sequence;
        messages.lazySet(messages.get() + 1);
        header.wrap(buffer, offset);
        if (header.templateId() == BookDeltaDecoder.TEMPLATE_ID)
        {
            delta.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            if (delta.partIndex() == 0)
            {
                deltas++;
            }
        }
    }

    /** Stop after the current poll; read the counts once the thread has ended. */
    void stop()
    {
        running = false;
    }

    /** Messages received so far (safe from any thread). */
    long messages()
    {
        return messages.get();
    }

    long deltas()
    {
        return deltas;
    }

    long gaps()
    {
        return gaps;
    }
}
