package dev.feedhandler.benchmarks;

import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.OrderBook;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One level update on our book ({@link OrderBook#set}, what every diff level costs inside the sync), by where the
 * level is (top = the best level, mid = the middle, deep = the worst), how deep the books are (levels per side) and
 * how many instruments there are. Operations go round-robin over the instruments' books, so with many instruments
 * each update finds its book cold in cache, as a daemon with many busy instruments would.
 * <ul>
 *   <li>{@code update}: the quantity of an existing level changes (the common case).</li>
 *   <li>{@code deleteInsert}: the level is deleted, and on the book's next turn inserted again (the array shifts
 *   below the level: cheap at the top, where the best level is the last element).</li>
 * </ul>
 * Both sides alternate (a pass over all instruments on bids, the next on asks). Prices are 1 tick apart around
 * 1.0 at scale 8. With 10,000 instruments of 5,000 levels the books take 1.6 GB: the fork's heap is 6 GB.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms6g", "-Xmx6g"})
public class BookApplyBenchmark
{
    private static final long TICK = 1;
    private static final long MID_PRICE = 100_000_000L;

    @Param({"top", "mid", "deep"})
    public String position;

    @Param({"20", "1000", "5000"})
    public int levels;

    @Param({"10", "1000", "10000"})
    public int instruments;

    private OrderBook[] books;
    private long bidPrice;
    private long askPrice;
    private long quantity;
    private int instrument;
    private int pass;

    @Setup
    public void setup()
    {
        books = new OrderBook[instruments];
        for (int i = 0; i < instruments; i++)
        {
            final OrderBook book = new OrderBook(i, levels + 1, levels + 1);
            for (int level = levels - 1; level >= 0; level--) // worst first: linear
            {
                book.set(true, MID_PRICE - TICK * (level + 1), 1_000 + level);
                book.set(false, MID_PRICE + TICK * (level + 1), 1_000 + level);
            }
            books[i] = book;
        }
        final int level;
        switch (position)
        {
            case "top":
                level = 0;
                break;
            case "mid":
                level = levels / 2;
                break;
            case "deep":
                level = levels - 1;
                break;
            default:
                throw new IllegalArgumentException("position: top, mid or deep, not " + position);
        }
        final BookSide bids = books[0].bids();
        final BookSide asks = books[0].asks();
        bidPrice = bids.priceAt(level);
        askPrice = asks.priceAt(level);
    }

    @Benchmark
    public boolean update()
    {
        final OrderBook book = books[instrument];
        final boolean isBid = (pass & 1) == 0;
        final boolean done = book.set(isBid, isBid ? bidPrice : askPrice, 1 + (quantity++ & 0xFFFF));
        advance();
        return done;
    }

    @Benchmark
    public boolean deleteInsert()
    {
        final OrderBook book = books[instrument];
        final boolean isBid = (pass & 2) == 0;
        final boolean delete = (pass & 1) == 0;
        final boolean done = book.set(isBid, isBid ? bidPrice : askPrice, delete ? 0 : 1 + (quantity++ & 0xFFFF));
        advance();
        return done;
    }

    private void advance()
    {
        if (++instrument == books.length)
        {
            instrument = 0;
            pass++;
        }
    }
}
