package dev.feedhandler.protocol.publisher;

/**
 * What happened to one stream's messages. Written by the publishing thread only.
 */
public final class PublisherCounters
{
    long sent;
    long bytes;
    long backPressured;
    long adminActions;
    long notConnected;
    long dropped;
    long closed;

    /** Messages committed. */
    public long sent()
    {
        return sent;
    }

    /** Bytes committed. */
    public long bytes()
    {
        return bytes;
    }

    /** Claims refused because the slowest receiver (or the term window) was behind; each retry counts. */
    public long backPressured()
    {
        return backPressured;
    }

    public long adminActions()
    {
        return adminActions;
    }

    /** Messages not sent because no subscriber was connected. */
    public long notConnected()
    {
        return notConnected;
    }

    /** Messages given up after the retry limit (they still consumed a sequence number: consumers see a gap). */
    public long dropped()
    {
        return dropped;
    }

    /** Messages refused because the publication is closed or at its maximum position. */
    public long closed()
    {
        return closed;
    }
}
