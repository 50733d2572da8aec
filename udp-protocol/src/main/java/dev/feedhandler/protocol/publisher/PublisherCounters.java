package dev.feedhandler.protocol.publisher;

import dev.feedhandler.orderbook.metrics.CounterFactory;
import dev.feedhandler.orderbook.metrics.CounterType;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * What happened to one stream's messages, as Agrona counters (in the counters file when the daemon runs). Written by
 * the publishing thread only (release increments); read by anyone.
 */
public final class PublisherCounters
{
    final AtomicCounter sent;
    final AtomicCounter bytes;
    final AtomicCounter backPressured;
    final AtomicCounter adminActions;
    final AtomicCounter notConnected;
    final AtomicCounter dropped;
    final AtomicCounter closed;

    /** Counters no tool sees. */
    public PublisherCounters()
    {
        this(CounterFactory.detached(), 0, "");
    }

    /** One stream's counters, allocated from {@code factory} (the counters file). */
    public PublisherCounters(final CounterFactory factory, final int streamId, final String streamName)
    {
        this.sent = stream(factory, CounterType.PUBLISHER_SENT, streamId, streamName);
        this.bytes = stream(factory, CounterType.PUBLISHER_BYTES, streamId, streamName);
        this.backPressured = stream(factory, CounterType.PUBLISHER_BACK_PRESSURED, streamId, streamName);
        this.adminActions = stream(factory, CounterType.PUBLISHER_ADMIN_ACTIONS, streamId, streamName);
        this.notConnected = stream(factory, CounterType.PUBLISHER_NOT_CONNECTED, streamId, streamName);
        this.dropped = stream(factory, CounterType.PUBLISHER_DROPPED, streamId, streamName);
        this.closed = stream(factory, CounterType.PUBLISHER_CLOSED, streamId, streamName);
    }

    private static AtomicCounter stream(
        final CounterFactory factory, final CounterType type, final int streamId, final String streamName)
    {
        return factory.detail(type, streamId, streamName);
    }

    /** Messages committed. */
    public long sent()
    {
        return sent.get();
    }

    /** Bytes committed. */
    public long bytes()
    {
        return bytes.get();
    }

    /** Claims refused because the slowest receiver (or the term window) was behind; each retry counts. */
    public long backPressured()
    {
        return backPressured.get();
    }

    public long adminActions()
    {
        return adminActions.get();
    }

    /** Messages not sent because no subscriber was connected. */
    public long notConnected()
    {
        return notConnected.get();
    }

    /** Messages given up after the retry limit (they still consumed a sequence number: consumers see a gap). */
    public long dropped()
    {
        return dropped.get();
    }

    /** Messages refused because the publication is closed or at its maximum position. */
    public long closed()
    {
        return closed.get();
    }
}
