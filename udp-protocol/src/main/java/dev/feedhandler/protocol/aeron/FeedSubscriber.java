package dev.feedhandler.protocol.aeron;

import dev.feedhandler.protocol.consumer.BookConsumer;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Subscription;
import org.agrona.CloseHelper;

/**
 * Feeds a {@link BookConsumer} from the feed's two Aeron subscriptions. Also tracks publisher images, so a monitor
 * can tell when the publisher it was following has gone (its images closed).
 */
public final class FeedSubscriber implements AutoCloseable
{
    private final Subscription deltas;
    private final Subscription snapshots;
    private final FragmentAssembler deltaAssembler;
    private final FragmentAssembler snapshotAssembler;
    // Written by the Aeron client conductor thread, read by the polling thread.
    private volatile int imagesSeen;
    private volatile int imagesOpen;

    public FeedSubscriber(final AeronFeed feed, final BookConsumer consumer)
    {
        this.deltaAssembler = new FragmentAssembler(consumer.deltaHandler());
        this.snapshotAssembler = new FragmentAssembler(consumer.snapshotHandler());
        this.deltas = feed.aeron().addSubscription(
            feed.channels().channel(), feed.channels().deltaStreamId(), this::onImageAvailable, this::onImageGone);
        this.snapshots = feed.aeron().addSubscription(
            feed.channels().channel(), feed.channels().snapshotStreamId(), this::onImageAvailable, this::onImageGone);
    }

    /** @return fragments read. */
    public int poll(final int fragmentLimit)
    {
        return deltas.poll(deltaAssembler, fragmentLimit) + snapshots.poll(snapshotAssembler, fragmentLimit);
    }

    /** Publisher images (one per stream per publisher session) seen so far. */
    public int imagesSeen()
    {
        return imagesSeen;
    }

    /** Publisher images currently connected. */
    public int imagesOpen()
    {
        return imagesOpen;
    }

    /** Both subscriptions are registered with the driver. */
    public boolean isConnectedToDriver()
    {
        return deltas.channelStatus() == io.aeron.status.ChannelEndpointStatus.ACTIVE &&
            snapshots.channelStatus() == io.aeron.status.ChannelEndpointStatus.ACTIVE;
    }

    private void onImageAvailable(final Image image)
    {
        imagesSeen = imagesSeen + 1; // single writer
        imagesOpen = imagesOpen + 1;
    }

    private void onImageGone(final Image image)
    {
        imagesOpen = imagesOpen - 1;
    }

    public void close()
    {
        CloseHelper.closeAll(deltas, snapshots);
    }
}
