package dev.feedhandler.feeder.daemon;

import dev.feedhandler.feeder.config.DaemonConfig;
import dev.feedhandler.feeder.ingest.HttpSnapshotClient;
import dev.feedhandler.feeder.ingest.NettyTransport;
import dev.feedhandler.feeder.ingest.RateBudget;
import dev.feedhandler.feeder.ingest.SnapshotScheduler;
import dev.feedhandler.feeder.ingest.WebSocketConnector;
import dev.feedhandler.feeder.ingest.WebSocketOptions;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.processor.RingMessages;
import dev.feedhandler.orderbook.sync.SyncReason;
import dev.feedhandler.sim.SimulatorConfig;
import dev.feedhandler.sim.VenueSimulator;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full event ring (the processor stalled: here nobody reads it) is counted, never blocks the event loop, and
 * makes the instruments whose frames were lost resync: their stale notices wait until the ring has room, and their
 * later frames are held back until the notice is written, so the processor sees the loss before any later diff.
 */
class BinanceVenueIngestRingFullTest
{
    @Test
    void shouldCountLostFramesAndMarkTheirInstrumentsStaleOnceTheRingHasRoom() throws Exception
    {
        final RingBuffer ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(64 * 1024 + RingBufferDescriptor.TRAILER_LENGTH)));
        try (VenueSimulator simulator = VenueSimulator.start(new SimulatorConfig()
                .instruments("binance-spot", "BTCUSDT", "ETHUSDT").ratePerSecond(2_000).levels(50));
             NettyTransport transport = NettyTransport.create(1, "ring-full-test"))
        {
            final List<Instrument> instruments = List.of(
                new Instrument(0, Venue.BINANCE_SPOT, "BTCUSDT", 2, 8),
                new Instrument(1, Venue.BINANCE_SPOT, "ETHUSDT", 2, 8));
            final DaemonConfig.VenueSettings settings = new DaemonConfig.VenueSettings(Venue.BINANCE_SPOT,
                URI.create("ws://127.0.0.1:" + simulator.port() + "/spot/stream"),
                URI.create("http://127.0.0.1:" + simulator.port() + "/spot/api/v3/depth"),
                "depth@100ms", 100, 200, 6000, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2), null,
                List.of(new DaemonConfig.InstrumentSettings(0, "BTCUSDT", "BTC-USDT", 2, 8),
                    new DaemonConfig.InstrumentSettings(1, "ETHUSDT", "ETH-USDT", 2, 8)));
            final HttpSnapshotClient http = new HttpSnapshotClient(transport, null, 1 << 20);
            final SnapshotScheduler scheduler = new SnapshotScheduler(transport.group().next(), http,
                new RateBudget(6000, new SystemNanoClock()), Duration.ofSeconds(5), Duration.ofMillis(100),
                Duration.ofSeconds(1), new SnapshotScheduler.Sink()
                {
                    public void onSnapshot(final int id, final DirectBuffer body, final int offset, final int length,
                        final long receivedNs)
                    {
                    }

                    public void onSnapshotRetry(final int id, final String reason, final long retryInNs)
                    {
                    }
                });
            try (BinanceVenueIngest ingest = new BinanceVenueIngest(settings, instruments, ring,
                new WebSocketConnector(transport), WebSocketOptions.defaults(), scheduler, 1 << 20))
            {
                ingest.start();

                await("frames lost to the full ring", () -> ingest.counters().ringFull() > 20);
                assertThat(ingest.counters().events()).as("frames that fitted before the ring filled").isPositive();
                assertThat(ingest.counters().disconnects()).as("the connection was never blocked or dropped").isZero();

                // The processor comes back: it drains the ring. Frames of an instrument whose notice still waits
                // are held back, so the processor never sees a later diff before it learns of the loss.
                final List<String> records = new ArrayList<>();
                drain(ring, records);
                await("a frame held back behind a waiting notice", () -> ingest.counters().eventsHeldBack() > 0);
                await("stale notices for the instruments that lost frames", () ->
                {
                    ingest.flushPendingStale();
                    drain(ring, records);
                    return records.contains("0:BUFFER_OVERFLOW") && records.contains("1:BUFFER_OVERFLOW");
                });
                assertThat(ingest.counters().staleNotices()).isGreaterThanOrEqualTo(2);
                await("diffs flowing again after the notices", () ->
                {
                    drain(ring, records);
                    return records.subList(records.lastIndexOf("1:BUFFER_OVERFLOW"), records.size()).stream()
                        .filter(record -> record.startsWith("1:diff")).count() > 3;
                });
                assertNoDiffAfterALossBeforeItsNotice(records);
            }
        }
    }

    /** What the processor checks: a diff that does not follow on from the last one must come after a notice. */
    private static void assertNoDiffAfterALossBeforeItsNotice(final List<String> records)
    {
        final long[] lastId = {BookEvent.NULL_ID, BookEvent.NULL_ID};
        for (int i = 0; i < records.size(); i++)
        {
            final String[] parts = records.get(i).split(":");
            final int id = Integer.parseInt(parts[0]);
            if (parts[1].equals("diff"))
            {
                final long first = Long.parseLong(parts[2]);
                assertThat(lastId[id] == BookEvent.NULL_ID || first == lastId[id] + 1)
                    .as("record %d %s follows on from update %d or comes after a notice; records %s",
                        i, records.get(i), lastId[id], records)
                    .isTrue();
                lastId[id] = Long.parseLong(parts[3]);
            }
            else
            {
                lastId[id] = BookEvent.NULL_ID;
            }
        }
    }

    private static void drain(final RingBuffer ring, final List<String> records)
    {
        int read;
        do
        {
            read = ring.read((type, buffer, index, length) ->
            {
                if (type == RingMessages.INSTRUMENT_STALE)
                {
                    records.add(buffer.getInt(index + RingMessages.INSTRUMENT_ID_OFFSET) + ":" +
                        SyncReason.fromCode(buffer.getInt(index + RingMessages.REASON_OFFSET)));
                }
                else if (buffer.getShort(index + BookEvent.TYPE_OFFSET) == BookEvent.TYPE_DIFF)
                {
                    records.add(buffer.getInt(index + BookEvent.INSTRUMENT_ID_OFFSET) + ":diff:" +
                        buffer.getLong(index + BookEvent.FIRST_UPDATE_ID_OFFSET) + ":" +
                        buffer.getLong(index + BookEvent.LAST_UPDATE_ID_OFFSET));
                }
            });
        }
        while (read > 0);
    }

    private static void await(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline >= 0)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // poll interval of a deadline wait
        }
    }
}
