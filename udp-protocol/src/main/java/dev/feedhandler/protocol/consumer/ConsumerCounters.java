package dev.feedhandler.protocol.consumer;

/**
 * What a {@link BookConsumer} saw. Written by its polling thread only.
 */
public final class ConsumerCounters
{
    long deltaStreamMessages;
    long snapshotStreamMessages;
    long bytes;
    long deltas;
    long snapshotParts;
    long snapshotsApplied;
    long snapshotsUnneeded;
    long snapshotsTooOld;
    long snapshotsIncomplete;
    long deltaGaps;
    long deltaGapMessages;
    long snapshotGaps;
    long snapshotGapMessages;
    long newSessions;
    long deltasBuffered;
    long deltasSkipped;
    long bufferOverflows;
    long unknownMessages;
    long staleMessages;
    /** Per {@link RejectReason#code()}. */
    final long[] rejected = new long[RejectReason.BAD_VALUE.code() + 1];

    public long deltaStreamMessages()
    {
        return deltaStreamMessages;
    }

    public long snapshotStreamMessages()
    {
        return snapshotStreamMessages;
    }

    public long bytes()
    {
        return bytes;
    }

    /** BookDelta messages (parts) received. */
    public long deltas()
    {
        return deltas;
    }

    public long snapshotParts()
    {
        return snapshotParts;
    }

    /** Snapshots that (re)synced a book. */
    public long snapshotsApplied()
    {
        return snapshotsApplied;
    }

    /** Complete snapshots for books already in sync (ignored). */
    public long snapshotsUnneeded()
    {
        return snapshotsUnneeded;
    }

    /** Snapshots older than what the book needs (ignored; the next cycle brings a newer one). */
    public long snapshotsTooOld()
    {
        return snapshotsTooOld;
    }

    /** Snapshots abandoned because a part was missing. */
    public long snapshotsIncomplete()
    {
        return snapshotsIncomplete;
    }

    /** Sequence jumps on the delta stream. */
    public long deltaGaps()
    {
        return deltaGaps;
    }

    /** Messages missing on the delta stream, summed over all gaps. */
    public long deltaGapMessages()
    {
        return deltaGapMessages;
    }

    public long snapshotGaps()
    {
        return snapshotGaps;
    }

    public long snapshotGapMessages()
    {
        return snapshotGapMessages;
    }

    /** Publisher restarts seen (epoch changes after the first). */
    public long newSessions()
    {
        return newSessions;
    }

    public long deltasBuffered()
    {
        return deltasBuffered;
    }

    /** Deltas already contained in an applied snapshot. */
    public long deltasSkipped()
    {
        return deltasSkipped;
    }

    public long bufferOverflows()
    {
        return bufferOverflows;
    }

    /**
     * Messages ignored as not ours or not for a book: another schema, an unknown template, too short to read (these
     * are also counted as rejected, with their reason), or an instrument id outside {@code 0..maxInstruments}.
     */
    public long unknownMessages()
    {
        return unknownMessages;
    }

    /** Messages dropped unread for this reason (each rejected message counts once, under one reason). */
    public long rejected(final RejectReason reason)
    {
        return rejected[reason.code()];
    }

    /** Messages dropped unread, whatever the reason. */
    public long rejectedTotal()
    {
        long total = 0;
        for (final long count : rejected)
        {
            total += count;
        }
        return total;
    }

    /** Messages at or below the stream's last sequence, or of an old epoch (ignored). */
    public long staleMessages()
    {
        return staleMessages;
    }
}
