package dev.feedhandler.protocol;

import dev.feedhandler.orderbook.BookEvent;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds venue {@link BookEvent}s for tests: {@code TestBookEvents.diff(0, 101, 103).bid(100, 5).ask(101, 0).build()}.
 */
public final class TestBookEvents
{
    private TestBookEvents()
    {
    }

    public static Builder diff(final int instrumentId, final long firstUpdateId, final long lastUpdateId)
    {
        return new Builder(instrumentId, BookEvent.TYPE_DIFF, firstUpdateId, lastUpdateId);
    }

    public static Builder snapshot(final int instrumentId, final long lastUpdateId)
    {
        return new Builder(instrumentId, BookEvent.TYPE_SNAPSHOT, lastUpdateId, lastUpdateId);
    }

    public static final class Builder
    {
        private final int instrumentId;
        private final short type;
        private final long firstUpdateId;
        private final long lastUpdateId;
        private long exchangeTimeMs = BookEvent.NULL_TIME;
        private long ingressTimeNs = BookEvent.NULL_TIME;
        private boolean asksFirst;
        private final List<long[]> bids = new ArrayList<>();
        private final List<long[]> asks = new ArrayList<>();

        private Builder(final int instrumentId, final short type, final long firstUpdateId, final long lastUpdateId)
        {
            this.instrumentId = instrumentId;
            this.type = type;
            this.firstUpdateId = firstUpdateId;
            this.lastUpdateId = lastUpdateId;
        }

        public Builder bid(final long price, final long quantity)
        {
            bids.add(new long[]{price, quantity});
            return this;
        }

        public Builder ask(final long price, final long quantity)
        {
            asks.add(new long[]{price, quantity});
            return this;
        }

        public Builder exchangeTimeMs(final long value)
        {
            exchangeTimeMs = value;
            return this;
        }

        public Builder ingressTimeNs(final long value)
        {
            ingressTimeNs = value;
            return this;
        }

        /** Lay the ask block out before the bid block (as some venue decoders do). */
        public Builder asksFirst()
        {
            asksFirst = true;
            return this;
        }

        /** Write the event into {@code buffer} at {@code offset}; the returned flyweight reads it there. */
        public BookEvent writeTo(final UnsafeBuffer buffer, final int offset)
        {
            final BookEvent event = new BookEvent().wrapForWrite(buffer, offset).resetHeader(instrumentId, type)
                .firstUpdateId(firstUpdateId)
                .lastUpdateId(lastUpdateId)
                .exchangeTimeMs(exchangeTimeMs)
                .ingressTimeNs(ingressTimeNs)
                .bidCount(bids.size())
                .askCount(asks.size());
            int level = 0;
            for (final long[] l : asksFirst ? asks : bids)
            {
                event.putLevel(level++, l[0], l[1]);
            }
            for (final long[] l : asksFirst ? bids : asks)
            {
                event.putLevel(level++, l[0], l[1]);
            }
            if (asksFirst)
            {
                event.flags(BookEvent.FLAG_ASKS_FIRST);
            }
            return event;
        }

        /** The event in a buffer of its own. */
        public BookEvent build()
        {
            return writeTo(new UnsafeBuffer(new byte[BookEvent.lengthFor(bids.size() + asks.size())]), 0);
        }
    }
}
