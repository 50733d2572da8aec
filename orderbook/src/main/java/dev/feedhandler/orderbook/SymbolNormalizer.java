package dev.feedhandler.orderbook;

/**
 * Derives {@code BASE-QUOTE} from a concatenated venue symbol ({@code BTCUSDT} → {@code BTC-USDT}) by its quote
 * currency suffix. Symbols that already contain a separator keep it ({@code BTC/USD} → {@code BTC-USD}); a symbol
 * with no known quote suffix is returned as it is. Configuration may always name the normalized symbol explicitly.
 */
public final class SymbolNormalizer
{
    /** Longest first, so {@code FDUSD} wins over {@code USD}. */
    private static final String[] QUOTES = {
        "FDUSD", "USDT", "USDC", "BUSD", "TUSD", "USD", "EUR", "GBP", "TRY", "BRL", "JPY", "BTC", "ETH", "BNB"};

    private SymbolNormalizer()
    {
    }

    public static String normalize(final String symbol)
    {
        final String upper = symbol.toUpperCase(java.util.Locale.ROOT);
        for (final char separator : new char[]{'-', '/', '_'})
        {
            final int at = upper.indexOf(separator);
            if (at > 0 && at < upper.length() - 1)
            {
                return upper.substring(0, at) + "-" + upper.substring(at + 1);
            }
        }
        for (final String quote : QUOTES)
        {
            if (upper.length() > quote.length() && upper.endsWith(quote))
            {
                return upper.substring(0, upper.length() - quote.length()) + "-" + quote;
            }
        }
        return upper;
    }
}
