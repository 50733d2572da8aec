package dev.feedhandler.feeder.binance;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.LevelWriter;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.json.JsonCursor;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.FixedPoint;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.NumberError;
import dev.feedhandler.orderbook.Venue;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static dev.feedhandler.feeder.json.JsonCursor.keyBitsOf;

/**
 * Decodes Binance spot and USD-M WebSocket frames, plain or in the combined-stream envelope
 * ({@code {"stream":..,"data":{..}}}), straight from the frame bytes into a {@link BookEvent}:
 * <ul>
 *   <li>{@code depthUpdate} becomes a DIFF (U, u, pu, E, T and the b/a levels);</li>
 *   <li>{@code bookTicker} (spot sends it without {@code "e"}) becomes a TOP_OF_BOOK with one level per side and
 *   its {@code u} as both update ids;</li>
 *   <li>any other event (trades, klines, subscription replies) is ignored: result 0.</li>
 * </ul>
 * Fields are found by name in any order; unknown fields are skipped. A result {@code > 0} is the event length,
 * {@code 0} an ignored frame, {@code < 0} the {@code -code} of a {@link DecodeReason}. No allocation per frame.
 */
public final class BinanceStreamDecoder
{
    private static final int CONTINUE = 1;
    private static final int IGNORED = 0;

    private static final long KEY_DATA = keyBitsOf("data");
    private static final long KEY_STREAM = keyBitsOf("stream");
    private static final long KEY_EVENT = keyBitsOf("e");
    private static final long KEY_EVENT_TIME = keyBitsOf("E");
    private static final long KEY_TRANSACT_TIME = keyBitsOf("T");
    private static final long KEY_SYMBOL = keyBitsOf("s");
    private static final long KEY_FIRST_ID = keyBitsOf("U");
    private static final long KEY_LAST_ID = keyBitsOf("u");
    private static final long KEY_PREV_ID = keyBitsOf("pu");
    private static final long KEY_BIDS = keyBitsOf("b");
    private static final long KEY_ASKS = keyBitsOf("a");
    private static final long KEY_BID_QTY = keyBitsOf("B");
    private static final long KEY_ASK_QTY = keyBitsOf("A");

    private static final int F_DATA = 1;
    private static final int F_EVENT = 1 << 1;
    private static final int F_EVENT_TIME = 1 << 2;
    private static final int F_TRANSACT_TIME = 1 << 3;
    private static final int F_SYMBOL = 1 << 4;
    private static final int F_FIRST_ID = 1 << 5;
    private static final int F_LAST_ID = 1 << 6;
    private static final int F_PREV_ID = 1 << 7;
    private static final int F_BIDS = 1 << 8;
    private static final int F_ASKS = 1 << 9;
    private static final int F_BID_QTY = 1 << 10;
    private static final int F_ASK_QTY = 1 << 11;

    private static final int KIND_UNKNOWN = 0;
    private static final int KIND_DIFF = 1;
    private static final int KIND_TOP = 2;

    private static final byte[] DEPTH_UPDATE = {'d', 'e', 'p', 't', 'h', 'U', 'p', 'd', 'a', 't', 'e'};
    private static final byte[] BOOK_TICKER = {'b', 'o', 'o', 'k', 'T', 'i', 'c', 'k', 'e', 'r'};

    /** Ticker strings, by index: bid price, bid qty, ask price, ask qty. */
    private static final int BID_PRICE = 0;
    private static final int BID_QTY = 1;
    private static final int ASK_PRICE = 2;
    private static final int ASK_QTY = 3;

    private final SymbolTable symbols;
    private final boolean requirePrevUpdateId;
    private final int maxFrameLength;
    private final JsonCursor cursor = new JsonCursor();
    private final BookEvent event = new BookEvent();
    private final LevelWriter levels;
    private final int[] tickerOffsets = new int[4];
    private final int[] tickerLengths = new int[4];
    /** The fast path for depth updates as Binance sends them, or null (tests of the general path). */
    private final BinanceDepthScanner depthScanner;

