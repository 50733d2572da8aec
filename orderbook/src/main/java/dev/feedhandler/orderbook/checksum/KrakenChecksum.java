package dev.feedhandler.orderbook.checksum;

import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.OrderBook;

import java.util.zip.CRC32;

/**
 * Kraken v2 book checksum: the top 10 asks (low to high) then the top 10 bids (high to low), each price and then
 * quantity rendered at the pair's precision with the dot and leading zeros removed, concatenated; CRC32 of that text,
 * unsigned. With the instrument's scales equal to the pair's precisions that text is simply each mantissa's decimal
 * digits, which is what this writes.
 */
public final class KrakenChecksum implements BookChecksum
{
    static final int LEVELS = 10;

    private final CRC32 crc = new CRC32();
    private final byte[] text = new byte[2 * LEVELS * 2 * 20];

    public long compute(final OrderBook book)
    {
        final byte[] text = this.text;
        int at = writeSide(text, 0, book.asks());
        at = writeSide(text, at, book.bids());
        crc.reset();
        crc.update(text, 0, at);
        return crc.getValue();
    }

    private static int writeSide(final byte[] text, final int from, final BookSide side)
    {
        int at = from;
        for (int level = 0, n = Math.min(LEVELS, side.depth()); level < n; level++)
        {
            at = DecimalText.writeDigits(text, at, side.priceAt(level));
            at = DecimalText.writeDigits(text, at, side.quantityAt(level));
        }
        return at;
    }
}
