package dev.feedhandler.protocol.publisher;

import java.util.concurrent.TimeUnit;

/**
 * Publisher settings.
 *
 * @param maxLevelsPerMessage  levels per BookDelta/BookSnapshot part; also capped so a part fits one MTU.
 * @param snapshotIntervalNs   how often a full snapshot cycle (definitions, status, books) starts.
 * @param heartbeatIntervalNs  a stream idle this long gets a heartbeat.
 * @param instrumentsPerWork   instruments snapshotted per {@link FeedPublisher#doWork} call during a cycle, so a
 *                             cycle never holds the book thread for long.
 * @param maxRetries           claim retries on back-pressure before a message is dropped (and seen as a gap).
 */
public record PublisherConfig(
    int maxLevelsPerMessage,
    long snapshotIntervalNs,
    long heartbeatIntervalNs,
    int instrumentsPerWork,
    int maxRetries)
{
    public static final PublisherConfig DEFAULT =
        new PublisherConfig(64, TimeUnit.SECONDS.toNanos(5), TimeUnit.MILLISECONDS.toNanos(250), 4, 3);

    public PublisherConfig
    {
        if (maxLevelsPerMessage < 1 || maxLevelsPerMessage > 65_534)
        {
            throw new IllegalArgumentException("maxLevelsPerMessage must be within 1..65534: " + maxLevelsPerMessage);
        }
        if (snapshotIntervalNs <= 0 || heartbeatIntervalNs <= 0)
        {
            throw new IllegalArgumentException("intervals must be > 0: snapshot " + snapshotIntervalNs +
                " ns, heartbeat " + heartbeatIntervalNs + " ns");
        }
        if (instrumentsPerWork < 1 || maxRetries < 0)
        {
            throw new IllegalArgumentException(
                "need instrumentsPerWork >= 1 and maxRetries >= 0: " + instrumentsPerWork + ", " + maxRetries);
        }
    }
}
