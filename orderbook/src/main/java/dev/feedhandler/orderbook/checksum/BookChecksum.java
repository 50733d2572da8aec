package dev.feedhandler.orderbook.checksum;

import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.OrderBook;

/**
 * A venue's checksum of a book, computed from our book the way the venue computes it from its own, so the two can be
 * compared after every message. Implementations keep their scratch space: no allocation per call. One per
 * instrument, used by the book thread only.
 */
public interface BookChecksum
{
    /** The checksum of the book as it is now, in the convention of {@code BookEvent.checksum()}. */
    long compute(OrderBook book);

    /** The checksum for an instrument's venue, or null when the venue has none. */
    static BookChecksum forInstrument(final Instrument instrument)
    {
        switch (instrument.venue().checksum())
        {
            case OKX_TOP25_TEXT:
                return new OkxChecksum(instrument.priceScale(), instrument.qtyScale());
            case KRAKEN_TOP10:
                return new KrakenChecksum();
            default:
                return null;
        }
    }
}
