package dev.feedhandler.feeder.venue.kraken;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.LevelWriter;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.json.JsonCursor;
import dev.feedhandler.feeder.venue.StreamFrameDecoder;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.FixedPoint;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.NumberError;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static dev.feedhandler.feeder.json.JsonCursor.keyBitsOf;

/**
 * Decodes Kraken WebSocket v2 frames straight from the bytes into {@link BookEvent}s:
 * <ul>
 *   <li>{@code {"channel":"book","type":"snapshot"|"update","data":[{"symbol":..,"bids":[{"price":p,"qty":q}],
 *   "asks":[..],"checksum":c,"timestamp":..}]}} becomes one SNAPSHOT or DIFF per {@code data} entry, back to back,
 *   with the levels in the order sent (a repeated price: the later one wins when applied), no ids, the checksum
 *   as the unsigned 32-bit value in a long and the {@code timestamp} as exchange time (ms; null when absent).
 *   Prices and quantities are JSON numbers, read as text and parsed exactly at the instrument's scales
 *   ({@code 0E-8} is a deletion);</li>
 *   <li>other channels ({@code status}, {@code heartbeat}, ...) and successful method replies ({@code subscribe},
 *   {@code unsubscribe}, {@code pong}) are ignored: result 0. Their contents are skipped unread, so the
 *   {@code status} message's {@code connection_id} (beyond 2^53) is never converted;</li>
 *   <li>a reply with {@code "success":false} or any frame with an {@code error} member is {@code VENUE_ERROR},
 *   attributed to its {@code symbol} (top level or in {@code result}) when it names a configured one;</li>
 *   <li>a book message whose {@code type} is neither is {@code UNKNOWN_MESSAGE_TYPE}.</li>
 * </ul>
 * Members are found by name in any order; unknown members are skipped. No allocation per frame.
 */
public final class KrakenFrameDecoder implements StreamFrameDecoder
{
    private static final int CONTINUE = 1;
    private static final long MAX_CHECKSUM = 0xFFFF_FFFFL;

    private static final long KEY_CHANNEL = keyBitsOf("channel");
    private static final long KEY_TYPE = keyBitsOf("type");
    private static final long KEY_DATA = keyBitsOf("data");
    private static final long KEY_METHOD = keyBitsOf("method");
    private static final long KEY_SUCCESS = keyBitsOf("success");
    private static final long KEY_ERROR = keyBitsOf("error");
    private static final long KEY_RESULT = keyBitsOf("result");
    private static final long KEY_SYMBOL = keyBitsOf("symbol");
    private static final long KEY_BIDS = keyBitsOf("bids");
    private static final long KEY_ASKS = keyBitsOf("asks");
    private static final long KEY_CHECKSUM = keyBitsOf("checksum");
    private static final long KEY_PRICE = keyBitsOf("price");
    private static final long KEY_QTY = keyBitsOf("qty");

    // Members of the frame.
    private static final int F_CHANNEL = 1;
    private static final int F_TYPE = 1 << 1;
    private static final int F_DATA = 1 << 2;
    private static final int F_METHOD = 1 << 3;
    private static final int F_SUCCESS = 1 << 4;
    private static final int F_ERROR = 1 << 5;
    private static final int F_RESULT = 1 << 6;
    private static final int F_SYMBOL = 1 << 7;

    // Members of a data entry.
    private static final int E_SYMBOL = 1;
    private static final int E_BIDS = 1 << 1;
    private static final int E_ASKS = 1 << 2;
    private static final int E_CHECKSUM = 1 << 3;
    private static final int E_TIMESTAMP = 1 << 4;

    private static final int CHANNEL_OTHER = 0;
    private static final int CHANNEL_BOOK = 1;
    private static final short TYPE_UNKNOWN = 0;

    private static final byte[] BOOK = {'b', 'o', 'o', 'k'};
    private static final byte[] SNAPSHOT = {'s', 'n', 'a', 'p', 's', 'h', 'o', 't'};
    private static final byte[] UPDATE = {'u', 'p', 'd', 'a', 't', 'e'};
    private static final byte[] TIMESTAMP = {'t', 'i', 'm', 'e', 's', 't', 'a', 'm', 'p'};

