package dev.feedhandler.sim.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Netty WebSocket client over a real socket that records every text frame and the close status. Protocol pings
 * are answered by Netty.
 */
public final class NettyWsClient implements AutoCloseable
{
    private static final int MAX_FRAME = 16 << 20;

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final List<String> texts = new ArrayList<>();
    private final CompletableFuture<Boolean> handshake = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private Channel channel;

    private NettyWsClient()
    {
    }

    /** Connect and complete the handshake (within 10 s). */
    public static NettyWsClient connect(final String url)
    {
        final NettyWsClient client = new NettyWsClient();
        client.open(URI.create(url));
        return client;
    }

    private void open(final URI uri)
    {
        final WebSocketClientProtocolHandler protocol = new WebSocketClientProtocolHandler(
            WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13, null, false,
                new DefaultHttpHeaders(), MAX_FRAME), false);
        final Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16), protocol,
                        new WebSocketFrameAggregator(MAX_FRAME), new Recorder());
                }
            });
        try
        {
            channel = bootstrap.connect(uri.getHost(), uri.getPort()).sync().channel();
            channel.closeFuture().addListener(future -> closed.complete(-1));
            handshake.get(10, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            close();
            throw new AssertionError("cannot connect to " + uri, ex);
        }
    }

    public void send(final String text)
    {
        channel.writeAndFlush(new TextWebSocketFrame(text)).syncUninterruptibly();
    }

    public synchronized List<String> texts()
    {
        return new ArrayList<>(texts);
    }

    public synchronized int count()
    {
        return texts.size();
    }

    /** Wait for a frame after index {@code from} that matches; return its index. */
    public int await(final int from, final Predicate<String> predicate, final Duration timeout, final String what)
    {
        final int[] found = {-1};
        Poll.until(timeout, () ->
        {
            final List<String> all = texts();
            for (int i = from; i < all.size(); i++)
            {
                if (predicate.test(all.get(i)))
                {
                    found[0] = i;
                    return true;
                }
            }
            return false;
        }, () -> what + "; got " + tail());
        return found[0];
    }

    public boolean isClosed()
    {
        return closed.isDone();
    }

    /** The close status the server sent (-1: the connection ended without one). */
    public int awaitClose(final Duration timeout)
    {
        Poll.until(timeout, closed::isDone, "connection closed");
        return closed.join();
    }

    private synchronized String tail()
    {
        return texts.subList(Math.max(0, texts.size() - 3), texts.size()).toString();
    }

    @Override
    public void close()
    {
        if (channel != null)
        {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private final class Recorder extends SimpleChannelInboundHandler<WebSocketFrame>
    {
        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception
        {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE)
            {
                handshake.complete(true);
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
        {
            if (frame instanceof TextWebSocketFrame)
            {
                synchronized (NettyWsClient.this)
                {
                    texts.add(((TextWebSocketFrame)frame).text());
                }
            }
            else if (frame instanceof CloseWebSocketFrame)
            {
                closed.complete(((CloseWebSocketFrame)frame).statusCode());
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            handshake.completeExceptionally(cause);
            ctx.close();
        }
    }
}
