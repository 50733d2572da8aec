package dev.feedhandler.sim.server;

import dev.feedhandler.sim.BookTruth;
import dev.feedhandler.sim.Fault;
import dev.feedhandler.sim.FaultType;
import dev.feedhandler.sim.engine.Engine;
import dev.feedhandler.sim.engine.InstrumentState;
import dev.feedhandler.sim.format.TinyJson;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The control and truth API: {@code GET /truth}, {@code POST /control/pause|resume|advance|fault},
 * {@code GET /control/stats}, {@code POST /control/stop}.
 */
final class ControlEndpoints
{
    private final Engine engine;
    private final SimServer server;

    ControlEndpoints(final Engine engine, final SimServer server)
    {
        this.engine = engine;
        this.server = server;
    }

    void handle(
        final ChannelHandlerContext ctx,
        final boolean keepAlive,
        final HttpMethod method,
        final String path,
        final Map<String, List<String>> parameters)
    {
        try
        {
            switch (path)
            {
                case "/truth":
                    requireMethod(method, HttpMethod.GET);
                    truth(ctx, keepAlive, parameters);
                    break;
                case "/control/stats":
                    requireMethod(method, HttpMethod.GET);
                    Responses.json(ctx, keepAlive, HttpResponseStatus.OK,
                        engine.stats(server.openConnections()).toJson());
                    break;
                case "/control/pause":
                    requireMethod(method, HttpMethod.POST);
                    reply(ctx, keepAlive, engine.pause(), paused -> "{\"paused\":true}");
                    break;
                case "/control/resume":
                    requireMethod(method, HttpMethod.POST);
                    reply(ctx, keepAlive, engine.resume(), paused -> "{\"paused\":false}");
                    break;
                case "/control/advance":
                    requireMethod(method, HttpMethod.POST);
                    reply(ctx, keepAlive, engine.advance(intParameter(parameters, "events", 1)),
                        events -> "{\"events\":" + events + "}");
                    break;
                case "/control/stop":
                    requireMethod(method, HttpMethod.POST);
                    Responses.json(ctx, false, HttpResponseStatus.OK, "{\"stopping\":true}");
                    server.requestStop();
                    break;
                case "/control/fault":
                    requireMethod(method, HttpMethod.POST);
                    fault(ctx, keepAlive, parameters);
                    break;
                default:
                    Responses.json(ctx, keepAlive, HttpResponseStatus.NOT_FOUND,
                        error("no such endpoint: " + path));
            }
        }
        catch (final MethodNotAllowed ex)
        {
            Responses.json(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, error(ex.getMessage()));
        }
        catch (final IllegalArgumentException ex)
        {
            Responses.json(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, error(ex.getMessage()));
        }
    }

    private void truth(
        final ChannelHandlerContext ctx, final boolean keepAlive, final Map<String, List<String>> parameters)
    {
        final InstrumentState instrument = instrument(parameters);
        final String at = parameter(parameters, "updateId", null);
        final long updateId = at == null ? -1 : parseLong("updateId", at);
        final String depthText = parameter(parameters, "depth", null);
        final int depth = depthText == null ? instrument.format().truthDepth() : intParameter(parameters, "depth", 1);
        if (depth < 1)
        {
            throw new IllegalArgumentException("depth " + depth + " < 1");
        }
        reply(ctx, keepAlive, engine.truth(instrument, updateId, depth),
            snapshot -> new BookTruth(instrument.spec(), snapshot).toJson());
    }

    private void fault(
        final ChannelHandlerContext ctx, final boolean keepAlive, final Map<String, List<String>> parameters)
    {
        final InstrumentState instrument = instrument(parameters);
        final FaultType type = FaultType.fromWireName(parameter(parameters, "type", ""));
        final Fault fault = new Fault(type, intParameter(parameters, "count", 1),
            parseLong("delayMs", parameter(parameters, "delayMs", "0")), intParameter(parameters, "events", 0));
        instrument.arm(fault);
        Responses.json(ctx, keepAlive, HttpResponseStatus.OK,
            "{\"venue\":" + TinyJson.quote(instrument.spec().venue()) +
            ",\"symbol\":" + TinyJson.quote(instrument.spec().symbol()) +
            ",\"type\":" + TinyJson.quote(type.wireName()) +
            ",\"pending\":" + instrument.faults().pending(type) + "}");
    }

    private InstrumentState instrument(final Map<String, List<String>> parameters)
    {
        final String venue = parameter(parameters, "venue", null);
        final String symbol = parameter(parameters, "symbol", null);
        if (venue == null || symbol == null)
        {
            throw new IllegalArgumentException("venue and symbol are required");
        }
        final InstrumentState instrument = engine.instrument(venue, symbol);
        if (instrument == null)
        {
            throw new IllegalArgumentException("unknown instrument " + venue + ":" + symbol);
        }
        return instrument;
    }

    private static <T> void reply(
        final ChannelHandlerContext ctx,
        final boolean keepAlive,
        final CompletableFuture<T> result,
        final Function<T, String> render)
    {
        result.whenComplete((value, failure) -> ctx.executor().execute(() ->
        {
            if (failure == null)
            {
                Responses.json(ctx, keepAlive, HttpResponseStatus.OK, render.apply(value));
                return;
            }
            final Throwable cause = failure instanceof CompletionException && failure.getCause() != null ?
                failure.getCause() : failure;
            final HttpResponseStatus status = cause instanceof IllegalArgumentException ?
                HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.SERVICE_UNAVAILABLE;
            Responses.json(ctx, keepAlive, status, error(String.valueOf(cause.getMessage())));
        }));
    }

    private static String parameter(final Map<String, List<String>> parameters, final String name,
        final String fallback)
    {
        final List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }

    private static int intParameter(final Map<String, List<String>> parameters, final String name, final int fallback)
    {
        final String text = parameter(parameters, name, null);
        if (text == null)
        {
            return fallback;
        }
        final long value = parseLong(name, text);
        if (value < 0 || value > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException(name + " " + value + " out of range 0.." + Integer.MAX_VALUE);
        }
        return (int)value;
    }

    private static long parseLong(final String name, final String text)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + " '" + text + "' is not an integer");
        }
    }

    private static void requireMethod(final HttpMethod actual, final HttpMethod expected)
    {
        if (!actual.equals(expected))
        {
            throw new MethodNotAllowed("use " + expected);
        }
    }

    private static String error(final String message)
    {
        return "{\"error\":" + TinyJson.quote(message) + "}";
    }

    private static final class MethodNotAllowed extends RuntimeException
    {
        MethodNotAllowed(final String message)
        {
            super(message, null, false, false);
        }
    }
}
