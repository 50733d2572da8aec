package dev.feedhandler.sim.book;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The undo history rebuilds the exact book at every recent update id, and says when an id is too old.
 */
class BookHistoryTest
{
    private static final long INITIAL_ID = 1000;

    @Test
    void shouldRebuildTheBookAtEveryEventBoundaryAndEveryUpdateId()
    {
        final SimBook book = new SimBook(16);
        final BookWalk walk = new BookWalk(30, 50_000, 3, new SplittableRandom(5));
        walk.initialise(book);
        book.updateId(INITIAL_ID);
        final BookHistory history = new BookHistory(1 << 14, 1 << 10, INITIAL_ID);
        final List<BookSnapshot> afterEachUpdate = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(6);
        afterEachUpdate.add(BookSnapshot.of(book, Integer.MAX_VALUE));
        long id = INITIAL_ID;
        for (int event = 0; event < 300; event++)
        {
            final int updates = 1 + random.nextInt(4);
            for (int i = 0; i < updates; i++)
            {
                id += 1 + random.nextInt(3); // ids jump as on futures
                walk.next(book);
                history.recordUpdate(id, walk.side(), walk.price(), book.set(walk.side(), walk.price(),
                    walk.quantity()));
                book.updateId(id);
                afterEachUpdate.add(BookSnapshot.of(book, Integer.MAX_VALUE));
            }
            history.recordEventEnd(id);
        }
        final SimBook scratch = new SimBook(16);
        for (final BookSnapshot expected : afterEachUpdate)
        {
            book.copyTo(scratch);
            history.rewind(scratch, expected.updateId());
            assertThat(BookSnapshot.of(scratch, Integer.MAX_VALUE)).isEqualTo(expected);
        }
        // An id between two updates (a jump) is the book after the earlier one.
        final BookSnapshot tenth = afterEachUpdate.get(10);
        final BookSnapshot eleventh = afterEachUpdate.get(11);
        if (eleventh.updateId() > tenth.updateId() + 1)
        {
            book.copyTo(scratch);
            history.rewind(scratch, eleventh.updateId() - 1);
            assertThat(BookSnapshot.of(scratch, 5).price(Side.BID, 0)).isEqualTo(tenth.price(Side.BID, 0));
        }
    }

    @Test
    void shouldRefuseIdsOlderThanTheRingHolds()
    {
        final SimBook book = new SimBook(4);
        book.set(Side.BID, 100, 1);
        book.set(Side.ASK, 101, 1);
        final BookHistory history = new BookHistory(16, 16, 0);
        for (long id = 1; id <= 40; id++)
        {
            history.recordUpdate(id, Side.BID, 100, book.set(Side.BID, 100, id + 1));
            history.recordEventEnd(id);
            book.updateId(id);
        }
        // 16 undo entries kept: ids 25..40, so the book as of 25 is the oldest rebuildable.
        assertThat(history.oldestRebuildableId()).isEqualTo(25);
        final SimBook scratch = new SimBook(4);
        book.copyTo(scratch);
        history.rewind(scratch, 25);
        assertThat(scratch.bids().quantityAt(0)).isEqualTo(26);
        assertThat(scratch.updateId()).isEqualTo(25);
        book.copyTo(scratch);
        assertThatThrownBy(() -> history.rewind(scratch, 24)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("older than the history");
    }

    @Test
    void shouldFindEventBoundariesBackFromTheLatest()
    {
        final BookHistory history = new BookHistory(1024, 8, 10);
        assertThat(history.eventBoundary(0, 10)).as("no events yet: the current book").isEqualTo(10);
        final long[] ends = {13, 17, 20, 26};
        long id = 10;
        for (final long end : ends)
        {
            while (id < end)
            {
                history.recordUpdate(++id, Side.ASK, 5, 1);
            }
            history.recordEventEnd(end);
        }
        assertThat(history.eventBoundary(1, 26)).isEqualTo(20);
        assertThat(history.eventBoundary(3, 26)).isEqualTo(13);
        assertThat(history.eventBoundary(4, 26)).as("four back is the initial book").isEqualTo(10);
        assertThat(history.eventBoundary(99, 26)).as("clamped to the oldest").isEqualTo(10);
        assertThat(history.eventBoundary(0, 26)).as("0 means the oldest kept").isEqualTo(10);
        for (long end = 27; end <= 40; end++)
        {
            history.recordUpdate(end, Side.ASK, 5, 1);
            history.recordEventEnd(end);
        }
        // Eight boundaries kept (33..40): seven back from 40 is 33, and that is as far as it goes.
        assertThat(history.eventBoundary(0, 40)).isEqualTo(33);
        assertThat(history.eventBoundary(2, 40)).isEqualTo(38);
    }
}
