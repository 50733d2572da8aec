package dev.feedhandler.feeder.daemon;

import dev.feedhandler.feeder.config.DaemonConfig;
import dev.feedhandler.feeder.ingest.Await;
import dev.feedhandler.feeder.ingest.HttpSnapshotClient;
import dev.feedhandler.feeder.ingest.NettyTransport;
import dev.feedhandler.feeder.ingest.RateBudget;
import dev.feedhandler.feeder.ingest.SnapshotScheduler;
import dev.feedhandler.feeder.ingest.TestWebSocketServer;
import dev.feedhandler.feeder.ingest.WebSocketConnector;
import dev.feedhandler.feeder.ingest.WebSocketOptions;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.processor.RingMessages;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The switch of a planned Binance rotation when the old connection lags the new one by several frames: the new
 * connection may take over only where nothing is skipped. Before the fix it switched as soon as the old connection
 * had reached the new one's first frame, although the new one's later frames had been dropped meanwhile: a gap.
 */
class BinanceRotationSwitchTest
{
    @Test
    void shouldSwitchOnlyWhereTheNewConnectionFollowsOnWithoutSkippingAFrame() throws Exception
    {
        final RingBuffer ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(1024 * 1024 + RingBufferDescriptor.TRAILER_LENGTH)));
        try (TestWebSocketServer server = TestWebSocketServer.plain();
             NettyTransport transport = NettyTransport.create(1, "rotation-switch-test"))
        {
            final List<Instrument> instruments = List.of(new Instrument(0, Venue.BINANCE_SPOT, "BTCUSDT", 2, 8));
            final DaemonConfig.VenueSettings settings = new DaemonConfig.VenueSettings(Venue.BINANCE_SPOT,
                server.uri(), URI.create("http://127.0.0.1:9/depth"), "depth@100ms", 100, 200, 6000,
                Duration.ofSeconds(2), Duration.ofMillis(1_900), Duration.ofSeconds(2), null,
                List.of(new DaemonConfig.InstrumentSettings(0, "BTCUSDT", "BTC-USDT", 2, 8)));
            final SnapshotScheduler scheduler = new SnapshotScheduler(transport.group().next(),
                new HttpSnapshotClient(transport, null, 1 << 20), new RateBudget(6000, new SystemNanoClock()),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), new SnapshotScheduler.Sink()
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
                final TestWebSocketServer.Connection old = server.nextConnection();
                final List<long[]> diffs = new ArrayList<>();
                final Sender send = new Sender(ingest);
                send.diffs(old, 1, 2);
                awaitDiffs(ring, diffs, 2);

                // The planned lifetime (2 s) ends: the new connection opens and runs ahead of the old one.
                final TestWebSocketServer.Connection next = server.nextConnection();
                send.diffs(next, 4, 5);
                send.diffs(old, 3, 3);     // the old one has now reached the new one's first frame...
                send.diffs(next, 6, 6);    // ...but 4 and 5 were dropped: switching here would skip them
                send.diffs(old, 4, 7);     // the old one catches up past everything the new one dropped
                send.diffs(next, 8, 9);    // the switch: 8 follows on from 7
                send.diffs(old, 8, 9);     // ignored after the switch
                awaitDiffs(ring, diffs, 9);

                long expected = 1;
                for (final long[] diff : diffs)
                {
                    assertThat(diff[0]).as("U of the diff after u=%d: no update skipped or repeated", expected - 1)
                        .isEqualTo(expected);
                    expected = diff[1] + 1;
                }
                assertThat(expected - 1).isEqualTo(9);
                assertThat(ingest.counters().rotationsInSync()).isEqualTo(1);
            }
        }
    }

    /**
     * Sends one frame per update id, {@code from..to}, each its own diff, and waits until the ingest has received
     * them: frames on two connections must reach it in the order the test sends them.
     */
    private static final class Sender
    {
        private final BinanceVenueIngest ingest;
        private long sent;

        Sender(final BinanceVenueIngest ingest)
        {
            this.ingest = ingest;
        }

        void diffs(final TestWebSocketServer.Connection connection, final long from, final long to)
        {
            for (long id = from; id <= to; id++)
            {
                connection.sendText("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":" +
                    id + ",\"s\":\"BTCUSDT\",\"U\":" + id + ",\"u\":" + id + ",\"b\":[[\"100.00\",\"" + id +
                    ".0\"]],\"a\":[]}}");
                sent++;
            }
            final long expected = sent;
            Await.until(expected + " frames received", () -> ingest.counters().frames() >= expected);
        }
    }

    private static void awaitDiffs(final RingBuffer ring, final List<long[]> diffs, final int count)
    {
        final BookEvent event = new BookEvent();
        Await.until(count + " diffs in the ring", () ->
        {
            ring.read((type, buffer, index, length) ->
            {
                if (type == RingMessages.BOOK_EVENT)
                {
                    event.wrap(buffer, index);
                    if (event.type() == BookEvent.TYPE_DIFF)
                    {
                        diffs.add(new long[]{event.firstUpdateId(), event.lastUpdateId()});
                    }
                }
            });
            return diffs.size() >= count;
        }, () -> "diffs " + diffs.stream().map(d -> d[0] + ".." + d[1]).toList());
    }
}
