package dev.feedhandler.orderbook;

/**
 * Renders a book's top levels as JSON, {@code {"bids":[["price","qty"],..],"asks":[..]}}, prices and quantities as
 * plain decimal strings with trailing zeros removed. The one format every tool prints books in, so any two sources
 * can be compared as text. For reports, not the hot path.
 */
public final class BookJson
{
    private BookJson()
    {
    }

    public static StringBuilder appendBook(
        final StringBuilder out, final OrderBook book, final int depth, final int priceScale, final int qtyScale)
    {
        out.append("{\"bids\":");
        appendSide(out, book.bids(), depth, priceScale, qtyScale);
        out.append(",\"asks\":");
        appendSide(out, book.asks(), depth, priceScale, qtyScale);
        return out.append('}');
    }

    public static StringBuilder appendSide(
        final StringBuilder out, final BookSide side, final int depth, final int priceScale, final int qtyScale)
    {
        out.append('[');
        final int levels = Math.min(depth, side.depth());
        for (int i = 0; i < levels; i++)
        {
            out.append(i == 0 ? "[\"" : ",[\"");
            FixedPoint.appendPlain(out, side.priceAt(i), priceScale).append("\",\"");
            FixedPoint.appendPlain(out, side.quantityAt(i), qtyScale).append("\"]");
        }
        return out.append(']');
    }

    /** A JSON string literal. */
    public static StringBuilder appendString(final StringBuilder out, final String text)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < ' ')
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.append('"');
    }
}