    private int seen;
    private int kind;
    private Instrument instrument;
    private DirectBuffer streamNameBuffer;
    private int streamNameOffset;
    private int streamNameLength;
    private int deferredBidsAt;
    private int deferredAsksAt;
    private boolean bidsAreLevels;
    private boolean asksAreLevels;
    private long exchangeTimeMs;
    private long transactTimeMs;
    private long firstUpdateId;
    private long lastUpdateId;
    private long prevUpdateId;

    /**
     * @param venue          {@link Venue#BINANCE_SPOT} or {@link Venue#BINANCE_USDM} (which requires {@code pu}).
     * @param symbols        the venue's instruments by symbol.
     * @param maxFrameLength frames longer than this are rejected unread.
     */
    public BinanceStreamDecoder(final Venue venue, final SymbolTable symbols, final int maxFrameLength)
    {
        this(venue, symbols, maxFrameLength, true);
    }

    /**
     * @param fastPath try {@link BinanceDepthScanner} first, and the {@link LevelWriter}'s fast path on each side;
     *                 false decodes every frame with the general path only (to test one against the other).
     */
    BinanceStreamDecoder(final Venue venue, final SymbolTable symbols, final int maxFrameLength, final boolean fastPath)
    {
        if (venue != Venue.BINANCE_SPOT && venue != Venue.BINANCE_USDM)
        {
            throw new IllegalArgumentException("not a Binance venue: " + venue);
        }
        this.symbols = symbols;
        this.requirePrevUpdateId = venue == Venue.BINANCE_USDM;
        this.maxFrameLength = maxFrameLength;
        this.depthScanner = fastPath ? new BinanceDepthScanner(symbols, requirePrevUpdateId) : null;
        this.levels = new LevelWriter(fastPath);
    }

    /**
     * The instrument of the last frame decoded, as far as it was read: its {@code "s"}, else the combined-stream
     * name it came under ({@code btcusdt@depth@100ms}), else null. Names the instrument in logs and decides which
     * book to resync after a rejection. Call it right after {@link #decode}, while the frame's buffer is unchanged:
     * the stream name is resolved only here, off the hot path.
     */
    public Instrument lastInstrument()
    {
        if (instrument != null || streamNameLength == 0)
        {
            return instrument;
        }
        int end = streamNameOffset;
        final int limit = streamNameOffset + streamNameLength;
        while (end < limit && streamNameBuffer.getByte(end) != '@')
        {
            end++;
        }
        return symbols.lookupIgnoreCase(streamNameBuffer, streamNameOffset, end - streamNameOffset);
    }

    /**
     * Decode one text frame.
     *
     * @return event length written at {@code outOffset}, 0 when the frame carries no book data, or {@code -code} of
     * a {@link DecodeReason}.
     */
    public int decode(
        final DirectBuffer frame,
        final int offset,
        final int length,
        final MutableDirectBuffer out,
        final int outOffset,
        final int outCapacity,
        final long ingressTimeNs)
    {
        if (length > maxFrameLength || outCapacity < BookEvent.HEADER_LENGTH)
        {
            reset();
            return length > maxFrameLength ? -DecodeReason.FRAME_TOO_LARGE.code() : -DecodeReason.TOO_MANY_LEVELS.code();
        }
        event.wrapForWrite(out, outOffset);
        final int levelCapacity = (outCapacity - BookEvent.HEADER_LENGTH) / BookEvent.LEVEL_LENGTH;
        levels.begin(event, levelCapacity);
        if (depthScanner != null)
        {
            final int fast = depthScanner.decode(frame, offset, length, event, levels, ingressTimeNs);
            if (fast != BinanceDepthScanner.FALLBACK)
            {
                instrument = depthScanner.instrument();
                return fast;
            }
            levels.begin(event, levelCapacity);
        }
        reset(); // the general path's state: the fast path above has none
        final JsonCursor cursor = this.cursor.wrap(frame, offset, length);

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
        return finish(ingressTimeNs);
    }

