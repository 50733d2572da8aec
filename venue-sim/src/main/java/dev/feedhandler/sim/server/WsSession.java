package dev.feedhandler.sim.server;

import dev.feedhandler.sim.GlobalCounter;
import dev.feedhandler.sim.SimulatorConfig;
import dev.feedhandler.sim.engine.Engine;
import dev.feedhandler.sim.engine.SimStream;
import dev.feedhandler.sim.engine.Subscriber;
import dev.feedhandler.sim.format.ClientMessage;
import dev.feedhandler.sim.format.VenueFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket connection: its subscriptions, the frames the engine queued for it, pings, client requests and the
 * connection-level faults.
 */
final class WsSession extends SimpleChannelInboundHandler<WebSocketFrame> implements Subscriber
{
    private static final int MAX_CLOSE_REASON = 120;
    private static final long HEARTBEAT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long IDLE_BEFORE_HEARTBEAT_NS = HEARTBEAT_INTERVAL_NS * 9 / 10;
    private static final AtomicLong CONNECTION_NUMBERS = new AtomicLong();

    private final Engine engine;
    private final SimServer server;
    private final VenueFormat format;
    private final boolean combined;
    private final WebSocketServerHandshaker handshaker;
    private final long pingIntervalNs;
    private final long pongTimeoutNs;
    private final List<SimStream> subscriptions = new CopyOnWriteArrayList<>();

    /** Engine thread only. */
    private ArrayList<ByteBuf> pending = new ArrayList<>();

    private volatile Channel channel;
    private volatile boolean live;
    private volatile boolean closing;
    private volatile long stalledUntilNs = Long.MIN_VALUE;

    /** Event loop only. */
    private ScheduledFuture<?> pingTask;
    private long unansweredPingSinceNs = -1;
    private long pingSequence;
    private ScheduledFuture<?> heartbeatTask;
    private long heartbeatCounter;
    private long lastWriteNs;
    /** Coinbase {@code sequence_num}: the number of the last frame sent (or lost) on this connection. */
    private long sequenceNum;
    private long mergeOpportunities;

    /** Subscribed to the venue's connection channel (Coinbase {@code heartbeats}). */
    private volatile boolean connectionChannel;

    WsSession(
        final Engine engine,
        final SimServer server,
        final SimulatorConfig config,
        final VenueFormat format,
        final boolean combined,
        final WebSocketServerHandshaker handshaker)
    {
        this.engine = engine;
        this.server = server;
        this.format = format;
        this.combined = combined;
        this.handshaker = handshaker;
        this.pingIntervalNs = config.pingInterval().toNanos();
        this.pongTimeoutNs = config.pongTimeout().toNanos();
    }

    /**
     * Event loop, before the handshake response is written: subscribe to the streams named in the URL, so that a
     * client whose handshake completed is already subscribed.
     *
     * @return the first unknown stream name (then nothing is subscribed), or null.
     */
    String attach(final Channel channel, final List<String> streams)
    {
        this.channel = channel;
        engine.increment(GlobalCounter.CONNECTIONS_OPENED);
        server.register(this);
        final String unknown = firstUnknown(streams);
        if (unknown != null)
        {
            return unknown;
        }
        live = true;
        for (final String name : streams)
        {
            subscribe(engine.stream(format, name));
        }
        return null;
    }

