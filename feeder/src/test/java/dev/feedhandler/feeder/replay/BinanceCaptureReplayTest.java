package dev.feedhandler.feeder.replay;

import dev.feedhandler.orderbook.BookSide;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.SyncCounters;
import dev.feedhandler.orderbook.sync.SyncState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the real Binance captures through the daemon's decoder and sync code and checks the books against the
 * venue's own best bid/ask (bookTicker checkpoints) and, at full depth, against a naive BigDecimal/TreeMap oracle.
 */
class BinanceCaptureReplayTest
{
    /** The spot capture: 150 diffs; the first ends at the snapshot's lastUpdateId and is dropped. */
    private static final int SPOT_DIFFS = 150;
    private static final int SPOT_APPLIED = 149;
    private static final int SPOT_CHECKPOINTS = 19;
    /** The USD-M capture: 255 diffs; the first three end before the snapshot and are dropped. */
    private static final int USDM_DIFFS = 255;
    private static final int USDM_APPLIED = 252;
    private static final int USDM_CHECKPOINTS = 12;

    @Test
    void shouldReplaySpotCaptureWithEveryCheckpointMatched()
    {
        final ReplaySession.InstrumentReplay replay =
            replay(Venue.BINANCE_SPOT, Fixtures.SPOT_SNAPSHOT, Fixtures.SPOT_FRAMES, 1);

        final SyncCounters counters = replay.sync().counters();
        System.out.printf("spot NKNUSDT: applied %d, checkpoints %d/%d%n",
            counters.diffsApplied(), replay.checkpointsMatched(), replay.checkpointsChecked());
        assertThat(replay.sync().state()).isEqualTo(SyncState.LIVE);
        assertThat(counters.diffsApplied()).isEqualTo(SPOT_APPLIED);
        assertThat(counters.diffsDropped()).isEqualTo(SPOT_DIFFS - SPOT_APPLIED);
        assertThat(counters.gaps()).isZero();
        assertThat(replay.checkpointsChecked()).isEqualTo(SPOT_CHECKPOINTS);
        assertThat(replay.checkpointsMatched()).isEqualTo(SPOT_CHECKPOINTS);
        assertThat(replay.transitions()).containsExactly("AWAITING_SNAPSHOT->BRIDGING:SNAPSHOT_APPLIED", "BRIDGING->LIVE:BRIDGED");
        assertThat(replay.isExact()).isTrue();
    }

    @Test
    void shouldReplayUsdmCaptureWithEveryCheckpointMatched()
    {
        final ReplaySession.InstrumentReplay replay =
            replay(Venue.BINANCE_USDM, Fixtures.USDM_SNAPSHOT, Fixtures.USDM_FRAMES, 1);

        final SyncCounters counters = replay.sync().counters();
        System.out.printf("usdm SUSHIUSDT: applied %d, checkpoints %d/%d%n",
            counters.diffsApplied(), replay.checkpointsMatched(), replay.checkpointsChecked());
        assertThat(replay.sync().state()).isEqualTo(SyncState.LIVE);
        assertThat(counters.diffsApplied()).isEqualTo(USDM_APPLIED);
        assertThat(counters.diffsDropped()).isEqualTo(USDM_DIFFS - USDM_APPLIED);
        assertThat(counters.gaps()).isZero();
        assertThat(replay.checkpointsChecked()).isEqualTo(USDM_CHECKPOINTS);
        assertThat(replay.checkpointsMatched()).isEqualTo(USDM_CHECKPOINTS);
        assertThat(replay.isExact()).isTrue();
    }

    /** However many diffs arrive before the snapshot, the buffered diffs bridge it and the result is the same. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 10, 100, 1000})
    void shouldEqualNaiveOracleAtFullDepthWhateverTheSnapshotTiming(final int snapshotAfterDiffs)
    {
        assertEqualsOracle(Venue.BINANCE_SPOT, Fixtures.SPOT_SNAPSHOT, Fixtures.SPOT_FRAMES, snapshotAfterDiffs);
        assertEqualsOracle(Venue.BINANCE_USDM, Fixtures.USDM_SNAPSHOT, Fixtures.USDM_FRAMES, snapshotAfterDiffs);
    }

    private static void assertEqualsOracle(
        final Venue venue, final java.nio.file.Path snapshot, final java.nio.file.Path frames, final int snapshotAfter)
    {
        final ReplaySession.InstrumentReplay replay = replay(venue, snapshot, frames, snapshotAfter);
        final NaiveBinanceBook oracle = NaiveBinanceBook.replay(
            venue == Venue.BINANCE_USDM, Fixtures.read(snapshot), Fixtures.read(frames));

        assertThat(oracle.gaps).isZero();
        assertThat(replay.sync().counters().diffsApplied()).isEqualTo(oracle.applied);
        assertSideEquals(replay.sync().book().bids(), oracle.bids, replay.instrument().priceScale(),
            replay.instrument().qtyScale());
        assertSideEquals(replay.sync().book().asks(), oracle.asks, replay.instrument().priceScale(),
            replay.instrument().qtyScale());
        assertThat(replay.checkpointsMatched()).isEqualTo(replay.checkpointsChecked());
    }

    private static void assertSideEquals(
        final BookSide side, final NavigableMap<BigDecimal, BigDecimal> oracle, final int priceScale, final int qtyScale)
    {
        assertThat(side.depth()).isEqualTo(oracle.size());
        final Iterator<Map.Entry<BigDecimal, BigDecimal>> expected = oracle.entrySet().iterator();
        for (int level = 0; level < side.depth(); level++)
        {
            final Map.Entry<BigDecimal, BigDecimal> entry = expected.next();
            assertThat(BigDecimal.valueOf(side.priceAt(level), priceScale)).as("price at level %d", level)
                .isEqualByComparingTo(entry.getKey());
            assertThat(BigDecimal.valueOf(side.quantityAt(level), qtyScale)).as("qty at level %d", level)
                .isEqualByComparingTo(entry.getValue());
        }
    }

    static ReplaySession.InstrumentReplay replay(
        final Venue venue, final java.nio.file.Path snapshot, final java.nio.file.Path frames, final int snapshotAfter)
    {
        final byte[] frameBytes = Fixtures.read(frames);
        final ReplaySession session = new ReplaySession(venue, 8, 8, snapshotAfter, BookLimits.DEFAULT);
        for (final String symbol : BookReplay.discoverSymbols(frameBytes))
        {
            session.addInstrument(symbol);
        }
        assertThat(session.instruments()).hasSize(1);
        session.setSnapshot(session.instruments().get(0).instrument().symbol(), Fixtures.read(snapshot));
        BookReplay.replay(session, frameBytes);
        assertThat(session.errors()).isEmpty();
        return session.instruments().get(0);
    }
}
