package dev.feedhandler.feeder.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw socket reads, cut at random points so that frames span reads, go through the read timestamp, the frame reader
 * (its parser) and the session handler to {@link WebSocketHandler#onText}: one whole measuring window must allocate
 * zero bytes. Per four messages: three whole frames, one message in two fragments with a pong between them. The
 * buffers come from an allocator without leak detection, so the result does not depend on the leak-detection level
 * the tests run with (leak records allocate; production turns them off).
 */
class WebSocketFrameReaderAllocationTest
{
    private static final int WINDOWS = 8;
    private static final int MESSAGES_PER_WINDOW = 8_000;
    private static final byte[] DIFF = ("{\"e\":\"depthUpdate\",\"E\":1700000000000,\"s\":\"BTCUSDT\",\"U\":1," +
        "\"u\":2,\"b\":[[\"60000.01\",\"0.5\"]],\"a\":[[\"60000.02\",\"0\"]]}").getBytes(StandardCharsets.US_ASCII);

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void shouldDeliverMessagesFromRawReadsWithoutAllocating()
    {
        final ByteBufAllocator alloc = new UnpooledByteBufAllocator(true, true);
        final WebSocketHotPathAllocationTest.SummingHandler handler = new WebSocketHotPathAllocationTest.SummingHandler();
        final EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        final WebSocketSession session =
            new WebSocketSession(URI.create("ws://localhost/ws"), channel.eventLoop(), handler);
        session.channel(channel);
        final WebSocketOptions options = WebSocketOptions.defaults().withCompression(false);
        channel.pipeline().addLast(
            new ReadTimestampHandler(session, new OffsetEpochNanoClock()),
            new WebSocketFrameReader(session, options.maxFrameBytes()),
            new WebSocketClientHandler(session, options));
        channel.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
        assertThat(session.isOpen()).isTrue();

        final SplittableRandom random = new SplittableRandom(Long.getLong("seed", 7));
        final long[] allocated = new long[WINDOWS];
        for (int window = -2; window < WINDOWS; window++) // two windows of warm-up
        {
            final ByteBuf wire = alloc.directBuffer(MESSAGES_PER_WINDOW * (DIFF.length + 8));
            writeMessages(wire, MESSAGES_PER_WINDOW);
            final List<ByteBuf> reads = cut(wire, random);
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0, size = reads.size(); i < size; i++)
            {
                channel.pipeline().fireChannelRead(reads.get(i));
            }
            if (window >= 0)
            {
                allocated[window] = threads.getCurrentThreadAllocatedBytes() - before;
            }
            // Slices share the wire's count: the reader released each read exactly once.
            assertThat(wire.refCnt()).isEqualTo(1 + reads.size());
            for (final ByteBuf read : reads)
            {
                read.release();
            }
            assertThat(wire.release()).isTrue();
        }

        long expectedSum = 0;
        for (final byte b : DIFF)
        {
            expectedSum += b;
        }
        final long messages = (WINDOWS + 2L) * MESSAGES_PER_WINDOW;
        assertThat(handler.messages).isEqualTo(messages);
        assertThat(handler.checksum).isEqualTo(messages * expectedSum);
        assertThat(session.copiedMessages()).isEqualTo(messages / 4);
        assertThat(allocated).as("bytes allocated per window of %d messages", MESSAGES_PER_WINDOW).contains(0L);
        channel.finishAndReleaseAll();
    }

    private static void writeMessages(final ByteBuf wire, final int count)
    {
        final int half = DIFF.length / 2;
        for (int i = 0; i < count; i++)
        {
            if (i % 4 == 3)
            {
                wire.writeByte(0x01).writeByte(half).writeBytes(DIFF, 0, half);
                wire.writeByte(0x8A).writeByte(0);
                wire.writeByte(0x80).writeByte(DIFF.length - half).writeBytes(DIFF, half, DIFF.length - half);
            }
            else
            {
                wire.writeByte(0x81).writeByte(DIFF.length).writeBytes(DIFF);
            }
        }
    }

    /** Reads of 1 to 3000 bytes, each a slice of the wire retained once more so the reader's release frees nothing. */
    private static List<ByteBuf> cut(final ByteBuf wire, final SplittableRandom random)
    {
        final List<ByteBuf> reads = new ArrayList<>();
        while (wire.isReadable())
        {
            final int length = Math.min(wire.readableBytes(), 1 + random.nextInt(3000));
            reads.add(wire.readRetainedSlice(length).retain());
        }
        return reads;
    }
}
