package dev.feedhandler.benchmarks.latency;

import dev.feedhandler.affinity.CorePinning;
import dev.feedhandler.feeder.config.ConfigLoader;
import dev.feedhandler.feeder.daemon.Daemon;
import dev.feedhandler.feeder.metrics.LatencyHistograms;
import dev.feedhandler.protocol.sbe.BookDeltaDecoder;
import dev.feedhandler.protocol.sbe.MessageHeaderDecoder;
import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end latency through the real daemon, in one JVM: a loopback Binance-spot venue (a Netty WebSocket
 * combined stream and a REST depth endpoint) sends diff frames at a fixed offered rate, the daemon ({@link Daemon},
 * started from a generated TOML config: Netty ingest, decoder, event ring, book processor, SBE publisher) syncs the
 * book and publishes BookDelta messages on Aeron IPC through an external media driver this harness launches, and a
 * consumer polling the delta stream records, per delta, the time from the diff's <em>intended</em> send time
 * ({@code start + i / rate}, i.e. corrected for coordinated omission) to its arrival. Compare with
 * {@link FloorLatencyHarness} at the same rate.
 * <p>
 * The stream is synthetic so it never ends or crosses: one instrument (BTCUSDT, scales 2/8) with {@code levels}
 * fixed prices per side around 60,000.00; each frame sets the quantity of one bid and one ask level (mostly near the
 * top), with ids rising by 1 (the spot rule). Frames are rendered before the run (as raw WebSocket frames) and only
 * their ids patched when sent; the venue's own event loop sends them on schedule ({@link SendingEventLoop}), so
 * sending allocates nothing that the daemon, in the same JVM, would have to collect. Stages: send -> socket read and published -> received from the BookDelta's own timestamps (see
 * {@link Consumer}); socket read -> ring, ring -> applied and applied -> published from the daemon's own stage
 * histograms ({@code [metrics] ring_timestamps} on, see {@link DaemonStages}). The run is bounded (start-up limit,
 * warm-up + duration, at most 10 s to drain) and exits by itself. With a {@code .hgrm} file it also writes one per
 * stage beside it ({@link DaemonStages#stageFile}).
 * <p>
 * Usage: {@code DaemonLatencyHarness [rate] [warm-up s] [duration s] [levels] [idle] [hgrm file]}, defaults
 * 10000 5 10 1000 backoff.
 * <p>
 * Placement, for a machine with a core for each role (nothing is placed by default): {@code -Dlatency.affinity=} the
 * daemon's {@code [affinity]} table as TOML lines separated by {@code ;} (e.g. {@code book_processor = 2; io = "3";
 * driver_conductor = 4}, see docs/configuration.md; the daemon checks and applies it as in production), and
 * {@code -Dlatency.consumer_cpu=} / {@code -Dlatency.venue_cpu=} pin the harness's own consumer thread and the
 * venue's event loop. Each pinning is reported, and a CPU that cannot be had is said so and the thread runs unpinned.
 */
public final class DaemonLatencyHarness
{
    private static final long FIRST_ID = 100_000_000_000L; // 12 digits, so the id fields keep their width
    private static final int ID_DIGITS = 12;
    private static final int TEMPLATES = 4096;
    private static final long MAX_LATENCY_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final int DELTA_STREAM = 1001;
    /** The venue's one thread (its event loop, which also sends): named for the zero-GC run's report. */
    public static final String VENUE_THREAD = "venue-loop";
    /** The daemon's {@code [affinity]} lines, separated by ';' (empty: the table is left out). */
    private static final String AFFINITY = System.getProperty("latency.affinity", "");
    private static final int CONSUMER_CPU = Integer.getInteger("latency.consumer_cpu", -1);
    private static final int VENUE_CPU = Integer.getInteger("latency.venue_cpu", -1);

