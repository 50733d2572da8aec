package dev.feedhandler.feeder.e2e;

import dev.feedhandler.orderbook.metrics.CounterKey;
import dev.feedhandler.orderbook.metrics.CounterType;
import dev.feedhandler.orderbook.metrics.CountersFile;
import org.agrona.concurrent.status.CountersReader;

import java.nio.file.Path;

/** A daemon's counters read the way an operator reads them: a separate read-only mapping of its counters file. */
final class CountersProbe implements AutoCloseable
{
    private final CountersFile file;

    private CountersProbe(final CountersFile file)
    {
        this.file = file;
    }

    static CountersProbe open(final Path countersFile)
    {
        return new CountersProbe(CountersFile.openReadOnly(countersFile));
    }

    CountersFile file()
    {
        return file;
    }

    /** Sum of the counters of this type whose symbol and detail match (empty matches any). */
    long value(final CounterType type, final String symbol, final String detail)
    {
        return value(file.reader(), type, symbol, detail);
    }

    static long value(final CountersReader reader, final CounterType type, final String symbol, final String detail)
    {
        final long[] sum = new long[1];
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == type.id())
            {
                final CounterKey key = CounterKey.read(keyBuffer, 0);
                if ((symbol.isEmpty() || symbol.equals(key.symbol())) && (detail.isEmpty() || detail.equals(key.detail())))
                {
                    sum[0] += reader.getCounterValue(counterId);
                }
            }
        });
        return sum[0];
    }

    public void close()
    {
        file.close();
    }
}
