package dev.feedhandler.orderbook.processor;

/**
 * Where the book processor records, per book update, how long it took from ingress (the I/O thread's read) to
 * being applied, and from applied to published. Implementations must not allocate or block: they run on the book
 * thread for every update.
 */
public interface StageLatency
{
    /** Now, in epoch nanoseconds: the clock of {@code BookEvent.ingressTimeNs}. */
    long epochNanos();

    void recordIngressToApplied(long nanos);

    void recordAppliedToPublished(long nanos);
}
