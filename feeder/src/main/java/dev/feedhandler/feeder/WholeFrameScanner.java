package dev.feedhandler.feeder;

import dev.feedhandler.feeder.FrameScanner.Literal;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import org.agrona.DirectBuffer;

/**
 * What the decoders' whole-frame fast paths share (Binance's {@code BinanceDepthScanner} and each stream venue's
 * {@code BookScanner}): one forward pass over a frame laid out exactly as the venue sends it, with a
 * {@link FrameScanner}, the venue's symbols, and one contract: {@code decode} returns the event length, or
 * {@link #FALLBACK} for anything it is not sure of, never a rejection; the caller then decodes the frame again with
 * the general path, which finds the exact result or reason.
 */
public abstract class WholeFrameScanner
{
    /** Not handled here: decode with the general path. Never a valid event length (those are > 0). */
    public static final int FALLBACK = 0;

    protected final SymbolTable symbols;
    protected final FrameScanner scanner = new FrameScanner();
    /** The instrument of the last frame accepted: subclasses set it when they accept one. */
    protected Instrument instrument;
    /** The book event type {@link #readType} found. */
    protected short type;
    /** The instrument {@link #readSymbol} found. */
    protected Instrument named;

    protected WholeFrameScanner(final SymbolTable symbols)
    {
        this.symbols = symbols;
    }

    /** The instrument of the last frame this scanner accepted. */
    public final Instrument instrument()
    {
        return instrument;
    }

    /**
     * {@code diff} (a {@link BookEvent#TYPE_DIFF}) or {@code snapshot} (a {@link BookEvent#TYPE_SNAPSHOT}) at
     * {@code at}: the index after it, with {@link #type} set, or -1 when neither is there.
     */
    protected final int readType(final int at, final Literal diff, final Literal snapshot)
    {
        if (diff.matches(scanner, at))
        {
            type = BookEvent.TYPE_DIFF;
            return at + diff.length();
        }
        if (snapshot.matches(scanner, at))
        {
            type = BookEvent.TYPE_SNAPSHOT;
            return at + snapshot.length();
        }
        return -1;
    }

    /**
     * The plain string from {@code at} up to its closing quote (left unread), looked up into {@link #named}: the
     * quote's index, or -1 when the string is empty or not plain, or names no instrument.
     */
    protected final int readSymbol(final DirectBuffer frame, final int at)
    {
        final int end = scanner.skipPlainString(at);
        named = end <= at ? null : symbols.lookup(frame, at, end - at);
        return named == null ? -1 : end;
    }
}
