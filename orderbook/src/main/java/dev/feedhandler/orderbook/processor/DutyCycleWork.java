package dev.feedhandler.orderbook.processor;

/**
 * Periodic work the book processor runs on its own thread every duty cycle (the feed publisher's heartbeats and
 * snapshot cycle).
 */
@FunctionalInterface
public interface DutyCycleWork
{
    /** @return work done; 0 lets the idle strategy idle. */
    int doWork(long nowNs);
}
