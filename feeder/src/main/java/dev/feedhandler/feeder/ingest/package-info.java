/**
 * Network clients of the feed handler: venue WebSockets and REST snapshots over Netty.
 * <ul>
 * <li>{@link dev.feedhandler.feeder.ingest.NettyTransport}: the shared event loops (epoll, else NIO).</li>
 * <li>{@link dev.feedhandler.feeder.ingest.WebSocketConnector} opens a
 * {@link dev.feedhandler.feeder.ingest.WebSocketSession}; its
 * {@link dev.feedhandler.feeder.ingest.WebSocketHandler} gets every complete message as a zero-copy
 * {@code DirectBuffer} view (valid during the call), and exactly one
 * {@link dev.feedhandler.feeder.ingest.DisconnectReason} at the end.</li>
 * <li>{@link dev.feedhandler.feeder.ingest.ReconnectingWebSocket} keeps one logical stream up: backoff reconnects
 * ({@link dev.feedhandler.feeder.ingest.ReconnectPolicy}) and planned rotation with overlap before the venue's
 * connection lifetime ends.</li>
 * <li>{@link dev.feedhandler.feeder.ingest.HttpSnapshotClient} GETs REST snapshots;
 * {@link dev.feedhandler.feeder.ingest.SnapshotScheduler} sends them within a
 * {@link dev.feedhandler.feeder.ingest.RateBudget}, one per instrument at a time, retrying for ever.</li>
 * </ul>
 * Threading: every callback runs on a Netty event loop and must not block; hand data to the book thread through a
 * ring. The message path (socket read to {@code onText}) allocates nothing of its own; reconnects, errors and
 * snapshots may.
 */
package dev.feedhandler.feeder.ingest;
