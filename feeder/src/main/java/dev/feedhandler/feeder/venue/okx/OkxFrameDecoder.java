package dev.feedhandler.feeder.venue.okx;

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
 * Decodes OKX v5 public WebSocket frames of a book channel ({@code books}) straight from the frame bytes:
 * <pre>
 * {"arg":{"channel":"books","instId":"BTC-USDT"},"action":"snapshot"|"update",
 *  "data":[{"asks":[["price","size","0","numOrders"],..],"bids":[..],"ts":"ms","checksum":int,
 *           "seqId":long,"prevSeqId":long}]}
 * </pre>
 * Each element of {@code data} becomes one event: {@code snapshot} a SNAPSHOT, {@code update} a DIFF, with
 * {@code seqId} as first and last update id, {@code prevSeqId} as previous id (a snapshot's is -1; both NULL_ID
 * when OKX sends neither, as before it added them), {@code ts} as exchange time and the signed 32-bit
 * {@code checksum} sign-extended (NULL_CHECKSUM when absent). Every event carries its levels' text formats
 * ({@link BookEvent#FLAG_LEVEL_FORMATS}) so the book can rebuild OKX's checksum text.
 * <p>
 * Subscription acks and other {@code event} frames and the text {@code pong} return 0; {@code {"event":"error"}}
 * is {@code VENUE_ERROR}; frames of another channel return 0. Fields are found by name in any order; unknown
 * fields are skipped. No allocation, no {@code String}, never throws.
 */
public final class OkxFrameDecoder implements StreamFrameDecoder
{
    private static final int CONTINUE = 1;

    private static final long KEY_ARG = keyBitsOf("arg");
    private static final long KEY_ACTION = keyBitsOf("action");
    private static final long KEY_DATA = keyBitsOf("data");
    private static final long KEY_EVENT = keyBitsOf("event");
    private static final long KEY_CHANNEL = keyBitsOf("channel");
    private static final long KEY_INST_ID = keyBitsOf("instId");

    private static final byte[] SNAPSHOT = ascii("snapshot");
    private static final byte[] UPDATE = ascii("update");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] PONG = ascii("pong");

    // Fields of the frame and of its arg.
    private static final int F_ARG = 1;
    private static final int F_ACTION = 1 << 1;
    private static final int F_DATA = 1 << 2;
    private static final int F_EVENT = 1 << 3;
    private static final int F_CHANNEL = 1 << 4;
    private static final int F_INST_ID = 1 << 5;

    private static final int ACTION_OTHER = -1;

    private final SymbolTable symbols;
    private final byte[] channel;
    private final int maxFrameLength;
    private final JsonCursor cursor = new JsonCursor();
    private final OkxBookData data;
    private final OkxBookScanner bookScanner;

    private int seen;
    private boolean channelMatches;
    private boolean isError;
    private int action;
    private int deferredDataAt;
    private Instrument instrument;

    private MutableDirectBuffer out;
    private int outOffset;
    private int outCapacity;
    private long receivedNs;
    private int written;

    /**
     * @param symbols        the venue's instruments by {@code instId}.
     * @param channel        the book channel subscribed ({@code books}): frames of any other channel are ignored.
     * @param maxFrameLength frames longer than this are rejected unread.
     */
    public OkxFrameDecoder(final SymbolTable symbols, final String channel, final int maxFrameLength)
    {
        this(symbols, channel, maxFrameLength, true);
    }

    /**
     * @param fastLevels try {@link OkxBookScanner} on the whole frame and the shared
     *                   {@link dev.feedhandler.feeder.FrameScanner} on each side first; false parses every frame with
     *                   the general path only (to test one against the other).
     */
    OkxFrameDecoder(final SymbolTable symbols, final String channel, final int maxFrameLength, final boolean fastLevels)
    {
        this.symbols = symbols;
        this.channel = ascii(channel);
        this.maxFrameLength = maxFrameLength;
        this.data = new OkxBookData(fastLevels);
        this.bookScanner = fastLevels ? new OkxBookScanner(symbols, channel) : null;
    }

    /** The instrument named by the last frame's {@code arg.instId}, or null when it was not read or not known. */
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
        reset(out, outOffset, outCapacity, receivedNs);
        if (length > maxFrameLength)
        {
            return -DecodeReason.FRAME_TOO_LARGE.code();
        }
        if (length == PONG.length && isPong(buffer, offset))
        {
            return 0;
        }
        if (bookScanner != null)
        {
            final int fast = bookScanner.decode(buffer, offset, length, out, outOffset, outCapacity, data.levels(),
                receivedNs);
            if (fast != OkxBookScanner.FALLBACK)
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
        final int result = parseFrame();
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
        this.out = out;
        this.outOffset = outOffset;
        this.outCapacity = outCapacity;
        this.receivedNs = receivedNs;
        seen = 0;
        channelMatches = false;
        isError = false;
        action = 0;
        deferredDataAt = -1;
        instrument = null;
        written = 0;
    }

    private int parseFrame()
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
            final int result = onFrameMember();
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
        if (key == KEY_DATA)
        {
            return onData();
        }
        if (key == KEY_ARG)
        {
            return onArg();
        }
        if (key == KEY_ACTION)
        {
            return onAction();
        }
        if (key == KEY_EVENT)
        {
            return onEvent();
        }
        return cursor.skipValue() ? CONTINUE : -cursor.reason().code();
    }

    private int onArg()
    {
        if (!markSeen(F_ARG))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        final JsonCursor cursor = this.cursor;
        final int open = openObject();
        if (open != CONTINUE)
        {
            return open;
        }
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
                return failure();
            }
            final long key = cursor.keyBits();
            final int result;
            if (key == KEY_CHANNEL)
            {
                result = onChannel();
            }
            else if (key == KEY_INST_ID)
            {
                result = onInstId();
            }
            else
            {
                result = cursor.skipValue() ? CONTINUE : failure();
            }
            if (result != CONTINUE)
            {
                return result;
            }
            more = cursor.next((byte)'}');
        }
        while (more > 0);
        return more == 0 ? CONTINUE : failure();
    }

    private int onChannel()
    {
        if (!markSeen(F_CHANNEL))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (!cursor.readString())
        {
            return failure();
        }
        channelMatches = cursor.stringEquals(channel);
        return CONTINUE;
    }

    /** An unknown instId is judged at the end: an ack or an error for it is no reason to reject the frame. */
    private int onInstId()
    {
        if (!markSeen(F_INST_ID))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (!cursor.readString())
        {
            return failure();
        }
        instrument = symbols.lookup(cursor.buffer(), cursor.stringOffset(), cursor.stringLength());
        return CONTINUE;
    }

    private int onAction()
    {
        if (!markSeen(F_ACTION))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (!cursor.readString())
        {
            return failure();
        }
        if (cursor.stringEquals(UPDATE))
        {
            action = BookEvent.TYPE_DIFF;
        }
        else if (cursor.stringEquals(SNAPSHOT))
        {
            action = BookEvent.TYPE_SNAPSHOT;
        }
        else
        {
            action = ACTION_OTHER;
        }
        return CONTINUE;
    }

    private int onEvent()
    {
        if (!markSeen(F_EVENT))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (!cursor.readString())
        {
            return failure();
        }
        isError = cursor.stringEquals(ERROR);
        return CONTINUE;
    }

    /**
     * Parsed at once when the instrument and action came first (as OKX sends them); otherwise skipped now and parsed
     * by {@link #finish()}.
     */
    private int onData()
    {
        if (!markSeen(F_DATA))
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        if (instrument != null && action > 0 && channelMatches && (seen & F_EVENT) == 0)
        {
            final int result = parseData();
            if (result < 0)
            {
                return result;
            }
            written = result;
            return CONTINUE;
        }
        deferredDataAt = cursor.position();
        return cursor.skipValue() ? CONTINUE : failure();
    }

    private int finish()
    {
        if ((seen & F_EVENT) != 0)
        {
            return isError ? -DecodeReason.VENUE_ERROR.code() : 0;
        }
        if ((seen & (F_ARG | F_ACTION | F_DATA)) == 0)
        {
            return -DecodeReason.UNKNOWN_MESSAGE_TYPE.code();
        }
        if ((seen & F_CHANNEL) != 0 && !channelMatches)
        {
            return 0; // another channel's data: not for the books
        }
        final int required = F_ARG | F_CHANNEL | F_INST_ID | F_ACTION | F_DATA;
        if ((seen & required) != required)
        {
            return -DecodeReason.MISSING_FIELD.code();
        }
        if (action == ACTION_OTHER)
        {
            return -DecodeReason.UNKNOWN_MESSAGE_TYPE.code();
        }
        if (instrument == null)
        {
            return -DecodeReason.UNKNOWN_INSTRUMENT.code();
        }
        if (deferredDataAt >= 0)
        {
            return parseDeferredData();
        }
        return written;
    }

    /** Rare path: the data came before the arg or the action. */
    private int parseDeferredData()
    {
        cursor.position(deferredDataAt);
        return parseData();
    }

    private int parseData()
    {
        return data.parse(cursor, instrument, (short)action, out, outOffset, outCapacity, receivedNs);
    }

    private int openObject()
    {
        final JsonCursor cursor = this.cursor;
        final int c = cursor.peek();
        if (c == '{')
        {
            cursor.position(cursor.position() + 1);
            return CONTINUE;
        }
        return c < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
    }

    private boolean isPong(final DirectBuffer buffer, final int offset)
    {
        for (int i = 0; i < PONG.length; i++)
        {
            if (buffer.getByte(offset + i) != PONG[i])
            {
                return false;
            }
        }
        return true;
    }

    private int failure()
    {
        return -cursor.reason().code();
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


    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
