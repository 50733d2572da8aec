package dev.feedhandler.feeder.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@code GET /metrics} in the Prometheus text format from one non-critical thread ("feeder-metrics") that only
 * reads the counters and the latency histograms' interval samples: the book and I/O threads never wait for it.
 */
public final class PrometheusEndpoint implements AutoCloseable
{
    private final HttpServer server;
    private final ExecutorService executor;
    private final CountersReader counters;
    private final List<StageHistogram> latencies;

    /**
     * @param port 0 picks a free port (tests); see {@link #port()}.
     */
    PrometheusEndpoint(
        final String bind, final int port, final CountersReader counters, final List<StageHistogram> latencies)
    {
        this.counters = counters;
        this.latencies = latencies;
        try
        {
            server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot serve Prometheus metrics on " + bind + ":" + port + ": " +
                ex.getMessage(), ex);
        }
        executor = Executors.newSingleThreadExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "feeder-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", this::onMetrics);
        server.start();
    }

    /** The port bound. */
    public int port()
    {
        return server.getAddress().getPort();
    }

    private void onMetrics(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod()))
            {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final List<StageHistogram.Sample> samples = new ArrayList<>(latencies.size());
            for (final StageHistogram latency : latencies)
            {
                samples.add(latency.sample());
            }
            final byte[] body = PrometheusText.render(CounterRow.readAll(counters), samples)
                .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
            if ("HEAD".equals(exchange.getRequestMethod()))
            {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        }
    }

    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
    }
}
