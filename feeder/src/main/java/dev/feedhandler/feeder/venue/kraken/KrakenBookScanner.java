package dev.feedhandler.feeder.venue.kraken;

import dev.feedhandler.feeder.FrameScanner;
import dev.feedhandler.feeder.FrameScanner.Literal;
import dev.feedhandler.feeder.LevelWriter;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.WholeFrameScanner;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import org.agrona.DirectBuffer;

/**
 * The fast path of {@link KrakenFrameDecoder}: one forward pass over a book message exactly as Kraken sends it,
 * members in Kraken's order, one {@code data} entry, no whitespace:
 * <pre>
 *   {"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":29423.0,"qty":2.5}],
 *   "asks":[],"checksum":434883881,"timestamp":"2023-07-30T15:30:01.581227Z"}]}
 * </pre>
 * ({@code "snapshot"} as well; the timestamp is optional; a deleted level's quantity may be {@code 0E-8}). Fixed
 * parts are compared 8 bytes at a time, numbers and the symbol are read by the shared {@link FrameScanner}, levels
 * go straight into the {@link LevelWriter}. Anything else, including every frame the general decoder would reject,
 * makes it return {@link #FALLBACK}, and the caller decodes the frame again with the general path, which finds the
 * exact result or reason: so this class never rejects, it only accepts frames whose decoding it is sure of, with the
 * same result the general path gives.
 */
final class KrakenBookScanner extends WholeFrameScanner
{
    private static final long MAX_CHECKSUM = 0xFFFF_FFFFL;
    private static final Literal BOOK_TYPE = Literal.of("{\"channel\":\"book\",\"type\":\"");
    private static final Literal UPDATE_SYMBOL = Literal.of("update\",\"data\":[{\"symbol\":\"");
    private static final Literal SNAPSHOT_SYMBOL = Literal.of("snapshot\",\"data\":[{\"symbol\":\"");
    private static final Literal BIDS = Literal.of("\",\"bids\":[");
    private static final Literal ASKS = Literal.of(",\"asks\":[");
    private static final Literal CHECKSUM = Literal.of(",\"checksum\":");
    private static final Literal TIMESTAMP = Literal.of(",\"timestamp\":\"");
    private static final Literal END = Literal.of("}]}");
    private static final Literal PRICE = Literal.of("{\"price\":");
    private static final Literal QTY = Literal.of("\"qty\":");
    private static final Literal ZERO_EXPONENT = Literal.of("0E-");

    KrakenBookScanner(final SymbolTable symbols)
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
        if (!scanner.wrap(frame, offset, length) || !BOOK_TYPE.matches(scanner, offset))
        {
            return FALLBACK;
        }
        int p = readType(offset + BOOK_TYPE.length(), UPDATE_SYMBOL, SNAPSHOT_SYMBOL);
        final int symbolEnd = p < 0 ? -1 : readSymbol(frame, p);
        if (symbolEnd < 0 || !BIDS.matches(scanner, symbolEnd))
        {
            return FALLBACK;
        }
        final Instrument instrument = named;
        p = readLevels(symbolEnd + BIDS.length(), levels, true, instrument);
        if (p < 0 || !ASKS.matches(scanner, p))
        {
            return FALLBACK;
        }
        p = readLevels(p + ASKS.length(), levels, false, instrument);
        if (p < 0 || !CHECKSUM.matches(scanner, p))
        {
            return FALLBACK;
        }
        p = scanner.readId(p + CHECKSUM.length());
        final long checksum = scanner.number();
        if (p < 0 || checksum > MAX_CHECKSUM)
        {
            return FALLBACK;
        }
        long exchangeTimeMs = BookEvent.NULL_TIME;
        if (TIMESTAMP.matches(scanner, p))
        {
            final int start = p + TIMESTAMP.length();
            final int end = scanner.skipPlainString(start);
            if (end < 0)
            {
                return FALLBACK;
            }
            exchangeTimeMs = KrakenTimestamp.parseMillis(frame, start, end - start);
            p = end + 1;
        }
        if (!END.matches(scanner, p) || !scanner.isBlankFrom(p + END.length()))
        {
            return FALLBACK;
        }

        this.instrument = instrument;
        event.resetHeader(instrument.id(), type)
            .exchangeTimeMs(exchangeTimeMs)
            .ingressTimeNs(ingressTimeNs)
            .checksum(checksum);
        levels.finish();
        return event.length();
    }

    /**
     * <code>{"price":p,"qty":q},...]</code>: the levels after a side's '[' and its closing ']'. A zero price, a number
     * the fast reader does not take or that is not a plain JSON number (a redundant leading zero), members in another
     * order or a full output: -1.
     */
    private int readLevels(final int from, final LevelWriter levels, final boolean isBid, final Instrument instrument)
    {
        final FrameScanner scanner = this.scanner;
        final int limit = scanner.limit();
        int p = from;
        if (p < limit && scanner.byteAt(p) == ']')
        {
            return p + 1;
        }
        while (PRICE.matches(scanner, p))
        {
            final int priceAt = p + PRICE.length();
            p = scanner.readDecimal(priceAt, instrument.priceScale(), ',');
            final long price = scanner.number();
            if (p < 0 || price <= 0 || !scanner.isPlainNumber(priceAt) || !QTY.matches(scanner, p))
            {
                return -1;
            }
            final int quantityAt = p + QTY.length();
            p = scanner.readDecimal(quantityAt, instrument.qtyScale(), '}');
            final long quantity;
            if (p >= 0)
            {
                quantity = scanner.number();
                if (!scanner.isPlainNumber(quantityAt))
                {
                    return -1;
                }
            }
            else
            {
                quantity = 0;
                p = zeroWithExponent(quantityAt, instrument.qtyScale());
            }
            if (p < 0 || p >= limit || levels.add(isBid, price, quantity) != 0)
            {
                return -1;
            }
            final byte next = scanner.byteAt(p);
            if (next == ']')
            {
                return p + 1;
            }
            if (next != ',')
            {
                return -1;
            }
            p++;
        }
        return -1;
    }

    /**
     * {@code 0E-n} and the level's closing brace, n from 1 to the scale (how Kraken writes a deleted level, e.g.
     * {@code 0E-8}): the index after the brace, or -1.
     */
    private int zeroWithExponent(final int at, final int scale)
    {
        final FrameScanner scanner = this.scanner;
        if (at + ZERO_EXPONENT.length() + 1 >= scanner.limit() || !ZERO_EXPONENT.matches(scanner, at))
        {
            return -1;
        }
        final int exponent = scanner.byteAt(at + ZERO_EXPONENT.length()) - '0';
        return exponent >= 1 && exponent <= scale && scanner.byteAt(at + ZERO_EXPONENT.length() + 1) == '}' ?
            at + ZERO_EXPONENT.length() + 2 : -1;
    }
}
