package dev.feedhandler.feeder.venue.bybit;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.LevelWriter;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.json.JsonCursor;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static dev.feedhandler.feeder.json.JsonCursor.keyBitsOf;

/**
 * Decodes Bybit v5 public WebSocket frames straight from the frame bytes into {@link BookEvent}s:
 * <ul>
 *   <li>{@code {"topic":"orderbook.N.SYMBOL","type":"snapshot"|"delta","ts":..,"cts":..,"data":{"s":..,"b":[..],
 *   "a":[..],"u":..,"seq":..}}} becomes one event: first = last update id = {@code u} (prev NULL), {@code ts} the
 *   exchange time, {@code cts} the transaction time. A {@code snapshot}, or any message with {@code u == 1} (Bybit
 *   restarted the book service), is a {@link BookEvent#TYPE_SNAPSHOT}; a {@code delta} otherwise a DIFF.</li>
 *   <li>Operation replies ({@code subscribe}, {@code unsubscribe}, {@code ping}/{@code pong}) and frames of other
 *   topics carry nothing for the books: result 0. A reply with {@code "success":false} is a
 *   {@link DecodeReason#VENUE_ERROR}, attributed to the instrument its {@code ret_msg} names, if any.</li>
 * </ul>
 * Fields are found by name in any order (Bybit's order differs by category); the instrument comes from the topic
 * and/or {@code data.s}, which must agree. {@code seq} and unknown fields are skipped. No allocation per frame; never
 * throws on any input.
 */
public final class BybitFrameDecoder implements StreamFrameDecoder
{
    private static final int CONTINUE = 1;
    private static final int IGNORED = 0;

    private static final long KEY_TOPIC = keyBitsOf("topic");
    private static final long KEY_TYPE = keyBitsOf("type");
    private static final long KEY_TS = keyBitsOf("ts");
    private static final long KEY_CTS = keyBitsOf("cts");
    private static final long KEY_DATA = keyBitsOf("data");
    private static final long KEY_OP = keyBitsOf("op");
    private static final long KEY_SUCCESS = keyBitsOf("success");
    private static final long KEY_RET_MSG = keyBitsOf("ret_msg");
    private static final long KEY_SYMBOL = keyBitsOf("s");
    private static final long KEY_BIDS = keyBitsOf("b");
    private static final long KEY_ASKS = keyBitsOf("a");
    private static final long KEY_UPDATE_ID = keyBitsOf("u");

    private static final int F_TOPIC = 1;
    private static final int F_TYPE = 1 << 1;
    private static final int F_TS = 1 << 2;
    private static final int F_CTS = 1 << 3;
    private static final int F_DATA = 1 << 4;
    private static final int F_OP = 1 << 5;
    private static final int F_SUCCESS = 1 << 6;
    private static final int F_RET_MSG = 1 << 7;
    private static final int F_SYMBOL = 1 << 8;
    private static final int F_BIDS = 1 << 9;
    private static final int F_ASKS = 1 << 10;
    private static final int F_UPDATE_ID = 1 << 11;

    private static final int KIND_NONE = 0;
    private static final int KIND_SNAPSHOT = 1;
    private static final int KIND_DELTA = 2;
    private static final int KIND_OTHER = 3;

    private static final byte[] SNAPSHOT = {'s', 'n', 'a', 'p', 's', 'h', 'o', 't'};
    private static final byte[] DELTA = {'d', 'e', 'l', 't', 'a'};
    private static final byte[] ORDERBOOK = {'o', 'r', 'd', 'e', 'r', 'b', 'o', 'o', 'k', '.'};

    private final SymbolTable symbols;
    private final int maxFrameLength;
    private final JsonCursor cursor = new JsonCursor();
    private final BookEvent event = new BookEvent();
    private final LevelWriter levels;
    /** The fast path for book messages as Bybit sends them, or null (tests of the general path). */
    private final BybitBookScanner bookScanner;

    private int seen;
    private int kind;
    private boolean failed;
    private boolean dataIsObject;
    private Instrument instrument;
    private int deferredBidsAt;
    private int deferredAsksAt;
    private int retMsgOffset;
    private int retMsgLength;
    private long updateId;
    private long exchangeTimeMs;
    private long transactTimeMs;

