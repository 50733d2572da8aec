package dev.feedhandler.feeder.venue.coinbase;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.json.JsonCursor;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

import static dev.feedhandler.feeder.json.JsonCursor.keyBitsOf;

/**
 * Decodes Coinbase Advanced Trade WebSocket frames of one connection:
 * <pre>
 * {"channel":"l2_data","client_id":"","timestamp":"..","sequence_num":N,"events":[
 *   {"type":"snapshot"|"update","product_id":"BTC-USD",
 *    "updates":[{"side":"bid"|"offer","event_time":"..","price_level":"..","new_quantity":".."}]}]}
 * </pre>
 * Each event becomes one {@link BookEvent} (snapshot: {@code TYPE_SNAPSHOT}, update: {@code TYPE_DIFF}), written
 * back to back in the order sent; bids and offers, interleaved in the text, become the two level blocks with each
 * side's order kept. Ids are NULL except first = last = {@code sequence_num} (diagnostics only), the exchange time
 * is the frame's {@code timestamp}.
 * <p>
 * Continuity: {@code sequence_num} counts every frame of the connection, whatever its channel. Each accepted frame's
 * must be the previous accepted one's plus one (the first sets the start); anything else is
 * {@code CONNECTION_GAP}: a frame was lost for some product, so every book on the connection needs a reconnect. The
 * decoder then follows the new numbering, counting each break once. A rejected frame does not advance the sequence,
 * so the frame after it is a gap too: what it held is lost for whichever products it carried.
 * <p>
 * Frames of other channels ({@code heartbeats}, {@code subscriptions}, ...) advance the sequence and return 0.
 * {@code {"type":"error",..}} is {@code VENUE_ERROR}. Fields are found by name in any order; unknown fields are
 * skipped. No allocation per frame, never throws.
 * <p>
 * A one-event {@code l2_data} frame laid out as Coinbase sends it is read first by {@link CoinbaseBookScanner}; any
 * other frame, or one that breaks the numbering, is decoded (again) by the general path here.
 */
public final class CoinbaseFrameDecoder implements StreamFrameDecoder
{
    private static final int CONTINUE = 1;

    private static final long KEY_CHANNEL = keyBitsOf("channel");
    private static final long KEY_EVENTS = keyBitsOf("events");
    private static final long KEY_TYPE = keyBitsOf("type");
    private static final long KEY_UPDATES = keyBitsOf("updates");
    private static final byte[] SEQUENCE_NUM = ascii("sequence_num");
    private static final byte[] TIMESTAMP = ascii("timestamp");
    private static final byte[] PRODUCT_ID = ascii("product_id");

