package dev.feedhandler.sim.server;

import dev.feedhandler.sim.SimulatorConfig;
import dev.feedhandler.sim.engine.Engine;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Netty HTTP and WebSocket server: one port for every venue (by path prefix) and the control API.
 */
public final class SimServer implements AutoCloseable
{
    private static final int MAX_REQUEST_BYTES = 1 << 16;

    private final Engine engine;
    private final SimulatorConfig config;
    private final Set<WsSession> sessions = ConcurrentHashMap.newKeySet();
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;
    private volatile Runnable stopAction = () -> { };

    public SimServer(final Engine engine, final SimulatorConfig config)
    {
        this.engine = engine;
        this.config = config;
    }

    /** What {@code POST /control/stop} runs (on its own thread): the owner's close. */
    public void onStop(final Runnable stopAction)
    {
        this.stopAction = stopAction;
    }

    void requestStop()
    {
        final Thread stopper = new Thread(stopAction, "venue-sim-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    /**
     * Bind and start accepting.
     *
     * @return the bound port.
     */
    public int start() throws InterruptedException
    {
        bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("venue-sim-accept", true),
            NioIoHandler.newFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(config.workerThreads(),
            new DefaultThreadFactory("venue-sim-io", true), NioIoHandler.newFactory());
        final int highWaterMark = config.maxPendingBytes();
        final ServerBootstrap bootstrap = new ServerBootstrap()
            .group(bossGroup, workerGroup)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 256)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(highWaterMark / 2, highWaterMark))
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel channel)
                {
                    channel.pipeline()
                        .addLast("http-codec", new HttpServerCodec())
                        .addLast("http-aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                        .addLast("router", new HttpRouter(engine, SimServer.this, config));
                }
            });
        try
        {
            serverChannel = bootstrap.bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
        }
        catch (final RuntimeException | InterruptedException ex)
        {
            close();
            throw ex;
        }
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    /** WebSocket connections open now. */
    public int openConnections()
    {
        return sessions.size();
    }

    void register(final WsSession session)
    {
        sessions.add(session);
    }

    void unregister(final WsSession session)
    {
        sessions.remove(session);
    }

    /** Close every WebSocket with a close frame, stop accepting, and stop the network threads. */
    @Override
    public void close()
    {
        if (serverChannel != null)
        {
            serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        final List<WsSession> open = new ArrayList<>(sessions);
        for (final WsSession session : open)
        {
            session.closeGoingAway();
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (final WsSession session : open)
        {
            final long remainingNs = deadline - System.nanoTime();
            if (remainingNs > 0)
            {
                session.closeFuture().awaitUninterruptibly(remainingNs, TimeUnit.NANOSECONDS);
            }
        }
        if (workerGroup != null)
        {
            workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
        if (bossGroup != null)
        {
            bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }
}
