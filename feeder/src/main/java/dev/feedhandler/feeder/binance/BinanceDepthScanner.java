package dev.feedhandler.feeder.binance;

import dev.feedhandler.feeder.FrameScanner;
import dev.feedhandler.feeder.LevelWriter;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link BinanceStreamDecoder}: one forward pass over a {@code depthUpdate} frame exactly as Binance
 * sends it, fields in Binance's order, no whitespace:
 * <pre>
 *   {"stream":"..","data":{"e":"depthUpdate","E":1,"T":2,"s":"SYM","U":3,"u":4,"pu":5,"b":[["p","q"],..],"a":[..]}}
 * </pre>
 * (the envelope is optional, {@code "T"} and {@code "pu"} too). Fixed parts are compared 8 bytes at a time; numbers,
 * the symbol and the levels are read by the decoders' shared {@link FrameScanner} as they come, levels straight into
 * the {@link LevelWriter}. Anything else, including every
 * frame the general decoder would reject, makes it return {@link #FALLBACK} and the caller decodes the frame again
 * with the general path, which finds the exact result or reason: so this class never rejects, it only accepts
 * frames whose decoding it is sure of, with the same result the general path gives.
 * <p>
 * Bytes are read without Agrona's per-read bounds check (see {@link FrameScanner}): every literal compare tests the
 * frame's limit first.
 */
final class BinanceDepthScanner
{
    /** Not handled here: decode with the general path. Never a valid result of a depth update (those are > 0). */
    static final int FALLBACK = 0;

    private static final Literal ENVELOPE = Literal.of("{\"stream\":\"");
    private static final Literal DATA_EVENT = Literal.of("\",\"data\":{\"e\":\"depthUpdate\",\"E\":");
    private static final Literal PLAIN_EVENT = Literal.of("{\"e\":\"depthUpdate\",\"E\":");
    private static final Literal TRANSACT_TIME = Literal.of(",\"T\":");
    private static final Literal SYMBOL = Literal.of(",\"s\":\"");
    private static final Literal FIRST_ID = Literal.of("\",\"U\":");
    private static final Literal LAST_ID = Literal.of(",\"u\":");
    private static final Literal PREV_ID = Literal.of(",\"pu\":");
    private static final Literal BIDS = Literal.of(",\"b\":[");
    private static final Literal ASKS = Literal.of(",\"a\":[");

    private final SymbolTable symbols;
    private final boolean requirePrevUpdateId;
    private final FrameScanner scanner = new FrameScanner();

    private DirectBuffer frame;
    private Instrument instrument;

    BinanceDepthScanner(final SymbolTable symbols, final boolean requirePrevUpdateId)
    {
        this.symbols = symbols;
        this.requirePrevUpdateId = requirePrevUpdateId;
    }

    /** The instrument of the last frame this scanner accepted. */
    Instrument instrument()
    {
        return instrument;
    }

    /**
     * @param event  wrapped for writing at the output offset.
     * @param levels begun on {@code event}; on {@link #FALLBACK} it may hold levels: begin it again.
     * @return the event length, or {@link #FALLBACK}.
     */
    int decode(
        final DirectBuffer frame,
        final int offset,
        final int length,
        final BookEvent event,
        final LevelWriter levels,
        final long ingressTimeNs)
    {
        final FrameScanner scanner = this.scanner;
        if (!scanner.wrap(frame, offset, length))
        {
            return FALLBACK;
        }
        this.frame = frame;

        int p = offset;
        if (ENVELOPE.matches(this, p))
        {
            p = scanner.skipPlainString(p + ENVELOPE.length);
            if (p < 0 || !DATA_EVENT.matches(this, p))
            {
                return FALLBACK;
            }
            p += DATA_EVENT.length;
        }
        else if (PLAIN_EVENT.matches(this, p))
        {
            p += PLAIN_EVENT.length;
        }
        else
        {
            return FALLBACK;
        }
        final boolean envelope = p - offset > PLAIN_EVENT.length;

        p = scanner.readId(p);
        final long exchangeTimeMs = scanner.number();
        long transactTimeMs = BookEvent.NULL_TIME;
        if (p >= 0 && TRANSACT_TIME.matches(this, p))
        {
            p = scanner.readId(p + TRANSACT_TIME.length);
            transactTimeMs = scanner.number();
        }
        if (p < 0 || !SYMBOL.matches(this, p))
        {
            return FALLBACK;
        }
        p = readSymbol(p + SYMBOL.length);
        if (p < 0 || !FIRST_ID.matches(this, p))
        {
            return FALLBACK;
        }
        p = scanner.readId(p + FIRST_ID.length);
        final long firstUpdateId = scanner.number();
        if (p < 0 || !LAST_ID.matches(this, p))
        {
            return FALLBACK;
        }
        p = scanner.readId(p + LAST_ID.length);
        final long lastUpdateId = scanner.number();
        long prevUpdateId = BookEvent.NULL_ID;
        if (p >= 0 && PREV_ID.matches(this, p))
        {
            p = scanner.readId(p + PREV_ID.length);
            prevUpdateId = scanner.number();
        }
        else if (requirePrevUpdateId)
        {
            return FALLBACK;
        }
        if (p < 0 || lastUpdateId < firstUpdateId || !BIDS.matches(this, p))
        {
            return FALLBACK;
        }
        final Instrument instrument = this.instrument;
        p = scanner.readLevels(p + BIDS.length, levels, true, instrument.priceScale(), instrument.qtyScale(), false);
        if (p < 0 || !ASKS.matches(this, p))
        {
            return FALLBACK;
        }
        p = scanner.readLevels(p + ASKS.length, levels, false, instrument.priceScale(), instrument.qtyScale(), false);
        if (p < 0 || !isEnd(p, envelope))
        {
            return FALLBACK;
        }

        event.header(instrument.id(), BookEvent.TYPE_DIFF, firstUpdateId, lastUpdateId, prevUpdateId, exchangeTimeMs,
            transactTimeMs, ingressTimeNs);
        levels.finish();
        return event.length();
    }

    /** The symbol up to its closing quote (left unread), looked up. */
    private int readSymbol(final int from)
    {
        final int end = scanner.skipPlainString(from);
        if (end < 0)
        {
            return -1;
        }
        instrument = symbols.lookup(frame, from, end - from);
        return instrument == null ? -1 : end;
    }

    /** The object's closing brace (two with the envelope), then whitespace only. */
    private boolean isEnd(final int from, final boolean envelope)
    {
        final FrameScanner scanner = this.scanner;
        final int limit = scanner.limit();
        int p = from;
        if (p >= limit || scanner.byteAt(p) != '}')
        {
            return false;
        }
        p++;
        if (envelope)
        {
            if (p >= limit || scanner.byteAt(p) != '}')
            {
                return false;
            }
            p++;
        }
        for (; p < limit; p++)
        {
            final byte b = scanner.byteAt(p);
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t')
            {
                return false;
            }
        }
        return true;
    }

    /**
     * A fixed run of up to 32 bytes, compared 8 at a time (the last word masked). A record, so that the JIT takes
     * the words of a {@code static final} literal as constants.
     */
    private record Literal(int length, int words, long w0, long m0, long w1, long m1, long w2, long m2, long w3,
        long m3, byte[] bytes)
    {
        static Literal of(final String text)
        {
            final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            final int words = (bytes.length + 7) / 8;
            if (words > 4)
            {
                throw new IllegalArgumentException("literal longer than 32 bytes: " + text);
            }
            final UnsafeBuffer padded = new UnsafeBuffer(new byte[32]);
            final UnsafeBuffer ones = new UnsafeBuffer(new byte[32]);
            padded.putBytes(0, bytes);
            for (int i = 0; i < bytes.length; i++)
            {
                ones.putByte(i, (byte)0xFF);
            }
            final ByteOrder order = ByteOrder.nativeOrder();
            return new Literal(bytes.length, words,
                padded.getLong(0, order), ones.getLong(0, order), padded.getLong(8, order), ones.getLong(8, order),
                padded.getLong(16, order), ones.getLong(16, order), padded.getLong(24, order), ones.getLong(24, order),
                bytes);
        }

        boolean matches(final BinanceDepthScanner depthScanner, final int at)
        {
            final FrameScanner scanner = depthScanner.scanner;
            if (at + words * Long.BYTES > scanner.limit())
            {
                return matchesBytes(scanner, at);
            }
            return (scanner.wordAt(at) & m0) == w0 &&
                (words < 2 || (scanner.wordAt(at + 8) & m1) == w1) &&
                (words < 3 || (scanner.wordAt(at + 16) & m2) == w2) &&
                (words < 4 || (scanner.wordAt(at + 24) & m3) == w3);
        }

        /** Near the end of the frame, where a whole word would reach past it. */
        private boolean matchesBytes(final FrameScanner scanner, final int at)
        {
            if (at + length > scanner.limit())
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                if (scanner.byteAt(at + i) != bytes[i])
                {
                    return false;
                }
            }
            return true;
        }
    }
}
