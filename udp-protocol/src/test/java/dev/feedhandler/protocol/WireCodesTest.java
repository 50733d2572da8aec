package dev.feedhandler.protocol;

import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.orderbook.sync.SyncState;
import dev.feedhandler.protocol.sbe.InstrumentState;
import dev.feedhandler.protocol.sbe.StatusReason;
import dev.feedhandler.protocol.sbe.Venue;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WireCodes}: every book-processor state, reason and venue has its documented wire value.
 */
class WireCodesTest
{
    @Test
    void shouldMapEverySyncStateToItsWireState()
    {
        final Map<SyncState, InstrumentState> expected = new EnumMap<>(SyncState.class);
        expected.put(SyncState.AWAITING_SNAPSHOT, InstrumentState.SYNCING);
        expected.put(SyncState.BRIDGING, InstrumentState.LIVE);
        expected.put(SyncState.LIVE, InstrumentState.LIVE);
        expected.put(SyncState.STALE, InstrumentState.STALE);
        assertThat(expected.keySet()).as("the table covers every state").containsExactly(SyncState.values());

        for (final SyncState state : SyncState.values())
        {
            assertThat(WireCodes.state(state)).as("%s", state).isEqualTo(expected.get(state));
        }
    }

    @Test
    void shouldPublishAsLiveExactlyTheStatesTheProcessorTrusts()
    {
        for (final SyncState state : SyncState.values())
        {
            assertThat(WireCodes.state(state) == InstrumentState.LIVE).as("%s", state).isEqualTo(state.isTrustworthy());
        }
    }

    @Test
    void shouldMapEverySyncReasonToTheStatusReasonWithItsCodeAndName()
    {
        for (final SyncReason reason : SyncReason.values())
        {
            final StatusReason wire = WireCodes.reason(reason);
            assertThat(wire).as("%s", reason).isNotNull().isNotEqualTo(StatusReason.NULL_VAL);
            assertThat((int)wire.value()).as("%s", reason).isEqualTo(reason.code());
            assertThat(wire.name()).as("%s", reason).isEqualTo(reason.name());
        }
    }

    @Test
    void shouldMapDistinctSyncReasonsToDistinctStatusReasons()
    {
        final Map<StatusReason, SyncReason> seen = new EnumMap<>(StatusReason.class);
        for (final SyncReason reason : SyncReason.values())
        {
            assertThat(seen.put(WireCodes.reason(reason), reason)).as("%s", reason).isNull();
        }
    }

    @Test
    void shouldMapEveryVenueToTheWireVenueWithItsIdAndBack()
    {
        for (final dev.feedhandler.orderbook.Venue venue : dev.feedhandler.orderbook.Venue.values())
        {
            final Venue wire = WireCodes.venue(venue);
            assertThat((int)wire.value()).as("%s", venue).isEqualTo(venue.id());
            assertThat(wire.name()).as("%s", venue).isEqualTo(venue.name());
            assertThat(WireCodes.venue(wire)).as("%s", wire).isEqualTo(venue);
        }
    }

    @Test
    void shouldMapAWireVenueThisBuildDoesNotKnowToNull()
    {
        assertThat(WireCodes.venue(Venue.NULL_VAL)).isNull();
    }
}
