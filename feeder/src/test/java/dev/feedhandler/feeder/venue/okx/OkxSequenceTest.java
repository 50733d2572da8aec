package dev.feedhandler.feeder.venue.okx;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.InstrumentSync;
import dev.feedhandler.orderbook.sync.SyncState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.feedhandler.feeder.TestFrames.symbols;
import static dev.feedhandler.feeder.venue.okx.OkxFixtures.BTC_USDT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OKX's sequence rules end to end: frames as OKX sends them (a naive venue book supplies each frame's checksum)
 * through {@link OkxFrameDecoder} into an {@link InstrumentSync} for {@code Venue.OKX}: the {@code prevSeqId} chain,
 * keep-alive updates, a maintenance reset, a repeated message, and a gap that must break the book and ask for a
 * snapshot (the resubscription's).
 */
class OkxSequenceTest
{
    private static final String[][] NONE = {};

    private final OkxFrameDecoder decoder = new OkxFrameDecoder(symbols(BTC_USDT), "books", 1 << 16);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 16]);
    private final RecordingListener listener = new RecordingListener();
    private final InstrumentSync sync = new InstrumentSync(BTC_USDT, listener, BookLimits.DEFAULT);
    private final NaiveOkxBook venue = new NaiveOkxBook();

    @BeforeEach
    void startWithASnapshot()
    {
        sync.start();
        send(venue.message("BTC-USDT", "snapshot",
            levels("30243.5", "1.44679", "30244", "0.08", "30246.10", "0.0542"),
            levels("30243.4", "0.0012029", "30236.6", "0.007903"), 100L, -1));
        listener.log.clear();
    }

    @Test
    void shouldApplyUpdatesWhosePrevSeqIdIsTheLastSeqId()
    {
        send(update(levels("30244", "0"), levels("30240", "1.5"), 101, 100));
        send(update(NONE, levels("30243.4", "0.20"), 102, 101));

        assertThat(listener.log).containsExactly("diff 101", "diff 102");
        assertLiveAndEqualToTheVenue(102);
        assertThat(sync.counters().checksumsVerified()).isEqualTo(3);
    }

    @Test
    void shouldAcceptAKeepAliveUpdateWithEqualIdsAndNoLevels()
    {
        send(update(NONE, levels("30240", "1"), 101, 100));
        send(update(NONE, NONE, 101, 101));
        send(update(NONE, NONE, 101, 101));
        send(update(levels("30250", "2"), NONE, 102, 101));

        assertThat(listener.log).containsExactly("diff 101", "diff 101", "diff 101", "diff 102");
        assertThat(sync.counters().gaps()).isZero();
        assertThat(sync.counters().duplicates()).isZero();
        assertLiveAndEqualToTheVenue(102);
    }

    @Test
    void shouldAcceptAMaintenanceResetWhereSeqIdFallsBelowPrevSeqIdAndFollowTheNewChain()
    {
        send(update(NONE, levels("30240", "1"), 101, 100));
        send(update(levels("30250", "2"), NONE, 3, 101));
        send(update(levels("30244", "0"), NONE, 4, 3));

        assertThat(listener.log).containsExactly("diff 101", "diff 3", "diff 4");
        assertThat(sync.counters().gaps()).isZero();
        assertLiveAndEqualToTheVenue(4);
    }

    @Test
    void shouldIgnoreARepeatedUpdate()
    {
        final String update = update(NONE, levels("30240", "1"), 101, 100);
        send(update);
        send(update);
        send(update(NONE, levels("30240", "2"), 102, 101));

        assertThat(listener.log).containsExactly("diff 101", "diff 102");
        assertThat(sync.counters().duplicates()).isEqualTo(1);
        assertLiveAndEqualToTheVenue(102);
    }

    @Test
    void shouldBreakTheBookOnAGapAndRecoverFromTheResubscriptionsSnapshot()
    {
        send(update(NONE, levels("30240", "1"), 101, 100));
        update(NONE, levels("30240", "2"), 102, 101); // lost
        send(update(NONE, levels("30240", "3"), 103, 102));

        assertThat(sync.state()).isEqualTo(SyncState.STALE);
        assertThat(sync.counters().gaps()).isEqualTo(1);
        assertThat(listener.log).containsExactly("diff 101", "LIVE->STALE GAP", "request GAP");

        send(update(NONE, levels("30240", "4"), 104, 103)); // still in flight before the resubscription
        send(venue.message("BTC-USDT", "snapshot", levels("30243.5", "1.44679"), levels("30240", "4"), 200L, -1));
        send(update(levels("30243.5", "0.5"), NONE, 201, 200));

        assertThat(sync.counters().diffsDropped()).isEqualTo(2);
        assertThat(listener.log).endsWith("STALE->LIVE SNAPSHOT_APPLIED", "snapshot 200", "diff 201");
        assertLiveAndEqualToTheVenue(201);
    }

    @Test
    void shouldBreakTheBookWhenAnUpdateCarriesASnapshotsPrevSeqId()
    {
        send(update(NONE, levels("30240", "1"), 101, -1));

        assertThat(sync.state()).isEqualTo(SyncState.STALE);
        assertThat(listener.log).containsExactly("LIVE->STALE GAP", "request GAP");
    }

    @Test
    void shouldTreatASnapshotWhileLiveAsAVenueReset()
    {
        send(venue.message("BTC-USDT", "snapshot", levels("30300", "1"), levels("30200", "1"), 500L, -1));
        send(update(NONE, levels("30200", "0.5"), 501, 500));

        assertThat(sync.counters().resets()).isEqualTo(1);
        // The reset goes downstream as the diff from the old book to the new one (in-sync consumers ignore snapshots).
        assertThat(listener.log).containsExactly("diff 500", "diff 501");
        assertLiveAndEqualToTheVenue(501);
    }

    private void assertLiveAndEqualToTheVenue(final long lastSeqId)
    {
        assertThat(sync.state()).isEqualTo(SyncState.LIVE);
        assertThat(sync.book().lastUpdateId()).isEqualTo(lastSeqId);
        assertThat(sync.counters().checksumMismatches()).isZero();
        venue.assertEquals(sync.book(), BTC_USDT.priceScale(), BTC_USDT.qtyScale());
    }

    private String update(final String[][] asks, final String[][] bids, final long seqId, final long prevSeqId)
    {
        return venue.message("BTC-USDT", "update", asks, bids, seqId, prevSeqId);
    }

    private static String[][] levels(final String... priceThenSize)
    {
        final String[][] levels = new String[priceThenSize.length / 2][];
        for (int i = 0; i < levels.length; i++)
        {
            levels[i] = new String[]{priceThenSize[2 * i], priceThenSize[2 * i + 1]};
        }
        return levels;
    }

    private void send(final String frame)
    {
        final byte[] bytes = frame.getBytes(StandardCharsets.US_ASCII);
        final int length = decoder.decode(new UnsafeBuffer(bytes), 0, bytes.length, out, 0, out.capacity(), 7L);
        assertThat(length).as(frame).isEqualTo(new BookEvent().wrap(out, 0).length());
        sync.onEvent(out, 0);
    }
}