    private void reset()
    {
        seen = 0;
        kind = KIND_UNKNOWN;
        instrument = null;
        streamNameLength = 0;
        deferredBidsAt = -1;
        deferredAsksAt = -1;
        bidsAreLevels = false;
        asksAreLevels = false;
        exchangeTimeMs = BookEvent.NULL_TIME;
        transactTimeMs = BookEvent.NULL_TIME;
        firstUpdateId = BookEvent.NULL_ID;
        lastUpdateId = BookEvent.NULL_ID;
        prevUpdateId = BookEvent.NULL_ID;
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
            final int result = onMember(depth);
            if (result != CONTINUE)
            {
                return result;
            }
            more = cursor.next((byte)'}');
        }
        while (more > 0);
        return more == 0 ? CONTINUE : -cursor.reason().code();
    }

    private int onMember(final int depth)
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
        if (key == KEY_FIRST_ID)
        {
            final int result = readLongField(F_FIRST_ID);
            firstUpdateId = cursor.longValue();
            return result;
        }
        if (key == KEY_LAST_ID)
        {
            final int result = readLongField(F_LAST_ID);
            lastUpdateId = cursor.longValue();
            return result;
        }
        if (key == KEY_PREV_ID)
        {
            final int result = readLongField(F_PREV_ID);
            prevUpdateId = cursor.longValue();
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
        if (key == KEY_SYMBOL)
        {
            return onSymbol();
        }
        if (key == KEY_EVENT)
        {
            return onEventType();
        }
        if (key == KEY_BID_QTY)
        {
            return onTickerString(F_BID_QTY, BID_QTY);
        }
        if (key == KEY_ASK_QTY)
        {
            return onTickerString(F_ASK_QTY, ASK_QTY);
        }
        if (depth == 0 && key == KEY_DATA)
        {
            return onData();
        }
        if (depth == 0 && key == KEY_STREAM)
        {
            return onStreamName();
        }
        return cursor.skipValue() ? CONTINUE : -cursor.reason().code();
    }

    private int onData()
    {
        if (!markSeen(F_DATA))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final int c = cursor.peek();
        if (c != '{')
        {
            return c < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
        }
        cursor.position(cursor.position() + 1);
        return parseMembers(1);
    }

    /**
     * The combined-stream envelope names the stream first ({@code btcusdt@depth@100ms}): remember where, so a frame
     * cut off before its {@code "s"} can still be attributed by {@link #lastInstrument()}.
     */
    private int onStreamName()
    {
        if (cursor.peek() != '"')
        {
            return cursor.skipValue() ? CONTINUE : -cursor.reason().code(); // not ours to judge: skip as before
        }
        if (!cursor.readString())
        {
            return -cursor.reason().code();
        }
        streamNameBuffer = cursor.buffer();
        streamNameOffset = cursor.stringOffset();
        streamNameLength = cursor.stringLength();
        return CONTINUE;
    }

    private int onEventType()
    {
        if (!markSeen(F_EVENT))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (!cursor.readString())
        {
            return -cursor.reason().code();
        }
        if (cursor.stringEquals(DEPTH_UPDATE))
        {
            kind = KIND_DIFF;
            return CONTINUE;
        }
        if (cursor.stringEquals(BOOK_TICKER))
        {
            kind = KIND_TOP;
            return CONTINUE;
        }
        return IGNORED;
    }

    private int onSymbol()
    {
        if (!markSeen(F_SYMBOL))
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

    /**
     * {@code b}/{@code a}: levels (an array) in a depth update, a price (a string) in a book ticker. Levels are
     * parsed at once when the symbol, and so the scales, are known; otherwise after the object is read.
     */
    private int onSide(final int field, final boolean isBid)
    {
        if (!markSeen(field))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final JsonCursor cursor = this.cursor;
        final int c = cursor.peek();
        if (c == '[')
        {
            if (isBid)
            {
                bidsAreLevels = true;
            }
            else
            {
                asksAreLevels = true;
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
        if (c == '"')
        {
            return readTickerString(isBid ? BID_PRICE : ASK_PRICE);
        }
        return c < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
    }

    private int onTickerString(final int field, final int index)
    {
        if (!markSeen(field))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        return readTickerString(index);
    }

    private int readTickerString(final int index)
    {
        if (!cursor.readString())
        {
            return -cursor.reason().code();
        }
        tickerOffsets[index] = cursor.stringOffset();
        tickerLengths[index] = cursor.stringLength();
        return CONTINUE;
    }

    private int finish(final long ingressTimeNs)
    {
        if (kind == KIND_UNKNOWN)
        {
            kind = classify();
        }
        if (kind == KIND_DIFF)
        {
            return finishDiff(ingressTimeNs);
        }
        if (kind == KIND_TOP)
        {
            return finishTopOfBook(ingressTimeNs);
        }
        return IGNORED;
    }

    /** Spot book tickers carry no {@code "e"}: tell events apart by their fields. */
    private int classify()
    {
        if ((seen & (F_BID_QTY | F_ASK_QTY)) != 0 || ((seen & F_BIDS) != 0 && !bidsAreLevels))
        {
            return KIND_TOP;
        }
        if ((seen & (F_FIRST_ID | F_PREV_ID)) != 0 || bidsAreLevels || asksAreLevels)
        {
            return KIND_DIFF;
        }
        return KIND_UNKNOWN;
    }

    private int finishDiff(final long ingressTimeNs)
    {
        final int required = F_SYMBOL | F_FIRST_ID | F_LAST_ID | F_BIDS | F_ASKS | (requirePrevUpdateId ? F_PREV_ID : 0);
        if ((seen & required) != required)
        {
            return -DecodeReason.MISSING_FIELD.code();
        }
        if (!bidsAreLevels || !asksAreLevels)
        {
            return -DecodeReason.WRONG_TYPE.code();
        }
        if (firstUpdateId < 0 || lastUpdateId < firstUpdateId)
        {
            return -DecodeReason.BAD_SEQUENCE.code();
        }
        if (deferredBidsAt >= 0 || deferredAsksAt >= 0)
        {
            final int result = parseDeferredLevels();
            if (result < 0)
            {
                return result;
            }
        }
        event.header(instrument.id(), BookEvent.TYPE_DIFF, firstUpdateId, lastUpdateId, prevUpdateId, exchangeTimeMs,
            transactTimeMs, ingressTimeNs);
        levels.finish();
        return event.length();
    }

    /** Rare path: the levels came before the symbol. */
    private int parseDeferredLevels()
    {
        return levels.parseDeferredStringPairs(
            cursor, deferredBidsAt, deferredAsksAt, instrument.priceScale(), instrument.qtyScale());
    }

    private int finishTopOfBook(final long ingressTimeNs)
    {
        final int required = F_SYMBOL | F_LAST_ID | F_BIDS | F_ASKS | F_BID_QTY | F_ASK_QTY;
        if ((seen & required) != required)
        {
            return -DecodeReason.MISSING_FIELD.code();
        }
        if (bidsAreLevels || asksAreLevels)
        {
            return -DecodeReason.WRONG_TYPE.code();
        }
        final int bid = addTickerLevel(true, BID_PRICE, BID_QTY);
        if (bid < 0)
        {
            return bid;
        }
        final int ask = addTickerLevel(false, ASK_PRICE, ASK_QTY);
        if (ask < 0)
        {
            return ask;
        }
        event.resetHeader(instrument.id(), BookEvent.TYPE_TOP_OF_BOOK)
            .firstUpdateId(lastUpdateId)
            .lastUpdateId(lastUpdateId)
            .exchangeTimeMs(exchangeTimeMs)
            .transactTimeMs(transactTimeMs)
            .ingressTimeNs(ingressTimeNs);
        levels.finish();
        return event.length();
    }

    private int addTickerLevel(final boolean isBid, final int priceIndex, final int qtyIndex)
    {
        final DirectBuffer buffer = cursor.buffer();
        final long price =
            FixedPoint.parse(buffer, tickerOffsets[priceIndex], tickerLengths[priceIndex], instrument.priceScale());
        if (price < 0)
        {
            return -DecodeReason.of(NumberError.fromResult(price)).code();
        }
        final long quantity =
            FixedPoint.parse(buffer, tickerOffsets[qtyIndex], tickerLengths[qtyIndex], instrument.qtyScale());
        if (quantity < 0)
        {
            return -DecodeReason.of(NumberError.fromResult(quantity)).code();
        }
        return levels.add(isBid, price, quantity);
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
