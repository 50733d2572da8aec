package dev.feedhandler.protocol.publisher;

import io.aeron.ExclusivePublication;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.MutableDirectBuffer;

/**
 * A {@link MessageSink} on an Aeron {@link ExclusivePublication}: messages are encoded straight into the term buffer
 * through {@code tryClaim}, so they never cross a copy. A claim must fit one MTU ({@code maxPayloadLength}).
 */
public final class AeronMessageSink implements MessageSink
{
    private final ExclusivePublication publication;
    private final BufferClaim claim = new BufferClaim();

    public AeronMessageSink(final ExclusivePublication publication)
    {
        this.publication = publication;
    }

    public ExclusivePublication publication()
    {
        return publication;
    }

    public long tryClaim(final int length)
    {
        return publication.tryClaim(length, claim);
    }

    public MutableDirectBuffer buffer()
    {
        return claim.buffer();
    }

    public int offset()
    {
        return claim.offset();
    }

    public void commit()
    {
        claim.commit();
    }

    public int maxMessageLength()
    {
        return publication.maxPayloadLength();
    }

    public boolean isConnected()
    {
        return publication.isConnected();
    }
}
