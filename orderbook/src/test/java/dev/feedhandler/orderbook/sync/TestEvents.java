package dev.feedhandler.orderbook.sync;

import dev.feedhandler.orderbook.BookEvent;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds DIFF and SNAPSHOT {@link BookEvent}s for tests: {@code diff(101, 103).bid(100, 5).ask(101, 0).sendTo(sync)}.
 * <p>
 * {@link Builder#sendTo} writes the event at a non-zero offset of a scratch buffer and scribbles over the buffer after
 * the call returns, so a sync that kept a reference to the caller's bytes instead of copying them would be caught.
 */
final class TestEvents
{
    static final int OFFSET = 24;

    private TestEvents()
    {
    }

    static Builder diff(final long firstUpdateId, final long lastUpdateId)
    {
        return new Builder(BookEvent.TYPE_DIFF, firstUpdateId, lastUpdateId);
    }

    static Builder snapshot(final long lastUpdateId)
    {
        return new Builder(BookEvent.TYPE_SNAPSHOT, lastUpdateId, lastUpdateId);
    }

    static Builder topOfBook(final long lastUpdateId)
    {
        return new Builder(BookEvent.TYPE_TOP_OF_BOOK, lastUpdateId, lastUpdateId);
    }

    static final class Builder
    {
        private final short type;
        private final long firstUpdateId;
        private final long lastUpdateId;
        private long prevUpdateId = BookEvent.NULL_ID;
        private long checksum = BookEvent.NULL_CHECKSUM;
        private int instrumentId = InstrumentSyncTest.INSTRUMENT_ID;
        private boolean asksFirst;
        private final List<long[]> bids = new ArrayList<>();
        private final List<long[]> asks = new ArrayList<>();

        private Builder(final short type, final long firstUpdateId, final long lastUpdateId)
        {
            this.type = type;
            this.firstUpdateId = firstUpdateId;
            this.lastUpdateId = lastUpdateId;
        }

        /** Binance USD-M {@code pu}. */
        Builder prev(final long prevUpdateId)
        {
            this.prevUpdateId = prevUpdateId;
            return this;
        }

        /** The venue's checksum after this event. */
        Builder checksum(final long checksum)
        {
            this.checksum = checksum;
            return this;
        }

        Builder bid(final long price, final long quantity)
        {
            bids.add(new long[]{ price, quantity });
            return this;
        }

        Builder ask(final long price, final long quantity)
        {
            asks.add(new long[]{ price, quantity });
            return this;
        }

        /** Lay the ask block out before the bid block. */
        Builder asksFirst()
        {
            asksFirst = true;
            return this;
        }

        int length()
        {
            return BookEvent.lengthFor(bids.size() + asks.size());
        }

        /** @return the encoded length. */
        int writeTo(final MutableDirectBuffer buffer, final int offset)
        {
            final BookEvent event = new BookEvent().wrapForWrite(buffer, offset)
                .resetHeader(instrumentId, type)
                .firstUpdateId(firstUpdateId)
                .lastUpdateId(lastUpdateId)
                .prevUpdateId(prevUpdateId)
                .checksum(checksum)
                .bidCount(bids.size())
                .askCount(asks.size());
            if (asksFirst)
            {
                event.flags(BookEvent.FLAG_ASKS_FIRST);
            }
            int index = 0;
            for (final long[] level : asksFirst ? asks : bids)
            {
                event.putLevel(index++, level[0], level[1]);
            }
            for (final long[] level : asksFirst ? bids : asks)
            {
                event.putLevel(index++, level[0], level[1]);
            }
            return event.length();
        }

        void sendTo(final InstrumentSync sync)
        {
            final byte[] bytes = new byte[OFFSET + length() + 16];
            Arrays.fill(bytes, (byte)0x7F);
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            writeTo(buffer, OFFSET);
            sync.onEvent(buffer, OFFSET);
            Arrays.fill(bytes, (byte)0x5A);
        }
    }
}
