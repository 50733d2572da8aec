package dev.feedhandler.feeder.venue.okx;

import dev.feedhandler.feeder.FrameScanner;
import dev.feedhandler.feeder.FrameScanner.Literal;
import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.feeder.WholeFrameScanner;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The fast path of {@link OkxFrameDecoder}: one forward pass over a book message exactly as OKX sends it, members in
 * OKX's order, one {@code data} element, no whitespace:
 * <pre>
 *   {"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[["30243.5","1.2112","0","4"]],
 *   "bids":[],"ts":"1652459225453","checksum":-652563973,"prevSeqId":123,"seqId":124}]}
 * </pre>
 * ({@code "snapshot"} as well; {@code ts}, {@code checksum} and the id pair are optional, the ids in either order).
 * Fixed parts are compared 8 bytes at a time, ids and the instrument are read by the shared {@link FrameScanner},
 * levels and their formats go straight into {@link OkxLevels}. Anything else, including every frame the general
 * decoder would reject, makes it return {@link #FALLBACK}, and the caller decodes the frame again with the general
 * path, which finds the exact result or reason: so this class never rejects, it only accepts frames whose decoding it
 * is sure of, with the same events the general path writes.
 */
final class OkxBookScanner extends WholeFrameScanner
{
    private static final int MAX_CHANNEL_LENGTH = 20;
    private static final Literal ARG = Literal.of("{\"arg\":{\"channel\":\"");
    private static final Literal ACTION = Literal.of("\"},\"action\":\"");
    private static final Literal UPDATE_ASKS = Literal.of("update\",\"data\":[{\"asks\":[");
    private static final Literal SNAPSHOT_ASKS = Literal.of("snapshot\",\"data\":[{\"asks\":[");
    private static final Literal BIDS = Literal.of(",\"bids\":[");
    private static final Literal TS = Literal.of(",\"ts\":\"");
    private static final Literal CHECKSUM = Literal.of(",\"checksum\":");
    private static final Literal PREV_SEQ_ID = Literal.of(",\"prevSeqId\":");
    private static final Literal SEQ_ID = Literal.of(",\"seqId\":");
    private static final Literal END = Literal.of("}]}");

    /** {@code books","instId":"} for the configured channel, or null when the channel is too long to compare so. */
    private final Literal channelInstId;
    private final BookEvent event = new BookEvent();
    private long seqId;
    private long prevSeqId;
    private long signed;

    OkxBookScanner(final SymbolTable symbols, final String channel)
    {
        super(symbols);
        this.channelInstId = channel.length() <= MAX_CHANNEL_LENGTH && channel.indexOf('"') < 0 &&
            channel.indexOf('\\') < 0 ? Literal.of(channel + "\",\"instId\":\"") : null;
    }

    /**
     * @param levels the decoder's; begun here on the event.
     * @return the event length, or {@link #FALLBACK}.
     */
    int decode(
        final DirectBuffer frame,
        final int offset,
        final int length,
        final MutableDirectBuffer out,
        final int outOffset,
        final int outCapacity,
        final OkxLevels levels,
        final long ingressTimeNs)
    {
        final FrameScanner scanner = this.scanner;
        final int capacity = OkxLevels.capacityFor(outCapacity);
        if (channelInstId == null || capacity < 0 || !scanner.wrap(frame, offset, length) ||
            !ARG.matches(scanner, offset) || !channelInstId.matches(scanner, offset + ARG.length()))
        {
            return FALLBACK;
        }
        final int instIdEnd = readSymbol(frame, offset + ARG.length() + channelInstId.length());
        final Instrument instrument = named;
        int p = instIdEnd < 0 || !ACTION.matches(scanner, instIdEnd) ? -1 :
            readType(instIdEnd + ACTION.length(), UPDATE_ASKS, SNAPSHOT_ASKS);
        if (p < 0)
        {
            return FALLBACK;
        }
        final BookEvent event = this.event.wrapForWrite(out, outOffset);
        levels.begin(event, capacity);
        p = levels.readSide(scanner, p, false, instrument.priceScale(), instrument.qtyScale());
        if (p < 0 || !BIDS.matches(scanner, p))
        {
            return FALLBACK;
        }
        p = levels.readSide(scanner, p + BIDS.length(), true, instrument.priceScale(), instrument.qtyScale());
        if (p < 0)
        {
            return FALLBACK;
        }
        long exchangeTimeMs = BookEvent.NULL_TIME;
        if (TS.matches(scanner, p))
        {
            p = scanner.readId(p + TS.length());
            exchangeTimeMs = scanner.number();
            if (p < 0 || p >= scanner.limit() || scanner.byteAt(p) != '"')
            {
                return FALLBACK;
            }
            p++;
        }
        long checksum = BookEvent.NULL_CHECKSUM;
        if (CHECKSUM.matches(scanner, p))
        {
            p = readSigned(p + CHECKSUM.length());
            checksum = signed;
            if (p < 0 || checksum < Integer.MIN_VALUE || checksum > Integer.MAX_VALUE)
            {
                return FALLBACK;
            }
        }
        p = readIds(p);
        if (p < 0 || !END.matches(scanner, p) || !scanner.isBlankFrom(p + END.length()))
        {
            return FALLBACK;
        }

        this.instrument = instrument;
        event.resetHeader(instrument.id(), type)
            .firstUpdateId(seqId)
            .lastUpdateId(seqId)
            .prevUpdateId(prevSeqId)
            .exchangeTimeMs(exchangeTimeMs)
            .ingressTimeNs(ingressTimeNs)
            .checksum(checksum);
        levels.finish();
        return event.length();
    }

    /**
     * None, or {@code prevSeqId} and {@code seqId} in either order, into {@link #seqId} and {@link #prevSeqId} (NULL
     * when absent). A snapshot's {@code prevSeqId} of -1 is taken; any other negative falls back.
     */
    private int readIds(final int from)
    {
        final FrameScanner scanner = this.scanner;
        seqId = BookEvent.NULL_ID;
        prevSeqId = BookEvent.NULL_ID;
        int p = from;
        if (PREV_SEQ_ID.matches(scanner, p))
        {
            p = readPrevSeqId(p + PREV_SEQ_ID.length());
            if (p < 0 || !SEQ_ID.matches(scanner, p))
            {
                return -1;
            }
            p = scanner.readId(p + SEQ_ID.length());
            seqId = scanner.number();
        }
        else if (SEQ_ID.matches(scanner, p))
        {
            p = scanner.readId(p + SEQ_ID.length());
            seqId = scanner.number();
            if (p < 0 || !PREV_SEQ_ID.matches(scanner, p))
            {
                return -1;
            }
            p = readPrevSeqId(p + PREV_SEQ_ID.length());
        }
        return p;
    }

    private int readPrevSeqId(final int from)
    {
        final int p = readSigned(from);
        prevSeqId = signed;
        return p < 0 || prevSeqId < -1 ? -1 : p;
    }

    /** An integer of 1 to 18 digits, with an optional minus sign, into {@link #signed}. */
    private int readSigned(final int from)
    {
        final FrameScanner scanner = this.scanner;
        final boolean negative = from < scanner.limit() && scanner.byteAt(from) == '-';
        final int p = scanner.readId(negative ? from + 1 : from);
        signed = negative ? -scanner.number() : scanner.number();
        return p;
    }
}
