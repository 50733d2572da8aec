package dev.feedhandler.feeder.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Takes the place of Netty's frame decoder once the upgrade is done, on connections without permessage-deflate:
 * parses the inbound bytes with a {@link WebSocketFrameParser} and calls {@link WebSocketHandler#onText} with a view
 * of them, so a message costs no frame object and no derived buffer. Rare frames keep Netty's path: a ping is
 * answered with a pong carrying its payload, a pong is dropped, a close frame goes on down the pipeline as a
 * {@link CloseWebSocketFrame} to {@link WebSocketClientHandler}, and a protocol error closes with its status and
 * goes down as the {@link CorruptedWebSocketFrameException} Netty's decoder would throw.
 */
final class WebSocketFrameReader extends ChannelInboundHandlerAdapter implements WebSocketFrameParser.Listener
{
    static final String NAME = "ws-frame-reader";

    private final WebSocketSession session;
    private final WebSocketHandler handler;
    private final int maxFrameBytes;
    private final UnsafeBuffer view = new UnsafeBuffer();
    private ChannelHandlerContext ctx;
    private WebSocketFrameParser parser;

    WebSocketFrameReader(final WebSocketSession session, final int maxFrameBytes)
    {
        this.session = session;
        this.handler = session.handler();
        this.maxFrameBytes = maxFrameBytes;
    }

    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        this.ctx = ctx;
        parser = new WebSocketFrameParser(ctx.alloc(), maxFrameBytes, this);
    }

    public void handlerRemoved(final ChannelHandlerContext ctx)
    {
        parser.release();
    }

    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (msg instanceof ByteBuf)
        {
            final ByteBuf in = (ByteBuf)msg;
            try
            {
                parser.parse(in);
            }
            finally
            {
                in.release();
            }
        }
        else
        {
            ctx.fireChannelRead(msg);
        }
    }

    public void onMessage(final ByteBuf buffer, final int index, final int length, final boolean reassembled)
    {
        if (session.delivers())
        {
            if (reassembled)
            {
                session.onCopiedMessage();
            }
            ByteBufViews.wrap(view, buffer, index, length); // the parser gives only flat buffers
            handler.onText(session, view, 0, length, session.lastReadEpochNs);
        }
    }

    public void onPing(final ByteBuf buffer, final int index, final int length)
    {
        final ByteBuf payload = ctx.alloc().buffer(length).writeBytes(buffer, index, length);
        ctx.channel().writeAndFlush(new PongWebSocketFrame(payload));
    }

    public void onPong(final ByteBuf buffer, final int index, final int length)
    {
        // Dropped, as Netty's protocol handler is configured to: reads of any kind keep the read-idle watch quiet.
    }

    public void onClose(final ByteBuf buffer, final int index, final int length)
    {
        final ByteBuf payload = ctx.alloc().buffer(length).writeBytes(buffer, index, length);
        ctx.fireChannelRead(new CloseWebSocketFrame(true, 0, payload));
    }

    public void onProtocolError(final WebSocketCloseStatus status, final String reason)
    {
        if (ctx.channel().isActive())
        {
            ctx.channel().writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
        }
        ctx.fireExceptionCaught(new CorruptedWebSocketFrameException(status, reason));
    }

    public void onMessageTooLarge(final long length)
    {
        WebSocketClientHandler.closeForMessageTooLarge(ctx, session, length, maxFrameBytes);
    }
}
