package dev.feedhandler.benchmarks.latency;

import dev.feedhandler.benchmarks.Corpora;
import dev.feedhandler.benchmarks.Corpus;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * End-to-end latency of the transport floor: real venue frames sent over a bare Netty WebSocket on loopback at a
 * fixed offered rate, copied by the receiving client into a bare Aeron IPC publication, and taken by a consumer
 * polling the subscription. No decoding, no book: the least any feed handler built on these transports costs. The
 * server's own event loop sends the frames on schedule, pre-encoded, without allocating ({@link SendingEventLoop}).
 * <p>
 * Latency of message {@code i} is measured from its <em>intended</em> send time {@code start + i * interval}, not
 * from when the sender got round to it, so a stalled sender or pipeline is charged for every message it delayed
 * (coordinated-omission correction by construction). Only messages after the warm-up are recorded. The run is bounded:
 * warm-up + duration + a drain timeout, then it prints percentiles and exits.
 * <p>
 * Usage: {@code FloorLatencyHarness [rate msg/s] [warm-up s] [duration s] [corpus] [hgrm file]}, defaults
 * 10000 5 10 binanceSpot; the optional file gets HdrHistogram's percentile distribution (in microseconds), which
 * HdrHistogram's plotter and most tools read.
 */
public final class FloorLatencyHarness
{
    private static final int STREAM_ID = 1001;
    /** The server's one thread (its event loop, which also sends). */
    static final String SERVER_THREAD = "floor-server-loop";
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    /** Latencies above this are recorded as this (the histogram's range). */
    private static final long MAX_LATENCY_NS = TimeUnit.SECONDS.toNanos(60);