    /**
     * @param symbols        the connection's instruments by Bybit symbol ({@code BTCUSDT}).
     * @param maxFrameLength frames longer than this are rejected unread.
     */
    public BybitFrameDecoder(final SymbolTable symbols, final int maxFrameLength)
    {
        this(symbols, maxFrameLength, true);
    }

    /**
     * @param fastPath try {@link BybitBookScanner} first, and the {@link LevelWriter}'s fast path on each side; false
     *                 decodes every frame with the general path only (to test one against the other).
     */
    BybitFrameDecoder(final SymbolTable symbols, final int maxFrameLength, final boolean fastPath)
    {
        this.symbols = symbols;
        this.maxFrameLength = maxFrameLength;
        this.levels = new LevelWriter(fastPath);
        this.bookScanner = fastPath ? new BybitBookScanner(symbols) : null;
    }

    /** The instrument of the last frame decoded, as far as it was read (topic, {@code s} or error text), or null. */
    public Instrument lastInstrument()
    {
        return instrument;
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
        reset();
        if (length > maxFrameLength)
        {
            return -DecodeReason.FRAME_TOO_LARGE.code();
        }
        event.wrapForWrite(out, outOffset);
        final int levelCapacity = Math.max(0, (outCapacity - BookEvent.HEADER_LENGTH) / BookEvent.LEVEL_LENGTH);
        levels.begin(event, levelCapacity);
        if (bookScanner != null && outCapacity >= BookEvent.HEADER_LENGTH)
        {
            final int fast = bookScanner.decode(buffer, offset, length, event, levels, receivedNs);
            if (fast != BybitBookScanner.FALLBACK)
            {
                instrument = bookScanner.instrument();
                return fast;
            }
            levels.begin(event, levelCapacity);
        }
        final JsonCursor cursor = this.cursor.wrap(buffer, offset, length);

        if (!cursor.consume((byte)'{'))
        {
            return -cursor.reason().code();
        }
        final int result = parseMembers(0);
        if (result != CONTINUE)
        {
            return result;
        }
        if (!cursor.atEnd())
        {
            return -DecodeReason.MALFORMED_JSON.code();
        }
        return finish(outCapacity, receivedNs);
    }

    private void reset()
    {
        seen = 0;
        kind = KIND_NONE;
        failed = false;
        dataIsObject = false;
        instrument = null;
        deferredBidsAt = -1;
        deferredAsksAt = -1;
        retMsgLength = 0;
        updateId = BookEvent.NULL_ID;
        exchangeTimeMs = BookEvent.NULL_TIME;
        transactTimeMs = BookEvent.NULL_TIME;
    }

