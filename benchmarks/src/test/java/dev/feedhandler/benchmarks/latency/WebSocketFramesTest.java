package dev.feedhandler.benchmarks.latency;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebSocketFramesTest
{
    @Test
    void shouldPickTheShortestHeaderForEachLength()
    {
        assertThat(WebSocketFrames.headerLength(0)).isEqualTo(2);
        assertThat(WebSocketFrames.headerLength(125)).isEqualTo(2);
        assertThat(WebSocketFrames.headerLength(126)).isEqualTo(4);
        assertThat(WebSocketFrames.headerLength(65_535)).isEqualTo(4);
        assertThat(WebSocketFrames.headerLength(65_536)).isEqualTo(10);
        assertThatThrownBy(() -> WebSocketFrames.headerLength(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldWriteTheHeaderBytes()
    {
        assertThat(Arrays.copyOf(WebSocketFrames.textFrame(new byte[5]), 2)).containsExactly(0x81, 5);
        assertThat(Arrays.copyOf(WebSocketFrames.textFrame(new byte[300]), 4)).containsExactly(0x81, 126, 1, 44);
        assertThat(Arrays.copyOf(WebSocketFrames.textFrame(new byte[70_000]), 10))
            .containsExactly(0x81, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70);
    }

    @Test
    void shouldBeReadByNettysClientSideDecoderAtEveryHeaderSize()
    {
        for (final int length : new int[] {0, 1, 125, 126, 127, 1000, 65_535, 65_536, 70_000})
        {
            final byte[] payload = new byte[length];
            for (int i = 0; i < length; i++)
            {
                payload[i] = (byte)('a' + i % 26);
            }
            assertThat(decode(WebSocketFrames.textFrame(payload))).as("length %d", length)
                .isEqualTo(new String(payload, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void shouldRenderTheDaemonHarnessStreamAsFramesWithTheMessagesIds()
    {
        try (DaemonLatencyHarness.Stream stream = new DaemonLatencyHarness.Stream(20))
        {
            for (final long index : new long[] {0, 1, 12_345, 9_999_999, 4096 + 12_345})
            {
                final ByteBuf frame = stream.frame(index);
                final byte[] bytes = new byte[frame.readableBytes()];
                frame.readBytes(bytes);
                frame.release(); // what the write does
                final String id = Long.toString(100_000_000_000L + index);
                assertThat(decode(bytes)).startsWith("{\"stream\":\"btcusdt@depth@100ms\"")
                    .contains("\"U\":" + id + ",\"u\":" + id + ",").endsWith("]]}}");
            }
        }
    }

    private static String decode(final byte[] frame)
    {
        final EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
        try
        {
            assertThat(client.writeInbound(Unpooled.wrappedBuffer(frame))).isTrue();
            final TextWebSocketFrame text = client.readInbound();
            try
            {
                assertThat(text.isFinalFragment()).isTrue();
                return text.text();
            }
            finally
            {
                text.release();
            }
        }
        finally
        {
            client.finishAndReleaseAll();
        }
    }
}
