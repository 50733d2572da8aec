package dev.feedhandler.feeder.venue.okx;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.json.JsonCursor;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static dev.feedhandler.feeder.json.JsonCursor.keyBitsOf;

/**
 * The {@code data} array of an OKX book message, once its instrument and action are known: each element
 * {@code {"asks":[..],"bids":[..],"ts":"ms","checksum":int,"seqId":long,"prevSeqId":long}} becomes one event with its
 * level formats ({@link OkxLevels}). Fields in any order, unknown ones skipped; {@code ts}, {@code checksum} and the
 * id pair are optional (null when absent), the sides are not.
 */
final class OkxBookData
{
    private static final int CONTINUE = 1;

    private static final long KEY_ASKS = keyBitsOf("asks");
    private static final long KEY_BIDS = keyBitsOf("bids");
    private static final long KEY_TS = keyBitsOf("ts");
    private static final long KEY_CHECKSUM = keyBitsOf("checksum");
    private static final long KEY_SEQ_ID = keyBitsOf("seqId");
    private static final byte[] PREV_SEQ_ID = {'p', 'r', 'e', 'v', 'S', 'e', 'q', 'I', 'd'};

    private static final int F_ASKS = 1;
    private static final int F_BIDS = 1 << 1;
    private static final int F_TS = 1 << 2;
    private static final int F_CHECKSUM = 1 << 3;
    private static final int F_SEQ_ID = 1 << 4;
    private static final int F_PREV_SEQ_ID = 1 << 5;

    private final BookEvent event = new BookEvent();
    private final OkxLevels levels;

    private JsonCursor cursor;
    private Instrument instrument;
    private short type;
    private MutableDirectBuffer out;
    private int outOffset;
    private int outCapacity;
    private long receivedNs;
    private int written;

    // One element.
    private int elementSeen;
    private long exchangeTimeMs;
    private long checksum;
    private long seqId;
    private long prevSeqId;

    /** @param fastLevels try the shared fast path on each side first (see {@link OkxLevels}). */
    OkxBookData(final boolean fastLevels)
    {
        this.levels = new OkxLevels(fastLevels);
    }

    /** The level writer, shared with the whole-frame fast path ({@link OkxBookScanner}). */
    OkxLevels levels()
    {
        return levels;
    }

    /**
     * Parse {@code [{...},...]} at the cursor: one event per element, back to back from {@code outOffset}.
     *
     * @return bytes written (> 0) or {@code -code} of a {@link DecodeReason}.
     */
    int parse(
        final JsonCursor cursor,
        final Instrument instrument,
        final short type,
        final MutableDirectBuffer out,
        final int outOffset,
        final int outCapacity,
        final long receivedNs)
    {
        this.cursor = cursor;
        this.instrument = instrument;
        this.type = type;
        this.out = out;
        this.outOffset = outOffset;
        this.outCapacity = outCapacity;
        this.receivedNs = receivedNs;
        written = 0;
        final int open = cursor.peek();
        if (open != '[')
        {
            return open < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
        }
        cursor.position(cursor.position() + 1);
        if (cursor.peek() == ']')
        {
            return -DecodeReason.MISSING_FIELD.code(); // a book message with no book in it
        }
        int more;
        do
        {
            final int result = parseElement();
            if (result != CONTINUE)
            {
                return result;
            }
            more = cursor.next((byte)']');
        }
        while (more > 0);
        return more == 0 ? written : failure();
    }

    private int parseElement()
    {
        final JsonCursor cursor = this.cursor;
        final int capacity = OkxLevels.capacityFor(outCapacity - written);
        if (capacity < 0)
        {
            return -DecodeReason.TOO_MANY_LEVELS.code();
        }
        final int open = cursor.peek();
        if (open != '{')
        {
            return open < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
        }
        cursor.position(cursor.position() + 1);
        final BookEvent event = this.event.wrapForWrite(out, outOffset + written);
        levels.begin(event, capacity);
        elementSeen = 0;
        exchangeTimeMs = BookEvent.NULL_TIME;
        checksum = BookEvent.NULL_CHECKSUM;
        seqId = BookEvent.NULL_ID;
        prevSeqId = BookEvent.NULL_ID;
        if (cursor.peek() == '}')
        {
            cursor.position(cursor.position() + 1);
            return finishElement(event);
        }
        int more;
        do
        {
            if (!cursor.readKey())
            {
                return failure();
            }
            final int result = onElementMember();
            if (result != CONTINUE)
            {
                return result;
            }
            more = cursor.next((byte)'}');
        }
        while (more > 0);
        return more == 0 ? finishElement(event) : failure();
    }

