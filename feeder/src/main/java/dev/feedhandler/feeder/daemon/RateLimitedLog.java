package dev.feedhandler.feeder.daemon;

import org.slf4j.Logger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one log line per key per interval, with the count of lines held back since the last one. For error paths
 * only (bad frames, disconnects): the counters say how often; the log says what it looked like.
 */
final class RateLimitedLog
{
    private static final long INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);

    private final Logger logger;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    RateLimitedLog(final Logger logger)
    {
        this.logger = logger;
    }

    /** Log {@code message} under {@code key} unless a line for the key went out within the interval. */
    void warn(final String key, final String message)
    {
        final Window window = windows.computeIfAbsent(key, k -> new Window());
        final long now = System.nanoTime();
        final long last = window.lastNs.get();
        if (last != 0 && now - last < INTERVAL_NS)
        {
            window.suppressed.incrementAndGet();
            return;
        }
        if (window.lastNs.compareAndSet(last, now))
        {
            final long suppressed = window.suppressed.getAndSet(0);
            logger.warn(suppressed == 0 ? message : message + " (" + suppressed + " more since the last report)");
        }
    }

    private static final class Window
    {
        final AtomicLong lastNs = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
    }
}
