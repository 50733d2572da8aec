package dev.feedhandler.feeder.venue.bybit;

import dev.feedhandler.feeder.FrameScanner;
import dev.feedhandler.feeder.FrameScanner.Literal;
import dev.feedhandler.feeder.LevelWriter;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.WholeFrameScanner;
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
final class BybitBookScanner extends WholeFrameScanner
{
    private static final Literal TOPIC = Literal.of("{\"topic\":\"orderbook.");
    private static final Literal DELTA = Literal.of("\",\"type\":\"delta\",\"ts\":");
    private static final Literal SNAPSHOT = Literal.of("\",\"type\":\"snapshot\",\"ts\":");
    private static final Literal SYMBOL = Literal.of(",\"data\":{\"s\":\"");
    private static final Literal BIDS = Literal.of("\",\"b\":[");
    private static final Literal ASKS = Literal.of(",\"a\":[");
    private static final Literal UPDATE_ID = Literal.of(",\"u\":");
    private static final Literal SEQ = Literal.of(",\"seq\":");
    private static final Literal TRANSACT_TIME = Literal.of("},\"cts\":");

    BybitBookScanner(final SymbolTable symbols)
    {
        super(symbols);
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
        final int topicSymbolEnd = readSymbol(frame, p + 1);
        final Instrument instrument = named;
        p = topicSymbolEnd < 0 ? -1 : readType(topicSymbolEnd, DELTA, SNAPSHOT);
        if (p < 0)
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
        final int symbolEnd = readSymbol(frame, p);
        if (symbolEnd < 0 || named != instrument || !BIDS.matches(scanner, symbolEnd))
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
