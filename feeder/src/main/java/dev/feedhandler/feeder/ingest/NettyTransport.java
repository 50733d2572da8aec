package dev.feedhandler.feeder.ingest;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.TimeUnit;

/**
 * The event loops every network client of one process shares: epoll when the native transport loads, NIO
 * otherwise. Threads are named {@code <prefix>-<n>} and are daemons, so a forgotten transport never keeps the
 * JVM alive; {@link #close()} still shuts them down in order.
 */
public final class NettyTransport implements AutoCloseable
{
    /** How long {@link #close()} lets queued tasks run before it stops the loops. */
    public static final long SHUTDOWN_QUIET_PERIOD_MS = 0;
    /** The longest {@link #close()} waits for the loops to end. */
    public static final long SHUTDOWN_TIMEOUT_MS = 5_000;

    private final EventLoopGroup group;
    private final boolean epoll;

    private NettyTransport(final EventLoopGroup group, final boolean epoll)
    {
        this.group = group;
        this.epoll = epoll;
    }

    /**
     * @param ioThreads        number of event loops (at least 1).
     * @param threadNamePrefix prefix of the loop threads' names.
     */
    public static NettyTransport create(final int ioThreads, final String threadNamePrefix)
    {
        if (ioThreads < 1)
        {
            throw new IllegalArgumentException("ioThreads must be >= 1: " + ioThreads);
        }
        final boolean epoll = Epoll.isAvailable();
        final IoHandlerFactory ioHandlerFactory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        final DefaultThreadFactory threadFactory = new DefaultThreadFactory(threadNamePrefix, true);
        return new NettyTransport(new MultiThreadIoEventLoopGroup(ioThreads, threadFactory, ioHandlerFactory), epoll);
    }

    public EventLoopGroup group()
    {
        return group;
    }

    public Class<? extends SocketChannel> channelClass()
    {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The matching server channel, for loopback simulators and tests. */
    public Class<? extends ServerSocketChannel> serverChannelClass()
    {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public boolean isEpoll()
    {
        return epoll;
    }

    /** Graceful shutdown: waits at most {@link #SHUTDOWN_TIMEOUT_MS} for the loops to end. */
    public void close()
    {
        group.shutdownGracefully(SHUTDOWN_QUIET_PERIOD_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS);
    }

    public String toString()
    {
        return "NettyTransport{" + (epoll ? "epoll" : "nio") + '}';
    }
}
