package dev.feedhandler.feeder.venue;

import dev.feedhandler.feeder.SymbolTable;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Everything venue-specific about connecting to a venue whose snapshots come in its WebSocket stream: where to
 * connect, the subscribe and unsubscribe messages within the venue's limits, the keepalive, and the decoder. The
 * connection handling itself ({@code StreamVenueIngest}) is shared. Immutable; messages are built on the rare paths
 * (connect, resync) only.
 */
public interface StreamVenueProtocol
{
    Venue venue();

    /** The URI to connect to for these instruments; most venues: the configured one as it is. */
    URI connectUri(URI configured, List<Instrument> instruments);

    /**
     * The text messages that subscribe these instruments, sent in order right after the connection opens, batched
     * within the venue's per-message limits (e.g. Bybit spot: 10 topics per request).
     */
    List<String> subscribeMessages(List<Instrument> instruments);

    /**
     * The text messages that end one instrument's subscription, sent before subscribing it again to get a fresh
     * snapshot in the stream. Only used when {@link #resyncByResubscribe()}.
     */
    List<String> unsubscribeMessages(Instrument instrument);

    /**
     * True when a broken book is recovered by resubscribing its instrument (Bybit, OKX, Kraken); false when the
     * whole connection must be reopened (Coinbase, whose sequence is per connection).
     */
    boolean resyncByResubscribe();

    /** Application-level keepalive text (Bybit {@code {"op":"ping"}}, OKX {@code ping}), or null for none. */
    String pingText();

    /** How often to send {@link #pingText()} (ignored when it is null). */
    Duration pingInterval();

    /** Most instruments one connection may carry (the venue's subscription limits). */
    int maxInstrumentsPerConnection();

    /** A decoder for one connection. */
    StreamFrameDecoder newDecoder(SymbolTable symbols, int maxFrameBytes);
}
