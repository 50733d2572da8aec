package dev.feedhandler.sim;

import dev.feedhandler.sim.format.VenueFormat;
import dev.feedhandler.sim.format.VenueFormats;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated instrument.
 *
 * @param venue      format name, e.g. {@code binance-spot}.
 * @param symbol     venue symbol, upper case, e.g. {@code BTCUSDT}, {@code BTC-USDT} (OKX, Coinbase), {@code BTC/USD}
 *                   (Kraken).
 * @param priceScale decimals of prices (one tick is one unit at this scale).
 * @param qtyScale   decimals of quantities.
 * @param initialMid starting mid price as a mantissa at {@code priceScale}.
 */
public record InstrumentSpec(String venue, String symbol, int priceScale, int qtyScale, long initialMid)
{
    private static final Pattern TOKEN = Pattern.compile(
        "([A-Za-z0-9_-]+(?:/[A-Za-z][A-Za-z0-9_-]*)?)(?:/([0-9]{1,2})/([0-9]{1,2})(?:/([0-9]+(?:\\.[0-9]+)?))?)?");

    public InstrumentSpec
    {
        VenueFormats.byName(venue);
        if (symbol == null || !symbol.matches("[A-Z0-9_-]+(/[A-Z][A-Z0-9_-]*)?"))
        {
            throw new IllegalArgumentException("symbol '" + symbol + "' must be upper-case letters and digits" +
                " (Kraken: BASE/QUOTE)");
        }
        if (priceScale < 0 || priceScale > 12 || qtyScale < 0 || qtyScale > 12)
        {
            throw new IllegalArgumentException(symbol + ": scales must be 0..12, got price " + priceScale +
                " quantity " + qtyScale);
        }
        if (initialMid <= 0)
        {
            throw new IllegalArgumentException(symbol + ": initial mid must be positive, got " + initialMid);
        }
    }

    /** The venue's default scales and a default starting price for the symbol. */
    public static InstrumentSpec of(final String venue, final String symbol)
    {
        return parse(venue, symbol);
    }

    /**
     * Parse {@code SYMBOL}, {@code SYMBOL/priceScale/qtyScale} or {@code SYMBOL/priceScale/qtyScale/initialPrice}; a
     * Kraken symbol has a slash followed by a letter: {@code BTC/USD/1/8}.
     */
    public static InstrumentSpec parse(final String venue, final String token)
    {
        final VenueFormat format = VenueFormats.byName(venue);
        final Matcher matcher = TOKEN.matcher(token.trim());
        if (!matcher.matches())
        {
            throw new IllegalArgumentException("instrument '" + token +
                "' is not SYMBOL, SYMBOL/priceScale/qtyScale or SYMBOL/priceScale/qtyScale/initialPrice");
        }
        final String symbol = matcher.group(1).toUpperCase(Locale.ROOT);
        final int priceScale = matcher.group(2) != null ? Integer.parseInt(matcher.group(2)) :
            format.defaultPriceScale();
        final int qtyScale = matcher.group(3) != null ? Integer.parseInt(matcher.group(3)) : format.defaultQtyScale();
        final String price = matcher.group(4) != null ? matcher.group(4) : defaultPrice(symbol);
        return new InstrumentSpec(venue, symbol, priceScale, qtyScale, mantissa(price, priceScale, token));
    }

    /** Starting price in units when none is given: near real levels for the majors, 100 otherwise. */
    static String defaultPrice(final String symbol)
    {
        if (symbol.startsWith("BTC"))
        {
            return "60000";
        }
        if (symbol.startsWith("ETH"))
        {
            return "3000";
        }
        return "100";
    }

    private static long mantissa(final String price, final int scale, final String token)
    {
        try
        {
            return new BigDecimal(price).movePointRight(scale).longValueExact();
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException("instrument '" + token + "': price " + price +
                " is not representable at " + scale + " decimals");
        }
    }
}
