package dev.feedhandler.protocol.consumer;

import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.protocol.sbe.BookSnapshotDecoder;
import dev.feedhandler.protocol.sbe.Side;

import java.util.Arrays;

/**
 * Collects the parts of one BookSnapshot (they arrive consecutively on the snapshot stream) into flat arrays, then
 * loads them into a book worst level first so that every insert lands at the best end of the side (no shifting).
 */
final class SnapshotAssembly
{
    private int instrumentId = -1;
    private boolean active;
    private int nextPart;
    private int partCount;
    private long lastDeltaSequence;
    private long venueSequence;
    private long publishTimeNs;
    private long expectedBids;
    private long expectedAsks;
    private long[] bidPrices = new long[256];
    private long[] bidQuantities = new long[256];
    private long[] askPrices = new long[256];
    private long[] askQuantities = new long[256];
    private int bids;
    private int asks;

    boolean isActive()
    {
        return active;
    }

    void begin(final BookSnapshotDecoder part)
    {
        instrumentId = part.instrumentId();
        active = true;
        nextPart = 0;
        partCount = part.partCount();
        lastDeltaSequence = part.lastDeltaSequence();
        venueSequence = part.venueSequence();
        publishTimeNs = part.publishTimeNs();
        expectedBids = part.bidCount();
        expectedAsks = part.askCount();
        bids = 0;
        asks = 0;
    }

    /** Ignore the rest of this instrument's snapshot. */
    void skip(final int instrumentId)
    {
        this.instrumentId = instrumentId;
        active = false;
    }

    boolean continues(final BookSnapshotDecoder part)
    {
        return active && part.instrumentId() == instrumentId && part.partIndex() == nextPart &&
            part.lastDeltaSequence() == lastDeltaSequence;
    }

    void add(final BookSnapshotDecoder part)
    {
        for (final BookSnapshotDecoder.LevelsDecoder level : part.levels())
        {
            if (level.side() == Side.BID)
            {
                if (bids == bidPrices.length)
                {
                    bidPrices = Arrays.copyOf(bidPrices, 2 * bids);
                    bidQuantities = Arrays.copyOf(bidQuantities, 2 * bids);
                }
                bidPrices[bids] = level.price();
                bidQuantities[bids++] = level.quantity();
            }
            else
            {
                if (asks == askPrices.length)
                {
                    askPrices = Arrays.copyOf(askPrices, 2 * asks);
                    askQuantities = Arrays.copyOf(askQuantities, 2 * asks);
                }
                askPrices[asks] = level.price();
                askQuantities[asks++] = level.quantity();
            }
        }
        nextPart++;
    }

    boolean isComplete()
    {
        return active && nextPart == partCount;
    }

    long lastDeltaSequence()
    {
        return lastDeltaSequence;
    }

    long venueSequence()
    {
        return venueSequence;
    }

    long publishTimeNs()
    {
        return publishTimeNs;
    }

    /** @return false when the parts did not add up to the announced level counts or the book refused a level. */
    boolean loadInto(final OrderBook book)
    {
        if (bids != expectedBids || asks != expectedAsks)
        {
            return false;
        }
        boolean ok = true;
        for (int i = bids - 1; i >= 0; i--)
        {
            ok &= book.bids().set(bidPrices[i], bidQuantities[i]);
        }
        for (int i = asks - 1; i >= 0; i--)
        {
            ok &= book.asks().set(askPrices[i], askQuantities[i]);
        }
        return ok;
    }

    void reset()
    {
        active = false;
        instrumentId = -1;
    }
}
