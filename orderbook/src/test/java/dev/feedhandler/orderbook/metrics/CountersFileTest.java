package dev.feedhandler.orderbook.metrics;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.processor.BookProcessor;
import dev.feedhandler.orderbook.processor.RingMessages;
import dev.feedhandler.orderbook.processor.StageLatency;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.SyncListener;
import dev.feedhandler.orderbook.sync.SyncState;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountersFileTest
{
    private static final Instrument BTC = new Instrument(0, Venue.BINANCE_SPOT, "BTCUSDT", 2, 8);
    private static final Instrument ETH = new Instrument(1, Venue.BINANCE_USDM, "ETHUSDT", 2, 3);

    @TempDir
    Path temp;

    @Test
    void shouldShowCountersWrittenByAnotherThreadThroughASeparateReadOnlyMapping() throws Exception
    {
        final Path path = temp.resolve("counters.dat");
        final CountersFile file = CountersFile.create(path, 64);
        final CounterFactory factory = new CounterFactory(file.manager());
        final AtomicCounter applied = factory.instrument(CounterType.SYNC_DIFFS_APPLIED, BTC);
        final AtomicCounter frames = factory.venue(CounterType.INGEST_FRAMES, "binance-spot");

        final CountersFile readOnly = CountersFile.openReadOnly(path);
        final CountersReader reader = readOnly.reader();
        final Thread writer = new Thread(() ->
        {
            for (int i = 0; i < 100_000; i++)
            {
                applied.incrementRelease();
                frames.increment();
            }
        });
        writer.start();
        awaitUntil("the reader sees every increment", () -> reader.getCounterValue(applied.id()) == 100_000 &&
            reader.getCounterValue(frames.id()) == 100_000);
        writer.join();

        assertThat(reader.getCounterTypeId(applied.id())).isEqualTo(200);
        assertThat(reader.getCounterLabel(applied.id())).isEqualTo("diffs applied: binance-spot BTCUSDT");
        assertThat(reader.getCounterTypeId(frames.id())).isEqualTo(300);
        assertThat(reader.getCounterLabel(frames.id())).isEqualTo("frames received: binance-spot");
        assertThat(readOnly.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(readOnly.isWriterAlive()).isTrue();
        assertThat(readOnly.maxCounters()).isEqualTo(64);
        file.close();
    }

    @Test
    void shouldReadEveryKeyFieldBack()
    {
        final CountersFile file = CountersFile.create(temp.resolve("keys.dat"), 16);
        final CounterFactory factory = new CounterFactory(file.manager());
        factory.instrument(CounterType.SYNC_GAPS, ETH);
        factory.venueDetail(CounterType.INGEST_DECODE_ERRORS, "okx", 17, "NON_CANONICAL_NUMBER");
        factory.detail(CounterType.PUBLISHER_SENT, 1001, "delta");

        final Map<Integer, CounterKey> keys = new HashMap<>();
        final Map<Integer, String> labels = new HashMap<>();
        CountersFile.openReadOnly(file.path()).reader().forEach((id, typeId, keyBuffer, label) ->
        {
            keys.put(typeId, CounterKey.read(keyBuffer, 0));
            labels.put(typeId, label);
        });

        final CounterKey gaps = keys.get(CounterType.SYNC_GAPS.id());
        assertThat(gaps.venue()).isEqualTo("binance-usdm");
        assertThat(gaps.instrumentId()).isEqualTo(1);
        assertThat(gaps.symbol()).isEqualTo("ETHUSDT");
        assertThat(gaps.detailCode()).isEqualTo(CounterKey.NONE);
        final CounterKey reason = keys.get(CounterType.INGEST_DECODE_ERRORS.id());
        assertThat(reason.venue()).isEqualTo("okx");
        assertThat(reason.instrumentId()).isEqualTo(CounterKey.NONE);
        assertThat(reason.detailCode()).isEqualTo(17);
        assertThat(reason.detail()).isEqualTo("NON_CANONICAL_NUMBER");
        assertThat(labels.get(CounterType.INGEST_DECODE_ERRORS.id()))
            .isEqualTo("frames rejected: okx NON_CANONICAL_NUMBER");
        final CounterKey stream = keys.get(CounterType.PUBLISHER_SENT.id());
        assertThat(stream.detailCode()).isEqualTo(1001);
        assertThat(stream.detail()).isEqualTo("delta");
        file.close();
    }

    @Test
    void shouldCutLongKeyStringsToFitTheKey()
    {
        final CountersFile file = CountersFile.create(temp.resolve("long.dat"), 4);
        final String longSymbol = "X".repeat(64); // the longest symbol an Instrument takes
        new CounterFactory(file.manager()).instrument(CounterType.SYNC_GAPS,
            new Instrument(7, Venue.KRAKEN, longSymbol, 1, 8));
        final List<CounterKey> keys = new ArrayList<>();
        file.reader().forEach((id, typeId, keyBuffer, label) -> keys.add(CounterKey.read(keyBuffer, 0)));

        assertThat(keys.get(0).symbol()).isEqualTo("X".repeat(CounterKey.MAX_SYMBOL));
        assertThat(keys.get(0).instrumentId()).isEqualTo(7);
        file.close();
    }

    @Test
    void shouldMarkACleanStopAndKeepTheValuesReadable()
    {
        final Path path = temp.resolve("stop.dat");
        final CountersFile file = CountersFile.create(path, 4);
        final AtomicCounter counter = new CounterFactory(file.manager()).processor(CounterType.PROCESSOR_EVENTS);
        counter.set(42);
        file.close();

        final CountersFile after = CountersFile.openReadOnly(path);
        assertThat(after.closedMs()).isPositive();
        assertThat(after.isWriterAlive()).isFalse();
        assertThat(after.reader().getCounterValue(counter.id())).isEqualTo(42);
    }

    @Test
    void shouldRejectAFileThatIsNotACountersFile() throws Exception
    {
        final Path path = temp.resolve("other.dat");
        java.nio.file.Files.write(path, new byte[8192]);
        assertThatThrownBy(() -> CountersFile.openReadOnly(path)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("not a counters file");
        final Path tiny = temp.resolve("tiny.dat");
        java.nio.file.Files.write(tiny, new byte[10]);
        assertThatThrownBy(() -> CountersFile.openReadOnly(tiny)).hasMessageContaining("too short");
    }

    @Test
    void shouldFailAtAllocationWhenTheFileIsFull()
    {
        final CountersFile file = CountersFile.create(temp.resolve("full.dat"), 2);
        final CounterFactory factory = new CounterFactory(file.manager());
        factory.processor(CounterType.PROCESSOR_EVENTS);
        factory.processor(CounterType.PROCESSOR_STALE_NOTICES);
        assertThatThrownBy(() -> factory.processor(CounterType.PROCESSOR_UNKNOWN_MESSAGES))
            .isInstanceOf(IllegalStateException.class);
        file.close();
    }

    @Test
    void shouldKeepTypeIdsStableAndUnique()
    {
        // Dashboards and feeder-stat select by id: renumbering one breaks them. New types take new ids.
        assertThat(CounterType.PROCESSOR_EVENTS.id()).isEqualTo(100);
        assertThat(CounterType.INSTRUMENTS_BY_STATE.id()).isEqualTo(110);
        assertThat(CounterType.SYNC_DIFFS_APPLIED.id()).isEqualTo(200);
        assertThat(CounterType.SYNC_GAPS.id()).isEqualTo(205);
        assertThat(CounterType.SYNC_CHECKSUM_MISMATCHES.id()).isEqualTo(214);
        assertThat(CounterType.INSTRUMENT_STATE.id()).isEqualTo(220);
        assertThat(CounterType.INGEST_FRAMES.id()).isEqualTo(300);
        assertThat(CounterType.INGEST_DECODE_ERRORS.id()).isEqualTo(304);
        assertThat(CounterType.PUBLISHER_SENT.id()).isEqualTo(400);
        assertThat(CounterType.PUBLISHER_DROPPED.id()).isEqualTo(405);
        for (final CounterType type : CounterType.values())
        {
            assertThat(CounterType.byId(type.id())).isSameAs(type);
        }
        assertThat(CounterType.byId(499)).isNull();
        assertThat(CounterType.byId(-1)).isNull();
        // The state gauges' values are SyncState ordinals, documented as 0..3.
        assertThat(SyncState.AWAITING_SNAPSHOT.ordinal()).isZero();
        assertThat(SyncState.BRIDGING.ordinal()).isEqualTo(1);
        assertThat(SyncState.LIVE.ordinal()).isEqualTo(2);
        assertThat(SyncState.STALE.ordinal()).isEqualTo(3);
    }

    @Test
    void shouldCountTheBookProcessorsWorkInTheFileWithStatesAndLatencies()
    {
        final CountersFile file = CountersFile.create(temp.resolve("processor.dat"), 256);
        final RingBuffer events = ring(64 * 1024);
        final RingBuffer commands = ring(4 * 1024);
        final RecordingLatency latency = new RecordingLatency();
        final BookProcessor processor = new BookProcessor(events, commands, List.of(BTC, ETH), BookLimits.DEFAULT,
            new NoOpListener(), nowNs -> 0, () -> 0, new CounterFactory(file.manager()), latency);
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[4096]);
        try (AgentInvoker invoker = new AgentInvoker(Throwable::printStackTrace, null, processor))
        {
            invoker.start();
            write(events, scratch, new BookEvent().wrapForWrite(scratch, 0).resetHeader(1, BookEvent.TYPE_SNAPSHOT)
                .firstUpdateId(100).lastUpdateId(100).ingressTimeNs(1_000).putLevel(0, 50, 1).putLevel(1, 51, 1)
                .bidCount(1).askCount(1));
            write(events, scratch, new BookEvent().wrapForWrite(scratch, 0).resetHeader(1, BookEvent.TYPE_DIFF)
                .firstUpdateId(100).lastUpdateId(101).prevUpdateId(99).ingressTimeNs(2_000).putLevel(0, 50, 7)
                .bidCount(1));
            invoker.invoke();
        }

        final Map<String, Long> values = new HashMap<>();
        final CountersReader reader = CountersFile.openReadOnly(file.path()).reader();
        reader.forEach((value, id, label) -> values.put(label, value));
        assertThat(values).containsEntry("book events taken from the ring:", 2L)
            .containsEntry("snapshot requests sent to ingest:", 2L)
            .containsEntry("diffs applied: binance-usdm ETHUSDT", 1L)
            .containsEntry("diffs applied: binance-spot BTCUSDT", 0L)
            .containsEntry("snapshots applied: binance-usdm ETHUSDT", 1L)
            .containsEntry("snapshot requests (resyncs): binance-spot BTCUSDT", 1L)
            .containsEntry("instruments in state: AWAITING_SNAPSHOT", 1L)
            .containsEntry("instruments in state: BRIDGING", 0L)
            .containsEntry("instruments in state: LIVE", 1L)
            .containsEntry("instruments in state: STALE", 0L)
            .containsEntry("sync state (0 awaiting snapshot, 1 bridging, 2 live, 3 stale): binance-usdm ETHUSDT",
                (long)SyncState.LIVE.ordinal())
            .containsEntry("sync state (0 awaiting snapshot, 1 bridging, 2 live, 3 stale): binance-spot BTCUSDT",
                (long)SyncState.AWAITING_SNAPSHOT.ordinal());
        assertThat(processor.counters().instrumentsIn(SyncState.LIVE)).isEqualTo(1);
        assertThat(processor.sync(1).counters().diffsApplied()).isEqualTo(1);
        // The clock reads 10_000 at every call: ingress 1_000 and 2_000 give 9_000 and 8_000.
        assertThat(latency.ingressToApplied).containsExactly(9_000L, 8_000L);
        assertThat(latency.appliedToPublished).containsExactly(0L, 0L);
        file.close();
    }

    private static void write(final RingBuffer events, final UnsafeBuffer scratch, final BookEvent event)
    {
        assertThat(events.write(RingMessages.BOOK_EVENT, scratch, 0, event.length())).isTrue();
    }

    private static RingBuffer ring(final int capacity)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    private static void awaitUntil(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // poll interval of a deadline wait
        }
    }

    private static final class RecordingLatency implements StageLatency
    {
        final List<Long> ingressToApplied = new ArrayList<>();
        final List<Long> appliedToPublished = new ArrayList<>();

        public long epochNanos()
        {
            return 10_000;
        }

        public void recordIngressToApplied(final long nanos)
        {
            ingressToApplied.add(nanos);
        }

        public void recordAppliedToPublished(final long nanos)
        {
            appliedToPublished.add(nanos);
        }

        public void recordIngressToRing(final long nanos)
        {
            throw new AssertionError("no event here has a ring time");
        }

        public void recordRingToApplied(final long nanos)
        {
            throw new AssertionError("no event here has a ring time");
        }
    }

    private static final class NoOpListener implements SyncListener
    {
        public void onStateChange(
            final int instrumentId, final SyncState from, final SyncState to,
            final dev.feedhandler.orderbook.sync.SyncReason reason)
        {
        }

        public void onSnapshotRequest(final int instrumentId, final dev.feedhandler.orderbook.sync.SyncReason reason)
        {
        }

        public void onBookUpdated(final dev.feedhandler.orderbook.OrderBook book, final BookEvent event)
        {
        }
    }
}