    private int onElementMember()
    {
        final JsonCursor cursor = this.cursor;
        final long key = cursor.keyBits();
        if (key == KEY_ASKS)
        {
            return onSide(F_ASKS, false);
        }
        if (key == KEY_BIDS)
        {
            return onSide(F_BIDS, true);
        }
        if (key == KEY_SEQ_ID)
        {
            final int result = readLongField(F_SEQ_ID);
            seqId = cursor.longValue();
            return result;
        }
        if (key == JsonCursor.LONG_KEY && cursor.keyEquals(PREV_SEQ_ID))
        {
            final int result = readLongField(F_PREV_SEQ_ID);
            prevSeqId = cursor.longValue();
            return result;
        }
        if (key == KEY_CHECKSUM)
        {
            return onChecksum();
        }
        if (key == KEY_TS)
        {
            return onTimestamp();
        }
        return cursor.skipValue() ? CONTINUE : failure();
    }

    private int onSide(final int field, final boolean isBid)
    {
        if (!markElementSeen(field))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final int result = levels.parseSide(cursor, isBid, instrument.priceScale(), instrument.qtyScale());
        return result == 0 ? CONTINUE : result;
    }

    /** OKX sends a signed 32-bit CRC32; anything outside that range cannot be one. */
    private int onChecksum()
    {
        final int result = readLongField(F_CHECKSUM);
        if (result != CONTINUE)
        {
            return result;
        }
        final long value = cursor.longValue();
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
        {
            return -DecodeReason.NUMBER_OVERFLOW.code();
        }
        checksum = value;
        return CONTINUE;
    }

    /** {@code "ts":"1652459225453"}: milliseconds as a string of digits. */
    private int onTimestamp()
    {
        if (!markElementSeen(F_TS))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final JsonCursor cursor = this.cursor;
        if (!cursor.readString())
        {
            return failure();
        }
        final DirectBuffer buffer = cursor.buffer();
        final int length = cursor.stringLength();
        if (length == 0)
        {
            return -DecodeReason.BAD_NUMBER.code();
        }
        long value = 0;
        for (int i = cursor.stringOffset(), end = i + length; i < end; i++)
        {
            final int digit = buffer.getByte(i) - '0';
            if (digit < 0 || digit > 9)
            {
                return -DecodeReason.BAD_NUMBER.code();
            }
            if (value > (Long.MAX_VALUE - digit) / 10)
            {
                return -DecodeReason.NUMBER_OVERFLOW.code();
            }
            value = value * 10 + digit;
        }
        exchangeTimeMs = value;
        return CONTINUE;
    }

    private int finishElement(final BookEvent event)
    {
        if ((elementSeen & (F_ASKS | F_BIDS)) != (F_ASKS | F_BIDS))
        {
            return -DecodeReason.MISSING_FIELD.code();
        }
        final int ids = elementSeen & (F_SEQ_ID | F_PREV_SEQ_ID);
        if (ids != 0 && ids != (F_SEQ_ID | F_PREV_SEQ_ID))
        {
            return -DecodeReason.MISSING_FIELD.code(); // they come as a pair or not at all
        }
        if (ids != 0 && (seqId < 0 || prevSeqId < -1))
        {
            return -DecodeReason.BAD_SEQUENCE.code();
        }
        event.resetHeader(instrument.id(), type)
            .firstUpdateId(seqId)
            .lastUpdateId(seqId)
            .prevUpdateId(prevSeqId)
            .exchangeTimeMs(exchangeTimeMs)
            .ingressTimeNs(receivedNs)
            .checksum(checksum);
        levels.finish();
        written += event.length();
        return CONTINUE;
    }

    private int readLongField(final int field)
    {
        if (!markElementSeen(field))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        return cursor.readLong() ? CONTINUE : failure();
    }


    private boolean markElementSeen(final int field)
    {
        if ((elementSeen & field) != 0)
        {
            return false;
        }
        elementSeen |= field;
        return true;
    }

    private int failure()
    {
        return -cursor.reason().code();
    }
}
