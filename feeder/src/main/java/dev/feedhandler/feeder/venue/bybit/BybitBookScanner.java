package dev.feedhandler.feeder.venue.bybit;

import dev.feedhandler.feeder.FrameScanner;
import dev.feedhandler.feeder.FrameScanner.Literal;
import dev.feedhandler.feeder.LevelWriter;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import org.agrona.DirectBuffer;

/**
 * The fast path of {@link BybitFrameDecoder}: one forward pass over an order book message exactly as Bybit sends it,
 * members in Bybit's order, no whitespace:
 * <pre>
 *   {"topic":"orderbook.500.XRPUSDT","type":"delta","ts":1733011200790,"data":{"s":"XRPUSDT","b":[["1.9531","7171"]],
 *   "a":[],"u":20254871,"seq":130020239609},"cts":1733011200782}
 * </pre>
 * ({@code "snapshot"} as well). Fixed parts are compared 8 bytes at a time; ids, symbols and sides are read by the
 * shared {@link FrameScanner}, levels straight into the {@link LevelWriter}. Anything else, including every frame
 * the general decoder would reject, makes it return {@link #FALLBACK}, and the caller decodes the frame again with
 * the general path, which finds the exact result or reason: so this class never rejects, it only accepts frames
 * whose decoding it is sure of, with the same result the general path gives.
 */
final class BybitBookScanner
{
    /** Not handled here: decode with the general path. Never a valid result of a book message (those are > 0). */
    static final int FALLBACK = 0;

    private static final Literal TOPIC = Literal.of("{\"topic\":\"orderbook.");
    private static final Literal DELTA = Literal.of("\",\"type\":\"delta\",\"ts\":");
    private static final Literal SNAPSHOT = Literal.of("\",\"type\":\"snapshot\",\"ts\":");
    private static final Literal SYMBOL = Literal.of(",\"data\":{\"s\":\"");
    private static final Literal BIDS = Literal.of("\",\"b\":[");
    private static final Literal ASKS = Literal.of(",\"a\":[");
    private static final Literal UPDATE_ID = Literal.of(",\"u\":");
    private static final Literal SEQ = Literal.of(",\"seq\":");
    private static final Literal TRANSACT_TIME = Literal.of("},\"cts\":");

    private final SymbolTable symbols;
    private final FrameScanner scanner = new FrameScanner();
    private Instrument instrument;

    BybitBookScanner(final SymbolTable symbols)
    {
        this.symbols = symbols;
    }

    /** The instrument of the last frame this scanner accepted. */
    Instrument instrument()
    {
        return instrument;
    }

    /**
     * @param event  wrapped for writing at the output offset, with room for its header.
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
        if (!scanner.wrap(frame, offset, length) || !TOPIC.matches(scanner, offset))
        {
            return FALLBACK;
        }
        int p = scanner.readId(offset + TOPIC.length()); // the depth
        if (p < 0 || p >= scanner.limit() || scanner.byteAt(p) != '.')
        {
            return FALLBACK;
        }
        final int topicSymbolAt = p + 1;
        final int topicSymbolEnd = scanner.skipPlainString(topicSymbolAt);
        final Instrument instrument = topicSymbolEnd <= topicSymbolAt ? null :
            symbols.lookup(frame, topicSymbolAt, topicSymbolEnd - topicSymbolAt);
        if (instrument == null)
        {
            return FALLBACK;
        }
        short type = BookEvent.TYPE_DIFF;
        if (DELTA.matches(scanner, topicSymbolEnd))
        {
            p = topicSymbolEnd + DELTA.length();
        }
        else if (SNAPSHOT.matches(scanner, topicSymbolEnd))
        {
            type = BookEvent.TYPE_SNAPSHOT;
            p = topicSymbolEnd + SNAPSHOT.length();
        }
        else
        {
            return FALLBACK;
        }
        p = scanner.readId(p);
        final long exchangeTimeMs = scanner.number();
        if (p < 0 || !SYMBOL.matches(scanner, p))
        {
            return FALLBACK;
        }
        p += SYMBOL.length();
        final int symbolEnd = scanner.skipPlainString(p);
        if (symbolEnd < 0 || symbols.lookup(frame, p, symbolEnd - p) != instrument || !BIDS.matches(scanner, symbolEnd))
        {
            return FALLBACK;
        }
        p = scanner.readLevels(symbolEnd + BIDS.length(), levels, true, instrument.priceScale(),
            instrument.qtyScale(), false);
        if (p < 0 || !ASKS.matches(scanner, p))
        {
            return FALLBACK;
        }
        p = scanner.readLevels(p + ASKS.length(), levels, false, instrument.priceScale(), instrument.qtyScale(),
            false);
        if (p < 0 || !UPDATE_ID.matches(scanner, p))
        {
            return FALLBACK;
        }
        p = scanner.readId(p + UPDATE_ID.length());
        final long updateId = scanner.number();
        if (p < 0 || updateId < 1 || !SEQ.matches(scanner, p))
        {
            return FALLBACK;
        }
        p = scanner.readId(p + SEQ.length());
        if (p < 0 || !TRANSACT_TIME.matches(scanner, p))
        {
            return FALLBACK;
        }
        p = scanner.readId(p + TRANSACT_TIME.length());
        final long transactTimeMs = scanner.number();
        if (p < 0 || p >= scanner.limit() || scanner.byteAt(p) != '}' || !scanner.isBlankFrom(p + 1))
        {
            return FALLBACK;
        }

        this.instrument = instrument;
        event.resetHeader(instrument.id(), type == BookEvent.TYPE_SNAPSHOT || updateId == 1 ?
            BookEvent.TYPE_SNAPSHOT : BookEvent.TYPE_DIFF)
            .firstUpdateId(updateId)
            .lastUpdateId(updateId)
            .exchangeTimeMs(exchangeTimeMs)
            .transactTimeMs(transactTimeMs)
            .ingressTimeNs(ingressTimeNs);
        levels.finish();
        return event.length();
    }
}
