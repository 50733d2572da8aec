package dev.feedhandler.feeder.ingest;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import io.netty.handler.timeout.IdleStateHandler;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Opens WebSocket client sessions (ws:// and wss://) on a {@link NettyTransport}. Pipeline:
 * read timestamp, read-idle watch, TLS, HTTP codec (upgrade only), permessage-deflate, Netty's WebSocket protocol
 * handler (answers pings with pongs carrying the same payload), then {@link WebSocketClientHandler}. After the upgrade,
 * without permessage-deflate, Netty's frame decoder gives way to {@link WebSocketFrameReader} (no object per message).
 */
public final class WebSocketConnector
{
    /** The upgrade response is small; this bounds it. */
    static final int MAX_UPGRADE_RESPONSE_BYTES = 64 * 1024;

    private final NettyTransport transport;
    private final EpochNanoClock clock;

    public WebSocketConnector(final NettyTransport transport)
    {
        this(transport, new OffsetEpochNanoClock());
    }

    /** @param clock stamps each socket read; passed to {@link WebSocketHandler#onText} as {@code receivedEpochNs}. */
    public WebSocketConnector(final NettyTransport transport, final EpochNanoClock clock)
    {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public NettyTransport transport()
    {
        return transport;
    }

    /** Connects on the next event loop of the transport; the outcome arrives on {@code handler}. */
    public void connect(final URI uri, final WebSocketOptions options, final WebSocketHandler handler)
    {
        connect(uri, options, handler, transport.group().next());
    }

    /**
     * Connects on the given event loop (which must belong to this connector's transport), so that callers can keep
     * several sessions on one thread.
     *
     * @return the session, not yet connected; every outcome arrives on {@code handler}.
     */
    public WebSocketSession connect(
        final URI uri, final WebSocketOptions options, final WebSocketHandler handler, final EventLoop loop)
    {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        final Endpoint endpoint = Endpoint.of(uri, "ws", "wss");
        final WebSocketSession session = new WebSocketSession(uri, loop, handler);
        final long connectTimeoutMs = options.connectTimeout().toMillis();

        final Bootstrap bootstrap = new Bootstrap()
            .group(loop)
            .channel(transport.channelClass())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)Math.min(Integer.MAX_VALUE, connectTimeoutMs))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .handler(new ChannelInitializer<SocketChannel>()
            {
                protected void initChannel(final SocketChannel ch)
                {
                    initPipeline(ch, endpoint, options, session);
                }
            });

        final ChannelFuture connectFuture = bootstrap.connect(endpoint.host(), endpoint.port());
        final Channel channel = connectFuture.channel();
        session.channel(channel);
        channel.closeFuture().addListener(future -> onChannelClosed(session));
        connectFuture.addListener(future -> onConnectComplete(session, (ChannelFuture)future));
        return session;
    }

    private void initPipeline(
        final SocketChannel ch, final Endpoint endpoint, final WebSocketOptions options, final WebSocketSession session)
    {
        session.channel(ch); // before any event of this channel can reach the session
        final ChannelPipeline pipeline = ch.pipeline();
        final long connectTimeoutMs = options.connectTimeout().toMillis();
        pipeline.addLast("timestamp", new ReadTimestampHandler(session, clock));
        if (!options.readIdleTimeout().isZero())
        {
            pipeline.addLast("idle", new IdleStateHandler(
                options.readIdleTimeout().toNanos(), 0, 0, TimeUnit.NANOSECONDS));
        }
        if (endpoint.tls())
        {
            session.onTlsStarted();
            pipeline.addLast("tls", Tls.newHandler(
                options.sslContext(), ch.alloc(), endpoint.host(), endpoint.port(), connectTimeoutMs));
        }
        pipeline.addLast("http", new HttpClientCodec());
        pipeline.addLast("upgrade-aggregator", new HttpObjectAggregator(MAX_UPGRADE_RESPONSE_BYTES));
        if (options.compression())
        {
            pipeline.addLast("deflate", new WebSocketClientCompressionHandler(options.maxFrameBytes()));
        }
        pipeline.addLast("websocket", new WebSocketClientProtocolHandler(protocolConfig(session.uri(), options)));
        pipeline.addLast("session", new WebSocketClientHandler(session, options));
    }

    private static WebSocketClientProtocolConfig protocolConfig(final URI uri, final WebSocketOptions options)
    {
        return WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .version(WebSocketVersion.V13)
            .allowExtensions(options.compression())
            .customHeaders(new DefaultHttpHeaders())
            .maxFramePayloadLength(options.maxFrameBytes())
            .performMasking(true)
            .handleCloseFrames(false)       // WebSocketClientHandler records the close code as REMOTE_CLOSE
            .sendCloseFrame(null)           // WebSocketSession.close sends it
            .dropPongFrames(true)
            .handshakeTimeoutMillis(options.connectTimeout().toMillis())
            .generateOriginHeader(false)
            .withUTF8Validator(false)       // the JSON parser meets every byte anyway
            .build();
    }

    private static void onConnectComplete(final WebSocketSession session, final ChannelFuture future)
    {
        if (!future.isSuccess())
        {
            session.reason(DisconnectReason.CONNECT_FAILED, String.valueOf(future.cause()));
            future.channel().close();
        }
        else if (session.hasReason())
        {
            future.channel().close(); // closed before the channel was registered
        }
    }

    /**
     * The close future completes inside Netty's close(), sometimes before the exception that caused it has gone
     * down the pipeline: run the callback as a task so every cause has been recorded by then.
     */
    private static void onChannelClosed(final WebSocketSession session)
    {
        session.eventLoop().execute(session::onChannelClosed);
    }
}
