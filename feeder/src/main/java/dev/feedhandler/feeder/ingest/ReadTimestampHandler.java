package dev.feedhandler.feeder.ingest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.agrona.concurrent.EpochNanoClock;

/** First in the pipeline: stamps every socket read, before TLS and WebSocket decoding. */
final class ReadTimestampHandler extends ChannelInboundHandlerAdapter
{
    private final WebSocketSession session;
    private final EpochNanoClock clock;

    ReadTimestampHandler(final WebSocketSession session, final EpochNanoClock clock)
    {
        this.session = session;
        this.clock = clock;
    }

    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        session.lastReadEpochNs = clock.nanoTime();
        ctx.fireChannelRead(msg);
    }
}
