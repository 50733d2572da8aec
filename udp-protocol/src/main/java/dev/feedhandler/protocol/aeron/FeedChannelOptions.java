package dev.feedhandler.protocol.aeron;

import picocli.CommandLine.Option;

/**
 * The feed's command-line options, shared by every tool that publishes or subscribes (a picocli mixin).
 */
public final class FeedChannelOptions
{
    @Option(names = "--channel", defaultValue = FeedChannels.DEFAULT_CHANNEL, paramLabel = "URI",
        description = "Aeron channel (default ${DEFAULT-VALUE})")
    private String channel;

    @Option(names = "--stream", defaultValue = "" + FeedChannels.DEFAULT_DELTA_STREAM_ID, paramLabel = "ID",
        description = "delta stream id (default ${DEFAULT-VALUE})")
    private int deltaStream;

    @Option(names = "--snapshot-stream", defaultValue = "" + FeedChannels.DEFAULT_SNAPSHOT_STREAM_ID, paramLabel = "ID",
        description = "snapshot stream id (default ${DEFAULT-VALUE})")
    private int snapshotStream;

    @Option(names = "--aeron-dir", paramLabel = "DIR",
        description = "use the external media driver in DIR (default: an embedded driver)")
    private String aeronDir;

    /**
     * @throws IllegalArgumentException naming the bad value.
     */
    public FeedChannels toChannels()
    {
        return FeedChannels.DEFAULT.withChannel(channel).withStreams(deltaStream, snapshotStream)
            .withAeronDirectory(aeronDir);
    }
}
