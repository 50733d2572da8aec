package dev.feedhandler.orderbook.processor;

import org.agrona.BitUtil;

/**
 * Message types on the two rings between the I/O threads and the book processor.
 * <p>
 * Event ring (I/O → processor):
 * <ul>
 *   <li>{@link #BOOK_EVENT}: a {@link dev.feedhandler.orderbook.BookEvent}. The record may be longer than the
 *   event (an I/O thread claims an upper bound before decoding straight into the ring); the event's own header says
 *   its length.</li>
 *   <li>{@link #INSTRUMENT_STALE}: {@code int instrumentId, int reasonCode}: the ingest side knows the book may be
 *   wrong (a frame failed to decode, the connection dropped, the ring was full).</li>
 * </ul>
 * Command ring (processor → I/O):
 * <ul>
 *   <li>{@link #SNAPSHOT_REQUEST}: {@code int instrumentId, int reasonCode, long bookId, long diffPrev,
 *   long diffFirst, long diffLast}: fetch a snapshot (or resubscribe). For a sequence gap the four ids say where the
 *   book stood and which diff broke it (for the ingest side's log line); otherwise they are
 *   {@link dev.feedhandler.orderbook.BookEvent#NULL_ID}.</li>
 * </ul>
 * Reason codes are {@link dev.feedhandler.orderbook.sync.SyncReason#code()}.
 */
public final class RingMessages
{
    public static final int BOOK_EVENT = 1;
    public static final int INSTRUMENT_STALE = 2;
    public static final int SNAPSHOT_REQUEST = 3;

    public static final int INSTRUMENT_ID_OFFSET = 0;
    public static final int REASON_OFFSET = BitUtil.SIZE_OF_INT;
    /** Length of INSTRUMENT_STALE records. */
    public static final int NOTICE_LENGTH = 2 * BitUtil.SIZE_OF_INT;
    public static final int GAP_BOOK_ID_OFFSET = NOTICE_LENGTH;
    public static final int GAP_DIFF_PREV_OFFSET = GAP_BOOK_ID_OFFSET + BitUtil.SIZE_OF_LONG;
    public static final int GAP_DIFF_FIRST_OFFSET = GAP_DIFF_PREV_OFFSET + BitUtil.SIZE_OF_LONG;
    public static final int GAP_DIFF_LAST_OFFSET = GAP_DIFF_FIRST_OFFSET + BitUtil.SIZE_OF_LONG;
    /** Length of SNAPSHOT_REQUEST records. */
    public static final int REQUEST_LENGTH = GAP_DIFF_LAST_OFFSET + BitUtil.SIZE_OF_LONG;

    private RingMessages()
    {
    }
}
