package dev.feedhandler.orderbook;

/**
 * A configured instrument: the daemon's id for it, where it trades, and the fixed-point scales its prices and
 * quantities are held at.
 *
 * @param id               the daemon's instrument id (dense, from 0), the same on the wire.
 * @param venue            where it trades.
 * @param symbol           the venue's symbol as it appears in frames, e.g. {@code BTCUSDT}.
 * @param normalizedSymbol {@code BASE-QUOTE}, e.g. {@code BTC-USDT}, the same across venues.
 * @param priceScale       decimal places of price mantissas.
 * @param qtyScale         decimal places of quantity mantissas. For a venue whose checksum renders values at the
 *                         pair's precision (Kraken) the two scales ARE those precisions.
 * @param bookDepth        levels per side the venue keeps the stream to (Kraken's subscribed depth: it sends no
 *                         delete for levels pushed out, so the book is truncated to it after every message), or 0
 *                         for no truncation.
 */
public record Instrument(
    int id, Venue venue, String symbol, String normalizedSymbol, int priceScale, int qtyScale, int bookDepth)
{
    public Instrument
    {
        if (id < 0)
        {
            throw new IllegalArgumentException("instrument id must be >= 0: " + id);
        }
        if (symbol == null || symbol.isEmpty() || symbol.length() > 64)
        {
            throw new IllegalArgumentException("instrument " + id + ": symbol must have 1..64 characters: " + symbol);
        }
        if (normalizedSymbol == null || normalizedSymbol.isEmpty() || normalizedSymbol.length() > 64)
        {
            throw new IllegalArgumentException(
                "instrument " + symbol + ": normalized symbol must have 1..64 characters: " + normalizedSymbol);
        }
        if (priceScale < 0 || priceScale > FixedPoint.MAX_SCALE || qtyScale < 0 || qtyScale > FixedPoint.MAX_SCALE)
        {
            throw new IllegalArgumentException("instrument " + symbol + ": scales must be within 0.." +
                FixedPoint.MAX_SCALE + ", got price " + priceScale + " and qty " + qtyScale);
        }
        if (bookDepth < 0)
        {
            throw new IllegalArgumentException("instrument " + symbol + ": book depth must be >= 0: " + bookDepth);
        }
    }

    /** An instrument whose book is never truncated. */
    public Instrument(
        final int id,
        final Venue venue,
        final String symbol,
        final String normalizedSymbol,
        final int priceScale,
        final int qtyScale)
    {
        this(id, venue, symbol, normalizedSymbol, priceScale, qtyScale, 0);
    }

    /** An instrument whose normalized symbol is derived from the venue symbol ({@link SymbolNormalizer}). */
    public Instrument(final int id, final Venue venue, final String symbol, final int priceScale, final int qtyScale)
    {
        this(id, venue, symbol, SymbolNormalizer.normalize(symbol), priceScale, qtyScale);
    }
}
