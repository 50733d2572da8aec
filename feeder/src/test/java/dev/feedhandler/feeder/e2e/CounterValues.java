package dev.feedhandler.feeder.e2e;

import dev.feedhandler.feeder.daemon.Daemon;
import dev.feedhandler.orderbook.metrics.CounterKey;
import dev.feedhandler.orderbook.metrics.CounterType;
import dev.feedhandler.orderbook.metrics.CountersFile;
import org.agrona.concurrent.status.CountersReader;

import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Sums of a daemon's counters as the counters file shows them, for asserting that a fault is counted exactly once.
 */
final class CounterValues implements AutoCloseable
{
    private final CountersFile file;
    private final CountersReader reader;

    CounterValues(final CountersReader reader)
    {
        this.file = null;
        this.reader = reader;
    }

    private CounterValues(final CountersFile file)
    {
        this.file = file;
        this.reader = file.reader();
    }

    /** A counters file read the way an operator reads it: a separate read-only mapping. */
    static CounterValues open(final Path countersFile)
    {
        return new CounterValues(CountersFile.openReadOnly(countersFile));
    }

    /** The running daemon's counters, read through its counters file as feeder-stat reads them. */
    static CounterValues of(final Daemon daemon)
    {
        return open(daemon.metrics().countersFile());
    }

    /** The mapped file (null when built over a reader). */
    CountersFile file()
    {
        return file;
    }

    public void close()
    {
        if (file != null)
        {
            file.close();
        }
    }

    /** Sum of the counters of this type whose symbol and detail match (empty matches any). */
    long value(final CounterType type, final String symbol, final String detail)
    {
        return sum(type, key -> (symbol.isEmpty() || symbol.equals(key.symbol())) &&
            (detail.isEmpty() || detail.equals(key.detail())));
    }

    /** Sum of every counter of this type. */
    long total(final CounterType type)
    {
        return sum(type, key -> true);
    }

    /** An instrument's counter of this type, by its id. */
    long instrument(final CounterType type, final int instrumentId)
    {
        return sum(type, key -> key.instrumentId() == instrumentId);
    }

    /** A venue's counters of this type with this detail (empty: any detail). */
    long venue(final CounterType type, final String venue, final String detail)
    {
        return sum(type, key -> venue.equals(key.venue()) && (detail.isEmpty() || detail.equals(key.detail())));
    }

    private long sum(final CounterType type, final Predicate<CounterKey> matches)
    {
        final long[] sum = new long[1];
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == type.id() && matches.test(CounterKey.read(keyBuffer, 0)))
            {
                sum[0] += reader.getCounterValue(counterId);
            }
        });
        return sum[0];
    }
}
