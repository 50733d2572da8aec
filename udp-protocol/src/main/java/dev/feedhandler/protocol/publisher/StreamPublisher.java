package dev.feedhandler.protocol.publisher;

import io.aeron.Publication;
import org.agrona.MutableDirectBuffer;

/**
 * One stream's sequencing over a {@link MessageSink}: each message gets the next sequence number whether or not it
 * could be sent, so anything not sent shows up at consumers as a gap rather than vanishing. A refused claim is
 * retried at most {@code maxRetries} times (back-pressure and admin actions are transient), then dropped and
 * counted; the publishing thread is never blocked for longer than that.
 */
public final class StreamPublisher
{
    private final MessageSink sink;
    private final int maxRetries;
    private final PublisherCounters counters;
    private long sequence;
    private boolean lastClaimFailed;
    private boolean lastClaimDropped;
    private long lastSendNs;
    private long skipAt;

    public StreamPublisher(final MessageSink sink, final int maxRetries)
    {
        this(sink, maxRetries, new PublisherCounters());
    }

    /** As above, counting into {@code counters} (the stream's counters in the counters file). */
    public StreamPublisher(final MessageSink sink, final int maxRetries, final PublisherCounters counters)
    {
        this.counters = counters;
        if (maxRetries < 0)
        {
            throw new IllegalArgumentException("maxRetries must be >= 0: " + maxRetries);
        }
        this.sink = sink;
        this.maxRetries = maxRetries;
    }

    /** Sequence of the last message claimed or dropped (0 before the first). */
    public long sequence()
    {
        return sequence;
    }

    public PublisherCounters counters()
    {
        return counters;
    }

    public int maxMessageLength()
    {
        return sink.maxMessageLength();
    }

    /** When the last message was committed or dropped, as given to {@link #claim}. */
    public long lastSendNs()
    {
        return lastSendNs;
    }

    /**
     * Claim room for the next message and advance the sequence.
     *
     * @return the offset in {@link #buffer()} to encode at, or -1 when the message was dropped (its sequence number
     * is used up all the same).
     */
    public int claim(final int length, final long nowNs)
    {
        if (++sequence == skipAt)
        {
            sequence++;
        }
        lastSendNs = nowNs;
        long result = sink.tryClaim(length);
        for (int retries = 0; result < 0 && retries < maxRetries && isTransient(result); retries++)
        {
            countRefusal(result);
            result = sink.tryClaim(length);
        }
        if (result < 0)
        {
            onDropped(result);
            return -1;
        }
        lastClaimFailed = false;
        lastClaimDropped = false;
        return sink.offset();
    }

    /** Buffer of the current claim. */
    public MutableDirectBuffer buffer()
    {
        return sink.buffer();
    }

    /** Publish the claimed message of {@code length} bytes. */
    public void commit(final int length)
    {
        sink.commit();
        counters.sent.incrementRelease();
        counters.bytes.getAndAddRelease(length);
    }

    /** True while at least one subscriber is connected. */
    public boolean isConnected()
    {
        return sink.isConnected();
    }

    /**
     * Fault injection for tests and drills: when sequence {@code sequenceToSkip} comes up, use it without sending
     * anything, so every consumer sees a gap of exactly that one message. 0 turns it off.
     */
    public void skipSequenceAt(final long sequenceToSkip)
    {
        this.skipAt = sequenceToSkip;
    }

    /** True when the most recent claim was dropped. */
    public boolean lastClaimFailed()
    {
        return lastClaimFailed;
    }

    /**
     * True when the most recent claim was given up after its retries (counted as dropped): subscribers are there
     * and will see the gap. False after a success, and when nobody was connected or the publication is closed.
     */
    public boolean lastClaimDropped()
    {
        return lastClaimDropped;
    }

    private static boolean isTransient(final long result)
    {
        return result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION;
    }

    private void onDropped(final long result)
    {
        lastClaimFailed = true;
        lastClaimDropped = false;
        if (result == Publication.NOT_CONNECTED)
        {
            counters.notConnected.incrementRelease();
        }
        else if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
        {
            counters.closed.incrementRelease();
        }
        else
        {
            countRefusal(result);
            counters.dropped.incrementRelease();
            lastClaimDropped = true;
        }
    }

    private void countRefusal(final long result)
    {
        if (result == Publication.BACK_PRESSURED)
        {
            counters.backPressured.incrementRelease();
        }
        else if (result == Publication.ADMIN_ACTION)
        {
            counters.adminActions.incrementRelease();
        }
    }
}
