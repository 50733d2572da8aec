package dev.feedhandler.feeder.ingest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A loopback HTTP/1.1 server for tests: answers each request with what the test's responder says. */
final class TestHttpServer implements AutoCloseable
{
    /** One received request; {@code index} counts requests to the same path and query from 1. */
    record Request(String uri, Map<String, String> headers, int index, long arrivalNs)
    {
    }

    /** What to answer: a response, or nothing (the client times out), or a dropped connection. */
    record Reply(int status, Map<String, String> headers, String body, boolean hang, boolean drop)
    {
        static Reply of(final int status, final String body)
        {
            return new Reply(status, Map.of(), body, false, false);
        }

        static Reply of(final int status, final String body, final Map<String, String> headers)
        {
            return new Reply(status, headers, body, false, false);
        }

        static Reply noAnswer()
        {
            return new Reply(0, Map.of(), "", true, false);
        }

        static Reply dropConnection()
        {
            return new Reply(0, Map.of(), "", false, true);
        }
    }

    private final NettyTransport transport = NettyTransport.create(1, "test-http-server");
    private final SslContext sslContext;
    private final boolean gzip;
    private final Channel serverChannel;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final java.util.concurrent.atomic.AtomicLong bytesWritten = new java.util.concurrent.atomic.AtomicLong();
    private volatile Function<Request, Reply> responder = request -> Reply.of(200, "{}");

    TestHttpServer(final SslContext sslContext, final boolean gzip)
    {
        this.sslContext = sslContext;
        this.gzip = gzip;
        this.serverChannel = new ServerBootstrap()
            .group(transport.group())
            .channel(transport.serverChannelClass())
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                protected void initChannel(final SocketChannel ch)
                {
                    initPipeline(ch);
                }
            })
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .syncUninterruptibly()
            .channel();
    }

    static TestHttpServer plain()
    {
        return new TestHttpServer(null, false);
    }

    TestHttpServer respond(final Function<Request, Reply> responder)
    {
        this.responder = responder;
        return this;
    }

    URI uri(final String pathAndQuery)
    {
        return URI.create((sslContext != null ? "https" : "http") + "://localhost:" + port() + pathAndQuery);
    }

    int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    int count(final String uri)
    {
        final AtomicInteger count = counts.get(uri);
        return count == null ? 0 : count.get();
    }

    /** Bytes the server wrote on the wire (plain HTTP only: before TLS). */
    long bytesWritten()
    {
        return bytesWritten.get();
    }

    Request nextRequest()
    {
        return Await.next(requests, "an HTTP request");
    }

    public void close()
    {
        serverChannel.close().syncUninterruptibly();
        transport.close();
    }

    private void initPipeline(final SocketChannel ch)
    {
        final ChannelPipeline pipeline = ch.pipeline();
        if (sslContext != null)
        {
            pipeline.addLast(sslContext.newHandler(ch.alloc()));
        }
        pipeline.addLast(new io.netty.channel.ChannelOutboundHandlerAdapter()
        {
            public void write(
                final ChannelHandlerContext ctx, final Object msg, final io.netty.channel.ChannelPromise promise)
            {
                if (msg instanceof io.netty.buffer.ByteBuf)
                {
                    bytesWritten.addAndGet(((io.netty.buffer.ByteBuf)msg).readableBytes());
                }
                ctx.write(msg, promise);
            }
        });
        pipeline.addLast(new HttpServerCodec());
        if (gzip)
        {
            pipeline.addLast(new HttpContentCompressor());
        }
        pipeline.addLast(new HttpObjectAggregator(1024 * 1024));
        pipeline.addLast(new SimpleChannelInboundHandler<FullHttpRequest>()
        {
            protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest msg)
            {
                onRequest(ctx, msg);
            }

            public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
            {
                ctx.close();
            }
        });
    }

    private void onRequest(final ChannelHandlerContext ctx, final FullHttpRequest msg)
    {
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        msg.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
        final int index = counts.computeIfAbsent(msg.uri(), k -> new AtomicInteger()).incrementAndGet();
        final Request request = new Request(msg.uri(), headers, index, System.nanoTime());
        final Reply reply = responder.apply(request);
        requests.add(request);
        if (reply.drop())
        {
            ctx.close();
            return;
        }
        if (reply.hang())
        {
            return;
        }
        final DefaultFullHttpResponse response = new DefaultFullHttpResponse(
            msg.protocolVersion(),
            HttpResponseStatus.valueOf(reply.status()),
            Unpooled.copiedBuffer(reply.body(), StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        reply.headers().forEach(response.headers()::set);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
