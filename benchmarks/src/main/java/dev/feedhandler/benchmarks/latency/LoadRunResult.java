package dev.feedhandler.benchmarks.latency;

/**
 * What one bounded run of a latency harness measured, in the form the throughput search and the zero-GC run read.
 * Latencies are from each message's intended send time (coordinated-omission corrected), after the warm-up.
 *
 * @param harness          "daemon" or "floor".
 * @param rate             the offered rate, messages per second.
 * @param expected         messages sent after the warm-up.
 * @param received         of those, how many the consumer received.
 * @param gaps             breaks in the received ids (daemon), or messages the floor's forwarder could not offer.
 * @param p50Ns            median latency.
 * @param p99Ns            99th percentile latency.
 * @param maxNs            largest latency.
 * @param senderMaxLagNs   how far the spinning sender fell behind its schedule at worst after the warm-up: it sends
 *                         message {@code i} at {@code start + i / rate} or, when late, as soon as it can.
 * @param measuredFromNs   {@link System#nanoTime()} at the intended send time of the first message after the warm-up.
 * @param measuredToNs     {@link System#nanoTime()} when the consumer had everything or gave up, before shutdown.
 */
public record LoadRunResult(
    String harness,
    int rate,
    long expected,
    long received,
    long gaps,
    long p50Ns,
    long p99Ns,
    long maxNs,
    long senderMaxLagNs,
    long measuredFromNs,
    long measuredToNs)
{
    /** Every message received, none lost or out of order. */
    public boolean complete()
    {
        return received == expected && gaps == 0;
    }

    /** The sender never fell more than {@code maxLagNs} behind its schedule, so the rate was really offered. */
    public boolean senderKeptUp(final long maxLagNs)
    {
        return senderMaxLagNs <= maxLagNs;
    }
}
