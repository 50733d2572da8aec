package dev.feedhandler.sim.testing;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JDK WebSocket client that records every text frame (with its arrival time), pings, the close it got and any error.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable
{
    /** One received text message. */
    public record Frame(String text, long arrivalNs)
    {
    }

    private final List<Frame> frames = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile String closeReason;
    private volatile Throwable error;
    private volatile int pings;
    private final boolean autoRequest;
    private WebSocket webSocket;

    private WsClient(final boolean autoRequest)
    {
        this.autoRequest = autoRequest;
    }

    /** Connect and keep reading. */
    public static WsClient connect(final String url)
    {
        return connect(url, true);
    }

    /**
     * @param autoRequest false to stop reading after the first message (so pings go unanswered).
     */
    public static WsClient connect(final String url, final boolean autoRequest)
    {
        final WsClient client = new WsClient(autoRequest);
        try
        {
            client.webSocket = Http.client().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), client)
                .get(10, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            throw new AssertionError("cannot connect " + url + ": " + ex, ex);
        }
        return client;
    }

    @Override
    public void onOpen(final WebSocket webSocket)
    {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        final long now = System.nanoTime();
        synchronized (this)
        {
            partial.append(data);
            if (last)
            {
                frames.add(new Frame(partial.toString(), now));
                partial.setLength(0);
            }
        }
        if (autoRequest)
        {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPing(final WebSocket webSocket, final ByteBuffer message)
    {
        pings++;
        if (autoRequest)
        {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
    {
        closeReason = reason;
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(final WebSocket webSocket, final Throwable error)
    {
        this.error = error;
        closed.complete(-1);
    }

    public void send(final String text)
    {
        webSocket.sendText(text, true).join();
    }

    /** A copy of the frames received so far. */
    public synchronized List<Frame> frames()
    {
        return new ArrayList<>(frames);
    }

    public synchronized List<String> texts()
    {
        final List<String> texts = new ArrayList<>(frames.size());
        for (final Frame frame : frames)
        {
            texts.add(frame.text());
        }
        return texts;
    }

    public synchronized int frameCount()
    {
        return frames.size();
    }

    public synchronized long count(final Predicate<String> predicate)
    {
        return frames.stream().filter(frame -> predicate.test(frame.text())).count();
    }

    /** Wait until at least {@code count} frames arrived. */
    public void awaitFrames(final int count, final Duration timeout)
    {
        Poll.until(timeout, () -> frameCount() >= count, () -> "frames " + frameCount() + " >= " + count);
    }

    public boolean isClosed()
    {
        return closed.isDone();
    }

    /** Close status received (-1 after an error); waits up to {@code timeout}. */
    public int awaitClose(final Duration timeout)
    {
        Poll.until(timeout, closed::isDone, "WebSocket closed");
        return closed.join();
    }

    public String closeReason()
    {
        return closeReason;
    }

    public Throwable error()
    {
        return error;
    }

    public int pings()
    {
        return pings;
    }

    @Override
    public void close()
    {
        if (webSocket != null)
        {
            webSocket.abort();
        }
    }
}
