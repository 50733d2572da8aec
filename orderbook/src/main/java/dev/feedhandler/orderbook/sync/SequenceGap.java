package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;

/**
 * Where the book stood and which diff did not follow it, at an instrument's last sequence gap: what an operator needs
 * to tell a venue's gap from one of ours (a lost frame shows as ids skipped, a reordered one as ids going back).
 * Owned by the book thread; every id is {@link BookEvent#NULL_ID} until the first gap.
 */
public final class SequenceGap
{
    private long bookId = BookEvent.NULL_ID;
    private long diffPrev = BookEvent.NULL_ID;
    private long diffFirst = BookEvent.NULL_ID;
    private long diffLast = BookEvent.NULL_ID;

    void record(final long bookId, final BookEvent diff)
    {
        this.bookId = bookId;
        this.diffPrev = diff.prevUpdateId();
        this.diffFirst = diff.firstUpdateId();
        this.diffLast = diff.lastUpdateId();
    }

    /** The book's last update id (or the snapshot's, while bridging) when the diff arrived. */
    public long bookId()
    {
        return bookId;
    }

    /** The diff's previous-event id (Binance USD-M {@code pu}), or {@link BookEvent#NULL_ID}. */
    public long diffPrev()
    {
        return diffPrev;
    }

    public long diffFirst()
    {
        return diffFirst;
    }

    public long diffLast()
    {
        return diffLast;
    }
}
