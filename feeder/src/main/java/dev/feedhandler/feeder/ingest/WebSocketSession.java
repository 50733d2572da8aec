package dev.feedhandler.feeder.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket connection attempt, from {@link WebSocketConnector#connect} to
 * {@link WebSocketHandler#onDisconnected}. Its state is owned by its event loop; {@link #sendText} and
 * {@link #close} may be called from any thread.
 */
public final class WebSocketSession
{
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final URI uri;
    private final EventLoop eventLoop;
    private final WebSocketHandler handler;
    private volatile Channel channel;
    private volatile boolean open;
    private final AtomicLong sendsDropped = new AtomicLong();

    private volatile long copiedMessages;

    // Owned by the event loop.
    long lastReadEpochNs;
    private boolean active;
    private boolean tls;
    private boolean tlsDone;
    private boolean opened;
    private boolean disconnected;
    private DisconnectReason reason;
    private String detail;

    WebSocketSession(final URI uri, final EventLoop eventLoop, final WebSocketHandler handler)
    {
        this.uri = uri;
        this.eventLoop = eventLoop;
        this.handler = handler;
    }

    /** Unique in this process, increasing with creation order. */
    public long id()
    {
        return id;
    }

    public URI uri()
    {
        return uri;
    }

    /** True from {@link WebSocketHandler#onConnected} until the connection starts closing. */
    public boolean isOpen()
    {
        return open;
    }

    public EventLoop eventLoop()
    {
        return eventLoop;
    }

    /**
     * Sends one text frame; from any thread. The text is encoded (UTF-8) before this returns, so the caller may
     * reuse it. A session that is not open drops the text and counts it in {@link #sendsDropped()}.
     */
    public void sendText(final CharSequence text)
    {
        final Channel channel = this.channel;
        if (!open || channel == null)
        {
            onSendDropped();
            return;
        }
        final ByteBuf payload = ByteBufUtil.writeUtf8(channel.alloc(), text);
        channel.writeAndFlush(new TextWebSocketFrame(payload), channel.voidPromise());
    }

    /** Messages that had to be gathered into the scratch buffer (fragmented, or split across buffers). */
    public long copiedMessages()
    {
        return copiedMessages;
    }

    void onCopiedMessage()
    {
        copiedMessages++; // single writer: the event loop
    }

    /** Texts not sent because the session was not open. */
    public long sendsDropped()
    {
        return sendsDropped.get();
    }

    /**
     * Sends a close frame (1000), then closes the connection; {@link WebSocketHandler#onDisconnected} follows with
     * LOCAL_CLOSE unless the session had already ended. From any thread; idempotent.
     */
    public void close()
    {
        if (eventLoop.inEventLoop())
        {
            closeOnLoop();
        }
        else
        {
            eventLoop.execute(this::closeOnLoop);
        }
    }

    public String toString()
    {
        return "WebSocketSession{id=" + id + ", uri=" + uri + ", open=" + open + '}';
    }

    void channel(final Channel channel)
    {
        this.channel = channel;
    }

    Channel channel()
    {
        return channel;
    }

    WebSocketHandler handler()
    {
        return handler;
    }

    void onActive()
    {
        active = true;
    }

    void onTlsStarted()
    {
        tls = true;
    }

    void onTlsDone()
    {
        tlsDone = true;
    }

    void onOpen()
    {
        opened = true;
        open = true;
        handler.onConnected(this);
    }

    /** Whether {@link #onText} may be delivered: open and not closing for any reason. */
    boolean delivers()
    {
        return reason == null;
    }

    /** Records why the session is ending; the first reason wins. */
    void reason(final DisconnectReason reason, final String detail)
    {
        if (this.reason == null)
        {
            this.reason = reason;
            this.detail = detail;
        }
    }

    boolean hasReason()
    {
        return reason != null;
    }

    /** Records {@code reason} (unless one was already recorded) and stops sends; the caller closes the channel. */
    void closing(final DisconnectReason reason, final String detail)
    {
        reason(reason, detail);
        open = false;
    }

    /** Closes the channel for {@code reason} unless a reason was already recorded. */
    void closeFor(final DisconnectReason reason, final String detail)
    {
        reason(reason, detail);
        open = false;
        final Channel channel = this.channel;
        if (channel != null)
        {
            channel.close();
        }
    }

    /** Called once the channel has closed, after every exception and event of its last read has been seen. */
    void onChannelClosed()
    {
        if (disconnected)
        {
            return;
        }
        disconnected = true;
        open = false;
        if (reason == null)
        {
            inferReason();
        }
        handler.onDisconnected(this, reason, detail);
    }

    /** The channel closed with no exception or event to explain it: say which stage it reached. */
    private void inferReason()
    {
        if (!active)
        {
            reason = DisconnectReason.CONNECT_FAILED;
            detail = "connection closed before it was established";
        }
        else if (tls && !tlsDone)
        {
            reason = DisconnectReason.TLS_FAILED;
            detail = "connection closed during the TLS handshake";
        }
        else if (!opened)
        {
            reason = DisconnectReason.HANDSHAKE_FAILED;
            detail = "connection closed during the WebSocket handshake";
        }
        else
        {
            reason = DisconnectReason.REMOTE_CLOSE;
            detail = "connection closed by the peer without a close frame";
        }
    }

    private void closeOnLoop()
    {
        if (disconnected)
        {
            return;
        }
        reason(DisconnectReason.LOCAL_CLOSE, "closed locally");
        final Channel channel = this.channel;
        if (channel == null || !channel.isRegistered())
        {
            return; // the connector closes it once registered: see WebSocketConnector.onConnectComplete
        }
        if (open)
        {
            open = false;
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                .addListener(ChannelFutureListener.CLOSE);
        }
        else
        {
            channel.close();
        }
    }

    private void onSendDropped()
    {
        sendsDropped.incrementAndGet();
    }
}
