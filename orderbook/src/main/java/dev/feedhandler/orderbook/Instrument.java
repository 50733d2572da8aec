package dev.feedhandler.orderbook;

/**
 * A configured instrument: the daemon's id for it, where it trades, and the fixed-point scales its prices and
 * quantities are held at.
 *
 * @param id         the daemon's instrument id (dense, from 0), the same on the wire.
 * @param venue      where it trades.
 * @param symbol     the venue's symbol as it appears in frames, e.g. {@code BTCUSDT}.
 * @param priceScale decimal places of price mantissas.
 * @param qtyScale   decimal places of quantity mantissas.
 */
public record Instrument(int id, Venue venue, String symbol, int priceScale, int qtyScale)
{
    public Instrument
    {
        if (id < 0)
        {
            throw new IllegalArgumentException("instrument id must be >= 0: " + id);
        }
        if (symbol == null || symbol.isEmpty())
        {
            throw new IllegalArgumentException("instrument " + id + ": symbol is empty");
        }
        if (priceScale < 0 || priceScale > FixedPoint.MAX_SCALE || qtyScale < 0 || qtyScale > FixedPoint.MAX_SCALE)
        {
            throw new IllegalArgumentException("instrument " + symbol + ": scales must be within 0.." +
                FixedPoint.MAX_SCALE + ", got price " + priceScale + " and qty " + qtyScale);
        }
    }
}
