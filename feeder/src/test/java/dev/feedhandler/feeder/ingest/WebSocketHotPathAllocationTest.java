package dev.feedhandler.feeder.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ResourceLeakDetector;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Our part of the message path allocates nothing: frames (made beforehand as Netty's decoder makes them, retained
 * slices of one buffer from the default allocator) go through the read timestamp and the session handler to
 * {@link WebSocketHandler#onText}, and one whole measuring window must allocate zero bytes (the JIT may allocate now
 * and then on this thread; a per-message allocation would show in every window).
 */
class WebSocketHotPathAllocationTest
{
    private static final int WINDOWS = 8;
    private static final int MESSAGES_PER_WINDOW = 5_000;
    private static final byte[] DIFF = ("{\"e\":\"depthUpdate\",\"E\":1700000000000,\"s\":\"BTCUSDT\",\"U\":1," +
        "\"u\":2," +
        "\"b\":[[\"60000.01\",\"0.5\"]],\"a\":[[\"60000.02\",\"0\"]]}").getBytes(StandardCharsets.US_ASCII);

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    /** Sums every byte it is given, so the JIT cannot drop the reads. */
    static final class SummingHandler implements WebSocketHandler
    {
        long messages;
        long checksum;

        public void onConnected(final WebSocketSession session)
        {
        }

        public void onText(
            final WebSocketSession session,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final long receivedEpochNs)
        {
            messages++;
            for (int i = 0; i < length; i++)
            {
                checksum += buffer.getByte(offset + i);
            }
        }

        public void onDisconnected(final WebSocketSession session, final DisconnectReason reason, final String detail)
        {
        }
    }

    @Test
    void shouldDeliverWholeFragmentedAndHeapMessagesWithoutAllocating()
    {
        // Netty's derived buffers record every touch at these levels: the records are the allocation.
        assumeThat(ResourceLeakDetector.getLevel()).isIn(ResourceLeakDetector.Level.DISABLED,
            ResourceLeakDetector.Level.SIMPLE);
        final SummingHandler handler = new SummingHandler();
        final EmbeddedChannel channel = new EmbeddedChannel();
        final WebSocketSession session =
            new WebSocketSession(URI.create("ws://localhost/ws"), channel.eventLoop(), handler);
        session.channel(channel);
        channel.pipeline().addLast(
            new ReadTimestampHandler(session, new OffsetEpochNanoClock()),
            new WebSocketClientHandler(session, WebSocketOptions.defaults()));
        channel.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
        assertThat(session.isOpen()).isTrue();

        final long[] allocated = new long[WINDOWS];
        long expectedSum = 0;
        for (final byte b : DIFF)
        {
            expectedSum += b;
        }
        for (int window = -2; window < WINDOWS; window++) // two windows of warm-up
        {
            final ByteBuf wire = ByteBufAllocator.DEFAULT.directBuffer(MESSAGES_PER_WINDOW * DIFF.length);
            final WebSocketFrame[] frames = frames(wire, MESSAGES_PER_WINDOW);
            for (final WebSocketFrame frame : frames)
            {
                frame.retain(); // freeing a buffer is Netty's work: keep it out of the measured window
            }
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (final WebSocketFrame frame : frames)
            {
                channel.pipeline().fireChannelRead(frame);
            }
            if (window >= 0)
            {
                allocated[window] = threads.getCurrentThreadAllocatedBytes() - before;
            }
            // Slices share the wire buffer's count: the handler released its reference to each frame.
            assertThat(wire.refCnt()).isEqualTo(1 + MESSAGES_PER_WINDOW * 3 / 4);
            for (final WebSocketFrame frame : frames)
            {
                frame.release();
            }
            assertThat(wire.release()).isTrue();
        }

        final long messages = (WINDOWS + 2L) * MESSAGES_PER_WINDOW * 3 / 4;
        assertThat(handler.messages).isEqualTo(messages);
        assertThat(handler.checksum).isEqualTo(messages * expectedSum);
        assertThat(session.copiedMessages()).isEqualTo((WINDOWS + 2L) * MESSAGES_PER_WINDOW / 4);
        assertThat(allocated).as("bytes allocated per window of %d frames", MESSAGES_PER_WINDOW).contains(0L);
        channel.finishAndReleaseAll();
    }

    /** Per four frames: a whole direct frame, a whole heap frame, and one message in two fragments. */
    private static WebSocketFrame[] frames(final ByteBuf wire, final int count)
    {
        final WebSocketFrame[] frames = new WebSocketFrame[count];
        final int half = DIFF.length / 2;
        for (int i = 0; i < count; i += 4)
        {
            frames[i] = new TextWebSocketFrame(slice(wire, 0, DIFF.length));
            frames[i + 1] = new TextWebSocketFrame(Unpooled.wrappedBuffer(DIFF.clone()));
            frames[i + 2] = new TextWebSocketFrame(false, 0, slice(wire, 0, half));
            frames[i + 3] = new ContinuationWebSocketFrame(true, 0, slice(wire, half, DIFF.length - half));
        }
        return frames;
    }

    /** As WebSocket08FrameDecoder does: a retained slice of the bytes read from the socket. */
    private static ByteBuf slice(final ByteBuf wire, final int offset, final int length)
    {
        wire.writeBytes(DIFF, offset, length);
        return wire.readRetainedSlice(length);
    }
}