    private int parseMembers(final int depth)
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
            final int result = depth == 0 ? onTopLevelMember() : onDataMember();
            if (result != CONTINUE)
            {
                return result;
            }
            more = cursor.next((byte)'}');
        }
        while (more > 0);
        return more == 0 ? CONTINUE : -cursor.reason().code();
    }

    private int onTopLevelMember()
    {
        final JsonCursor cursor = this.cursor;
        final long key = cursor.keyBits();
        if (key == KEY_DATA)
        {
            return onData();
        }
        if (key == KEY_TOPIC)
        {
            return onTopic();
        }
        if (key == KEY_TYPE)
        {
            return onType();
        }
        if (key == KEY_TS)
        {
            final int result = readLongField(F_TS);
            exchangeTimeMs = cursor.longValue();
            return result;
        }
        if (key == KEY_CTS)
        {
            final int result = readLongField(F_CTS);
            transactTimeMs = cursor.longValue();
            return result;
        }
        if (key == KEY_OP)
        {
            return readStringField(F_OP);
        }
        if (key == KEY_SUCCESS)
        {
            return onSuccess();
        }
        if (key == KEY_RET_MSG)
        {
            final int result = readStringField(F_RET_MSG);
            retMsgOffset = cursor.stringOffset();
            retMsgLength = cursor.stringLength();
            return result;
        }
        return cursor.skipValue() ? CONTINUE : -cursor.reason().code();
    }

    private int onDataMember()
    {
        final JsonCursor cursor = this.cursor;
        final long key = cursor.keyBits();
        if (key == KEY_BIDS)
        {
            return onSide(F_BIDS, true);
        }
        if (key == KEY_ASKS)
        {
            return onSide(F_ASKS, false);
        }
        if (key == KEY_UPDATE_ID)
        {
            final int result = readLongField(F_UPDATE_ID);
            updateId = cursor.longValue();
            return result;
        }
        if (key == KEY_SYMBOL)
        {
            return onSymbol();
        }
        return cursor.skipValue() ? CONTINUE : -cursor.reason().code();
    }

    /** Book data is an object; anything else is judged in {@link #finish} (it may belong to a topic we ignore). */
    private int onData()
    {
        if (!markSeen(F_DATA))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final JsonCursor cursor = this.cursor;
        final int c = cursor.peek();
        if (c == '{')
        {
            dataIsObject = true;
            cursor.position(cursor.position() + 1);
            return parseMembers(1);
        }
        return cursor.skipValue() ? CONTINUE : -cursor.reason().code();
    }

    /** {@code orderbook.<depth>.<SYMBOL>}; any other topic is not for the books and the frame is ignored. */
    private int onTopic()
    {
        if (!markSeen(F_TOPIC))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final JsonCursor cursor = this.cursor;
        if (!cursor.readString())
        {
            return -cursor.reason().code();
        }
        final DirectBuffer buffer = cursor.buffer();
        final int start = cursor.stringOffset();
        final int length = cursor.stringLength();
        if (!startsWith(buffer, start, length, ORDERBOOK))
        {
            return IGNORED;
        }
        final int symbolAt = skipDepth(buffer, start + ORDERBOOK.length, start + length);
        final Instrument named = symbolAt < 0 ? null : symbols.lookup(buffer, symbolAt, start + length - symbolAt);
        return onInstrumentNamed(named, true);
    }

    private int onSymbol()
    {
        if (!markSeen(F_SYMBOL))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final JsonCursor cursor = this.cursor;
        if (!cursor.readString())
        {
            return -cursor.reason().code();
        }
        return onInstrumentNamed(symbols.lookup(cursor.buffer(), cursor.stringOffset(), cursor.stringLength()), false);
    }

    /**
     * The topic and {@code s} must name the same configured instrument. When they disagree the topic's is the one
     * the frame is attributed to (it is what was subscribed).
     */
    private int onInstrumentNamed(final Instrument named, final boolean fromTopic)
    {
        if (named == null)
        {
            return -DecodeReason.UNKNOWN_INSTRUMENT.code();
        }
        if (instrument != null && instrument != named)
        {
            if (fromTopic)
            {
                instrument = named;
            }
            return -DecodeReason.UNKNOWN_INSTRUMENT.code();
        }
        instrument = named;
        return CONTINUE;
    }

    private int onType()
    {
        if (!markSeen(F_TYPE))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final JsonCursor cursor = this.cursor;
        if (!cursor.readString())
        {
            return -cursor.reason().code();
        }
        kind = cursor.stringEquals(SNAPSHOT) ? KIND_SNAPSHOT : cursor.stringEquals(DELTA) ? KIND_DELTA : KIND_OTHER;
        return CONTINUE;
    }

    private int onSuccess()
    {
        if (!markSeen(F_SUCCESS))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final JsonCursor cursor = this.cursor;
        final int c = cursor.peek();
        if (c != 't' && c != 'f')
        {
            return c < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
        }
        failed = c == 'f';
        return cursor.skipValue() ? CONTINUE : -cursor.reason().code();
    }

    /** Levels are parsed at once when the instrument (and so its scales) is known; otherwise after the frame. */
    private int onSide(final int field, final boolean isBid)
    {
        if (!markSeen(field))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final JsonCursor cursor = this.cursor;
        final int c = cursor.peek();
        if (c != '[')
        {
            return c < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
        }
        if (instrument != null)
        {
            final int result = levels.parseStringPairs(cursor, isBid, instrument.priceScale(), instrument.qtyScale());
            return result == 0 ? CONTINUE : result;
        }
        if (isBid)
        {
            deferredBidsAt = cursor.position();
        }
        else
        {
            deferredAsksAt = cursor.position();
        }
        return cursor.skipValue() ? CONTINUE : -cursor.reason().code();
    }

    private int finish(final int outCapacity, final long receivedNs)
    {
        if (failed)
        {
            return onVenueError();
        }
        if ((seen & (F_TOPIC | F_DATA)) == 0)
        {
            return IGNORED; // an operation reply (subscribe, unsubscribe, pong) or something else with no book data
        }
        final int result = checkBookMessage();
        if (result < 0)
        {
            return result;
        }
        if (deferredBidsAt >= 0 || deferredAsksAt >= 0)
        {
            final int deferred = parseDeferredLevels();
            if (deferred < 0)
            {
                return deferred;
            }
        }
        if (outCapacity < BookEvent.HEADER_LENGTH)
        {
            return -DecodeReason.TOO_MANY_LEVELS.code();
        }
        final short type = kind == KIND_SNAPSHOT || updateId == 1 ? BookEvent.TYPE_SNAPSHOT : BookEvent.TYPE_DIFF;
        event.resetHeader(instrument.id(), type)
            .firstUpdateId(updateId)
            .lastUpdateId(updateId)
            .exchangeTimeMs(exchangeTimeMs)
            .transactTimeMs(transactTimeMs)
            .ingressTimeNs(receivedNs);
        levels.finish();
        return event.length();
    }

    /** @return 0 when the frame has everything a book message needs, else the rejection. */
    private int checkBookMessage()
    {
        final int required = F_TOPIC | F_TYPE | F_DATA | F_UPDATE_ID;
        if ((seen & F_TYPE) != 0 && kind == KIND_OTHER)
        {
            return -DecodeReason.UNKNOWN_MESSAGE_TYPE.code();
        }
        if ((seen & F_DATA) != 0 && !dataIsObject)
        {
            return -DecodeReason.WRONG_TYPE.code();
        }
        if ((seen & (required & ~F_TOPIC)) != (required & ~F_TOPIC) || instrument == null)
        {
            return -DecodeReason.MISSING_FIELD.code(); // no topic and no s, or no type, data or u
        }
        if (updateId < 1)
        {
            return -DecodeReason.BAD_SEQUENCE.code();
        }
        return 0;
    }

    /** Rare path: the levels came before the topic and the symbol. */
    private int parseDeferredLevels()
    {
        return levels.parseDeferredStringPairs(
            cursor, deferredBidsAt, deferredAsksAt, instrument.priceScale(), instrument.qtyScale());
    }

    /**
     * Rare path: {@code "success":false}. Bybit names a rejected topic in the message text (e.g.
     * {@code "error:handler not found,topic:orderbook.50.BTCUSDT"}): attribute the error to that instrument.
     */
    private int onVenueError()
    {
        if (instrument == null && retMsgLength > 0)
        {
            instrument = instrumentNamedIn(cursor.buffer(), retMsgOffset, retMsgLength);
        }
        return -DecodeReason.VENUE_ERROR.code();
    }

    private Instrument instrumentNamedIn(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        for (int at = offset; at + ORDERBOOK.length < end; at++)
        {
            if (startsWith(buffer, at, end - at, ORDERBOOK))
            {
                final int symbolAt = skipDepth(buffer, at + ORDERBOOK.length, end);
                if (symbolAt >= 0)
                {
                    int symbolEnd = symbolAt;
                    while (symbolEnd < end && isSymbolByte(buffer.getByte(symbolEnd)))
                    {
                        symbolEnd++;
                    }
                    return symbols.lookup(buffer, symbolAt, symbolEnd - symbolAt);
                }
            }
        }
        return null;
    }

    private static boolean isSymbolByte(final byte b)
    {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_';
    }

    /** After {@code orderbook.}: one or more digits and a dot; returns where the symbol starts, or -1. */
    private static int skipDepth(final DirectBuffer buffer, final int from, final int end)
    {
        int at = from;
        while (at < end && buffer.getByte(at) >= '0' && buffer.getByte(at) <= '9')
        {
            at++;
        }
        if (at == from || at >= end - 1 || buffer.getByte(at) != '.')
        {
            return -1;
        }
        return at + 1;
    }

    private static boolean startsWith(final DirectBuffer buffer, final int offset, final int length, final byte[] prefix)
    {
        if (length < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (buffer.getByte(offset + i) != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    private int readStringField(final int field)
    {
        if (!markSeen(field))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        return cursor.readString() ? CONTINUE : -cursor.reason().code();
    }

    /** Read a JSON integer field; on failure the value read is meaningless and the result says why. */
    private int readLongField(final int field)
    {
        if (!markSeen(field))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        return cursor.readLong() ? CONTINUE : -cursor.reason().code();
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
