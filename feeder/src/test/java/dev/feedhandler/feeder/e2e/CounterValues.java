package dev.feedhandler.feeder.e2e;

import dev.feedhandler.feeder.daemon.Daemon;
import dev.feedhandler.orderbook.metrics.CounterKey;
import dev.feedhandler.orderbook.metrics.CounterType;
import dev.feedhandler.orderbook.metrics.CountersFile;
import org.agrona.concurrent.status.CountersReader;

import java.util.function.Predicate;

/**
 * Sums of a daemon's counters as the counters file shows them, for asserting that a fault is counted exactly once.
 */
final class CounterValues
{
    private final CountersReader reader;

    CounterValues(final CountersReader reader)
    {
        this.reader = reader;
    }

    /** The running daemon's counters, read through its counters file as feeder-stat reads them. */
    static CounterValues of(final Daemon daemon)
    {
        return new CounterValues(CountersFile.openReadOnly(daemon.metrics().countersFile()).reader());
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