    private FloorLatencyHarness()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int rate = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        final int warmupSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        final int durationSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        final Corpus corpus = Corpora.byName(args.length > 3 ? args[3] : Corpora.BINANCE_SPOT);
        if (rate < 1 || warmupSeconds < 0 || durationSeconds < 1)
        {
            throw new IllegalArgumentException("need rate >= 1, warm-up >= 0, duration >= 1");
        }
        final Result result = run(corpus, rate, warmupSeconds, durationSeconds);
        result.print(System.out);
        if (args.length > 4)
        {
            try (java.io.PrintStream file = new java.io.PrintStream(args[4], java.nio.charset.StandardCharsets.UTF_8))
            {
                result.histogram().outputPercentileDistribution(file, 1000.0);
            }
        }
        System.exit(result.complete() ? 0 : 1);
    }

    /** One bounded run; every resource it opens is closed before it returns. */
    public static Result run(final Corpus corpus, final int rate, final int warmupSeconds, final int durationSeconds)
        throws Exception
    {
        final long intervalNs = 1_000_000_000L / rate;
        final long warmupCount = (long)rate * warmupSeconds;
        final long total = warmupCount + (long)rate * durationSeconds;
        final Histogram histogram = new Histogram(MAX_LATENCY_NS, 3);
        final byte[][] frames = new byte[corpus.frameCount()][];
        for (int i = 0; i < frames.length; i++)
        {
            frames[i] = WebSocketFrames.textFrame(corpus.frameBytes(i));
        }

        MediaDriver driver = null;
        Aeron aeron = null;
        SendingEventLoop serverLoop = null;
        EventLoopGroup clientGroup = null;
        final FrameRing ring = new FrameRing(frames);
        try
        {
            driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            final ExclusivePublication publication = aeron.addExclusivePublication("aeron:ipc", STREAM_ID);
            final Subscription subscription = aeron.addSubscription("aeron:ipc", STREAM_ID);

            serverLoop = new SendingEventLoop(SERVER_THREAD);
            clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            final CompletableFuture<ChannelHandlerContext> serverSide = new CompletableFuture<>();
            final Channel server = new ServerBootstrap()
                .group(serverLoop.group())
                .channel(serverLoop.serverChannelClass())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    protected void initChannel(final SocketChannel channel)
                    {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                            new WebSocketServerProtocolHandler("/ws"), new ServerHandshakeListener(serverSide));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            final int port = ((InetSocketAddress)server.localAddress()).getPort();

            final Forwarder forwarder = new Forwarder(publication);
            final Channel client = new Bootstrap()
                .group(clientGroup)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>()
                {
                    protected void initChannel(final SocketChannel channel)
                    {
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                            new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                                URI.create("ws://127.0.0.1:" + port + "/ws"), WebSocketVersion.V13, null, false,
                                new DefaultHttpHeaders(), 1 << 20)),
                            forwarder);
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            final ChannelHandlerContext serverOut = serverSide.get(10, TimeUnit.SECONDS);
            final long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!publication.isConnected() || !forwarder.ready)
            {
                if (System.nanoTime() - connectDeadline > 0)
                {
                    throw new IllegalStateException("client handshake or IPC publication did not complete");
                }
                Thread.onSpinWait();
            }

            final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            final Consumer consumer = new Consumer(subscription, histogram, start, intervalNs, warmupCount, total);
            final Thread consumerThread = new Thread(consumer, "floor-consumer");
            consumerThread.start();

            serverLoop.start(serverOut, i -> ring.claim((int)(i % frames.length)), start, intervalNs, total,
                warmupCount);
            final long sendDeadlineMs = TimeUnit.NANOSECONDS.toMillis(start + total * intervalNs - System.nanoTime());
            if (!serverLoop.awaitSent(Math.max(0, sendDeadlineMs) + TimeUnit.NANOSECONDS.toMillis(DRAIN_TIMEOUT_NS),
                TimeUnit.MILLISECONDS))
            {
                System.err.printf(Locale.ROOT, "floor: the server had sent only %d of %d messages%n", serverLoop.sent(),
                    total);
            }
            final long senderMaxLagNs = serverLoop.maxLagNs();
            consumerThread.join(TimeUnit.NANOSECONDS.toMillis(DRAIN_TIMEOUT_NS) +
                TimeUnit.NANOSECONDS.toMillis(Math.max(0, start + total * intervalNs - System.nanoTime())));
            consumer.stop.set(true);
            consumerThread.join();
            final long measuredToNs = System.nanoTime();
            client.close().sync();
            server.close().sync();
            return new Result(corpus.name(), rate, warmupSeconds, durationSeconds, total - warmupCount,
                consumer.received - Math.min(consumer.received, warmupCount), forwarder.dropped, histogram,
                senderMaxLagNs, start + warmupCount * intervalNs, measuredToNs);
        }
        finally
        {
            if (clientGroup != null)
            {
                clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
            CloseHelper.quietClose(serverLoop);
            CloseHelper.closeAll(aeron, driver);
            ring.close();
        }
    }

    /** Hands over the context the server writes raw frames from, once the WebSocket handshake completed. */
    private static final class ServerHandshakeListener extends SimpleChannelInboundHandler<Object>
    {
        private final CompletableFuture<ChannelHandlerContext> channel;

        ServerHandshakeListener(final CompletableFuture<ChannelHandlerContext> channel)
        {
            this.channel = channel;
        }

        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event)
        {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete)
            {
                channel.complete(SendingEventLoop.rawContext(ctx));
            }
            ctx.fireUserEventTriggered(event);
        }

        protected void channelRead0(final ChannelHandlerContext ctx, final Object message)
        {
            // The client sends nothing after the handshake.
        }
    }

    /** The client: each text frame's bytes go into the Aeron publication as they are. */
    private static final class Forwarder extends SimpleChannelInboundHandler<TextWebSocketFrame>
    {
        private final ExclusivePublication publication;
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private final UnsafeBuffer copy = new UnsafeBuffer(new byte[1 << 20]);
        volatile boolean ready;
        long dropped;

        Forwarder(final ExclusivePublication publication)
        {
            this.publication = publication;
        }

        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event)
        {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE)
            {
                ready = true;
            }
            ctx.fireUserEventTriggered(event);
        }

        protected void channelRead0(final ChannelHandlerContext ctx, final TextWebSocketFrame frame)
        {
            final ByteBuf content = frame.content();
            final int length = content.readableBytes();
            final DirectBuffer source;
            if (content.hasMemoryAddress())
            {
                view.wrap(content.memoryAddress() + content.readerIndex(), length);
                source = view;
            }
            else
            {
                content.getBytes(content.readerIndex(), copy.byteArray(), 0, length);
                source = copy;
            }
            long result;
            int retries = 0;
            while ((result = publication.offer(source, 0, length)) < 0)
            {
                if (result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION || ++retries > 1_000_000)
                {
                    dropped++;
                    return;
                }
                Thread.onSpinWait();
            }
        }
    }

    /** Polls the subscription and records each message's latency from its intended send time. */
    private static final class Consumer implements Runnable
    {
        private final Subscription subscription;
        private final Histogram histogram;
        private final long start;
        private final long intervalNs;
        private final long warmupCount;
        private final long total;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final FragmentHandler handler = this::onFragment;
        private volatile long received;

        Consumer(final Subscription subscription, final Histogram histogram, final long start, final long intervalNs,
            final long warmupCount, final long total)
        {
            this.subscription = subscription;
            this.histogram = histogram;
            this.start = start;
            this.intervalNs = intervalNs;
            this.warmupCount = warmupCount;
            this.total = total;
        }

        public void run()
        {
            while (received < total && !stop.get())
            {
                if (subscription.poll(handler, 64) == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }

        private void onFragment(final DirectBuffer buffer, final int offset, final int length,
            final io.aeron.logbuffer.Header header)
        {
            final long now = System.nanoTime();
            final long index = received;
            if (index >= warmupCount)
            {
                histogram.recordValue(Math.min(MAX_LATENCY_NS, Math.max(0, now - (start + index * intervalNs))));
            }
            received = index + 1;
        }
    }

    /**
     * What one run measured; {@code senderMaxLagNs}, {@code measuredFromNs} and {@code measuredToNs} as in
     * {@link LoadRunResult}.
     */
    public record Result(
        String corpus, int rate, int warmupSeconds, int durationSeconds, long expected, long received, long dropped,
        Histogram histogram, long senderMaxLagNs, long measuredFromNs, long measuredToNs)
    {
        public boolean complete()
        {
            return received == expected && dropped == 0;
        }

        /** The summary the throughput search judges; the forwarder's drops stand in for gaps (no ids here). */
        public LoadRunResult summary()
        {
            return new LoadRunResult("floor", rate, expected, received, dropped, histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(99), histogram.getMaxValue(), senderMaxLagNs, measuredFromNs,
                measuredToNs);
        }

        public void print(final java.io.PrintStream out)
        {
            out.printf(Locale.ROOT, "floor: corpus=%s rate=%d msg/s warmup=%ds duration=%ds expected=%d received=%d " +
                "dropped=%d%n", corpus, rate, warmupSeconds, durationSeconds, expected, received, dropped);
            out.printf(Locale.ROOT, "floor latency (us, from intended send, CO-corrected): p50=%.1f p90=%.1f " +
                "p99=%.1f p99.9=%.1f p99.99=%.1f max=%.1f%n",
                histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(90) / 1e3,
                histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3,
                histogram.getValueAtPercentile(99.99) / 1e3, histogram.getMaxValue() / 1e3);
        }
    }
}
