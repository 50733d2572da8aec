package dev.feedhandler.orderbook.metrics;

import dev.feedhandler.orderbook.Instrument;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * Allocates the daemon's counters, each with its {@link CounterType} id, its {@link CounterKey} and a readable label:
 * in a {@link CountersManager} (the counters file) or, {@link #detached()}, each in a private buffer no tool sees
 * (unit tests, book-replay). Allocation happens at start-up; increments are plain Agrona {@link AtomicCounter} calls.
 */
public final class CounterFactory
{
    private static final CounterFactory DETACHED = new CounterFactory(null);

    private final CountersManager manager;
    private final UnsafeBuffer keyBuffer = new UnsafeBuffer(new byte[CountersReader.MAX_KEY_LENGTH]);

    public CounterFactory(final CountersManager manager)
    {
        this.manager = manager;
    }

    /** Counters nobody else can read: same behaviour, no file. */
    public static CounterFactory detached()
    {
        return DETACHED;
    }

    public boolean isDetached()
    {
        return manager == null;
    }

    /** A daemon-wide counter. */
    public AtomicCounter processor(final CounterType type)
    {
        return newCounter(type, CounterKey.of("", CounterKey.NONE, "", CounterKey.NONE, ""));
    }

    /** A counter of one instrument. */
    public AtomicCounter instrument(final CounterType type, final Instrument instrument)
    {
        return newCounter(type, CounterKey.of(instrument.venue().configName(), instrument.id(), instrument.symbol(),
            CounterKey.NONE, ""));
    }

    /** A counter of one venue. */
    public AtomicCounter venue(final CounterType type, final String venue)
    {
        return newCounter(type, CounterKey.of(venue, CounterKey.NONE, "", CounterKey.NONE, ""));
    }

    /** A counter of one venue and one detail (a reason). */
    public AtomicCounter venueDetail(final CounterType type, final String venue, final int code, final String detail)
    {
        return newCounter(type, CounterKey.of(venue, CounterKey.NONE, "", code, detail));
    }

    /** A counter of one detail (a stream, a state). */
    public AtomicCounter detail(final CounterType type, final int code, final String detail)
    {
        return newCounter(type, CounterKey.of("", CounterKey.NONE, "", code, detail));
    }

    /**
     * @throws IllegalStateException when the counters file is full (sized at start-up for the configuration).
     */
    public AtomicCounter newCounter(final CounterType type, final CounterKey key)
    {
        if (manager == null)
        {
            return new AtomicCounter(new UnsafeBuffer(new byte[CountersReader.COUNTER_LENGTH]), 0);
        }
        synchronized (this)
        {
            final int keyLength = key.write(keyBuffer, 0);
            final String label = key.label(type);
            final UnsafeBuffer labelBuffer = new UnsafeBuffer(new byte[label.length() * 3]);
            final int labelLength = labelBuffer.putStringWithoutLengthUtf8(0, label);
            return manager.newCounter(type.id(), keyBuffer, 0, keyLength, labelBuffer, 0, labelLength);
        }
    }
}
