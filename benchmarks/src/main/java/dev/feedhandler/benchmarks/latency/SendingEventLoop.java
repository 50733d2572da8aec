package dev.feedhandler.benchmarks.latency;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A harness venue's event loop (one thread; epoll when the native transport loads, else NIO) that also sends an
 * open-loop schedule without allocating: message {@code i} is due at {@code start + i * interval}, and each turn of
 * the loop first writes every message that is due (at most {@link #MAX_BATCH}, each as soon as the loop gets to it,
 * never before, and none while the last batch is still queued), flushes, then does the channel's I/O without
 * blocking while a schedule runs. Writing on the channel's own loop with
 * {@code ctx.write(frame, ctx.voidPromise())} needs no write task and no promise (a foreign thread's
 * {@code writeAndFlush} allocates both per message); epoll writes from the buffers' memory addresses (NIO makes a
 * {@code DirectByteBuffer} view per write); the frames are raw WebSocket frames ({@link WebSocketFrames}) in buffers
 * written again and again ({@link FrameRing}: no buffer object and no leak-detector record per message), written from
 * a context in front of the WebSocket encoder (see {@link #rawContext}).
 */
final class SendingEventLoop implements AutoCloseable
{
    /**
     * The messages written before the loop flushes and turns to I/O, however far behind it is. With no batch written
     * while the last one is still queued (the socket full), at most this many write entries are ever outstanding:
     * Netty recycles them through a per-thread array of 32 (its default {@code io.netty.recycler.chunkSize}) and,
     * beyond that, a queue that allocates as it grows, so the bound keeps the recycling allocation-free.
     */
    static final int MAX_BATCH = 16;

    /**
     * Message {@code index} as a raw WebSocket frame in a buffer the write releases (a {@link FrameRing} slot's), or
     * null if its buffer is still being written: the loop then does I/O and asks again.
     */
    interface Frames
    {
        ByteBuf frame(long index);
    }

    private static final String RAW = "raw-frames";

    private final boolean epoll;
    private final EventLoopGroup group;
    private final CountDownLatch finished = new CountDownLatch(1);
    private Frames frames;
    private long start;
    private long intervalNs;
    private long total;
    private long warmupCount;
    private long next;
    private volatile long maxLagNs;
    private volatile long sent;
    /** Set last by {@link #start}: the loop reads the schedule after it. Null again once the schedule is done. */
    private volatile ChannelHandlerContext out;

    SendingEventLoop(final String threadName)
    {
        epoll = Epoll.isAvailable();
        final IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadName),
            (IoHandlerFactory)executor -> new SendingIoHandler(io.newHandler(executor)));
    }

    EventLoopGroup group()
    {
        return group;
    }

    Class<? extends ServerChannel> serverChannelClass()
    {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    boolean isEpoll()
    {
        return epoll;
    }

    /**
     * The context raw frames are written from: a pass-through handler put first in the pipeline (next to the
     * transport), so the writes skip the WebSocket encoder and every other handler. Call once the handshake is
     * complete, from the channel's loop (a handler's event).
     */
    static ChannelHandlerContext rawContext(final ChannelHandlerContext ctx)
    {
        if (ctx.pipeline().get(RAW) == null)
        {
            ctx.pipeline().addFirst(RAW, new io.netty.channel.ChannelOutboundHandlerAdapter());
        }
        return ctx.pipeline().context(RAW);
    }

    /**
     * Starts the schedule on {@code out} (a context of a channel of this loop): {@code total} messages, the first due
     * at {@code start} ({@link System#nanoTime()}); lag is tracked from {@code warmupCount} on. Once only.
     */
    void start(final ChannelHandlerContext out, final Frames frames, final long start, final long intervalNs,
        final long total, final long warmupCount)
    {
        if (out.channel().eventLoop().parent() != group)
        {
            throw new IllegalArgumentException("the channel is not on this loop");
        }
        if (this.frames != null)
        {
            throw new IllegalStateException("already started");
        }
        this.frames = frames;
        this.start = start;
        this.intervalNs = intervalNs;
        this.total = total;
        this.warmupCount = warmupCount;
        this.out = out;
        group.next().execute(() -> { }); // wakes the loop if it is blocked in I/O
    }

    /** Waits until every message was written (or the channel closed); false on time-out. */
    boolean awaitSent(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return finished.await(timeout, unit);
    }

    /** Messages written so far. */
    long sent()
    {
        return sent;
    }

    /** The most any message from {@code warmupCount} on was written after its due time, ns. */
    long maxLagNs()
    {
        return maxLagNs;
    }

    /** On the loop: writes what is due; true while a schedule runs (the loop must not block). */
    private boolean sendDue()
    {
        final ChannelHandlerContext out = this.out;
        if (out == null)
        {
            return false;
        }
        final ChannelOutboundBuffer queued = out.channel().unsafe().outboundBuffer();
        if (queued == null || !out.channel().isActive())
        {
            finish();
            return false;
        }
        if (queued.size() > 0)
        {
            return true; // the last batch is not all in the socket yet: I/O first (the delay counts as lag)
        }
        long i = next;
        long intended = start + i * intervalNs;
        long now = System.nanoTime();
        if (now - intended < 0)
        {
            return true;
        }
        long lag = maxLagNs;
        final long batchEnd = Math.min(total, i + MAX_BATCH);
        do
        {
            final ByteBuf frame = frames.frame(i);
            if (frame == null)
            {
                break; // its buffer is still queued: I/O first
            }
            if (i >= warmupCount && now - intended > lag)
            {
                lag = now - intended;
            }
            out.write(frame, out.voidPromise());
            i++;
            intended += intervalNs;
        }
        while (i < batchEnd && (now = System.nanoTime()) - intended >= 0);
        if (i == next)
        {
            return true;
        }
        out.flush();
        next = i;
        maxLagNs = lag;
        sent = i;
        if (i == total)
        {
            finish();
        }
        return true;
    }

    private void finish()
    {
        out = null;
        finished.countDown();
    }

    public void close()
    {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The transport's handler, with {@link #sendDue} before each turn of I/O, which does not block meanwhile. */
    private final class SendingIoHandler implements IoHandler
    {
        private final IoHandler io;
        private final NonBlocking nonBlocking = new NonBlocking();

        SendingIoHandler(final IoHandler io)
        {
            this.io = io;
        }

        public void initialize()
        {
            io.initialize();
        }

        public int run(final IoHandlerContext context)
        {
            if (sendDue())
            {
                nonBlocking.context = context;
                return io.run(nonBlocking);
            }
            return io.run(context);
        }

        public void prepareToDestroy()
        {
            io.prepareToDestroy();
        }

        public void destroy()
        {
            io.destroy();
        }

        public IoRegistration register(final IoHandle handle) throws Exception
        {
            return io.register(handle);
        }

        public void wakeup()
        {
            io.wakeup();
        }

        public boolean isCompatible(final Class<? extends IoHandle> handleType)
        {
            return io.isCompatible(handleType);
        }
    }

    /** The loop's own context, except that it may never block. */
    private static final class NonBlocking implements IoHandlerContext
    {
        IoHandlerContext context;

        public boolean canBlock()
        {
            return false;
        }

        public long delayNanos(final long currentTimeNanos)
        {
            return 0;
        }

        public long deadlineNanos()
        {
            return context.deadlineNanos();
        }

        public void reportActiveIoTime(final long activeNanos)
        {
            context.reportActiveIoTime(activeNanos);
        }

        public boolean shouldReportActiveIoTime()
        {
            return context.shouldReportActiveIoTime();
        }
    }
}
