package dev.feedhandler.feeder.ingest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback WebSocket server for tests: records what each client sends and lets the test push text (whole or
 * fragmented), pings, close frames, resets and drops; can stream a numbered sequence to every open connection.
 */
public final class TestWebSocketServer implements AutoCloseable
{
    static final String PATH = "/ws";

    private final NettyTransport transport = NettyTransport.create(1, "test-ws-server");
    private final SslContext sslContext;
    private final boolean compression;
    private final Channel serverChannel;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
    private final AtomicLong streamSequence = new AtomicLong();
    private volatile ScheduledFuture<?> stream;

    TestWebSocketServer(final SslContext sslContext, final boolean compression)
    {
        this(sslContext, compression, 0);
    }

    /** @param port 0 for any free port. */
    TestWebSocketServer(final SslContext sslContext, final boolean compression, final int port)
    {
        this.sslContext = sslContext;
        this.compression = compression;
        this.serverChannel = new ServerBootstrap()
            .group(transport.group())
            .channel(transport.serverChannelClass())
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                protected void initChannel(final SocketChannel ch)
                {
                    initPipeline(ch);
                }
            })
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .syncUninterruptibly()
            .channel();
    }

    public static TestWebSocketServer plain()
    {
        return new TestWebSocketServer(null, false);
    }

    int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    public URI uri()
    {
        return uri(PATH);
    }

    URI uri(final String path)
    {
        return URI.create((sslContext != null ? "wss" : "ws") + "://localhost:" + port() + path);
    }

    /** The next connection whose upgrade completed (in order of completion). */
    public Connection nextConnection()
    {
        return Await.next(accepted, "a WebSocket connection to the test server");
    }

    List<Connection> connections()
    {
        return connections;
    }

    /** Sends {@code seq:<n>} to every open connection every {@code periodMicros}, n = 1, 2, ... */
    void startStream(final long periodMicros)
    {
        final Channel any = serverChannel;
        stream = any.eventLoop().scheduleAtFixedRate(this::streamTick, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    long streamedUpTo()
    {
        return streamSequence.get();
    }

    void stopStream()
    {
        final ScheduledFuture<?> stream = this.stream;
        if (stream != null)
        {
            stream.cancel(false);
            serverChannel.eventLoop().submit(() -> { }).syncUninterruptibly(); // a tick in progress has ended
        }
    }

    private void streamTick()
    {
        final String text = "seq:" + streamSequence.incrementAndGet();
        for (final Connection connection : connections)
        {
            if (connection.channel.isActive())
            {
                connection.channel.writeAndFlush(new TextWebSocketFrame(text));
            }
        }
    }

    public void close()
    {
        stopStream();
        serverChannel.close().syncUninterruptibly();
        for (final Connection connection : connections)
        {
            connection.channel.close();
        }
        transport.close();
    }

    private void initPipeline(final SocketChannel ch)
    {
        final ChannelPipeline pipeline = ch.pipeline();
        if (sslContext != null)
        {
            pipeline.addLast(sslContext.newHandler(ch.alloc()));
        }
        pipeline.addLast(new HttpServerCodec());
        pipeline.addLast(new HttpObjectAggregator(64 * 1024));
        if (compression)
        {
            pipeline.addLast(new WebSocketServerCompressionHandler(64 * 1024 * 1024));
        }
        pipeline.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(PATH)
            .checkStartsWith(true)
            .allowExtensions(compression)
            .maxFramePayloadLength(64 * 1024 * 1024)
            .handleCloseFrames(false)
            .sendCloseFrame(null)       // drop() and reset() must not send a close frame first
            .dropPongFrames(false)
            .build()));
        pipeline.addLast(new ServerHandler());
    }

    /** One server side of a client connection. */
    public static final class Connection
    {
        public final Channel channel;
        final Map<String, String> requestHeaders;
        public final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
        final BlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();
        final BlockingQueue<Long> textArrivalNs = new LinkedBlockingQueue<>();

        Connection(final Channel channel, final Map<String, String> requestHeaders)
        {
            this.channel = channel;
            this.requestHeaders = requestHeaders;
        }

        public void sendText(final String text)
        {
            channel.writeAndFlush(new TextWebSocketFrame(text)).syncUninterruptibly();
        }

        /** A text frame of exactly these bytes, valid UTF-8 or not. */
        public void sendText(final byte[] text)
        {
            channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(text))).syncUninterruptibly();
        }

        /** One message as a text frame followed by continuation frames, one per part. */
        void sendFragmented(final String... parts)
        {
            channel.eventLoop().execute(() ->
            {
                for (int i = 0; i < parts.length; i++)
                {
                    final boolean last = i == parts.length - 1;
                    final ByteBuf payload = Unpooled.copiedBuffer(parts[i], StandardCharsets.UTF_8);
                    final WebSocketFrame frame = i == 0 ?
                        new TextWebSocketFrame(last, 0, payload) : new ContinuationWebSocketFrame(last, 0, payload);
                    channel.write(frame);
                }
                channel.flush();
            });
        }

        /** Sends any frame as it is, even one that breaks the protocol. */
        void sendFrame(final WebSocketFrame frame)
        {
            channel.writeAndFlush(frame).syncUninterruptibly();
        }

        void ping(final byte[] payload)
        {
            channel.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(payload))).syncUninterruptibly();
        }

        void sendClose(final int status, final String reason)
        {
            channel.writeAndFlush(new CloseWebSocketFrame(status, reason)).syncUninterruptibly();
        }

        /** Closes with SO_LINGER 0: the client sees a TCP RST. */
        void reset()
        {
            channel.eventLoop().execute(() ->
            {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
                channel.close();
            });
        }

        /** Closes the TCP connection without a close frame. */
        public void drop()
        {
            channel.close().syncUninterruptibly();
        }

        boolean deflateNegotiated()
        {
            for (final Map.Entry<String, io.netty.channel.ChannelHandler> entry : channel.pipeline())
            {
                if (entry.getValue().getClass().getSimpleName().startsWith("PerMessageDeflate"))
                {
                    return true;
                }
            }
            return false;
        }
    }

    private final class ServerHandler extends SimpleChannelInboundHandler<Object>
    {
        private Connection connection;

        public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
        {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete)
            {
                final WebSocketServerProtocolHandler.HandshakeComplete handshake =
                    (WebSocketServerProtocolHandler.HandshakeComplete)evt;
                final Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                handshake.requestHeaders().forEach(e -> headers.put(e.getKey(), e.getValue()));
                connection = new Connection(ctx.channel(), headers);
                connections.add(connection);
                accepted.add(connection);
            }
            ctx.fireUserEventTriggered(evt);
        }

        protected void channelRead0(final ChannelHandlerContext ctx, final Object msg)
        {
            if (msg instanceof FullHttpRequest)
            {
                final DefaultFullHttpResponse response = new DefaultFullHttpResponse(
                    ((FullHttpRequest)msg).protocolVersion(), HttpResponseStatus.NOT_FOUND);
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
            else if (msg instanceof TextWebSocketFrame)
            {
                connection.textArrivalNs.add(System.nanoTime());
                connection.texts.add(((TextWebSocketFrame)msg).text());
            }
            else if (msg instanceof PongWebSocketFrame)
            {
                connection.pongs.add(ByteBufUtil.getBytes(((PongWebSocketFrame)msg).content()));
            }
            else if (msg instanceof CloseWebSocketFrame)
            {
                connection.closeCodes.add(((CloseWebSocketFrame)msg).statusCode());
                ctx.writeAndFlush(new CloseWebSocketFrame(((CloseWebSocketFrame)msg).statusCode(), ""))
                    .addListener(ChannelFutureListener.CLOSE);
            }
        }

        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            ctx.close();
        }
    }
}
