package dev.feedhandler.protocol;

import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;
import dev.feedhandler.protocol.sbe.InstrumentState;
import dev.feedhandler.protocol.sbe.StatusReason;
import dev.feedhandler.protocol.sbe.Venue;

/**
 * Maps the book processor's enums to the wire's. One place, so the mapping is documented and tested once.
 */
public final class WireCodes
{
    private static final StatusReason[] REASONS = new StatusReason[SyncReason.values().length];

    static
    {
        for (final SyncReason reason : SyncReason.values())
        {
            REASONS[reason.ordinal()] = StatusReason.get((short)reason.code());
        }
    }

    private WireCodes()
    {
    }

    /**
     * AWAITING_SNAPSHOT is SYNCING; BRIDGING and LIVE are LIVE (the book is exact in both); STALE is STALE.
     */
    public static InstrumentState state(final SyncState state)
    {
        switch (state)
        {
            case AWAITING_SNAPSHOT:
                return InstrumentState.SYNCING;
            case BRIDGING:
            case LIVE:
                return InstrumentState.LIVE;
            default:
                return InstrumentState.STALE;
        }
    }

    /** SyncReason codes are the wire's StatusReason values. */
    public static StatusReason reason(final SyncReason reason)
    {
        return REASONS[reason.ordinal()];
    }

    public static Venue venue(final dev.feedhandler.orderbook.Venue venue)
    {
        return Venue.get((short)venue.id());
    }

    /** The book processor's venue for a wire venue, or null for a venue this build does not know. */
    public static dev.feedhandler.orderbook.Venue venue(final Venue venue)
    {
        for (final dev.feedhandler.orderbook.Venue v : dev.feedhandler.orderbook.Venue.values())
        {
            if (v.id() == venue.value())
            {
                return v;
            }
        }
        return null;
    }
}
