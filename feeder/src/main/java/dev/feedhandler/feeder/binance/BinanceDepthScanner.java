package dev.feedhandler.feeder.binance;

import dev.feedhandler.feeder.FrameScanner;
import dev.feedhandler.feeder.FrameScanner.Literal;
import dev.feedhandler.feeder.LevelWriter;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.WholeFrameScanner;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import org.agrona.DirectBuffer;

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
final class BinanceDepthScanner extends WholeFrameScanner
{
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

    private final boolean requirePrevUpdateId;

    BinanceDepthScanner(final SymbolTable symbols, final boolean requirePrevUpdateId)
    {
        super(symbols);
        this.requirePrevUpdateId = requirePrevUpdateId;
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

        int p = offset;
        if (ENVELOPE.matches(scanner, p))
        {
            p = scanner.skipPlainString(p + ENVELOPE.length());
            if (p < 0 || !DATA_EVENT.matches(scanner, p))
            {
                return FALLBACK;
            }
            p += DATA_EVENT.length();
        }
        else if (PLAIN_EVENT.matches(scanner, p))
        {
            p += PLAIN_EVENT.length();
        }
        else
        {
            return FALLBACK;
        }
        final boolean envelope = p - offset > PLAIN_EVENT.length();

        p = scanner.readId(p);
        final long exchangeTimeMs = scanner.number();
        long transactTimeMs = BookEvent.NULL_TIME;
        if (p >= 0 && TRANSACT_TIME.matches(scanner, p))
        {
            p = scanner.readId(p + TRANSACT_TIME.length());
            transactTimeMs = scanner.number();
        }
        if (p < 0 || !SYMBOL.matches(scanner, p))
        {
            return FALLBACK;
        }
        p = readSymbol(frame, p + SYMBOL.length());
        if (p < 0 || !FIRST_ID.matches(scanner, p))
        {
            return FALLBACK;
        }
        p = scanner.readId(p + FIRST_ID.length());
        final long firstUpdateId = scanner.number();
        if (p < 0 || !LAST_ID.matches(scanner, p))
        {
            return FALLBACK;
        }
        p = scanner.readId(p + LAST_ID.length());
        final long lastUpdateId = scanner.number();
        long prevUpdateId = BookEvent.NULL_ID;
        if (p >= 0 && PREV_ID.matches(scanner, p))
        {
            p = scanner.readId(p + PREV_ID.length());
            prevUpdateId = scanner.number();
        }
        else if (requirePrevUpdateId)
        {
            return FALLBACK;
        }
        if (p < 0 || lastUpdateId < firstUpdateId || !BIDS.matches(scanner, p))
        {
            return FALLBACK;
        }
        final Instrument instrument = named;
        p = scanner.readLevels(p + BIDS.length(), levels, true, instrument.priceScale(), instrument.qtyScale(), false);
        if (p < 0 || !ASKS.matches(scanner, p))
        {
            return FALLBACK;
        }
        p = scanner.readLevels(p + ASKS.length(), levels, false, instrument.priceScale(), instrument.qtyScale(), false);
        if (p < 0 || !isEnd(p, envelope))
        {
            return FALLBACK;
        }

        this.instrument = instrument;
        event.header(instrument.id(), BookEvent.TYPE_DIFF, firstUpdateId, lastUpdateId, prevUpdateId, exchangeTimeMs,
            transactTimeMs, ingressTimeNs);
        levels.finish();
        return event.length();
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
        return scanner.isBlankFrom(p);
    }
}
