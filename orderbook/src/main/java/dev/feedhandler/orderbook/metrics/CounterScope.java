package dev.feedhandler.orderbook.metrics;

/**
 * What one counter of a {@link CounterType} is about: which fields of its {@link CounterKey} are set.
 */
public enum CounterScope
{
    /** The whole daemon (the book processor). */
    PROCESSOR,
    /** One instrument: venue, instrument id and symbol are set. */
    INSTRUMENT,
    /** One venue: the venue is set. */
    VENUE,
    /** One venue and one reason: venue, detail code and detail name are set. */
    VENUE_REASON,
    /** One outgoing stream: detail code (the stream id) and detail name are set. */
    STREAM,
    /** One sync state: detail code (the state's ordinal) and detail name are set. */
    STATE
}