    private static final byte[] L2_DATA = ascii("l2_data");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] SNAPSHOT = ascii("snapshot");
    private static final byte[] UPDATE = ascii("update");

    // Fields seen, per object level.
    private static final int F_CHANNEL = 1;
    private static final int F_SEQUENCE = 2;
    private static final int F_EVENTS = 4;
    private static final int F_TYPE = 8;
    private static final int F_TIMESTAMP = 16;
    private static final int F_PRODUCT = 1;
    private static final int F_UPDATES = 2;
    private static final int F_EVENT_TYPE = 4;

    private static final int LEVEL_FRAME = 0;
    private static final int LEVEL_EVENT = 1;

    private static final int CHANNEL_UNKNOWN = 0;
    private static final int CHANNEL_BOOK = 1;
    private static final int CHANNEL_OTHER = 2;

    private final JsonCursor cursor = new JsonCursor();
    private final BookEvent event = new BookEvent();
    private final SplitSideLevels levels = new SplitSideLevels();
    private final CoinbaseUpdatesReader updates = new CoinbaseUpdatesReader();
    private final SymbolTable symbols;
    private final int maxFrameLength;
    private final CoinbaseBookScanner bookScanner;

    private boolean started;
    private long lastSequence;

    // Per frame.
    private int seen;
    private int channel;
    private long sequence;
    private int deferredEventsAt;
    private int timestampOffset;
    private int timestampLength;
    private MutableDirectBuffer out;
    private int outStart;
    private int outPosition;
    private int outLimit;
    private long ingressTimeNs;

    // Per event.
    private Instrument instrument;
    private int eventSeen;
    private short eventType;
    private int deferredUpdatesAt;

    /**
     * @param symbols        the connection's products by {@code product_id}.
     * @param maxFrameLength frames longer than this are rejected unread.
     */
    public CoinbaseFrameDecoder(final SymbolTable symbols, final int maxFrameLength)
    {
        this(symbols, maxFrameLength, true);
    }

    /**
     * @param fastPath try {@link CoinbaseBookScanner} first; false decodes every frame with the general path only (to
     *                 test one against the other).
     */
    CoinbaseFrameDecoder(final SymbolTable symbols, final int maxFrameLength, final boolean fastPath)
    {
        this.symbols = symbols;
        this.maxFrameLength = maxFrameLength;
        this.bookScanner = fastPath ? new CoinbaseBookScanner(symbols) : null;
    }

    public Instrument lastInstrument()
    {
        return instrument;
    }

    /** Forget the sequence so far: the next frame starts a connection's count (reusing a decoder on a new one). */
    public void newConnection()
    {
        started = false;
    }

    public int decode(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final MutableDirectBuffer out,
        final int outOffset,
        final int outCapacity,
        final long receivedNs)
    {
        reset(out, outOffset, outCapacity, receivedNs);
        if (length > maxFrameLength)
        {
            return -DecodeReason.FRAME_TOO_LARGE.code();
        }
        if (bookScanner != null)
        {
            final int fast = bookScanner.decode(buffer, offset, length, out, outOffset, outCapacity, levels, receivedNs);
            // A break in the connection's numbering is the general path's to report.
            if (fast != CoinbaseBookScanner.FALLBACK && (!started || bookScanner.sequence() == lastSequence + 1))
            {
                instrument = bookScanner.instrument();
                sequence = bookScanner.sequence();
                started = true;
                lastSequence = sequence;
                return fast;
            }
        }
        final JsonCursor cursor = this.cursor.wrap(buffer, offset, length);
        if (!cursor.consume((byte)'{'))
        {
            return -cursor.reason().code();
        }
        final int result = parseObject(LEVEL_FRAME);
        if (result != CONTINUE)
        {
            return result;
        }
        if (!cursor.atEnd())
        {
            return -DecodeReason.MALFORMED_JSON.code();
        }
        return finish();
    }

    private void reset(final MutableDirectBuffer out, final int outOffset, final int outCapacity, final long receivedNs)
    {
        seen = 0;
        channel = CHANNEL_UNKNOWN;
        sequence = -1;
        deferredEventsAt = -1;
        timestampLength = -1;
        instrument = null;
        this.out = out;
        outStart = outOffset;
        outPosition = outOffset;
        outLimit = outOffset + Math.max(0, outCapacity);
        ingressTimeNs = receivedNs;
    }

    /** Members of an object whose '{' was consumed, up to and including its '}'; {@code level} picks the handler. */
    private int parseObject(final int level)
    {
        final JsonCursor cursor = this.cursor;
        if (cursor.peek() == '}')
        {
            cursor.position(cursor.position() + 1);
            return CONTINUE;
        }
        int more;
        do
        {
            if (!cursor.readKey())
            {
                return -cursor.reason().code();
            }
            final int result = level == LEVEL_EVENT ? onEventMember() : onFrameMember();
            if (result != CONTINUE)
            {
                return result;
            }
            more = cursor.next((byte)'}');
        }
        while (more > 0);
        return more == 0 ? CONTINUE : -cursor.reason().code();
    }

    private int onFrameMember()
    {
        final JsonCursor cursor = this.cursor;
        final long key = cursor.keyBits();
        if (key == KEY_CHANNEL)
        {
            return onChannel();
        }
        if (key == KEY_EVENTS)
        {
            return onEvents();
        }
        if (key == KEY_TYPE)
        {
            return onFrameType();
        }
        if (key == JsonCursor.LONG_KEY)
        {
            if (cursor.keyEquals(SEQUENCE_NUM))
            {
                return onSequence();
            }
            if (cursor.keyEquals(TIMESTAMP))
            {
                return onTimestamp();
            }
        }
        return skip();
    }

    private int onChannel()
    {
        if (!markSeen(F_CHANNEL))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (!cursor.readString())
        {
            return -cursor.reason().code();
        }
        channel = cursor.stringEquals(L2_DATA) ? CHANNEL_BOOK : CHANNEL_OTHER;
        return CONTINUE;
    }

    private int onSequence()
    {
        if (!markSeen(F_SEQUENCE))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (!cursor.readLong())
        {
            return -cursor.reason().code();
        }
        final long value = cursor.longValue();
        if (value < 0)
        {
            return -DecodeReason.BAD_SEQUENCE.code();
        }
        sequence = value;
        if (started && value != lastSequence + 1)
        {
            return onGap(value);
        }
        return CONTINUE;
    }

    /** Rare path: the connection lost (or repeated) a frame. Follow the new numbering; the caller reconnects. */
    private int onGap(final long value)
    {
        lastSequence = value;
        instrument = null;
        return -DecodeReason.CONNECTION_GAP.code();
    }

    private int onTimestamp()
    {
        if (!markSeen(F_TIMESTAMP))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (cursor.peek() != '"')
        {
            return skip(); // informational: an unexpected type only loses the time
        }
        if (!cursor.readString())
        {
            return -cursor.reason().code();
        }
        timestampOffset = cursor.stringOffset();
        timestampLength = cursor.stringLength();
        return CONTINUE;
    }

    private int onFrameType()
    {
        if (!markSeen(F_TYPE))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (cursor.peek() == '"')
        {
            if (!cursor.readString())
            {
                return -cursor.reason().code();
            }
            return cursor.stringEquals(ERROR) ? onVenueError() : CONTINUE;
        }
        return skip();
    }

    private int onVenueError()
    {
        instrument = null;
        return -DecodeReason.VENUE_ERROR.code();
    }

    private int onEvents()
    {
        if (!markSeen(F_EVENTS))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final int c = cursor.peek();
        if (c != '[')
        {
            return c < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
        }
        if (channel == CHANNEL_BOOK)
        {
            return parseEvents();
        }
        if (channel == CHANNEL_UNKNOWN)
        {
            deferredEventsAt = cursor.position(); // parsed once the channel says they are book events
        }
        return skip();
    }

    private int finish()
    {
        if ((seen & (F_CHANNEL | F_SEQUENCE)) != (F_CHANNEL | F_SEQUENCE))
        {
            return -DecodeReason.MISSING_FIELD.code();
        }
        if (channel == CHANNEL_BOOK)
        {
            if ((seen & F_EVENTS) == 0)
            {
                return -DecodeReason.MISSING_FIELD.code();
            }
            if (deferredEventsAt >= 0)
            {
                final int result = parseDeferredEvents();
                if (result != CONTINUE)
                {
                    return result;
                }
            }
            stampEvents();
        }
        started = true;
        lastSequence = sequence;
        return outPosition - outStart;
    }

    /** Rare path: the events came before the channel. */
    private int parseDeferredEvents()
    {
        final int end = cursor.position();
        cursor.position(deferredEventsAt);
        final int result = parseEvents();
        cursor.position(end);
        return result;
    }

    /** The frame-wide fields, known only once the whole frame is read: sequence and exchange time. */
    private void stampEvents()
    {
        final long exchangeTimeMs = timestampLength < 0 ? BookEvent.NULL_TIME :
            Rfc3339.epochMillis(cursor.buffer(), timestampOffset, timestampLength);
        final BookEvent event = this.event;
        for (int at = outStart; at < outPosition; at += event.length())
        {
            event.wrapForWrite(out, at).firstUpdateId(sequence).lastUpdateId(sequence).exchangeTimeMs(exchangeTimeMs);
        }
    }

    private int parseEvents()
    {
        final JsonCursor cursor = this.cursor;
        cursor.position(cursor.position() + 1); // '['
        if (cursor.peek() == ']')
        {
            cursor.position(cursor.position() + 1);
            return CONTINUE;
        }
        int more;
        do
        {
            final int result = parseEvent();
            if (result != CONTINUE)
            {
                return result;
            }
            more = cursor.next((byte)']');
        }
        while (more > 0);
        return more == 0 ? CONTINUE : -cursor.reason().code();
    }

    private int parseEvent()
    {
        final JsonCursor cursor = this.cursor;
        final int c = cursor.peek();
        if (c != '{')
        {
            return c < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
        }
        cursor.position(cursor.position() + 1);
        instrument = null;
        eventSeen = 0;
        deferredUpdatesAt = -1;
        final int room = outLimit - outPosition;
        if (room < BookEvent.HEADER_LENGTH)
        {
            return -DecodeReason.TOO_MANY_LEVELS.code();
        }
        final int levelRoom = (room - BookEvent.HEADER_LENGTH) / BookEvent.LEVEL_LENGTH;
        levels.begin(out, outPosition + BookEvent.HEADER_LENGTH, levelRoom);

        final int result = parseObject(LEVEL_EVENT);
        if (result != CONTINUE)
        {
            return result;
        }
        final int required = F_EVENT_TYPE | F_PRODUCT | F_UPDATES;
        if ((eventSeen & required) != required)
        {
            return -DecodeReason.MISSING_FIELD.code();
        }
        if (deferredUpdatesAt >= 0)
        {
            final int deferred = parseDeferredUpdates();
            if (deferred != CONTINUE)
            {
                return deferred;
            }
        }
        final BookEvent event = this.event.wrapForWrite(out, outPosition);
        event.resetHeader(instrument.id(), eventType).ingressTimeNs(ingressTimeNs);
        levels.finish(event);
        outPosition += event.length();
        return CONTINUE;
    }

    private int onEventMember()
    {
        final JsonCursor cursor = this.cursor;
        final long key = cursor.keyBits();
        if (key == KEY_TYPE)
        {
            return onEventType();
        }
        if (key == KEY_UPDATES)
        {
            return onUpdates();
        }
        if (key == JsonCursor.LONG_KEY && cursor.keyEquals(PRODUCT_ID))
        {
            return onProduct();
        }
        return skip();
    }

    private int onEventType()
    {
        if (!markEventSeen(F_EVENT_TYPE))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (!cursor.readString())
        {
            return -cursor.reason().code();
        }
        if (cursor.stringEquals(UPDATE))
        {
            eventType = BookEvent.TYPE_DIFF;
            return CONTINUE;
        }
        if (cursor.stringEquals(SNAPSHOT))
        {
            eventType = BookEvent.TYPE_SNAPSHOT;
            return CONTINUE;
        }
        return -DecodeReason.UNKNOWN_MESSAGE_TYPE.code();
    }

    private int onProduct()
    {
        if (!markEventSeen(F_PRODUCT))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (!cursor.readString())
        {
            return -cursor.reason().code();
        }
        instrument = symbols.lookup(cursor.buffer(), cursor.stringOffset(), cursor.stringLength());
        return instrument != null ? CONTINUE : -DecodeReason.UNKNOWN_INSTRUMENT.code();
    }

    private int onUpdates()
    {
        if (!markEventSeen(F_UPDATES))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final int c = cursor.peek();
        if (c != '[')
        {
            return c < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
        }
        if (instrument != null)
        {
            return readUpdates();
        }
        deferredUpdatesAt = cursor.position(); // the scales come with the product
        return skip();
    }

    private int readUpdates()
    {
        final int result = updates.read(cursor, levels, instrument.priceScale(), instrument.qtyScale());
        return result == 0 ? CONTINUE : result;
    }

    /** Rare path: the updates came before the product. */
    private int parseDeferredUpdates()
    {
        final int end = cursor.position();
        cursor.position(deferredUpdatesAt);
        final int result = readUpdates();
        cursor.position(end);
        return result;
    }

    private int skip()
    {
        return cursor.skipValue() ? CONTINUE : -cursor.reason().code();
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

    private boolean markEventSeen(final int field)
    {
        if ((eventSeen & field) != 0)
        {
            return false;
        }
        eventSeen |= field;
        return true;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
