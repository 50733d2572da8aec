package dev.feedhandler.orderbook;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over the compact binary book event that venue decoders write and the book processor reads, in a ring
 * buffer or any other buffer. Little-endian, 8-byte aligned:
 * <pre>
 *   0  int   instrumentId
 *   4  short type            DIFF, SNAPSHOT or TOP_OF_BOOK
 *   6  short flags           FLAG_ASKS_FIRST: the ask levels come before the bid levels
 *   8  long  firstUpdateId   venue's first update id in this event (Binance U); snapshot: its lastUpdateId
 *  16  long  lastUpdateId    venue's last update id in this event (Binance u)
 *  24  long  prevUpdateId    venue's id of the previous event (Binance USD-M pu), or NULL_ID
 *  32  long  exchangeTimeMs  venue event time (E), or NULL_TIME
 *  40  long  transactTimeMs  venue transaction time (T), or NULL_TIME
 *  48  long  ingressTimeNs   when the frame was read from the socket
 *  56  int   bidCount
 *  60  int   askCount
 *  64  long  checksum        the venue's book checksum after this event (OKX signed, Kraken unsigned), or NULL_CHECKSUM
 *  72  long  ringTimeNs      when the ingest committed the event to the event ring (the ingress clock), or NULL_TIME
 *                            when ring timestamps are off ({@code [metrics] ring_timestamps})
 *  80  levels: (long price mantissa, long quantity mantissa) x count, one side's block then the other's
 *      with FLAG_LEVEL_FORMATS: then one int per level, in the same order, padded to 8 bytes: the level's
 *      {@link LevelFormat} (how many fraction digits its price and quantity had as text)
 * </pre>
 * Quantities are absolute; zero deletes the level. Prices and quantities are at the instrument's scales.
 * <p>
 * Level formats exist for venues whose checksum is computed over the original text (OKX): a mantissa plus the
 * number of fraction digits the venue wrote rebuilds that text exactly (see {@link LevelFormat}), with no
 * {@code String} kept anywhere.
 */
public final class BookEvent
{
    public static final short TYPE_DIFF = 1;
    public static final short TYPE_SNAPSHOT = 2;
    public static final short TYPE_TOP_OF_BOOK = 3;

    public static final short FLAG_ASKS_FIRST = 1;
    /** A block of per-level {@link LevelFormat}s follows the levels. */
    public static final short FLAG_LEVEL_FORMATS = 2;

    public static final long NULL_ID = Long.MIN_VALUE;
    public static final long NULL_TIME = Long.MIN_VALUE;
    public static final long NULL_CHECKSUM = Long.MIN_VALUE;

    public static final int INSTRUMENT_ID_OFFSET = 0;
    public static final int TYPE_OFFSET = 4;
    public static final int FLAGS_OFFSET = 6;
    public static final int FIRST_UPDATE_ID_OFFSET = 8;
    public static final int LAST_UPDATE_ID_OFFSET = 16;
    public static final int PREV_UPDATE_ID_OFFSET = 24;
    public static final int EXCHANGE_TIME_OFFSET = 32;
    public static final int TRANSACT_TIME_OFFSET = 40;
    public static final int INGRESS_TIME_OFFSET = 48;
    public static final int BID_COUNT_OFFSET = 56;
    public static final int ASK_COUNT_OFFSET = 60;
    public static final int CHECKSUM_OFFSET = 64;
    public static final int RING_TIME_OFFSET = 72;
    public static final int HEADER_LENGTH = 80;
    public static final int LEVEL_LENGTH = 2 * BitUtil.SIZE_OF_LONG;
    public static final int FORMAT_LENGTH = BitUtil.SIZE_OF_INT;

    private DirectBuffer buffer;
    private MutableDirectBuffer mutableBuffer;
    private int offset;

