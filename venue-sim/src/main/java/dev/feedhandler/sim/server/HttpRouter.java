package dev.feedhandler.sim.server;

import dev.feedhandler.sim.FaultType;
import dev.feedhandler.sim.GlobalCounter;
import dev.feedhandler.sim.InstrumentCounter;
import dev.feedhandler.sim.SimulatorConfig;
import dev.feedhandler.sim.book.Side;
import dev.feedhandler.sim.engine.Engine;
import dev.feedhandler.sim.engine.FaultSwitches;
import dev.feedhandler.sim.engine.InstrumentState;
import dev.feedhandler.sim.format.RestError;
import dev.feedhandler.sim.format.SnapshotRequest;
import dev.feedhandler.sim.format.VenueFormat;
import dev.feedhandler.sim.format.VenueFormats;
import dev.feedhandler.sim.format.WebSocketEndpoint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * First handler of every connection: routes a request to a venue's WebSocket or REST endpoint, or to the control and
 * truth API. A WebSocket upgrade replaces this handler with a {@link WsSession}.
 */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest>
{
    private static final int MAX_WS_FRAME = 1 << 16;

    private final Engine engine;
    private final SimServer server;
    private final SimulatorConfig config;
    private final ControlEndpoints control;

    HttpRouter(final Engine engine, final SimServer server, final SimulatorConfig config)
    {
        this.engine = engine;
        this.server = server;
        this.config = config;
        this.control = new ControlEndpoints(engine, server);
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        engine.increment(GlobalCounter.HTTP_REQUESTS);
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess())
        {
            Responses.json(ctx, false, HttpResponseStatus.BAD_REQUEST, "{\"error\":\"bad request\"}");
            return;
        }
        final QueryStringDecoder query = new QueryStringDecoder(request.uri());
        final String path = query.path();
        final Map<String, List<String>> parameters = query.parameters();
        if (path.equals("/truth") || path.startsWith("/control/"))
        {
            control.handle(ctx, keepAlive, request.method(), path, parameters);
            return;
        }
        for (final VenueFormat format : VenueFormats.all())
        {
            if (path.startsWith(format.pathPrefix() + "/") || path.equals(format.pathPrefix()))
            {
                final String subPath = path.substring(format.pathPrefix().length());
                if (isWebSocketUpgrade(request))
                {
                    final WebSocketEndpoint endpoint = format.parseWebSocketPath(subPath, parameters);
                    if (endpoint != null)
                    {
                        upgrade(ctx, request, format, endpoint);
                        return;
                    }
                }
                else if (request.method() == HttpMethod.GET)
                {
                    final SnapshotRequest snapshot = format.parseSnapshotRequest(subPath, parameters);
                    if (snapshot != null)
                    {
                        depth(ctx, keepAlive, format, snapshot);
                        return;
                    }
                }
                Responses.json(ctx, keepAlive, HttpResponseStatus.NOT_FOUND,
                    format.restErrorBody(RestError.NOT_FOUND, path));
                return;
            }
        }
        Responses.json(ctx, keepAlive, HttpResponseStatus.NOT_FOUND,
            "{\"error\":\"no such endpoint: " + path.replace("\"", "") + "\"}");
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }

    private static boolean isWebSocketUpgrade(final FullHttpRequest request)
    {
        return request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true) &&
            request.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private void upgrade(
        final ChannelHandlerContext ctx,
        final FullHttpRequest request,
        final VenueFormat format,
        final WebSocketEndpoint endpoint)
    {
        final String location = "ws://" + request.headers().get(HttpHeaderNames.HOST, config.host()) + request.uri();
        final WebSocketServerHandshaker handshaker =
            new WebSocketServerHandshakerFactory(location, null, false, MAX_WS_FRAME).newHandshaker(request);
        if (handshaker == null)
        {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        final WsSession session = new WsSession(engine, server, config, format, endpoint.combined(), handshaker);
        ctx.pipeline().replace(this, "ws-session", session);
        ctx.pipeline().addBefore("ws-session", "ws-aggregator", new WebSocketFrameAggregator(MAX_WS_FRAME));
        final String unknownStream = session.attach(ctx.channel(), endpoint.streams());
        handshaker.handshake(ctx.channel(), request).addListener(future ->
        {
            if (future.isSuccess())
            {
                session.onHandshakeComplete(unknownStream);
            }
            else
            {
                ctx.channel().close();
            }
        });
    }

    private void depth(
        final ChannelHandlerContext ctx,
        final boolean keepAlive,
        final VenueFormat format,
        final SnapshotRequest request)
    {
        if (request.error() != null)
        {
            respondError(ctx, keepAlive, format, request.error(), request.detail(), null);
            return;
        }
        final InstrumentState instrument = engine.instrument(format.name(), request.symbol());
        if (instrument == null)
        {
            respondError(ctx, keepAlive, format, RestError.INVALID_SYMBOL, request.symbol(), null);
            return;
        }
        instrument.add(InstrumentCounter.SNAPSHOT_REQUESTS, 1);
        final FaultSwitches faults = instrument.faults();
        if (failByFault(ctx, keepAlive, format, instrument, FaultType.HTTP429, RestError.TOO_MANY_REQUESTS, "1") ||
            failByFault(ctx, keepAlive, format, instrument, FaultType.HTTP418, RestError.IP_BANNED, "1") ||
            failByFault(ctx, keepAlive, format, instrument, FaultType.HTTP500, RestError.INTERNAL_ERROR, null))
        {
            return;
        }
        final boolean stale = faults.tryConsume(FaultType.STALE);
        final int eventsBack = faults.eventsBack(FaultType.STALE);
        final long delayMs = faults.tryConsume(FaultType.SLOW) ? faults.delayMs(FaultType.SLOW) : 0;
        engine.snapshot(instrument, request.limit(), stale, eventsBack).whenComplete((snapshot, error) ->
        {
            final Runnable respond = () ->
            {
                if (error != null)
                {
                    respondError(ctx, keepAlive, format, RestError.INTERNAL_ERROR, error.toString(), null);
                    return;
                }
                final ByteBuf body =
                    ctx.alloc().buffer(64 + 40 * (snapshot.levels(Side.BID) + snapshot.levels(Side.ASK)));
                format.renderSnapshot(body, instrument.spec(), snapshot, System.currentTimeMillis());
                // Count before the response leaves, so a client that has it sees the counts.
                instrument.add(InstrumentCounter.SNAPSHOTS_SERVED, 1);
                if (stale)
                {
                    faults.markApplied(FaultType.STALE);
                }
                if (delayMs > 0)
                {
                    faults.markApplied(FaultType.SLOW);
                }
                Responses.json(ctx, keepAlive, HttpResponseStatus.OK, body, null);
            };
            if (delayMs > 0)
            {
                ctx.executor().schedule(respond, delayMs, TimeUnit.MILLISECONDS);
            }
            else
            {
                ctx.executor().execute(respond);
            }
        });
    }

    private boolean failByFault(
        final ChannelHandlerContext ctx,
        final boolean keepAlive,
        final VenueFormat format,
        final InstrumentState instrument,
        final FaultType type,
        final RestError error,
        final String retryAfter)
    {
        if (!instrument.faults().tryConsume(type))
        {
            return false;
        }
        instrument.faults().markApplied(type);
        instrument.add(InstrumentCounter.SNAPSHOT_ERRORS, 1);
        respondError(ctx, keepAlive, format, error, "", retryAfter);
        return true;
    }

    private static void respondError(
        final ChannelHandlerContext ctx,
        final boolean keepAlive,
        final VenueFormat format,
        final RestError error,
        final String detail,
        final String retryAfter)
    {
        final ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), format.restErrorBody(error, detail));
        Responses.json(ctx, keepAlive, Responses.status(error.status()), body, retryAfter);
    }
}