    private DaemonLatencyHarness()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int rate = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        final int warmupSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        final int durationSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        final int levels = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        final String idle = args.length > 4 ? args[4] : "backoff";
        if (rate < 1 || warmupSeconds < 0 || durationSeconds < 1 || levels < 20 || levels > 5000)
        {
            throw new IllegalArgumentException("need rate >= 1, warm-up >= 0, duration >= 1, levels 20..5000");
        }
        final LoadRunResult result =
            run(rate, warmupSeconds, durationSeconds, levels, idle, args.length > 5 ? args[5] : null);
        System.exit(result.complete() ? 0 : 1);
    }

    /** The {@code [affinity]} table from {@code -Dlatency.affinity}, or nothing. */
    private static String affinityTable()
    {
        if (AFFINITY.isBlank())
        {
            return "";
        }
        final StringBuilder table = new StringBuilder("[affinity]\n");
        for (final String line : AFFINITY.split(";"))
        {
            table.append(line.strip()).append('\n');
        }
        return table.toString();
    }

    /**
     * One bounded run with a fresh venue, daemon and media driver, printing its report (and writing the percentile
     * distribution to {@code hgrmFile} unless null); everything it opens is closed before it returns.
     */
    public static LoadRunResult run(final int rate, final int warmupSeconds, final int durationSeconds,
        final int levels, final String idle, final String hgrmFile) throws Exception
    {
        final long intervalNs = 1_000_000_000L / rate;
        final long warmupCount = (long)rate * warmupSeconds;
        final long total = warmupCount + (long)rate * durationSeconds;
        final Histogram histogram = new Histogram(MAX_LATENCY_NS, 3);
        final Stream stream = new Stream(levels);

        MediaDriver driver = null;
        Aeron aeron = null;
        Daemon daemon = null;
        SendingEventLoop venueLoop = null;
        Path config = null;
        Consumer consumer = null;
        LoadRunResult result = null;
        try
        {
            driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            final Subscription deltas = aeron.addSubscription("aeron:ipc", DELTA_STREAM);

            venueLoop = new SendingEventLoop(VENUE_THREAD);
            final Venue venue = new Venue(stream);
            final Channel server = new ServerBootstrap()
                .group(venueLoop.group())
                .channel(venueLoop.serverChannelClass())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    protected void initChannel(final SocketChannel channel)
                    {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                            new WebSocketServerProtocolHandler("/stream", null, false, 65536, false, true), venue);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            final int port = ((InetSocketAddress)server.localAddress()).getPort();

            if (VENUE_CPU >= 0)
            {
                venueLoop.group().execute(() -> System.out.println("daemon harness: " +
                    CorePinning.pinCurrentThread(VENUE_CPU).detail()));
            }
            config = Files.createTempFile("daemon-latency", ".toml");
            Files.writeString(config, affinityTable() + String.join("\n",
                "[processor]",
                "idle = \"" + idle + "\"",
                "[metrics]",
                "ring_timestamps = true",
                "[publisher]",
                "channel = \"aeron:ipc\"",
                "aeron_dir = \"" + driver.aeronDirectoryName() + "\"",
                "delta_stream = " + DELTA_STREAM,
                "snapshot_stream = " + (DELTA_STREAM + 1),
                "[[venues]]",
                "name = \"binance-spot\"",
                "ws_url = \"ws://127.0.0.1:" + port + "/stream\"",
                "rest_depth_url = \"http://127.0.0.1:" + port + "/api/v3/depth\"",
                "snapshot_limit = " + Math.min(5000, Math.max(levels, 5)),
                "instruments = [ { symbol = \"BTCUSDT\", price_scale = 2, qty_scale = 8 } ]",
                ""));
            daemon = Daemon.start(ConfigLoader.load(config));

            final ChannelHandlerContext wsOut = venue.webSocket.get(30, TimeUnit.SECONDS);
            venue.snapshotServed.get(30, TimeUnit.SECONDS);

            final EpochNanoClock epochClock = new SystemEpochNanoClock();
            final long epochOffset = epochClock.nanoTime() - System.nanoTime();
            final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            consumer = new Consumer(deltas, histogram, start, intervalNs, warmupCount, total, epochClock, epochOffset);
            final DaemonStages stages = new DaemonStages(daemon.metrics().latency(), consumer);
            final Thread consumerThread = new Thread(consumer, "daemon-latency-consumer");
            consumerThread.start();
            stages.start();
            venueLoop.start(wsOut, stream, start, intervalNs, total, warmupCount);
            final long sendDeadlineMs = TimeUnit.NANOSECONDS.toMillis(start + total * intervalNs - System.nanoTime());
            if (!venueLoop.awaitSent(Math.max(0, sendDeadlineMs) + TimeUnit.NANOSECONDS.toMillis(DRAIN_TIMEOUT_NS),
                TimeUnit.MILLISECONDS))
            {
                System.err.printf(Locale.ROOT, "daemon: the venue had sent only %d of %d messages%n",
                    venueLoop.sent(), total);
            }
            final long senderMaxLagNs = venueLoop.maxLagNs();
            consumerThread.join(TimeUnit.NANOSECONDS.toMillis(DRAIN_TIMEOUT_NS +
                Math.max(0, start + total * intervalNs - System.nanoTime())));
            consumer.stop = true;
            consumerThread.join();
            final long measuredToNs = System.nanoTime();
            server.close().sync();
            final Daemon stopped = daemon;
            daemon = null;
            stopped.close(); // its book thread has recorded its last update
            stages.collect();
            final long expected = total - warmupCount;
            final long received = consumer.recorded;
            result = new LoadRunResult("daemon", rate, expected, received, consumer.gaps,
                histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99), histogram.getMaxValue(),
                senderMaxLagNs, start + warmupCount * intervalNs, measuredToNs);
            System.out.printf(Locale.ROOT, "daemon: rate=%d msg/s warmup=%ds duration=%ds levels=%d idle=%s " +
                "expected=%d received=%d gaps=%d%n", rate, warmupSeconds, durationSeconds, levels, idle, expected,
                received, consumer.gaps);
            if (!AFFINITY.isBlank() || CONSUMER_CPU >= 0 || VENUE_CPU >= 0)
            {
                System.out.printf(Locale.ROOT, "daemon placement: [affinity] %s; consumer CPU %d, venue CPU %d%n",
                    AFFINITY.isBlank() ? "none" : AFFINITY, CONSUMER_CPU, VENUE_CPU);
            }
            System.out.printf(Locale.ROOT, "daemon latency (us, intended send -> delta received, CO-corrected): " +
                "p50=%.1f p90=%.1f p99=%.1f p99.9=%.1f p99.99=%.1f max=%.1f%n",
                histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(90) / 1e3,
                histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3,
                histogram.getValueAtPercentile(99.99) / 1e3, histogram.getMaxValue() / 1e3);
            printStage("send -> socket read", consumer.sendToRead);
            stages.print();
            printStage("published -> received", consumer.publishToReceive);
            printStage("socket read -> published", consumer.readToPublish);
            if (hgrmFile != null)
            {
                try (PrintStream file = new PrintStream(hgrmFile, StandardCharsets.UTF_8))
                {
                    histogram.outputPercentileDistribution(file, 1000.0);
                }
                stages.write(hgrmFile, consumer);
            }
        }
        finally
        {
            CloseHelper.quietClose(daemon);
            CloseHelper.quietClose(venueLoop);
            stream.close();
            CloseHelper.closeAll(aeron, driver);
            if (config != null)
            {
                Files.deleteIfExists(config);
            }
        }
        return result;
    }

    private static void printStage(final String name, final Histogram stage)
    {
        printStage(name, stage, "");
    }

    private static void printStage(final String name, final Histogram stage, final String suffix)
    {
        System.out.printf(Locale.ROOT, "  stage %-26s (us): p50=%.1f p99=%.1f p99.9=%.1f max=%.1f%s%n", name,
            stage.getValueAtPercentile(50) / 1e3, stage.getValueAtPercentile(99) / 1e3,
            stage.getValueAtPercentile(99.9) / 1e3, stage.getMaxValue() / 1e3, suffix);
    }

    /**
     * The stages inside the daemon, from its own histograms (book thread, one clock: the ingest's socket read and
     * ring commit, the processor's applied and published): socket read -> ring (decode, claim, commit), ring ->
     * applied (ring queueing, the processor's read, the book update), applied -> published (SBE encode and the Aeron
     * offer of every part, until the publisher returns; the consumer's published -> received starts at the encode,
     * so the two overlap by the offer). They cover the updates applied after the consumer received the first measured
     * delta, when a thread it wakes marks the window: warm-up is left out, and so are the measured updates applied
     * before the mark (the processor runs ahead of the consumer; the printed n says how many the window holds).
     */
    static final class DaemonStages
    {
        private final LatencyHistograms latency;
        private final Thread marker;
        private Histogram readToRing;
        private Histogram ringToApplied;
        private Histogram appliedToPublished;

        DaemonStages(final LatencyHistograms latency, final Consumer consumer)
        {
            if (latency == null || !latency.hasRingStages())
            {
                throw new IllegalStateException("the daemon must run with [metrics] ring_timestamps = true");
            }
            this.latency = latency;
            this.marker = new Thread(() ->
            {
                while (consumer.recorded == 0 && !consumer.stop)
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // the consumer unparks it at once
                }
                latency.markWindow();
            }, "daemon-latency-stage-marker");
            marker.setDaemon(true);
            consumer.onFirstMeasured = marker;
        }

        void start()
        {
            marker.start();
        }

        /** Once the daemon has stopped, so every update it applied is in its histograms. */
        void collect() throws InterruptedException
        {
            marker.join();
            readToRing = latency.window(LatencyHistograms.Stage.INGRESS_TO_RING);
            ringToApplied = latency.window(LatencyHistograms.Stage.RING_TO_APPLIED);
            appliedToPublished = latency.window(LatencyHistograms.Stage.APPLIED_TO_PUBLISHED);
        }

        void print()
        {
            final String suffix = " (daemon, n=" + appliedToPublished.getTotalCount() + ")";
            printStage("socket read -> ring", readToRing, suffix);
            printStage("ring -> applied", ringToApplied, suffix);
            printStage("applied -> published", appliedToPublished, suffix);
        }

        /** One percentile file per stage (us) beside {@code totalFile}, named by {@link #stageFile}. */
        void write(final String totalFile, final Consumer consumer) throws Exception
        {
            final String[] names = {"send-to-read", "read-to-ring", "ring-to-applied", "applied-to-published",
                "published-to-received"};
            final Histogram[] stages = {consumer.sendToRead, readToRing, ringToApplied, appliedToPublished,
                consumer.publishToReceive};
            for (int i = 0; i < names.length; i++)
            {
                try (PrintStream file = new PrintStream(stageFile(totalFile, names[i]), StandardCharsets.UTF_8))
                {
                    stages[i].outputPercentileDistribution(file, 1000.0);
                }
            }
            System.out.println("  stage histograms: " + stageFile(totalFile, "{" + String.join(",", names) + "}"));
        }

        /** {@code daemon-100k.hgrm} and {@code ring-to-applied} give {@code daemon-100k-ring-to-applied.hgrm}. */
        static String stageFile(final String totalFile, final String stage)
        {
            final String base = totalFile.endsWith(".hgrm") ?
                totalFile.substring(0, totalFile.length() - ".hgrm".length()) : totalFile;
            return base + "-" + stage + ".hgrm";
        }
    }

    /**
     * The synthetic book stream: a snapshot and pre-rendered diff frames (raw WebSocket text frames, header included)
     * whose ids are patched when sent.
     */
    static final class Stream implements SendingEventLoop.Frames, AutoCloseable
    {
        private final int levels;
        private final int[] firstIdAt = new int[TEMPLATES];
        private final int[] lastIdAt = new int[TEMPLATES];
        private final FrameRing ring;

        Stream(final int levels)
        {
            this.levels = levels;
            final SplittableRandom random = new SplittableRandom(7);
            final String placeholder = "9".repeat(ID_DIGITS);
            final byte[][] templates = new byte[TEMPLATES][];
            for (int t = 0; t < TEMPLATES; t++)
            {
                final String frame = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\"," +
                    "\"E\":1700000000000,\"s\":\"BTCUSDT\",\"U\":" + placeholder + ",\"u\":" + placeholder +
                    ",\"b\":[[\"" + price(true, level(random)) + "\",\"" + quantity(random) + "\"]]," +
                    "\"a\":[[\"" + price(false, level(random)) + "\",\"" + quantity(random) + "\"]]}}";
                final byte[] payload = frame.getBytes(StandardCharsets.US_ASCII);
                final int header = WebSocketFrames.headerLength(payload.length);
                templates[t] = WebSocketFrames.textFrame(payload);
                firstIdAt[t] = header + frame.indexOf("\"U\":") + 4;
                lastIdAt[t] = header + frame.indexOf("\"u\":") + 4;
            }
            ring = new FrameRing(templates);
        }

        /** Mostly near the top: half the updates in the best 10 levels, the rest anywhere. */
        private int level(final SplittableRandom random)
        {
            return random.nextBoolean() ? random.nextInt(Math.min(10, levels)) : random.nextInt(levels);
        }

        private static String quantity(final SplittableRandom random)
        {
            return String.format(Locale.ROOT, "%d.%08d", random.nextInt(1, 100), random.nextInt(100_000_000));
        }

        static String price(final boolean isBid, final int level)
        {
            final long cents = 6_000_000L + (isBid ? -(level + 1) : level + 1);
            return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
        }

        String snapshot()
        {
            final StringBuilder json = new StringBuilder("{\"lastUpdateId\":").append(FIRST_ID - 1).append(",\"bids\":[");
            for (int level = 0; level < levels; level++)
            {
                json.append(level == 0 ? "" : ",").append("[\"").append(price(true, level)).append("\",\"1.00000000\"]");
            }
            json.append("],\"asks\":[");
            for (int level = 0; level < levels; level++)
            {
                json.append(level == 0 ? "" : ",").append("[\"").append(price(false, level)).append("\",\"1.00000000\"]");
            }
            return json.append("]}").toString();
        }

        /**
         * Message {@code index}: frame {@code index % 4096} with id {@code FIRST_ID + index} patched in, in its ring
         * slot's buffer (retained for the write, which releases it); null while that slot's last write is pending.
         */
        public ByteBuf frame(final long index)
        {
            final int t = (int)(index % TEMPLATES);
            final ByteBuf buffer = ring.claim(t);
            if (buffer == null)
            {
                return null;
            }
            long value = FIRST_ID + index;
            for (int digit = ID_DIGITS - 1; digit >= 0; digit--)
            {
                final byte b = (byte)('0' + value % 10);
                buffer.setByte(firstIdAt[t] + digit, b);
                buffer.setByte(lastIdAt[t] + digit, b);
                value /= 10;
            }
            return buffer;
        }

        public void close()
        {
            ring.close();
        }
    }

    /** The loopback venue: the WebSocket combined stream and, for any other request, the depth snapshot. */
    @io.netty.channel.ChannelHandler.Sharable
    static final class Venue extends SimpleChannelInboundHandler<Object>
    {
        private final Stream stream;
        /** The context raw frames are written from, once the handshake completed. */
        final CompletableFuture<ChannelHandlerContext> webSocket = new CompletableFuture<>();
        final CompletableFuture<Boolean> snapshotServed = new CompletableFuture<>();

        Venue(final Stream stream)
        {
            this.stream = stream;
        }

        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event)
        {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete)
            {
                webSocket.complete(SendingEventLoop.rawContext(ctx));
            }
            ctx.fireUserEventTriggered(event);
        }

        protected void channelRead0(final ChannelHandlerContext ctx, final Object message)
        {
            if (message instanceof FullHttpRequest)
            {
                final ByteBuf body = Unpooled.copiedBuffer(stream.snapshot(), StandardCharsets.US_ASCII);
                final FullHttpResponse response =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
                ctx.writeAndFlush(response).addListener((ChannelFutureListener)future -> snapshotServed.complete(true));
            }
            // WebSocket frames from the daemon (pongs, pings) are handled by the protocol handler; nothing else comes.
        }
    }

    private static void record(final Histogram histogram, final long valueNs)
    {
        histogram.recordValue(Math.min(MAX_LATENCY_NS, Math.max(0, valueNs)));
    }

    /**
     * Polls the delta stream; each BookDelta's venue sequence is the diff's id, hence its intended send time. Its
     * {@code ingressTimeNs} (the daemon's socket read) and {@code publishTimeNs} (the publisher's encode) split the
     * latency into stages; both are epoch ns from {@link SystemEpochNanoClock}, so the intended send time is
     * converted with an offset measured once (good to a microsecond or so).
     */
    static final class Consumer implements Runnable, FragmentHandler
    {
        private final Subscription subscription;
        private final Histogram histogram;
        private final long start;
        private final long intervalNs;
        private final long warmupCount;
        private final long total;
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final BookDeltaDecoder delta = new BookDeltaDecoder();
        private final EpochNanoClock epochClock;
        private final long epochOffset;
        final Histogram sendToRead = new Histogram(MAX_LATENCY_NS, 3);
        final Histogram readToPublish = new Histogram(MAX_LATENCY_NS, 3);
        final Histogram publishToReceive = new Histogram(MAX_LATENCY_NS, 3);
        volatile boolean stop;
        volatile long recorded;
        /** Woken when the first measured delta arrives (the daemon stages' window starts then); may be null. */
        volatile Thread onFirstMeasured;
        long gaps;
        private long lastIndex = -1;

        Consumer(final Subscription subscription, final Histogram histogram, final long start, final long intervalNs,
            final long warmupCount, final long total, final EpochNanoClock epochClock, final long epochOffset)
        {
            this.subscription = subscription;
            this.histogram = histogram;
            this.epochClock = epochClock;
            this.epochOffset = epochOffset;
            this.start = start;
            this.intervalNs = intervalNs;
            this.warmupCount = warmupCount;
            this.total = total;
        }

        public void run()
        {
            if (CONSUMER_CPU >= 0)
            {
                System.out.println("daemon harness: " + CorePinning.pinCurrentThread(CONSUMER_CPU).detail());
            }
            while (lastIndex < total - 1 && !stop)
            {
                if (subscription.poll(this, 64) == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }

        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header h)
        {
            final long now = System.nanoTime();
            final long nowEpoch = epochClock.nanoTime();
            header.wrap(buffer, offset);
            if (header.templateId() != BookDeltaDecoder.TEMPLATE_ID)
            {
                return;
            }
            delta.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            if (delta.partIndex() != 0)
            {
                return;
            }
            final long index = delta.venueSequence() - FIRST_ID;
            if (index < 0 || index >= total)
            {
                return;
            }
            if (lastIndex >= 0 && index != lastIndex + 1)
            {
                gaps++;
            }
            lastIndex = index;
            if (index >= warmupCount)
            {
                final long intended = start + index * intervalNs;
                record(histogram, now - intended);
                record(sendToRead, delta.ingressTimeNs() - (intended + epochOffset));
                record(readToPublish, delta.publishTimeNs() - delta.ingressTimeNs());
                record(publishToReceive, nowEpoch - delta.publishTimeNs());
                if (recorded++ == 0)
                {
                    LockSupport.unpark(onFirstMeasured); // null: nothing
                }
            }
        }
    }
}
