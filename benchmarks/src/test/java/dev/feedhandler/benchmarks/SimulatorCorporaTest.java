package dev.feedhandler.benchmarks;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.sync.SyncState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpora recorded from the real simulator over a real WebSocket: each is a stream of book diffs for its
 * instrument that the venue's decoder takes frame after frame, round and round as the decode benchmark goes; the
 * Binance ones bridge their REST snapshot and stay LIVE in every decode + apply window.
 */
class SimulatorCorporaTest
{
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);
    private final BookEvent event = new BookEvent();

    @ParameterizedTest
    @ValueSource(strings = {SimulatorCorpora.BINANCE_SPOT, SimulatorCorpora.BINANCE_USDM, SimulatorCorpora.BYBIT,
        SimulatorCorpora.OKX, SimulatorCorpora.KRAKEN, SimulatorCorpora.COINBASE})
    void shouldDecodeEveryFrameToADiffOfItsInstrumentPassAfterPass(final String name)
    {
        final Corpus corpus = Corpora.byName(name);
        // Top-N streams skip the events that change nothing in their window; most events reach every stream. A
        // whole-book stream sends every one, so a recording that ended before its last frame shows here.
        assertThat(corpus.frameCount()).as(name).isGreaterThan(SimulatorCorpora.EVENTS * 3 / 4);
        if (name.startsWith("simBinance"))
        {
            assertThat(corpus.frameCount()).as(name).isEqualTo(SimulatorCorpora.EVENTS);
        }
        final FrameDecoder decoder = corpus.newDecoder();
        int levels = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            decoder.startOver();
            for (int frame = 0; frame < corpus.frameCount(); frame++)
            {
                final int length = decoder.decode(
                    corpus.frames(), corpus.offset(frame), corpus.length(frame), out, 0, out.capacity(), frame);
                assertThat(length).as("%s pass %d frame %d", name, pass, frame).isPositive();
                event.wrap(out, 0);
                assertThat(event.type()).isEqualTo(BookEvent.TYPE_DIFF);
                assertThat(event.instrumentId()).isEqualTo(corpus.instrument().id());
                levels += event.bidCount() + event.askCount();
            }
        }
        assertThat(levels).as("levels in %s", name).isGreaterThanOrEqualTo(2 * corpus.frameCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {SimulatorCorpora.BINANCE_SPOT, SimulatorCorpora.BINANCE_USDM})
    void shouldBridgeTheSnapshotAndApplyEveryWindowLive(final String name)
    {
        final LiveReplay replay = new LiveReplay(Corpora.byName(name), new NoOpSyncListener());

        assertThat(replay.liveStart()).as("the first diffs bridge the snapshot").isLessThanOrEqualTo(2);
        assertThat(replay.windowCount()).isGreaterThan(SimulatorCorpora.EVENTS / 2);
        assertThat(replay.sync().state()).isEqualTo(SyncState.LIVE);
    }

    @ParameterizedTest
    @ValueSource(strings = SimulatorCorpora.COINBASE)
    void shouldSeeAGapWhenTheConnectionDoesNotStartOver(final String name)
    {
        final Corpus corpus = Corpora.byName(name);
        final FrameDecoder decoder = corpus.newDecoder();
        for (int frame = 0; frame < corpus.frameCount(); frame++)
        {
            decoder.decode(corpus.frames(), corpus.offset(frame), corpus.length(frame), out, 0, out.capacity(), 0);
        }

        assertThat(decoder.decode(corpus.frames(), corpus.offset(0), corpus.length(0), out, 0, out.capacity(), 0))
            .as("Coinbase numbers a connection's frames: the first again is out of sequence")
            .isEqualTo(-DecodeReason.CONNECTION_GAP.code());
    }
}
