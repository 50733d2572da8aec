package dev.feedhandler.orderbook.processor;

/**
 * What the book processor did. Written by its thread only.
 */
public final class ProcessorCounters
{
    long events;
    long staleNotices;
    long unknownInstruments;
    long unknownMessages;
    long snapshotRequests;
    long commandRingFull;

    /** Book events applied or buffered. */
    public long events()
    {
        return events;
    }

    /** Stale notices from the ingest side. */
    public long staleNotices()
    {
        return staleNotices;
    }

    /** Records naming an instrument id the processor does not have. */
    public long unknownInstruments()
    {
        return unknownInstruments;
    }

    public long unknownMessages()
    {
        return unknownMessages;
    }

    /** Snapshot requests written to the command ring. */
    public long snapshotRequests()
    {
        return snapshotRequests;
    }

    /** Times the command ring was full; the request is retried on the next duty cycle. */
    public long commandRingFull()
    {
        return commandRingFull;
    }
}