    private final SymbolTable symbols;
    private final int maxFrameLength;
    private final JsonCursor cursor = new JsonCursor();
    private final BookEvent event = new BookEvent();
    private final LevelWriter levels = new LevelWriter();
    /** The fast path for book messages as Kraken sends them, or null (tests of the general path). */
    private final KrakenBookScanner bookScanner;

    // Frame state.
    private int seen;
    private int channel;
    private short type;
    private boolean success;
    private int dataAt;
    private int symbolOffset;
    private int symbolLength;
    private Instrument instrument;

    // Output state.
    private MutableDirectBuffer out;
    private int outEnd;
    private int written;
    private long ingressTimeNs;

    // Entry state.
    private int entrySeen;
    private long checksum;
    private long exchangeTimeMs;
    private int deferredBidsAt;
    private int deferredAsksAt;

    // Level state.
    private long price;
    private long quantity;

    /**
     * @param symbols        Kraken's instruments by symbol ({@code BTC/USD}); their scales must be the pairs'
     *                       {@code pair_decimals} and {@code lot_decimals} for the checksum to match.
     * @param maxFrameLength frames longer than this are rejected unread.
     */
    public KrakenFrameDecoder(final SymbolTable symbols, final int maxFrameLength)
    {
        this(symbols, maxFrameLength, true);
    }

    /**
     * @param fastPath try {@link KrakenBookScanner} first; false decodes every frame with the general path only (to
     *                 test one against the other).
     */
    KrakenFrameDecoder(final SymbolTable symbols, final int maxFrameLength, final boolean fastPath)
    {
        this.symbols = symbols;
        this.maxFrameLength = maxFrameLength;
        this.bookScanner = fastPath ? new KrakenBookScanner(symbols) : null;
    }

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
        seen = 0;
        channel = CHANNEL_OTHER;
        type = TYPE_UNKNOWN;
        success = true;
        dataAt = -1;
        symbolLength = -1;
        instrument = null;
        this.out = out;
        this.outEnd = outOffset + Math.max(0, outCapacity);
        this.written = outOffset;
        this.ingressTimeNs = receivedNs;
        if (length > maxFrameLength)
        {
            return -DecodeReason.FRAME_TOO_LARGE.code();
        }
        if (bookScanner != null && outCapacity >= BookEvent.HEADER_LENGTH)
        {
            event.wrapForWrite(out, outOffset);
            levels.begin(event, (outCapacity - BookEvent.HEADER_LENGTH) / BookEvent.LEVEL_LENGTH);
            final int fast = bookScanner.decode(buffer, offset, length, event, levels, receivedNs);
            if (fast != KrakenBookScanner.FALLBACK)
            {
                instrument = bookScanner.instrument();
                return fast;
            }
        }

