package dev.feedhandler.feeder.ingest;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.concurrent.ScheduledFuture;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Fetches REST snapshots for one venue without stampeding: at most one request per instrument is queued or in
 * flight (a repeated request is merged into it), requests leave in arrival order only when the {@link RateBudget}
 * holds their weight, and every failure is retried with exponential backoff and jitter, for ever:
 * <ul>
 * <li>429: wait at least Retry-After (seconds), and pause every request of this venue that long;</li>
 * <li>418 (IP banned): wait at least the max backoff (or Retry-After if longer), pausing everything;</li>
 * <li>5xx, other statuses, timeout, connection or TLS failure: backoff.</li>
 * </ul>
 * All state lives on one event loop; {@link #request} may be called from any thread.
 */
public final class SnapshotScheduler
{
    public static final String RETRY_RATE_LIMITED = "http 429 rate limited";
    public static final String RETRY_BANNED = "http 418 ip banned";
    public static final String RETRY_SERVER_ERROR = "http 5xx";
    public static final String RETRY_UNEXPECTED_STATUS = "http unexpected status";

    private static final double JITTER = 0.5;
    private static final long MIN_DISPATCH_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Where snapshots and retry notices go, on the scheduler's event loop. */
    public interface Sink
    {
        /** A 2xx body; valid only during the call. */
        void onSnapshot(int instrumentId, DirectBuffer body, int offset, int length, long receivedEpochNs);

        /** A request failed and will be sent again in {@code retryInNs} (or later, if the budget is short). */
        void onSnapshotRetry(int instrumentId, String reason, long retryInNs);
    }

    private final EventLoop loop;
    private final HttpSnapshotClient client;
    private final RateBudget budget;
    private final Duration timeout;
    private final ReconnectPolicy backoff;
    private final Sink sink;
    private final EpochNanoClock epochClock;
    private final SplittableRandom random = new SplittableRandom();
    private final Int2ObjectHashMap<Entry> entries = new Int2ObjectHashMap<>();
    private final ArrayDeque<Entry> ready = new ArrayDeque<>();
    private final Runnable dispatchTask = this::onDispatchDue;
    private final Runnable resumeTask = this::onResume;

    private volatile int pending;
    private volatile long requestsSent;
    private volatile long retries;
    private volatile long rateLimited;
    private volatile long merged;

    // Owned by the event loop.
    private ScheduledFuture<?> dispatchTimer;
    private ScheduledFuture<?> resumeTimer;
    private long resumeAtNs;

    public SnapshotScheduler(
        final EventLoop loop,
        final HttpSnapshotClient client,
        final RateBudget budget,
        final Duration timeout,
        final Duration initialBackoff,
        final Duration maxBackoff,
        final Sink sink)
    {
        this(loop, client, budget, timeout, initialBackoff, maxBackoff, sink, new OffsetEpochNanoClock());
    }

    /** @param epochClock stamps each snapshot's {@code receivedEpochNs}. */
    public SnapshotScheduler(
        final EventLoop loop,
        final HttpSnapshotClient client,
        final RateBudget budget,
        final Duration timeout,
        final Duration initialBackoff,
        final Duration maxBackoff,
        final Sink sink,
        final EpochNanoClock epochClock)
    {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.client = Objects.requireNonNull(client, "client");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.backoff = new ReconnectPolicy(initialBackoff, maxBackoff, JITTER, Duration.ZERO, Duration.ZERO);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.epochClock = Objects.requireNonNull(epochClock, "epochClock");
        if (timeout.isNegative() || timeout.isZero())
        {
            throw new IllegalArgumentException("timeout must be > 0: " + timeout);
        }
    }

    public EventLoop eventLoop()
    {
        return loop;
    }

    /**
     * Asks for a snapshot of {@code instrumentId}; from any thread. While one is queued, in flight or waiting to be
     * retried, this is merged into it (its URI and weight replace the old ones for later attempts).
     *
     * @param weight the request's weight in the venue's budget (at most {@link RateBudget#burstWeight()}).
     */
    public void request(final int instrumentId, final URI uri, final int weight)
    {
        Objects.requireNonNull(uri, "uri");
        if (weight < 1 || weight > budget.burstWeight())
        {
            throw new IllegalArgumentException(
                "weight must be in [1, " + budget.burstWeight() + "] (the budget's burst): " + weight);
        }
        if (loop.inEventLoop())
        {
            onRequest(instrumentId, uri, weight);
        }
        else
        {
            loop.execute(() -> onRequest(instrumentId, uri, weight));
        }
    }

    /** Re-checks the budget now (for example after the budget's clock moved); from any thread. */
    public void wake()
    {
        if (loop.inEventLoop())
        {
            dispatch();
        }
        else
        {
            loop.execute(this::dispatch);
        }
    }

    /** Instruments with a request queued, in flight or waiting for a retry. */
    public int pending()
    {
        return pending;
    }

    /** HTTP requests sent, first attempts and retries. */
    public long requestsSent()
    {
        return requestsSent;
    }

    /** Failed attempts that were scheduled again. */
    public long retries()
    {
        return retries;
    }

    /** 429 and 418 responses. */
    public long rateLimited()
    {
        return rateLimited;
    }

    /** Requests merged into one already pending for the same instrument. */
    public long merged()
    {
        return merged;
    }

    private void onRequest(final int instrumentId, final URI uri, final int weight)
    {
        final Entry existing = entries.get(instrumentId);
        if (existing != null)
        {
            existing.uri = uri;
            existing.weight = weight;
            merged++; // single writer: the event loop
            return;
        }
        final Entry entry = new Entry(instrumentId, uri, weight);
        entries.put(instrumentId, entry);
        pending = entries.size();
        ready.addLast(entry);
        dispatch();
    }

    private void dispatch()
    {
        if (resumeTimer != null)
        {
            return; // paused after a 429/418
        }
        Entry entry;
        while ((entry = ready.peekFirst()) != null)
        {
            if (!budget.tryAcquire(entry.weight))
            {
                scheduleDispatch(budget.nanosUntilAvailable(entry.weight));
                return;
            }
            ready.pollFirst();
            send(entry);
        }
    }

    private void send(final Entry entry)
    {
        requestsSent++; // single writer: the event loop
        client.get(entry.uri, timeout, entry, loop);
    }

    private void scheduleDispatch(final long delayNs)
    {
        if (dispatchTimer == null)
        {
            dispatchTimer = loop.schedule(dispatchTask, Math.max(MIN_DISPATCH_DELAY_NS, delayNs), TimeUnit.NANOSECONDS);
        }
    }

    private void onDispatchDue()
    {
        dispatchTimer = null;
        dispatch();
    }

    private void onSuccess(final Entry entry, final HttpResponseView response)
    {
        remove(entry); // first, so that the sink may ask again for the same instrument
        final long receivedEpochNs = epochClock.nanoTime();
        sink.onSnapshot(entry.instrumentId, response.body(), response.offset(), response.length(), receivedEpochNs);
    }

    private void remove(final Entry entry)
    {
        entries.remove(entry.instrumentId);
        pending = entries.size();
    }

    private void onErrorStatus(final Entry entry, final HttpResponseView response)
    {
        final int status = response.status();
        final long backoffNs = backoff.backoffNanos(entry.attempt, random);
        if (status == 429)
        {
            rateLimited++; // single writer: the event loop
            final long delayNs = Math.max(backoffNs, retryAfterNs(response));
            pauseAll(delayNs);
            retry(entry, RETRY_RATE_LIMITED, delayNs);
        }
        else if (status == 418)
        {
            rateLimited++;
            final long delayNs = Math.max(backoff.maxBackoff().toNanos(), retryAfterNs(response));
            pauseAll(delayNs);
            retry(entry, RETRY_BANNED, delayNs);
        }
        else
        {
            retry(entry, status >= 500 ? RETRY_SERVER_ERROR : RETRY_UNEXPECTED_STATUS, backoffNs);
        }
    }

    private void onFailure(final Entry entry, final String reason)
    {
        retry(entry, reason, backoff.backoffNanos(entry.attempt, random));
    }

    private void retry(final Entry entry, final String reason, final long delayNs)
    {
        retries++; // single writer: the event loop
        entry.attempt++;
        sink.onSnapshotRetry(entry.instrumentId, reason, delayNs);
        loop.schedule(entry, delayNs, TimeUnit.NANOSECONDS);
    }

    private void onRetryDue(final Entry entry)
    {
        ready.addLast(entry);
        dispatch();
    }

    /** Stops every request of this venue until {@code delayNs} from now (or later, if already paused longer). */
    private void pauseAll(final long delayNs)
    {
        final long resumeAt = System.nanoTime() + delayNs;
        if (resumeTimer != null)
        {
            if (resumeAt - resumeAtNs <= 0)
            {
                return;
            }
            resumeTimer.cancel(false);
        }
        resumeAtNs = resumeAt;
        resumeTimer = loop.schedule(resumeTask, delayNs, TimeUnit.NANOSECONDS);
    }

    private void onResume()
    {
        resumeTimer = null;
        dispatch();
    }

    /** Retry-After in delta-seconds, as Binance sends it; 0 if absent or not a number. */
    static long retryAfterNs(final HttpResponseView response)
    {
        final String value = response.headers().get(HttpHeaderNames.RETRY_AFTER);
        if (value == null)
        {
            return 0;
        }
        try
        {
            final long seconds = Long.parseLong(value.trim());
            return seconds <= 0 ? 0 : TimeUnit.SECONDS.toNanos(Math.min(seconds, TimeUnit.DAYS.toSeconds(1)));
        }
        catch (final NumberFormatException ex)
        {
            return 0; // an HTTP date: fall back to the backoff
        }
    }

    /** One instrument's pending request; also its HTTP callback and its retry timer task. */
    private final class Entry implements HttpSnapshotClient.Callback, Runnable
    {
        final int instrumentId;
        URI uri;
        int weight;
        int attempt;

        Entry(final int instrumentId, final URI uri, final int weight)
        {
            this.instrumentId = instrumentId;
            this.uri = uri;
            this.weight = weight;
        }

        public void onResponse(final HttpResponseView response)
        {
            if (response.isSuccess())
            {
                onSuccess(this, response);
            }
            else
            {
                onErrorStatus(this, response);
            }
        }

        public void onFailure(final String reason, final Throwable cause)
        {
            SnapshotScheduler.this.onFailure(this, reason);
        }

        public void run()
        {
            onRetryDue(this);
        }
    }
}
