package dev.feedhandler.feeder.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Last in the WebSocket pipeline: turns frames into {@link WebSocketHandler#onText} calls without copying
 * (fragmented messages and multi-part buffers are gathered in one reused scratch buffer), runs the app-level
 * ping, and turns every way a connection can end into one {@link DisconnectReason}.
 */
final class WebSocketClientHandler extends ChannelInboundHandlerAdapter
{
    private static final int INITIAL_SCRATCH_BYTES = 64 * 1024;

    private final WebSocketSession session;
    private final WebSocketHandler handler;
    private final WebSocketOptions options;
    private final int maxMessageBytes;
    private final UnsafeBuffer view = new UnsafeBuffer();
    private ExpandableDirectByteBuffer scratch;
    private int scratchLength;
    private boolean fragmented;
    private ScheduledFuture<?> appPing;

    WebSocketClientHandler(final WebSocketSession session, final WebSocketOptions options)
    {
        this.session = session;
        this.handler = session.handler();
        this.options = options;
        this.maxMessageBytes = options.maxFrameBytes();
    }

    public void channelActive(final ChannelHandlerContext ctx)
    {
        session.onActive();
        ctx.fireChannelActive();
    }

    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (msg instanceof WebSocketFrame)
        {
            final WebSocketFrame frame = (WebSocketFrame)msg;
            try
            {
                onFrame(ctx, frame);
            }
            finally
            {
                frame.release();
            }
        }
        else
        {
            ctx.fireChannelRead(msg);
        }
    }

    private void onFrame(final ChannelHandlerContext ctx, final WebSocketFrame frame)
    {
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)
        {
            if (frame.isFinalFragment() && !fragmented)
            {
                onMessage(ctx, frame.content());
            }
            else
            {
                onFirstFragment(ctx, frame.content());
            }
        }
        else if (frame instanceof ContinuationWebSocketFrame)
        {
            onContinuation(ctx, frame);
        }
        else if (frame instanceof CloseWebSocketFrame)
        {
            onCloseFrame(ctx, (CloseWebSocketFrame)frame);
        }
    }

    private void onMessage(final ChannelHandlerContext ctx, final ByteBuf content)
    {
        final int length = content.readableBytes();
        if (length > maxMessageBytes)
        {
            onMessageTooLarge(ctx, length);
        }
        else if (session.delivers())
        {
            if (ByteBufViews.wrap(view, content))
            {
                handler.onText(session, view, 0, length, session.lastReadEpochNs);
            }
            else
            {
                onScattered(content);
            }
        }
    }

    /** A buffer with no single region (a multi-part composite, as inflation makes): copy it once. */
    private void onScattered(final ByteBuf content)
    {
        scratchLength = ByteBufViews.copy(content, view, scratch(), 0);
        deliverScratch();
    }

    private void onFirstFragment(final ChannelHandlerContext ctx, final ByteBuf content)
    {
        fragmented = true;
        scratchLength = 0;
        appendFragment(ctx, content);
    }

    private void onContinuation(final ChannelHandlerContext ctx, final WebSocketFrame frame)
    {
        if (!fragmented)
        {
            onProtocolError(ctx, "continuation frame without a first fragment");
            return;
        }
        if (appendFragment(ctx, frame.content()) && frame.isFinalFragment())
        {
            fragmented = false;
            if (session.delivers())
            {
                deliverScratch();
            }
        }
    }

    private boolean appendFragment(final ChannelHandlerContext ctx, final ByteBuf content)
    {
        final int length = scratchLength + content.readableBytes();
        if (length > maxMessageBytes)
        {
            fragmented = false;
            onMessageTooLarge(ctx, length);
            return false;
        }
        scratchLength = ByteBufViews.copy(content, view, scratch(), scratchLength);
        return true;
    }

    private void deliverScratch()
    {
        session.onCopiedMessage();
        handler.onText(session, scratch, 0, scratchLength, session.lastReadEpochNs);
    }

    /** Grows (rarely, by half again) up to the message limit; reused for the connection's life. */
    private ExpandableDirectByteBuffer scratch()
    {
        if (scratch == null)
        {
            scratch = new ExpandableDirectByteBuffer(Math.min(INITIAL_SCRATCH_BYTES, maxMessageBytes));
        }
        return scratch;
    }

    private void onCloseFrame(final ChannelHandlerContext ctx, final CloseWebSocketFrame frame)
    {
        final int status = frame.statusCode();
        session.closing(DisconnectReason.REMOTE_CLOSE, "close frame " + status + " " + frame.reasonText());
        stopAppPing();
        // Echo the status, as RFC 6455 5.5.1 asks, then close the TCP connection.
        final CloseWebSocketFrame echo = status == -1 ?
            new CloseWebSocketFrame() : new CloseWebSocketFrame(status, frame.reasonText());
        ctx.channel().writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
    }

    private void onMessageTooLarge(final ChannelHandlerContext ctx, final int length)
    {
        closeForMessageTooLarge(ctx, session, length, maxMessageBytes);
    }

    /** An aggregated message over the limit: FRAME_TOO_LARGE, close frame 1009, then close. */
    static void closeForMessageTooLarge(
        final ChannelHandlerContext ctx, final WebSocketSession session, final long length, final int limit)
    {
        session.closing(DisconnectReason.FRAME_TOO_LARGE, "message of " + length + " bytes, limit " + limit);
        ctx.channel().writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG))
            .addListener(ChannelFutureListener.CLOSE);
    }

    private void onProtocolError(final ChannelHandlerContext ctx, final String detail)
    {
        session.closing(DisconnectReason.PROTOCOL_ERROR, detail);
        ctx.channel().writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR))
            .addListener(ChannelFutureListener.CLOSE);
    }

    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
    {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE)
        {
            onHandshakeComplete(ctx);
        }
        else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT)
        {
            session.closeFor(DisconnectReason.HANDSHAKE_FAILED, "WebSocket handshake timed out");
        }
        else if (evt instanceof SslHandshakeCompletionEvent)
        {
            onTlsHandshake((SslHandshakeCompletionEvent)evt);
        }
        else if (evt instanceof IdleStateEvent)
        {
            session.closeFor(
                DisconnectReason.READ_IDLE, "nothing received for " + options.readIdleTimeout().toMillis() + " ms");
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void onHandshakeComplete(final ChannelHandlerContext ctx)
    {
        final long intervalNs = options.appPingInterval().toNanos();
        if (options.appPingText() != null && intervalNs > 0)
        {
            appPing = ctx.executor().scheduleWithFixedDelay(
                () -> sendAppPing(ctx), intervalNs, intervalNs, TimeUnit.NANOSECONDS);
        }
        useFrameReader(ctx);
        session.onOpen();
    }

    /**
     * Unless permessage-deflate is in use (offered and accepted: its decoder is in the pipeline by now), replaces
     * Netty's frame decoder, just added by the handshaker and not yet given a byte, with our reader: no frame object
     * per message. With permessage-deflate Netty's decoder and inflater stay.
     */
    private void useFrameReader(final ChannelHandlerContext ctx)
    {
        final ChannelHandlerContext decoder = ctx.pipeline().context(WebSocketFrameDecoder.class);
        if (decoder != null && ctx.pipeline().get(WebSocketExtensionDecoder.class) == null)
        {
            ctx.pipeline().replace(
                decoder.name(), WebSocketFrameReader.NAME, new WebSocketFrameReader(session, maxMessageBytes));
        }
    }

    private void sendAppPing(final ChannelHandlerContext ctx)
    {
        if (session.isOpen())
        {
            final ByteBuf payload = ByteBufUtil.writeUtf8(ctx.alloc(), options.appPingText());
            ctx.channel().writeAndFlush(new TextWebSocketFrame(payload), ctx.channel().voidPromise());
        }
    }

    private void onTlsHandshake(final SslHandshakeCompletionEvent event)
    {
        if (event.isSuccess())
        {
            session.onTlsDone();
        }
        else
        {
            session.closeFor(DisconnectReason.TLS_FAILED, describe(event.cause()));
        }
    }

    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        DisconnectReason reason = classify(cause);
        if (reason == DisconnectReason.PROTOCOL_ERROR && !session.isOpen())
        {
            reason = DisconnectReason.HANDSHAKE_FAILED; // e.g. a malformed upgrade response
        }
        session.closeFor(reason, describe(cause));
    }

    /** The exception and its causes' messages: TLS engines often put the useful part (which name, which CA) deep. */
    static String describe(final Throwable cause)
    {
        final StringBuilder text = new StringBuilder(String.valueOf(cause));
        Throwable t = cause.getCause();
        for (int depth = 0; t != null && t != cause && depth < 4; depth++, t = t.getCause())
        {
            text.append(" <- ").append(t);
        }
        return text.toString();
    }

    public void channelInactive(final ChannelHandlerContext ctx)
    {
        stopAppPing();
        ctx.fireChannelInactive();
    }

    public void handlerRemoved(final ChannelHandlerContext ctx)
    {
        stopAppPing();
        scratch = null;
    }

    private void stopAppPing()
    {
        if (appPing != null)
        {
            appPing.cancel(false);
            appPing = null;
        }
    }

    /** Maps what went wrong to a reason; the first cause in the chain that says something decides. */
    static DisconnectReason classify(final Throwable cause)
    {
        for (Throwable t = cause; t != null; t = t.getCause())
        {
            if (t instanceof SSLException)
            {
                return DisconnectReason.TLS_FAILED;
            }
            if (t instanceof CorruptedWebSocketFrameException)
            {
                return ((CorruptedWebSocketFrameException)t).closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG ?
                    DisconnectReason.FRAME_TOO_LARGE : DisconnectReason.PROTOCOL_ERROR;
            }
            if (t instanceof TooLongFrameException)
            {
                return DisconnectReason.FRAME_TOO_LARGE;
            }
            if (t instanceof DecompressionException)
            {
                final String message = t.getMessage();
                return message != null && message.contains("maximum size") ?
                    DisconnectReason.FRAME_TOO_LARGE : DisconnectReason.PROTOCOL_ERROR;
            }
            if (t instanceof WebSocketHandshakeException)
            {
                return DisconnectReason.HANDSHAKE_FAILED;
            }
            if (t instanceof IOException)
            {
                return DisconnectReason.CONNECTION_RESET;
            }
        }
        return DisconnectReason.PROTOCOL_ERROR;
    }
}