        final JsonCursor cursor = this.cursor.wrap(buffer, offset, length);
        if (!cursor.consume((byte)'{'))
        {
            return -cursor.reason().code();
        }
        int result = CONTINUE;
        if (cursor.peek() == '}')
        {
            cursor.position(cursor.position() + 1);
        }
        else
        {
            result = parseMembers();
        }
        if (result != CONTINUE)
        {
            return result;
        }
        if (!cursor.atEnd())
        {
            return -DecodeReason.MALFORMED_JSON.code();
        }
        return finish(outOffset);
    }

    private int parseMembers()
    {
        final JsonCursor cursor = this.cursor;
        int more;
        do
        {
            if (!cursor.readKey())
            {
                return -cursor.reason().code();
            }
            final int result = onMember();
            if (result != CONTINUE)
            {
                return result;
            }
            more = cursor.next((byte)'}');
        }
        while (more > 0);
        return more == 0 ? CONTINUE : -cursor.reason().code();
    }

    private int onMember()
    {
        final JsonCursor cursor = this.cursor;
        final long key = cursor.keyBits();
        if (key == KEY_DATA)
        {
            return onData();
        }
        if (key == KEY_CHANNEL)
        {
            return onChannel();
        }
        if (key == KEY_TYPE)
        {
            return onType();
        }
        if (key == KEY_METHOD)
        {
            return markSeen(F_METHOD) ? skip() : -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (key == KEY_SUCCESS)
        {
            return onSuccess();
        }
        if (key == KEY_ERROR)
        {
            return markSeen(F_ERROR) ? skip() : -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (key == KEY_SYMBOL)
        {
            return onReplySymbol();
        }
        if (key == KEY_RESULT)
        {
            return onResult();
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
        channel = cursor.stringEquals(BOOK) ? CHANNEL_BOOK : CHANNEL_OTHER;
        return CONTINUE;
    }

    private int onType()
    {
        if (!markSeen(F_TYPE))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (!cursor.readString())
        {
            return -cursor.reason().code();
        }
        if (cursor.stringEquals(UPDATE))
        {
            type = BookEvent.TYPE_DIFF;
        }
        else if (cursor.stringEquals(SNAPSHOT))
        {
            type = BookEvent.TYPE_SNAPSHOT;
        }
        return CONTINUE;
    }

    /**
     * Book data is parsed where it stands when the channel and type came first (as Kraken sends them); otherwise its
     * place is kept and it is parsed, or not, once the whole frame has been read.
     */
    private int onData()
    {
        if (!markSeen(F_DATA))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (channel == CHANNEL_BOOK && type != TYPE_UNKNOWN)
        {
            return parseEntries();
        }
        dataAt = cursor.position();
        return skip();
    }

    private int onSuccess()
    {
        if (!markSeen(F_SUCCESS))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final int c = cursor.peek();
        if (c != 't' && c != 'f')
        {
            return c < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
        }
        success = c == 't';
        return skip();
    }

    /** A method reply's {@code symbol}: kept to attribute an error. */
    private int onReplySymbol()
    {
        if (!markSeen(F_SYMBOL))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        return cursor.peek() == '"' ? readReplySymbol() : skip();
    }

    /** A method reply's {@code result} object: its {@code symbol} is kept to attribute an error. */
    private int onResult()
    {
        if (!markSeen(F_RESULT))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final JsonCursor cursor = this.cursor;
        if (cursor.peek() != '{')
        {
            return skip();
        }
        cursor.position(cursor.position() + 1);
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
            final int result = cursor.keyBits() == KEY_SYMBOL && cursor.peek() == '"' ? readReplySymbol() : skip();
            if (result != CONTINUE)
            {
                return result;
            }
            more = cursor.next((byte)'}');
        }
        while (more > 0);
        return more == 0 ? CONTINUE : -cursor.reason().code();
    }

    private int readReplySymbol()
    {
        if (!cursor.readString())
        {
            return -cursor.reason().code();
        }
        symbolOffset = cursor.stringOffset();
        symbolLength = cursor.stringLength();
        return CONTINUE;
    }

    private int finish(final int outOffset)
    {
        if ((seen & F_ERROR) != 0 || !success)
        {
            return venueError();
        }
        if (channel != CHANNEL_BOOK)
        {
            return 0;
        }
        if ((seen & F_TYPE) == 0 || (seen & F_DATA) == 0)
        {
            return -DecodeReason.MISSING_FIELD.code();
        }
        if (type == TYPE_UNKNOWN)
        {
            return -DecodeReason.UNKNOWN_MESSAGE_TYPE.code();
        }
        if (dataAt >= 0)
        {
            cursor.position(dataAt);
            final int result = parseEntries();
            if (result != CONTINUE)
            {
                return result;
            }
        }
        return written - outOffset;
    }

    /** Rare path: name the instrument the venue's error is about, when it names one. */
    private int venueError()
    {
        if (symbolLength >= 0)
        {
            instrument = symbols.lookup(cursor.buffer(), symbolOffset, symbolLength);
        }
        return -DecodeReason.VENUE_ERROR.code();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Book data
    // ---------------------------------------------------------------------------------------------------------------

    /** {@code data}: an array of entries, one event each. */
    private int parseEntries()
    {
        final JsonCursor cursor = this.cursor;
        final int open = cursor.peek();
        if (open != '[')
        {
            return open < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
        }
        cursor.position(cursor.position() + 1);
        if (cursor.peek() == ']')
        {
            cursor.position(cursor.position() + 1);
            return CONTINUE;
        }
        int more;
        do
        {
            final int result = parseEntry();
            if (result != CONTINUE)
            {
                return result;
            }
            more = cursor.next((byte)']');
        }
        while (more > 0);
        return more == 0 ? CONTINUE : -cursor.reason().code();
    }

    private int parseEntry()
    {
        final JsonCursor cursor = this.cursor;
        final int open = cursor.peek();
        if (open != '{')
        {
            return open < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
        }
        cursor.position(cursor.position() + 1);
        entrySeen = 0;
        instrument = null;
        checksum = BookEvent.NULL_CHECKSUM;
        exchangeTimeMs = BookEvent.NULL_TIME;
        deferredBidsAt = -1;
        deferredAsksAt = -1;
        final int room = outEnd - written;
        if (room < BookEvent.HEADER_LENGTH)
        {
            return -DecodeReason.TOO_MANY_LEVELS.code();
        }
        event.wrapForWrite(out, written);
        levels.begin(event, (room - BookEvent.HEADER_LENGTH) / BookEvent.LEVEL_LENGTH);

        if (cursor.peek() == '}')
        {
            cursor.position(cursor.position() + 1);
        }
        else
        {
            int more;
            do
            {
                if (!cursor.readKey())
                {
                    return -cursor.reason().code();
                }
                final int result = onEntryMember();
                if (result != CONTINUE)
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
        return finishEntry();
    }

    private int onEntryMember()
    {
        final JsonCursor cursor = this.cursor;
        final long key = cursor.keyBits();
        if (key == KEY_BIDS)
        {
            return onSide(E_BIDS, true);
        }
        if (key == KEY_ASKS)
        {
            return onSide(E_ASKS, false);
        }
        if (key == KEY_SYMBOL)
        {
            return onSymbol();
        }
        if (key == KEY_CHECKSUM)
        {
            return onChecksum();
        }
        if (key == JsonCursor.LONG_KEY && cursor.keyEquals(TIMESTAMP))
        {
            return onTimestamp();
        }
        return skip();
    }

    /** {@code timestamp}: the exchange time, to the millisecond; a spelling we do not know leaves it null. */
    private int onTimestamp()
    {
        if (!markEntrySeen(E_TIMESTAMP))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (!cursor.readString())
        {
            return -cursor.reason().code();
        }
        exchangeTimeMs = KrakenTimestamp.parseMillis(cursor.buffer(), cursor.stringOffset(), cursor.stringLength());
        return CONTINUE;
    }

    private int onSymbol()
    {
        if (!markEntrySeen(E_SYMBOL))
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

    private int onChecksum()
    {
        if (!markEntrySeen(E_CHECKSUM))
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
            return -DecodeReason.NEGATIVE_NUMBER.code();
        }
        if (value > MAX_CHECKSUM)
        {
            return -DecodeReason.NUMBER_OVERFLOW.code();
        }
        checksum = value;
        return CONTINUE;
    }

    /** Levels are parsed at once when the symbol, and so the scales, are known; otherwise after the entry is read. */
    private int onSide(final int field, final boolean isBid)
    {
        if (!markEntrySeen(field))
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
            return parseSide(isBid);
        }
        if (isBid)
        {
            deferredBidsAt = cursor.position();
        }
        else
        {
            deferredAsksAt = cursor.position();
        }
        return skip();
    }

    private int finishEntry()
    {
        if ((entrySeen & (E_SYMBOL | E_CHECKSUM)) != (E_SYMBOL | E_CHECKSUM))
        {
            return -DecodeReason.MISSING_FIELD.code();
        }
        if (deferredBidsAt >= 0 || deferredAsksAt >= 0)
        {
            final int result = parseDeferredSides();
            if (result != CONTINUE)
            {
                return result;
            }
        }
        event.resetHeader(instrument.id(), type)
            .exchangeTimeMs(exchangeTimeMs)
            .ingressTimeNs(ingressTimeNs)
            .checksum(checksum);
        levels.finish();
        written += event.length();
        return CONTINUE;
    }

    /** Rare path: a side came before the symbol. */
    private int parseDeferredSides()
    {
        final JsonCursor cursor = this.cursor;
        final int end = cursor.position();
        if (deferredBidsAt >= 0)
        {
            cursor.position(deferredBidsAt);
            final int result = parseSide(true);
            if (result != CONTINUE)
            {
                return result;
            }
        }
        if (deferredAsksAt >= 0)
        {
            cursor.position(deferredAsksAt);
            final int result = parseSide(false);
            if (result != CONTINUE)
            {
                return result;
            }
        }
        cursor.position(end);
        return CONTINUE;
    }

    /** {@code [{"price":p,"qty":q},...]} at the cursor, in order. */
    private int parseSide(final boolean isBid)
    {
        final JsonCursor cursor = this.cursor;
        cursor.position(cursor.position() + 1); // the '[' seen by the caller
        if (cursor.peek() == ']')
        {
            cursor.position(cursor.position() + 1);
            return CONTINUE;
        }
        int more;
        do
        {
            final int result = parseLevel();
            if (result != CONTINUE)
            {
                return result;
            }
            final int added = levels.add(isBid, price, quantity);
            if (added < 0)
            {
                return added;
            }
            more = cursor.next((byte)']');
        }
        while (more > 0);
        return more == 0 ? CONTINUE : -cursor.reason().code();
    }

    /** One {@code {"price":p,"qty":q}} (members in any order, others skipped) into price and quantity. */
    private int parseLevel()
    {
        final JsonCursor cursor = this.cursor;
        final int open = cursor.peek();
        if (open != '{')
        {
            return open < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
        }
        cursor.position(cursor.position() + 1);
        price = -1;
        quantity = -1;
        if (cursor.peek() == '}')
        {
            cursor.position(cursor.position() + 1);
            return -DecodeReason.MISSING_FIELD.code();
        }
        int more;
        do
        {
            if (!cursor.readKey())
            {
                return -cursor.reason().code();
            }
            final long key = cursor.keyBits();
            final int result;
            if (key == KEY_PRICE)
            {
                result = onPrice();
            }
            else if (key == KEY_QTY)
            {
                result = onQuantity();
            }
            else
            {
                result = skip();
            }
            if (result != CONTINUE)
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
        return price >= 0 && quantity >= 0 ? CONTINUE : -DecodeReason.MISSING_FIELD.code();
    }

    private int onPrice()
    {
        if (price >= 0)
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final JsonCursor cursor = this.cursor;
        if (!cursor.readNumber())
        {
            return -cursor.reason().code();
        }
        final long value =
            FixedPoint.parse(cursor.buffer(), cursor.stringOffset(), cursor.stringLength(), instrument.priceScale());
        if (value <= 0)
        {
            return value == 0 ? -DecodeReason.ZERO_PRICE.code() : numberFailure(value);
        }
        price = value;
        return CONTINUE;
    }

    private int onQuantity()
    {
        if (quantity >= 0)
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final JsonCursor cursor = this.cursor;
        if (!cursor.readNumber())
        {
            return -cursor.reason().code();
        }
        final long value =
            FixedPoint.parse(cursor.buffer(), cursor.stringOffset(), cursor.stringLength(), instrument.qtyScale());
        if (value < 0)
        {
            return numberFailure(value);
        }
        quantity = value;
        return CONTINUE;
    }

    private static int numberFailure(final long parseResult)
    {
        return -DecodeReason.of(NumberError.fromResult(parseResult)).code();
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

    private boolean markEntrySeen(final int field)
    {
        if ((entrySeen & field) != 0)
        {
            return false;
        }
        entrySeen |= field;
        return true;
    }
}