    /** Event loop: the handshake response went out; reject an unknown stream or start pinging. */
    void onHandshakeComplete(final String unknownStream)
    {
        if (unknownStream != null)
        {
            engine.increment(GlobalCounter.CONNECTIONS_REJECTED);
            close(WebSocketCloseStatus.POLICY_VIOLATION.code(), "Invalid symbol or stream: " + unknownStream);
            return;
        }
        final String greeting = format.renderGreeting(CONNECTION_NUMBERS.incrementAndGet());
        if (greeting != null)
        {
            channel.writeAndFlush(new TextWebSocketFrame(greeting));
        }
        lastWriteNs = System.nanoTime();
        pingTask = channel.eventLoop().scheduleAtFixedRate(
            this::onPingTimer, pingIntervalNs, pingIntervalNs, TimeUnit.NANOSECONDS);
        if (format.renderHeartbeat(0, 0) != null)
        {
            heartbeatTask = channel.eventLoop().scheduleAtFixedRate(
                this::onHeartbeatTimer, HEARTBEAT_INTERVAL_NS, HEARTBEAT_INTERVAL_NS, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public boolean combined()
    {
        return combined;
    }

    @Override
    public boolean isLive()
    {
        final Channel current = channel;
        return live && !closing && current != null && current.isActive();
    }

    @Override
    public boolean isStalled(final long nowNs)
    {
        final long until = stalledUntilNs;
        return until != Long.MIN_VALUE && nowNs < until;
    }

    @Override
    public boolean enqueue(final ByteBuf frame)
    {
        if (!isLive())
        {
            frame.release();
            return false;
        }
        pending.add(frame);
        return pending.size() == 1;
    }

    @Override
    public void flush()
    {
        if (pending.isEmpty())
        {
            return;
        }
        final List<ByteBuf> batch = pending;
        pending = new ArrayList<>(Math.max(8, batch.size()));
        try
        {
            channel.eventLoop().execute(() -> writeBatch(batch));
        }
        catch (final RejectedExecutionException ex)
        {
            releaseAll(batch);
        }
    }

    @Override
    public void closeByFault()
    {
        closing = true;
        execute(() -> close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "venue-sim fault: close"));
    }

    @Override
    public void resetByFault()
    {
        closing = true;
        execute(() ->
        {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        });
    }

    @Override
    public void stallUntil(final long untilNs)
    {
        stalledUntilNs = untilNs;
    }

    /** Any thread: close with a close frame, as on shutdown. */
    void closeGoingAway()
    {
        closing = true;
        execute(() -> close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "venue-sim: shutting down"));
    }

    /** Completes when the connection is closed. */
    ChannelFuture closeFuture()
    {
        return channel.closeFuture();
    }

    /** Stream names this connection is subscribed to. */
    List<String> subscriptionNames()
    {
        final List<String> names = new ArrayList<>();
        for (final SimStream stream : subscriptions)
        {
            names.add(stream.name());
        }
        if (connectionChannel)
        {
            names.add(format.connectionChannel());
        }
        return names;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
    {
        if (frame instanceof TextWebSocketFrame)
        {
            onClientText(((TextWebSocketFrame)frame).text());
        }
        else if (frame instanceof PingWebSocketFrame)
        {
            if (!isStalled(System.nanoTime()))
            {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            }
        }
        else if (frame instanceof PongWebSocketFrame)
        {
            engine.increment(GlobalCounter.PONGS_RECEIVED);
            unansweredPingSinceNs = -1;
        }
        else if (frame instanceof CloseWebSocketFrame)
        {
            closing = true;
            handshaker.close(ctx.channel(), (CloseWebSocketFrame)frame.retain());
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        live = false;
        closing = true;
        if (pingTask != null)
        {
            pingTask.cancel(false);
        }
        if (heartbeatTask != null)
        {
            heartbeatTask.cancel(false);
        }
        for (final SimStream stream : subscriptions)
        {
            stream.unsubscribe(this);
        }
        subscriptions.clear();
        if (channel != null)
        {
            engine.increment(GlobalCounter.CONNECTIONS_CLOSED);
            server.unregister(this);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }

    private void onClientText(final String text)
    {
        engine.increment(GlobalCounter.CLIENT_MESSAGES);
        if (isStalled(System.nanoTime()))
        {
            return; // a stalled connection answers nothing, not even the client's application pings
        }
        final ClientMessage message = format.parseClientMessage(text);
        switch (message.method())
        {
            case PING:
                break;
            case SUBSCRIBE:
            {
                final String unknown = firstUnknown(message.streams());
                if (unknown != null)
                {
                    engine.increment(GlobalCounter.CLIENT_ERRORS);
                    channel.writeAndFlush(new TextWebSocketFrame(
                        format.renderClientError(message, "Invalid request: unknown stream " + unknown)));
                    if (format.closeOnUnknownStream())
                    {
                        engine.increment(GlobalCounter.CONNECTIONS_REJECTED);
                        close(WebSocketCloseStatus.POLICY_VIOLATION.code(), "Invalid symbol or stream: " + unknown);
                    }
                    return;
                }
                if (format.streamSnapshots())
                {
                    subscribeWithSnapshots(message);
                    return;
                }
                for (final String name : message.streams())
                {
                    subscribe(engine.stream(format, name));
                }
                break;
            }
            case UNSUBSCRIBE:
                for (final String name : message.streams())
                {
                    if (name.equals(format.connectionChannel()))
                    {
                        connectionChannel = false;
                        continue;
                    }
                    final SimStream stream = engine.stream(format, name);
                    if (stream != null)
                    {
                        stream.unsubscribe(this);
                        subscriptions.remove(stream);
                    }
                }
                break;
            case LIST_SUBSCRIPTIONS:
                break;
            case INVALID:
            default:
                engine.increment(GlobalCounter.CLIENT_ERRORS);
                channel.writeAndFlush(new TextWebSocketFrame(format.renderClientError(message, message.problem())));
                return;
        }
        writeReplies(message);
    }

    /** Stream-snapshot venues: the acknowledgement first, then each stream's snapshot from the engine thread. */
    private void subscribeWithSnapshots(final ClientMessage message)
    {
        final List<SimStream> added = new ArrayList<>();
        for (final String name : message.streams())
        {
            if (name.equals(format.connectionChannel()))
            {
                connectionChannel = true;
                continue;
            }
            final SimStream stream = engine.stream(format, name);
            if (!subscriptions.contains(stream))
            {
                subscriptions.add(stream);
            }
            added.add(stream);
        }
        writeReplies(message);
        for (final SimStream stream : added)
        {
            engine.subscribeWithSnapshot(stream, this, () -> subscriptions.contains(stream));
        }
    }

    private void writeReplies(final ClientMessage message)
    {
        for (final String reply : format.renderReplies(message, subscriptionNames()))
        {
            writeText(VenueFormat.FrameKind.REPLY, reply);
        }
    }

    /** Event loop: one frame; venues with a per-connection sequence get it wrapped and numbered. */
    private void writeText(final VenueFormat.FrameKind kind, final String text)
    {
        lastWriteNs = System.nanoTime();
        if (!format.sequencedPerConnection())
        {
            channel.writeAndFlush(new TextWebSocketFrame(text));
            return;
        }
        final ByteBuf event = ByteBufUtil.writeUtf8(channel.alloc(), text);
        final ByteBuf frame = channel.alloc().buffer(event.readableBytes() + 128);
        format.renderEnvelope(frame, kind, ++sequenceNum, System.currentTimeMillis(), List.of(event));
        event.release();
        channel.writeAndFlush(new TextWebSocketFrame(frame));
    }

    private void onHeartbeatTimer()
    {
        final Channel current = channel;
        final long nowNs = System.nanoTime();
        if (current == null || !current.isActive() || closing || isStalled(nowNs) ||
            (format.connectionChannel() != null && !connectionChannel) ||
            (format.heartbeatOnlyWhenIdle() && nowNs - lastWriteNs < IDLE_BEFORE_HEARTBEAT_NS))
        {
            return;
        }
        writeText(VenueFormat.FrameKind.HEARTBEAT, format.renderHeartbeat(heartbeatCounter++,
            System.currentTimeMillis()));
    }

    private void subscribe(final SimStream stream)
    {
        if (!subscriptions.contains(stream))
        {
            subscriptions.add(stream);
            stream.subscribe(this);
        }
    }

    private String firstUnknown(final List<String> streams)
    {
        for (final String name : streams)
        {
            if (!name.equals(format.connectionChannel()) && engine.stream(format, name) == null)
            {
                return name;
            }
        }
        return null;
    }

    private void onPingTimer()
    {
        final Channel current = channel;
        if (current == null || !current.isActive())
        {
            return;
        }
        final long nowNs = System.nanoTime();
        if (isStalled(nowNs))
        {
            return;
        }
        if (unansweredPingSinceNs >= 0 && nowNs - unansweredPingSinceNs > pongTimeoutNs)
        {
            engine.increment(GlobalCounter.PONG_TIMEOUTS);
            close(WebSocketCloseStatus.POLICY_VIOLATION.code(), "pong timeout");
            return;
        }
        final ByteBuf payload = ByteBufUtil.writeAscii(current.alloc(), Long.toString(++pingSequence));
        current.writeAndFlush(new PingWebSocketFrame(payload));
        if (unansweredPingSinceNs < 0)
        {
            unansweredPingSinceNs = nowNs;
        }
        engine.increment(GlobalCounter.PINGS_SENT);
    }

    private void writeBatch(final List<ByteBuf> batch)
    {
        final Channel current = channel;
        if (!current.isActive() || closing || isStalled(System.nanoTime()))
        {
            // Lost frames keep their numbers: a client that sees data again sees the jump.
            sequenceNum += batch.size();
            releaseAll(batch);
            return;
        }
        lastWriteNs = System.nanoTime();
        if (format.sequencedPerConnection())
        {
            writeSequenced(current, batch);
        }
        else
        {
            for (int i = 0, n = batch.size(); i < n; i++)
            {
                current.write(new TextWebSocketFrame(batch.get(i)));
            }
        }
        current.flush();
        if (!current.isWritable())
        {
            engine.increment(GlobalCounter.SLOW_CONSUMER_CLOSES);
            closing = true;
            current.close();
        }
    }

    /**
     * Event loop: number and wrap queued events; an empty buffer is a message lost to a fault (its number is
     * skipped). Every other chance, two consecutive events of different products share one frame, as on Coinbase.
     */
    private void writeSequenced(final Channel current, final List<ByteBuf> batch)
    {
        final long nowMs = System.currentTimeMillis();
        final int n = batch.size();
        for (int i = 0; i < n; i++)
        {
            final ByteBuf event = batch.get(i);
            if (event.readableBytes() == 0)
            {
                sequenceNum++;
                event.release();
                continue;
            }
            final List<ByteBuf> events;
            if (i + 1 < n && format.mergeable(event, batch.get(i + 1)) && (mergeOpportunities++ & 1) == 0)
            {
                events = List.of(event, batch.get(i + 1));
                i++;
            }
            else
            {
                events = List.of(event);
            }
            int size = 128;
            for (final ByteBuf part : events)
            {
                size += part.readableBytes();
            }
            final ByteBuf frame = current.alloc().buffer(size);
            format.renderEnvelope(frame, VenueFormat.FrameKind.DATA, ++sequenceNum, nowMs, events);
            for (final ByteBuf part : events)
            {
                part.release();
            }
            current.write(new TextWebSocketFrame(frame));
        }
    }

    /** Event loop: send a close frame, then close. */
    private void close(final int status, final String reason)
    {
        closing = true;
        final Channel current = channel;
        if (current == null || !current.isActive())
        {
            return;
        }
        final String text = reason.length() > MAX_CLOSE_REASON ? reason.substring(0, MAX_CLOSE_REASON) : reason;
        current.writeAndFlush(new CloseWebSocketFrame(status, text)).addListener(ChannelFutureListener.CLOSE);
    }

    private void execute(final Runnable task)
    {
        final Channel current = channel;
        if (current == null)
        {
            return;
        }
        try
        {
            current.eventLoop().execute(task);
        }
        catch (final RejectedExecutionException ignore)
        {
            // Event loop shut down: the connection is going anyway.
        }
    }

    private static void releaseAll(final List<ByteBuf> batch)
    {
        for (final ByteBuf buffer : batch)
        {
            buffer.release();
        }
    }
}
