package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;

/**
 * OKX {@code books}: each update's {@code prevSeqId} (the event's previous update id) equals the {@code seqId} (last
 * update id) of the message before it. That one test also admits the documented exceptions: a keep-alive update
 * ({@code seqId == prevSeqId}, no levels) and a maintenance reset ({@code seqId < prevSeqId}; the chain resumes from
 * it). Messages from before OKX added {@code seqId} carry no ids: they follow anything, and the checksum is the only
 * check. A message whose {@code seqId} equals the last one but whose {@code prevSeqId} is older is a repeat.
 */
public final class OkxSequenceRule implements SequenceRule
{
    public static final OkxSequenceRule INSTANCE = new OkxSequenceRule();

    private OkxSequenceRule()
    {
    }

    public boolean isCoveredBySnapshot(final long snapshotId, final BookEvent diff)
    {
        return false;
    }

    public boolean bridges(final long snapshotId, final BookEvent diff)
    {
        return follows(snapshotId, diff);
    }

    public boolean follows(final long lastUpdateId, final BookEvent diff)
    {
        final long prev = diff.prevUpdateId();
        return prev == BookEvent.NULL_ID || lastUpdateId == BookEvent.NULL_ID || prev == lastUpdateId;
    }

    public boolean isDuplicate(final long lastUpdateId, final BookEvent diff)
    {
        return diff.lastUpdateId() == lastUpdateId && diff.prevUpdateId() < lastUpdateId;
    }
}
