package dev.feedhandler.feeder.ingest;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.agrona.concurrent.UnsafeBuffer;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A minimal HTTP/1.1 GET client on the shared {@link NettyTransport}, for REST snapshots: one connection per request
 * ({@code Connection: close}), gzip accepted, TLS with certificate and host name verification, the whole body
 * gathered in one pooled buffer and handed over as a view. Exactly one callback per {@link #get}, on the request's
 * event loop.
 */
public final class HttpSnapshotClient
{
    public static final String FAILURE_TIMEOUT = "timeout";
    public static final String FAILURE_CONNECT = "connect failed";
    public static final String FAILURE_TLS = "tls failed";
    public static final String FAILURE_BODY_TOO_LARGE = "body too large";
    public static final String FAILURE_CLOSED = "connection closed before the response completed";
    public static final String FAILURE_PROTOCOL = "protocol error";

    private static final int MAX_INITIAL_BODY_BYTES = 256 * 1024;

    /** Outcome of one GET. */
    public interface Callback
    {
        /** Any complete response, whatever its status; the view is valid only during the call. */
        void onResponse(HttpResponseView response);

        /** No complete response: {@code reason} is one of the {@code FAILURE_*} constants. */
        void onFailure(String reason, Throwable cause);
    }

    private final NettyTransport transport;
    private final SslContext sslContext;
    private final int maxBodyBytes;

    /**
     * @param sslContext   null = the default (JDK trust store); host names are verified either way.
     * @param maxBodyBytes a longer (decompressed) body fails the request with {@link #FAILURE_BODY_TOO_LARGE}.
     */
    public HttpSnapshotClient(final NettyTransport transport, final SslContext sslContext, final int maxBodyBytes)
    {
        if (maxBodyBytes < 1)
        {
            throw new IllegalArgumentException("maxBodyBytes must be >= 1: " + maxBodyBytes);
        }
        this.transport = Objects.requireNonNull(transport, "transport");
        this.sslContext = sslContext;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void get(final URI uri, final Duration timeout, final Callback callback)
    {
        get(uri, timeout, callback, transport.group().next());
    }

    /**
     * GET on the given event loop of this client's transport: the callback runs there.
     *
     * @param timeout bound on the whole exchange (connect, TLS, response); past it the request fails with
     *                {@link #FAILURE_TIMEOUT}.
     */
    public void get(final URI uri, final Duration timeout, final Callback callback, final EventLoop loop)
    {
        Objects.requireNonNull(callback, "callback");
        final Endpoint endpoint = Endpoint.of(uri, "http", "https");
        final long timeoutNs = timeout.toNanos();
        if (timeoutNs <= 0)
        {
            throw new IllegalArgumentException("timeout must be > 0: " + timeout);
        }
        final Exchange exchange = new Exchange(uri, endpoint, callback, timeoutNs);
        final Bootstrap bootstrap = new Bootstrap()
            .group(loop)
            .channel(transport.channelClass())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)Math.min(Integer.MAX_VALUE, timeout.toMillis()))
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(new ChannelInitializer<SocketChannel>()
            {
                protected void initChannel(final SocketChannel ch)
                {
                    final ChannelPipeline pipeline = ch.pipeline();
                    if (endpoint.tls())
                    {
                        pipeline.addLast("tls", Tls.newHandler(
                            sslContext, ch.alloc(), endpoint.host(), endpoint.port(), timeout.toMillis()));
                    }
                    pipeline.addLast("http", new HttpClientCodec());
                    pipeline.addLast("inflate", new HttpContentDecompressor(maxBodyBytes));
                    pipeline.addLast("exchange", exchange);
                }
            });
        // Listeners of a channel's futures run on its event loop, like everything else of the exchange.
        bootstrap.connect(endpoint.host(), endpoint.port()).addListener(future ->
        {
            if (!future.isSuccess())
            {
                exchange.fail(FAILURE_CONNECT, future.cause());
            }
        });
    }

    /** One request and its response; owned by the channel's event loop. */
    private final class Exchange extends ChannelInboundHandlerAdapter
    {
        private final URI uri;
        private final Endpoint endpoint;
        private final Callback callback;
        private final long timeoutNs;
        private Channel channel;
        private ScheduledFuture<?> timeoutTask;
        private HttpResponse response;
        private ByteBuf body;
        private boolean done;

        Exchange(final URI uri, final Endpoint endpoint, final Callback callback, final long timeoutNs)
        {
            this.uri = uri;
            this.endpoint = endpoint;
            this.callback = callback;
            this.timeoutNs = timeoutNs;
        }

        /** On registration, before connect: the first thing the event loop does with this channel. */
        public void handlerAdded(final ChannelHandlerContext ctx)
        {
            channel = ctx.channel();
            timeoutTask = ctx.executor().schedule(
                () -> fail(FAILURE_TIMEOUT, null), timeoutNs, TimeUnit.NANOSECONDS);
        }

        public void channelActive(final ChannelHandlerContext ctx)
        {
            final String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            final String target = uri.getRawQuery() == null ? path : path + '?' + uri.getRawQuery();
            final DefaultFullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.GET, target);
            final HttpHeaders headers = request.headers();
            headers.set(HttpHeaderNames.HOST, endpoint.explicitPort() ? endpoint.host() + ':' + endpoint.port() :
                endpoint.host());
            headers.set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.GZIP + "," + HttpHeaderValues.DEFLATE);
            headers.set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON);
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            headers.set(HttpHeaderNames.USER_AGENT, "feedhandler");
            ctx.writeAndFlush(request);
            ctx.fireChannelActive();
        }

        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            try
            {
                if (msg instanceof HttpResponse)
                {
                    onHead(ctx, (HttpResponse)msg);
                }
                if (msg instanceof HttpContent && !done)
                {
                    onContent((HttpContent)msg);
                }
            }
            finally
            {
                ReferenceCountUtil.release(msg);
            }
        }

        private void onHead(final ChannelHandlerContext ctx, final HttpResponse head)
        {
            if (head.decoderResult().isFailure())
            {
                fail(FAILURE_PROTOCOL, head.decoderResult().cause());
                return;
            }
            response = head;
            final long declared = HttpUtil.getContentLength(head, -1L);
            if (declared > maxBodyBytes)
            {
                fail(FAILURE_BODY_TOO_LARGE, null);
                return;
            }
            final int initial = declared >= 0 ? (int)declared : Math.min(MAX_INITIAL_BODY_BYTES, maxBodyBytes);
            body = ctx.alloc().directBuffer(Math.max(initial, 1), maxBodyBytes);
        }

        private void onContent(final HttpContent content)
        {
            if (body == null)
            {
                fail(FAILURE_PROTOCOL, content.decoderResult().cause());
                return;
            }
            final ByteBuf chunk = content.content();
            if (body.readableBytes() + chunk.readableBytes() > maxBodyBytes)
            {
                fail(FAILURE_BODY_TOO_LARGE, null);
                return;
            }
            body.writeBytes(chunk, chunk.readerIndex(), chunk.readableBytes());
            if (content instanceof LastHttpContent)
            {
                complete();
            }
        }

        private void complete()
        {
            if (!finish())
            {
                return;
            }
            final UnsafeBuffer view = new UnsafeBuffer();
            final int length = body.readableBytes();
            if (!ByteBufViews.wrap(view, body))
            {
                final byte[] copy = new byte[length];
                body.getBytes(body.readerIndex(), copy);
                view.wrap(copy);
            }
            try
            {
                final int status = response.status().code();
                callback.onResponse(new HttpResponseView(status, view, 0, length, response.headers()));
            }
            finally
            {
                releaseBody();
                channel.close();
            }
        }

        void fail(final String reason, final Throwable cause)
        {
            if (!finish())
            {
                return;
            }
            releaseBody();
            if (channel != null) // null only if the channel never registered
            {
                channel.close();
            }
            callback.onFailure(reason, cause);
        }

        /** @return true for the first outcome only. */
        private boolean finish()
        {
            if (done)
            {
                return false;
            }
            done = true;
            if (timeoutTask != null)
            {
                timeoutTask.cancel(false);
            }
            return true;
        }

        private void releaseBody()
        {
            if (body != null)
            {
                body.release();
                body = null;
            }
        }

        public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
        {
            if (evt instanceof SslHandshakeCompletionEvent && !((SslHandshakeCompletionEvent)evt).isSuccess())
            {
                fail(FAILURE_TLS, ((SslHandshakeCompletionEvent)evt).cause());
            }
            ctx.fireUserEventTriggered(evt);
        }

        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            fail(isTls(cause) ? FAILURE_TLS : cause instanceof IOException ? FAILURE_CLOSED : FAILURE_PROTOCOL, cause);
        }

        public void channelInactive(final ChannelHandlerContext ctx)
        {
            fail(FAILURE_CLOSED, null);
            ctx.fireChannelInactive();
        }

        public void handlerRemoved(final ChannelHandlerContext ctx)
        {
            releaseBody(); // the timeout stays armed: it guarantees a callback whatever happened
        }

        private boolean isTls(final Throwable cause)
        {
            for (Throwable t = cause; t != null; t = t.getCause())
            {
                if (t instanceof SSLException)
                {
                    return true;
                }
            }
            return false;
        }
    }
}
