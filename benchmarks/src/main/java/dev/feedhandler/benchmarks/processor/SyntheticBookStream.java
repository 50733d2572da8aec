package dev.feedhandler.benchmarks.processor;

import dev.feedhandler.orderbook.BookEvent;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;

/**
 * Book events already decoded, the way a Binance-spot decoder writes them into the event ring: a snapshot with
 * {@code levels} fixed prices per side around 60,000.00 (price scale 2) and diff templates that each set the quantity
 * of {@code levelsPerSide} bid and ask levels (half of them in the best 10), like the end-to-end harness's stream.
 * Bids stay below asks, so the book never crosses; quantities are never zero, so its depth stays {@code levels}.
 * Copying a diff patches only its instrument and update ids.
 */
final class SyntheticBookStream
{
    static final int PRICE_SCALE = 2;
    static final int QTY_SCALE = 8;
    private static final long MID_PRICE = 6_000_000L;
    private static final int TEMPLATES = 4096;

    private final int levels;
    private final int diffLength;
    private final UnsafeBuffer templates;

    SyntheticBookStream(final int levels, final int levelsPerSide, final long seed)
    {
        if (levels < 10 || levelsPerSide < 1 || levelsPerSide > levels)
        {
            throw new IllegalArgumentException("need levels >= 10 and 1 <= levelsPerSide <= levels: " + levels + ", " +
                levelsPerSide);
        }
        this.levels = levels;
        this.diffLength = BookEvent.lengthFor(2 * levelsPerSide);
        this.templates = new UnsafeBuffer(new byte[TEMPLATES * diffLength]);
        final SplittableRandom random = new SplittableRandom(seed);
        final BookEvent event = new BookEvent();
        for (int t = 0; t < TEMPLATES; t++)
        {
            event.wrapForWrite(templates, t * diffLength).resetHeader(0, BookEvent.TYPE_DIFF);
            for (int i = 0; i < levelsPerSide; i++)
            {
                event.putLevel(i, bidPrice(level(random)), quantity(random));
                event.putLevel(levelsPerSide + i, askPrice(level(random)), quantity(random));
            }
            event.bidCount(levelsPerSide).askCount(levelsPerSide);
        }
    }

    int diffLength()
    {
        return diffLength;
    }

    int snapshotLength()
    {
        return BookEvent.lengthFor(2 * levels);
    }

    /** Writes the snapshot (every level at quantity 1) as of {@code lastUpdateId}; returns its length. */
    int writeSnapshot(final MutableDirectBuffer out, final int offset, final int instrumentId, final long lastUpdateId)
    {
        final BookEvent event = new BookEvent().wrapForWrite(out, offset)
            .resetHeader(instrumentId, BookEvent.TYPE_SNAPSHOT).lastUpdateId(lastUpdateId);
        for (int level = 0; level < levels; level++)
        {
            event.putLevel(level, bidPrice(level), 100_000_000L).putLevel(levels + level, askPrice(level), 100_000_000L);
        }
        event.bidCount(levels).askCount(levels);
        return event.length();
    }

    /** Copies diff template {@code template} (any int; taken modulo the template count) with these ids. */
    void copyDiff(final int template, final MutableDirectBuffer out, final int offset, final int instrumentId,
        final long updateId)
    {
        out.putBytes(offset, templates, (template & (TEMPLATES - 1)) * diffLength, diffLength);
        out.putInt(offset + BookEvent.INSTRUMENT_ID_OFFSET, instrumentId);
        out.putLong(offset + BookEvent.FIRST_UPDATE_ID_OFFSET, updateId);
        out.putLong(offset + BookEvent.LAST_UPDATE_ID_OFFSET, updateId);
    }

    private int level(final SplittableRandom random)
    {
        return random.nextBoolean() ? random.nextInt(10) : random.nextInt(levels);
    }

    private static long bidPrice(final int level)
    {
        return MID_PRICE - level - 1;
    }

    private static long askPrice(final int level)
    {
        return MID_PRICE + level + 1;
    }

    private static long quantity(final SplittableRandom random)
    {
        return random.nextLong(100_000_000L, 100L * 100_000_000L);
    }
}
