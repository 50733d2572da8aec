package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;

/**
 * A venue's rules for stitching a snapshot and a stream of diffs into an exact book. Implementations are stateless.
 */
public interface SequenceRule
{
    /** Before bridging: is this diff wholly contained in a snapshot whose last update id is {@code snapshotId}? */
    boolean isCoveredBySnapshot(long snapshotId, BookEvent diff);

    /** Is this the first diff to apply on top of a snapshot whose last update id is {@code snapshotId}? */
    boolean bridges(long snapshotId, BookEvent diff);

    /** Does this diff directly follow the last applied one, whose last update id is {@code lastUpdateId}? */
    boolean follows(long lastUpdateId, BookEvent diff);

    /** Is this diff one that was already applied (a repeat, or older), and so safe to ignore? */
    boolean isDuplicate(long lastUpdateId, BookEvent diff);
}
