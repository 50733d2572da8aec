package dev.feedhandler.orderbook.processor;

/**
 * Where the book processor records, per book update, how long each stage took: ingress (the I/O thread's socket
 * read, {@code BookEvent.ingressTimeNs}) to applied, and applied to published; and, for events the ingest stamped
 * with their ring-commit time ({@code BookEvent.ringTimeNs}, only with ring timestamps on), ingress to ring and ring
 * to applied. Implementations must not allocate or block: they run on the book thread for every update.
 */
public interface StageLatency
{
    /** Now, in epoch nanoseconds: the clock of {@code BookEvent.ingressTimeNs} and {@code BookEvent.ringTimeNs}. */
    long epochNanos();

    void recordIngressToApplied(long nanos);

    void recordAppliedToPublished(long nanos);

    /** Socket read to the ingest committing the event to the event ring (decode and claim included). */
    void recordIngressToRing(long nanos);

    /** Ring commit to applied: the ring's queueing, the processor's read and the book update. */
    void recordRingToApplied(long nanos);
}
