package dev.feedhandler.feeder.metrics;

import dev.feedhandler.orderbook.metrics.CounterKey;
import dev.feedhandler.orderbook.metrics.CounterType;
import org.agrona.concurrent.status.CountersReader;

import java.util.ArrayList;
import java.util.List;

/**
 * One counter as a tool sees it. {@code type} is null for a type id this build does not know (a newer daemon).
 */
record CounterRow(int id, int typeId, CounterType type, CounterKey key, String label, long value)
{
    /** Every allocated counter, in id order (allocates: for tools and the metrics thread, never the hot path). */
    static List<CounterRow> readAll(final CountersReader reader)
    {
        final List<CounterRow> rows = new ArrayList<>();
        reader.forEach((counterId, typeId, keyBuffer, label) -> rows.add(new CounterRow(counterId, typeId,
            CounterType.byId(typeId), CounterKey.read(keyBuffer, 0), label, reader.getCounterValue(counterId))));
        return rows;
    }
}
