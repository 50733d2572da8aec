package dev.feedhandler.feeder.venue.coinbase;

import dev.feedhandler.feeder.FrameScanner;
import dev.feedhandler.feeder.FrameScanner.Literal;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.WholeFrameScanner;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The fast path of {@link CoinbaseFrameDecoder}: one forward pass over a {@code level2} frame exactly as Coinbase
 * sends it, members in Coinbase's order, one event, no whitespace:
 * <pre>
 *   {"channel":"l2_data","client_id":"","timestamp":"2023-02-09T20:32:50.714964855Z","sequence_num":4,
 *   "events":[{"type":"update","product_id":"BTC-USD","updates":[{"side":"bid",
 *   "event_time":"2023-02-09T20:32:50.01Z","price_level":"21921.73","new_quantity":"0.06317902"}]}]}
 * </pre>
 * ({@code "snapshot"} as well). Fixed parts are compared 8 bytes at a time, numbers and strings are read by the
 * shared {@link FrameScanner}, levels go straight into the {@link SplitSideLevels}. Anything else, including every
 * frame the general decoder would reject, makes it return {@link #FALLBACK}, and the caller decodes the frame again
 * with the general path, which finds the exact result or reason: so this class never rejects, it only accepts
 * frames whose decoding it is sure of, with the same events the general path writes. The connection's sequence is
 * the caller's to check ({@link #sequence()}).
 */
final class CoinbaseBookScanner extends WholeFrameScanner
{
    private static final Literal CHANNEL = Literal.of("{\"channel\":\"l2_data\",");
    private static final Literal CLIENT_ID = Literal.of("\"client_id\":\"");
    private static final Literal TIMESTAMP = Literal.of("\",\"timestamp\":\"");
    private static final Literal SEQUENCE = Literal.of("\",\"sequence_num\":");
    private static final Literal EVENT_TYPE = Literal.of(",\"events\":[{\"type\":\"");
    private static final Literal UPDATE_PRODUCT = Literal.of("update\",\"product_id\":\"");
    private static final Literal SNAPSHOT_PRODUCT = Literal.of("snapshot\",\"product_id\":\"");
    private static final Literal UPDATES = Literal.of("\",\"updates\":[");
    private static final Literal BID = Literal.of("{\"side\":\"bid\",\"event_time\":\"");
    private static final Literal OFFER = Literal.of("{\"side\":\"offer\",\"event_time\":\"");
    private static final Literal PRICE = Literal.of("\",\"price_level\":\"");
    private static final Literal QUANTITY = Literal.of(",\"new_quantity\":\"");
    private static final Literal END = Literal.of("}]}");

    private final BookEvent event = new BookEvent();
    private long sequence;

    CoinbaseBookScanner(final SymbolTable symbols)
    {
        super(symbols);
    }

    /** The {@code sequence_num} of the last frame this scanner accepted. */
    long sequence()
    {
        return sequence;
    }

    /**
     * @param levels the decoder's; begun here on the event's level area.
     * @return the event length, or {@link #FALLBACK}.
     */
    int decode(
        final DirectBuffer frame,
        final int offset,
        final int length,
        final MutableDirectBuffer out,
        final int outOffset,
        final int outCapacity,
        final SplitSideLevels levels,
        final long ingressTimeNs)
    {
        final FrameScanner scanner = this.scanner;
        if (outCapacity < BookEvent.HEADER_LENGTH || !scanner.wrap(frame, offset, length) ||
            !CHANNEL.matches(scanner, offset) || !CLIENT_ID.matches(scanner, offset + CHANNEL.length()))
        {
            return FALLBACK;
        }
        int p = scanner.skipPlainString(offset + CHANNEL.length() + CLIENT_ID.length());
        if (p < 0 || !TIMESTAMP.matches(scanner, p))
        {
            return FALLBACK;
        }
        final int timestampAt = p + TIMESTAMP.length();
        final int timestampEnd = scanner.skipPlainString(timestampAt);
        if (timestampEnd < 0 || !SEQUENCE.matches(scanner, timestampEnd))
        {
            return FALLBACK;
        }
        p = scanner.readId(timestampEnd + SEQUENCE.length());
        final long sequence = scanner.number();
        if (p < 0 || !EVENT_TYPE.matches(scanner, p))
        {
            return FALLBACK;
        }
        p = readType(p + EVENT_TYPE.length(), UPDATE_PRODUCT, SNAPSHOT_PRODUCT);
        final int productEnd = p < 0 ? -1 : readSymbol(frame, p);
        if (productEnd < 0 || !UPDATES.matches(scanner, productEnd))
        {
            return FALLBACK;
        }
        final Instrument instrument = named;
        // The general path's level area exactly, so that a full one falls back where it fails.
        levels.begin(out, outOffset + BookEvent.HEADER_LENGTH,
            (outCapacity - BookEvent.HEADER_LENGTH) / BookEvent.LEVEL_LENGTH);
        p = readUpdates(productEnd + UPDATES.length(), levels, instrument);
        if (p < 0 || !END.matches(scanner, p) || !scanner.isBlankFrom(p + END.length()))
        {
            return FALLBACK;
        }

        this.instrument = instrument;
        this.sequence = sequence;
        final BookEvent event = this.event.wrapForWrite(out, outOffset);
        event.resetHeader(instrument.id(), type).ingressTimeNs(ingressTimeNs);
        levels.finish(event);
        event.firstUpdateId(sequence)
            .lastUpdateId(sequence)
            .exchangeTimeMs(Rfc3339.epochMillis(frame, timestampAt, timestampEnd - timestampAt));
        return event.length();
    }

    /**
     * The updates after the array's '[' and its closing ']'. Another member order, a side other than bid or offer,
     * a zero price, a number the fast reader does not take or a full level area: -1.
     */
    private int readUpdates(final int from, final SplitSideLevels levels, final Instrument instrument)
    {
        final FrameScanner scanner = this.scanner;
        final int limit = scanner.limit();
        int p = from;
        if (p < limit && scanner.byteAt(p) == ']')
        {
            return p + 1;
        }
        while (true)
        {
            final boolean isBid;
            if (BID.matches(scanner, p))
            {
                isBid = true;
                p += BID.length();
            }
            else if (OFFER.matches(scanner, p))
            {
                isBid = false;
                p += OFFER.length();
            }
            else
            {
                return -1;
            }
            p = scanner.skipPlainString(p); // the event time, not kept
            if (p < 0 || !PRICE.matches(scanner, p))
            {
                return -1;
            }
            p = scanner.readDecimal(p + PRICE.length(), instrument.priceScale());
            final long price = scanner.number();
            if (p < 0 || price <= 0 || !QUANTITY.matches(scanner, p))
            {
                return -1;
            }
            p = scanner.readDecimal(p + QUANTITY.length(), instrument.qtyScale());
            if (p < 0 || p + 1 >= limit || scanner.byteAt(p) != '}' || levels.add(isBid, price, scanner.number()) != 0)
            {
                return -1;
            }
            final byte next = scanner.byteAt(p + 1);
            if (next == ']')
            {
                return p + 2;
            }
            if (next != ',')
            {
                return -1;
            }
            p += 2;
        }
    }
}
