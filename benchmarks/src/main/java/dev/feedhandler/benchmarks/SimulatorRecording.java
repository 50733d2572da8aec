package dev.feedhandler.benchmarks;

import dev.feedhandler.sim.InstrumentCounter;
import dev.feedhandler.sim.SimulatorConfig;
import dev.feedhandler.sim.VenueSimulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Frames as the bundled venue simulator ({@code venue-sim}) sends them, recorded over a real WebSocket on loopback:
 * the simulator starts in this JVM (an ephemeral port, a fixed seed, generation paused, one instrument), one
 * connection subscribes, then the simulator generates {@code events} events one at a time (the REST snapshot, where
 * the venue has one, is taken after the first) and every text frame it sends is kept, in order, until as many update
 * frames have come as the simulator counted sent. The same seed gives the same books and levels (the frames' times
 * are the wall clock's). Not on any measured path: benchmarks record in their setup.
 *
 * @param frames   the text frames received, in order (replies and snapshots too: the caller keeps what it needs).
 * @param snapshot the REST snapshot body, or null when none was asked for.
 */
record SimulatorRecording(List<byte[]> frames, byte[] snapshot, int priceScale, int qtyScale)
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * What to record: the simulator's venue and symbol, how to connect and subscribe as the daemon does, and a piece
     * of text that every update frame has and no other frame (how the end of the recording is recognised).
     */
    record Plan(
        String venue,
        String symbol,
        long seed,
        int levels,
        int events,
        String webSocketPath,
        List<String> subscribeMessages,
        String snapshotPath,
        String updateMarker)
    {
    }

    static SimulatorRecording record(final Plan plan)
    {
        final SimulatorConfig config = new SimulatorConfig()
            .host("127.0.0.1")
            .port(0)
            .instruments(plan.venue(), plan.symbol())
            .levels(plan.levels())
            .seed(plan.seed())
            .startPaused(true);
        try (VenueSimulator sim = VenueSimulator.start(config))
        {
            final var truth = sim.truth(plan.venue(), plan.symbol(), 1);
            final HttpClient http = HttpClient.newHttpClient();
            final Collector collector = new Collector();
            final WebSocket ws = http.newWebSocketBuilder()
                .connectTimeout(TIMEOUT)
                .buildAsync(URI.create(sim.webSocketUrl() + plan.webSocketPath()), collector)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (final String message : plan.subscribeMessages())
            {
                ws.sendText(message, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            // A pong means the server has read the subscription and handed it to the engine, ahead of any event.
            awaitPong(ws, collector);
            final long sentBefore = updatesSent(sim, plan);
            // The snapshot follows the first event, so some diff bridges it under every Binance rule (USD-M wants
            // the diff that contains the snapshot's id, not only the one after it).
            sim.advance(1);
            final byte[] snapshot = plan.snapshotPath() == null ? null : get(http, sim.httpUrl() + plan.snapshotPath());
            for (int i = 1; i < plan.events(); i++)
            {
                sim.advance(1);
            }
            // The simulator hands frames to its event loop as a task, which may run after a ping read later: so wait
            // for as many update frames as it counted, not for a pong.
            awaitUpdates(collector, plan.updateMarker(), updatesSent(sim, plan) - sentBefore);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new SimulatorRecording(collector.frames(), snapshot, truth.priceScale(), truth.qtyScale());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording " + plan, ex);
        }
        catch (final ExecutionException | TimeoutException | IOException ex)
        {
            throw new IllegalStateException("could not record " + plan + " from the simulator", ex);
        }
    }

    /** Depth frames the simulator has sent for the plan's instrument (updates: a stream's snapshot is not one). */
    private static long updatesSent(final VenueSimulator sim, final Plan plan)
    {
        return sim.stats().instrument(plan.venue(), plan.symbol()).counter(InstrumentCounter.FRAMES_SENT);
    }

    private static void awaitUpdates(final Collector collector, final String marker, final long expected)
        throws TimeoutException
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long received;
        while ((received = collector.count(marker)) < expected)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new TimeoutException(received + " of " + expected + " update frames after " + TIMEOUT);
            }
            LockSupport.parkNanos(POLL_NS);
        }
    }

    private static void awaitPong(final WebSocket ws, final Collector collector)
        throws InterruptedException, ExecutionException, TimeoutException
    {
        final CompletableFuture<Void> pong = collector.expectPong();
        ws.sendPing(ByteBuffer.wrap(new byte[]{1})).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        pong.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static byte[] get(final HttpClient http, final String url) throws IOException, InterruptedException
    {
        final HttpResponse<byte[]> response = http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200)
        {
            throw new IOException(url + " answered " + response.statusCode() + ": " +
                new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    /** Keeps each whole text frame; completes the pending pong future on a pong. Called on the client's threads. */
    private static final class Collector implements WebSocket.Listener
    {
        private final List<byte[]> frames = new ArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private CompletableFuture<Void> pong = new CompletableFuture<>();

        synchronized List<byte[]> frames()
        {
            return List.copyOf(frames);
        }

        /** Frames whose text contains {@code marker}. */
        synchronized long count(final String marker)
        {
            final byte[] bytes = marker.getBytes(StandardCharsets.UTF_8);
            return frames.stream().filter(frame -> contains(frame, bytes)).count();
        }

        private static boolean contains(final byte[] frame, final byte[] marker)
        {
            for (int i = 0; i + marker.length <= frame.length; i++)
            {
                if (Arrays.equals(frame, i, i + marker.length, marker, 0, marker.length))
                {
                    return true;
                }
            }
            return false;
        }

        synchronized CompletableFuture<Void> expectPong()
        {
            pong = new CompletableFuture<>();
            return pong;
        }

        @Override
        public synchronized CompletionStage<?> onText(final WebSocket ws, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                frames.add(partial.toString().getBytes(StandardCharsets.UTF_8));
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public synchronized CompletionStage<?> onPong(final WebSocket ws, final ByteBuffer message)
        {
            pong.complete(null);
            ws.request(1);
            return null;
        }

        @Override
        public void onError(final WebSocket ws, final Throwable error)
        {
            final CompletableFuture<Void> pending;
            synchronized (this)
            {
                pending = pong;
            }
            pending.completeExceptionally(error);
        }
    }
}
