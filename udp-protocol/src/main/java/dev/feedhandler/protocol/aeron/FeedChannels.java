package dev.feedhandler.protocol.aeron;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;

/**
 * Where the feed goes: the channel, the two stream ids, and which media driver carries it.
 *
 * @param channel          subscription form of the channel, e.g. {@code aeron:udp?endpoint=239.255.42.11:40456|
 *                         interface=127.0.0.1} (multicast: always name the interface), unicast, MDC or
 *                         {@code aeron:ipc}.
 * @param deltaStreamId    stream of deltas, status, definitions and heartbeats.
 * @param snapshotStreamId stream of snapshots (on the same channel), so snapshot cycles never delay deltas.
 * @param flowControl      the publication's multicast flow control, e.g. {@code min,t:5s} (see docs/protocol.md).
 * @param termLength       publication term length; the largest message is an eighth of it.
 * @param aeronDirectory   an external media driver's directory, or null to launch an embedded driver.
 */
public record FeedChannels(
    String channel,
    int deltaStreamId,
    int snapshotStreamId,
    String flowControl,
    int termLength,
    String aeronDirectory)
{
    /** Multicast on loopback. Aeron needs an odd data address (control is the next one up). */
    public static final String DEFAULT_CHANNEL = "aeron:udp?endpoint=239.255.42.11:40456|interface=127.0.0.1";
    public static final int DEFAULT_DELTA_STREAM_ID = 1001;
    public static final int DEFAULT_SNAPSHOT_STREAM_ID = 1002;
    /** Pace the feed by the slowest live receiver; a receiver silent for 5 s stops counting. */
    public static final String DEFAULT_FLOW_CONTROL = "min,t:5s";
    public static final int DEFAULT_TERM_LENGTH = 4 * 1024 * 1024;

    public static final FeedChannels DEFAULT = new FeedChannels(DEFAULT_CHANNEL, DEFAULT_DELTA_STREAM_ID,
        DEFAULT_SNAPSHOT_STREAM_ID, DEFAULT_FLOW_CONTROL, DEFAULT_TERM_LENGTH, null);

    public FeedChannels
    {
        if (channel == null || !channel.startsWith("aeron:"))
        {
            throw new IllegalArgumentException("channel must be an Aeron URI (aeron:udp?... or aeron:ipc): " + channel);
        }
        final ChannelUri uri = parseChannel(channel);
        if (!CommonContext.UDP_MEDIA.equals(uri.media()) && !CommonContext.IPC_MEDIA.equals(uri.media()))
        {
            throw new IllegalArgumentException("channel media must be udp or ipc: " + channel);
        }
        if (deltaStreamId == snapshotStreamId)
        {
            throw new IllegalArgumentException("delta and snapshot stream ids must differ: both " + deltaStreamId);
        }
        if (termLength < 64 * 1024 || termLength > 1024 * 1024 * 1024 || Integer.bitCount(termLength) != 1)
        {
            throw new IllegalArgumentException("termLength must be a power of two within 64 KiB..1 GiB: " + termLength);
        }
    }

    private static ChannelUri parseChannel(final String channel)
    {
        try
        {
            return ChannelUri.parse(channel);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("malformed Aeron channel '" + channel + "': " + ex.getMessage(), ex);
        }
    }

    /** The same feed with another channel. */
    public FeedChannels withChannel(final String newChannel)
    {
        return new FeedChannels(newChannel, deltaStreamId, snapshotStreamId, flowControl, termLength, aeronDirectory);
    }

    /** The same feed through an external driver in this directory (null: embedded). */
    public FeedChannels withAeronDirectory(final String directory)
    {
        return new FeedChannels(channel, deltaStreamId, snapshotStreamId, flowControl, termLength, directory);
    }

    /** The same feed on other stream ids. */
    public FeedChannels withStreams(final int deltaStream, final int snapshotStream)
    {
        return new FeedChannels(channel, deltaStream, snapshotStream, flowControl, termLength, aeronDirectory);
    }

    public boolean isEmbeddedDriver()
    {
        return aeronDirectory == null;
    }

    /** The channel for publications: the term length, and on UDP the flow control, unless the channel sets them. */
    public String publicationChannel()
    {
        final ChannelUri uri = ChannelUri.parse(channel);
        if (uri.get(CommonContext.TERM_LENGTH_PARAM_NAME) == null)
        {
            uri.put(CommonContext.TERM_LENGTH_PARAM_NAME, Integer.toString(termLength));
        }
        if (CommonContext.UDP_MEDIA.equals(uri.media()) && flowControl != null &&
            uri.get(CommonContext.FLOW_CONTROL_PARAM_NAME) == null)
        {
            uri.put(CommonContext.FLOW_CONTROL_PARAM_NAME, flowControl);
        }
        return uri.toString();
    }
}