    /** Wrap for reading. */
    public BookEvent wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutableBuffer = null;
        this.offset = offset;
        return this;
    }

    /** Wrap for writing (and reading). */
    public BookEvent wrapForWrite(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutableBuffer = buffer;
        this.offset = offset;
        return this;
    }

    /** Bytes needed for an event with this many levels in total. */
    public static int lengthFor(final int levelCount)
    {
        return HEADER_LENGTH + levelCount * LEVEL_LENGTH;
    }

    /** Bytes needed for an event with this many levels in total, with or without a level format block. */
    public static int lengthFor(final int levelCount, final boolean withFormats)
    {
        final int length = HEADER_LENGTH + levelCount * LEVEL_LENGTH;
        return withFormats ? length + BitUtil.align(levelCount * FORMAT_LENGTH, BitUtil.SIZE_OF_LONG) : length;
    }

    /** Total encoded length of the wrapped event. */
    public int length()
    {
        return lengthFor(bidCount() + askCount(), hasLevelFormats());
    }

    public boolean hasLevelFormats()
    {
        return (flags() & FLAG_LEVEL_FORMATS) != 0;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return offset;
    }

    public int instrumentId()
    {
        return buffer.getInt(offset + INSTRUMENT_ID_OFFSET);
    }

    public short type()
    {
        return buffer.getShort(offset + TYPE_OFFSET);
    }

    public short flags()
    {
        return buffer.getShort(offset + FLAGS_OFFSET);
    }

    public long firstUpdateId()
    {
        return buffer.getLong(offset + FIRST_UPDATE_ID_OFFSET);
    }

    public long lastUpdateId()
    {
        return buffer.getLong(offset + LAST_UPDATE_ID_OFFSET);
    }

    public long prevUpdateId()
    {
        return buffer.getLong(offset + PREV_UPDATE_ID_OFFSET);
    }

    public long exchangeTimeMs()
    {
        return buffer.getLong(offset + EXCHANGE_TIME_OFFSET);
    }

    public long transactTimeMs()
    {
        return buffer.getLong(offset + TRANSACT_TIME_OFFSET);
    }

    public long ingressTimeNs()
    {
        return buffer.getLong(offset + INGRESS_TIME_OFFSET);
    }

    /**
     * When the ingest committed this event to the event ring, on the clock of {@link #ingressTimeNs()}; or
     * {@link #NULL_TIME} when ring timestamps are off (and in events that never went through the ring).
     */
    public long ringTimeNs()
    {
        return buffer.getLong(offset + RING_TIME_OFFSET);
    }

    /** The venue's checksum of the book after this event, or {@link #NULL_CHECKSUM}. */
    public long checksum()
    {
        return buffer.getLong(offset + CHECKSUM_OFFSET);
    }

    public int bidCount()
    {
        return buffer.getInt(offset + BID_COUNT_OFFSET);
    }

    public int askCount()
    {
        return buffer.getInt(offset + ASK_COUNT_OFFSET);
    }

    /** Buffer offset of the first bid level. */
    public int bidLevelsOffset()
    {
        final int levels = offset + HEADER_LENGTH;
        return (flags() & FLAG_ASKS_FIRST) != 0 ? levels + askCount() * LEVEL_LENGTH : levels;
    }

    /** Buffer offset of the first ask level. */
    public int askLevelsOffset()
    {
        final int levels = offset + HEADER_LENGTH;
        return (flags() & FLAG_ASKS_FIRST) != 0 ? levels : levels + bidCount() * LEVEL_LENGTH;
    }

    public long bidPrice(final int index)
    {
        return buffer.getLong(bidLevelsOffset() + index * LEVEL_LENGTH);
    }

    public long bidQuantity(final int index)
    {
        return buffer.getLong(bidLevelsOffset() + index * LEVEL_LENGTH + BitUtil.SIZE_OF_LONG);
    }

    public long askPrice(final int index)
    {
        return buffer.getLong(askLevelsOffset() + index * LEVEL_LENGTH);
    }

    public long askQuantity(final int index)
    {
        return buffer.getLong(askLevelsOffset() + index * LEVEL_LENGTH + BitUtil.SIZE_OF_LONG);
    }

    /** Buffer offset of the level format block (meaningful only with {@link #FLAG_LEVEL_FORMATS}). */
    public int formatsOffset()
    {
        return offset + HEADER_LENGTH + (bidCount() + askCount()) * LEVEL_LENGTH;
    }

    /** Buffer offset of the first bid's format: bid i's format is at {@code bidFormatsOffset() + i * 4}. */
    public int bidFormatsOffset()
    {
        return formatsOffset() + ((flags() & FLAG_ASKS_FIRST) != 0 ? askCount() * FORMAT_LENGTH : 0);
    }

    /** Buffer offset of the first ask's format. */
    public int askFormatsOffset()
    {
        return formatsOffset() + ((flags() & FLAG_ASKS_FIRST) != 0 ? 0 : bidCount() * FORMAT_LENGTH);
    }

    /** The {@link LevelFormat} of bid {@code index}; {@link LevelFormat#NONE} without a format block. */
    public int bidFormat(final int index)
    {
        return hasLevelFormats() ? buffer.getInt(bidFormatsOffset() + index * FORMAT_LENGTH) : LevelFormat.NONE;
    }

    /** The {@link LevelFormat} of ask {@code index}; {@link LevelFormat#NONE} without a format block. */
    public int askFormat(final int index)
    {
        return hasLevelFormats() ? buffer.getInt(askFormatsOffset() + index * FORMAT_LENGTH) : LevelFormat.NONE;
    }

    /**
     * Write a header with no levels and every optional field null; set the rest with the setters.
     */
    public BookEvent resetHeader(final int instrumentId, final short type)
    {
        return header(instrumentId, type, NULL_ID, NULL_ID, NULL_ID, NULL_TIME, NULL_TIME, NULL_TIME);
    }

    /**
     * Write a whole header with no levels, no flags, no checksum and no ring time, each field once (the decoders' hot path; the
     * level counts and flags follow when the levels are written).
     */
    public BookEvent header(
        final int instrumentId,
        final short type,
        final long firstUpdateId,
        final long lastUpdateId,
        final long prevUpdateId,
        final long exchangeTimeMs,
        final long transactTimeMs,
        final long ingressTimeNs)
    {
        final MutableDirectBuffer b = mutableBuffer;
        b.putInt(offset + INSTRUMENT_ID_OFFSET, instrumentId);
        b.putShort(offset + TYPE_OFFSET, type);
        b.putShort(offset + FLAGS_OFFSET, (short)0);
        b.putLong(offset + FIRST_UPDATE_ID_OFFSET, firstUpdateId);
        b.putLong(offset + LAST_UPDATE_ID_OFFSET, lastUpdateId);
        b.putLong(offset + PREV_UPDATE_ID_OFFSET, prevUpdateId);
        b.putLong(offset + EXCHANGE_TIME_OFFSET, exchangeTimeMs);
        b.putLong(offset + TRANSACT_TIME_OFFSET, transactTimeMs);
        b.putLong(offset + INGRESS_TIME_OFFSET, ingressTimeNs);
        b.putInt(offset + BID_COUNT_OFFSET, 0);
        b.putInt(offset + ASK_COUNT_OFFSET, 0);
        b.putLong(offset + CHECKSUM_OFFSET, NULL_CHECKSUM);
        b.putLong(offset + RING_TIME_OFFSET, NULL_TIME);
        return this;
    }

    public BookEvent instrumentId(final int value)
    {
        mutableBuffer.putInt(offset + INSTRUMENT_ID_OFFSET, value);
        return this;
    }

    public BookEvent type(final short value)
    {
        mutableBuffer.putShort(offset + TYPE_OFFSET, value);
        return this;
    }

    public BookEvent flags(final short value)
    {
        mutableBuffer.putShort(offset + FLAGS_OFFSET, value);
        return this;
    }

    public BookEvent firstUpdateId(final long value)
    {
        mutableBuffer.putLong(offset + FIRST_UPDATE_ID_OFFSET, value);
        return this;
    }

    public BookEvent lastUpdateId(final long value)
    {
        mutableBuffer.putLong(offset + LAST_UPDATE_ID_OFFSET, value);
        return this;
    }

    public BookEvent prevUpdateId(final long value)
    {
        mutableBuffer.putLong(offset + PREV_UPDATE_ID_OFFSET, value);
        return this;
    }

    public BookEvent exchangeTimeMs(final long value)
    {
        mutableBuffer.putLong(offset + EXCHANGE_TIME_OFFSET, value);
        return this;
    }

    public BookEvent transactTimeMs(final long value)
    {
        mutableBuffer.putLong(offset + TRANSACT_TIME_OFFSET, value);
        return this;
    }

    public BookEvent ingressTimeNs(final long value)
    {
        mutableBuffer.putLong(offset + INGRESS_TIME_OFFSET, value);
        return this;
    }

    public BookEvent ringTimeNs(final long value)
    {
        mutableBuffer.putLong(offset + RING_TIME_OFFSET, value);
        return this;
    }

    public BookEvent checksum(final long value)
    {
        mutableBuffer.putLong(offset + CHECKSUM_OFFSET, value);
        return this;
    }

    public BookEvent bidCount(final int value)
    {
        mutableBuffer.putInt(offset + BID_COUNT_OFFSET, value);
        return this;
    }

    public BookEvent askCount(final int value)
    {
        mutableBuffer.putInt(offset + ASK_COUNT_OFFSET, value);
        return this;
    }

    /** Write level {@code index} of the level area (counting across both side blocks). */
    public BookEvent putLevel(final int index, final long price, final long quantity)
    {
        final int at = offset + HEADER_LENGTH + index * LEVEL_LENGTH;
        mutableBuffer.putLong(at, price);
        mutableBuffer.putLong(at + BitUtil.SIZE_OF_LONG, quantity);
        return this;
    }

    /**
     * Write the {@link LevelFormat} of level {@code index} (counting across both side blocks, as in
     * {@link #putLevel}). Set both counts and {@link #FLAG_LEVEL_FORMATS} first: the block starts after all levels.
     */
    public BookEvent putLevelFormat(final int index, final int format)
    {
        mutableBuffer.putInt(formatsOffset() + index * FORMAT_LENGTH, format);
        return this;
    }
}
