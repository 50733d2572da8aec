package dev.feedhandler.orderbook.checksum;

import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.LevelFormat;
import dev.feedhandler.orderbook.OrderBook;

import java.util.zip.CRC32;

/**
 * OKX order book checksum: the top 25 bids and asks as {@code bid1Px:bid1Sz:ask1Px:ask1Sz:bid2Px:...}, alternating
 * per rank and continuing with one side alone once the other runs out, each value as the ORIGINAL string OKX sent.
 * CRC32 of that text as a signed 32-bit int. The book must track {@link LevelFormat}s: a mantissa and the number of
 * fraction digits OKX wrote give back its exact text.
 */
public final class OkxChecksum implements BookChecksum
{
    static final int LEVELS = 25;

    private final int priceScale;
    private final int qtyScale;
    private final CRC32 crc = new CRC32();
    private final byte[] text = new byte[2 * LEVELS * 2 * (DecimalText.MAX_LENGTH + 1)];

    public OkxChecksum(final int priceScale, final int qtyScale)
    {
        this.priceScale = priceScale;
        this.qtyScale = qtyScale;
    }

    public long compute(final OrderBook book)
    {
        final BookSide bids = book.bids();
        final BookSide asks = book.asks();
        final int bidLevels = Math.min(LEVELS, bids.depth());
        final int askLevels = Math.min(LEVELS, asks.depth());
        final byte[] text = this.text;
        int at = 0;
        for (int level = 0, n = Math.max(bidLevels, askLevels); level < n; level++)
        {
            if (level < bidLevels)
            {
                at = writeLevel(text, at, bids, level);
            }
            if (level < askLevels)
            {
                at = writeLevel(text, at, asks, level);
            }
        }
        // Every level ends with ':'; the text has none at its end.
        final int length = Math.max(0, at - 1);
        crc.reset();
        crc.update(text, 0, length);
        return (int)crc.getValue();
    }

    private int writeLevel(final byte[] text, final int from, final BookSide side, final int level)
    {
        final int format = side.formatAt(level);
        int at = DecimalText.writeDecimal(text, from, side.priceAt(level), priceScale, LevelFormat.priceDigits(format));
        text[at++] = ':';
        at = DecimalText.writeDecimal(text, at, side.quantityAt(level), qtyScale, LevelFormat.quantityDigits(format));
        text[at++] = ':';
        return at;
    }
}
