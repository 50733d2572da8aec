package dev.feedhandler.feeder.binance;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.LevelWriter;
import dev.feedhandler.feeder.json.JsonCursor;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

import static dev.feedhandler.feeder.json.JsonCursor.keyBitsOf;

/**
 * Decodes a Binance REST depth snapshot body (spot {@code /api/v3/depth} and USD-M {@code /fapi/v1/depth}):
 * {@code {"lastUpdateId":L,"E":..,"T":..,"bids":[["p","q"],..],"asks":[..]}} into a SNAPSHOT {@link BookEvent}
 * whose first and last update ids are {@code L}. An error body ({@code {"code":..,"msg":..}}) is VENUE_ERROR.
 * Result conventions as for {@link BinanceStreamDecoder}.
 */
public final class BinanceSnapshotDecoder
{
    private static final byte[] LAST_UPDATE_ID = "lastUpdateId".getBytes(StandardCharsets.US_ASCII);
    private static final long KEY_EVENT_TIME = keyBitsOf("E");
    private static final long KEY_TRANSACT_TIME = keyBitsOf("T");
    private static final long KEY_BIDS = keyBitsOf("bids");
    private static final long KEY_ASKS = keyBitsOf("asks");
    private static final long KEY_CODE = keyBitsOf("code");
    private static final long KEY_MSG = keyBitsOf("msg");

    private static final int F_LAST_ID = 1;
    private static final int F_BIDS = 1 << 1;
    private static final int F_ASKS = 1 << 2;
    private static final int F_EVENT_TIME = 1 << 3;
    private static final int F_TRANSACT_TIME = 1 << 4;
    private static final int F_ERROR = 1 << 5;

    private final int maxLength;
    private final JsonCursor cursor = new JsonCursor();
    private final BookEvent event = new BookEvent();
    private final LevelWriter levels = new LevelWriter();
    private int seen;
    private long lastUpdateId;
    private long exchangeTimeMs;
    private long transactTimeMs;

    /** @param maxLength bodies longer than this are rejected unread (a 5,000-level body is about 300 KB). */
    public BinanceSnapshotDecoder(final int maxLength)
    {
        this.maxLength = maxLength;
    }

    /**
     * @return event length written at {@code outOffset}, or {@code -code} of a {@link DecodeReason}.
     */
    public int decode(
        final DirectBuffer body,
        final int offset,
        final int length,
        final Instrument instrument,
        final MutableDirectBuffer out,
        final int outOffset,
        final int outCapacity,
        final long ingressTimeNs)
    {
        if (length > maxLength)
        {
            return -DecodeReason.FRAME_TOO_LARGE.code();
        }
        if (outCapacity < BookEvent.HEADER_LENGTH)
        {
            return -DecodeReason.TOO_MANY_LEVELS.code();
        }
        seen = 0;
        lastUpdateId = BookEvent.NULL_ID;
        exchangeTimeMs = BookEvent.NULL_TIME;
        transactTimeMs = BookEvent.NULL_TIME;
        final JsonCursor cursor = this.cursor.wrap(body, offset, length);
        event.wrapForWrite(out, outOffset);
        levels.begin(event, (outCapacity - BookEvent.HEADER_LENGTH) / BookEvent.LEVEL_LENGTH);

        if (!cursor.consume((byte)'{'))
        {
            return -cursor.reason().code();
        }
        if (cursor.peek() != '}')
        {
            int more;
            do
            {
                if (!cursor.readKey())
                {
                    return -cursor.reason().code();
                }
                final int result = onMember(instrument);
                if (result < 0)
                {
                    return result;
                }
                more = cursor.next((byte)'}');
            }
            while (more > 0);
            if (more < 0)
            {
                return -cursor.reason().code();
            }
        }
        else
        {
            cursor.position(cursor.position() + 1);
        }
        if (!cursor.atEnd())
        {
            return -DecodeReason.MALFORMED_JSON.code();
        }
        return finish(instrument, ingressTimeNs);
    }

    private int onMember(final Instrument instrument)
    {
        final JsonCursor cursor = this.cursor;
        final long key = cursor.keyBits();
        if (key == KEY_BIDS || key == KEY_ASKS)
        {
            final boolean isBid = key == KEY_BIDS;
            if (!markSeen(isBid ? F_BIDS : F_ASKS))
            {
                return -DecodeReason.DUPLICATE_FIELD.code();
            }
            return levels.parseStringPairs(cursor, isBid, instrument.priceScale(), instrument.qtyScale());
        }
        if (key == JsonCursor.LONG_KEY && cursor.keyEquals(LAST_UPDATE_ID))
        {
            final int result = readLongField(F_LAST_ID);
            lastUpdateId = cursor.longValue();
            return result;
        }
        if (key == KEY_EVENT_TIME)
        {
            final int result = readLongField(F_EVENT_TIME);
            exchangeTimeMs = cursor.longValue();
            return result;
        }
        if (key == KEY_TRANSACT_TIME)
        {
            final int result = readLongField(F_TRANSACT_TIME);
            transactTimeMs = cursor.longValue();
            return result;
        }
        if (key == KEY_CODE || key == KEY_MSG)
        {
            seen |= F_ERROR;
        }
        return cursor.skipValue() ? 0 : -cursor.reason().code();
    }

    private int finish(final Instrument instrument, final long ingressTimeNs)
    {
        final int required = F_LAST_ID | F_BIDS | F_ASKS;
        if ((seen & required) != required)
        {
            return (seen & F_ERROR) != 0 ? -DecodeReason.VENUE_ERROR.code() : -DecodeReason.MISSING_FIELD.code();
        }
        if (lastUpdateId < 0)
        {
            return -DecodeReason.BAD_SEQUENCE.code();
        }
        event.resetHeader(instrument.id(), BookEvent.TYPE_SNAPSHOT)
            .firstUpdateId(lastUpdateId)
            .lastUpdateId(lastUpdateId)
            .exchangeTimeMs(exchangeTimeMs)
            .transactTimeMs(transactTimeMs)
            .ingressTimeNs(ingressTimeNs);
        levels.finish();
        return event.length();
    }

    private int readLongField(final int field)
    {
        if (!markSeen(field))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        return cursor.readLong() ? 0 : -cursor.reason().code();
    }

    private boolean markSeen(final int field)
    {
        if ((seen & field) != 0)
        {
            return false;
        }
        seen |= field;
        return true;
    }
}
