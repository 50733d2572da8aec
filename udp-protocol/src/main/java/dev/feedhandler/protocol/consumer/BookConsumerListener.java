package dev.feedhandler.protocol.consumer;

/**
 * Callbacks from a {@link BookConsumer}, on its polling thread. Every method has an empty default.
 */
public interface BookConsumerListener
{
    /**
     * A complete update (every part of a delta, or a whole snapshot) was applied to the book.
     *
     * @param ingressTimeNs when the venue frame was read by the publisher (null value for snapshots).
     * @param publishTimeNs when the publisher sent it.
     */
    default void onBookUpdated(final ConsumerBook book, final long ingressTimeNs, final long publishTimeNs)
    {
    }

    /**
     * The publisher said something about its book on the delta stream: {@link ConsumerBook#publisherState()} and
     * {@link ConsumerBook#publisherReason()} hold it (e.g. STALE for GAP, RESYNCING for SNAPSHOT_TOO_OLD).
     */
    default void onPublisherStatus(final ConsumerBook book)
    {
    }

    /** The book became trustworthy or stopped being so (see {@link ConsumerBook#isTrustworthy()}). */
    default void onTrustChanged(final ConsumerBook book)
    {
    }

    /**
     * Messages {@code fromSequence..toSequence} on a stream never arrived.
     *
     * @param snapshotStream false for the delta stream.
     */
    default void onGap(final boolean snapshotStream, final long fromSequence, final long toSequence)
    {
    }

    /** The publisher restarted (a new epoch): every book is rebuilt from snapshots. */
    default void onNewSession(final long previousEpoch, final long epoch)
    {
    }
}
