package dev.feedhandler.sim.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Writing JSON responses with keep-alive handled.
 */
final class Responses
{
    static final HttpResponseStatus IM_A_TEAPOT = new HttpResponseStatus(418, "I'm a teapot");

    private Responses()
    {
    }

    static HttpResponseStatus status(final int code)
    {
        return code == 418 ? IM_A_TEAPOT : HttpResponseStatus.valueOf(code);
    }

    static void json(
        final ChannelHandlerContext ctx, final boolean keepAlive, final HttpResponseStatus status, final String body)
    {
        final ByteBuf content = ByteBufUtil.writeUtf8(ctx.alloc(), body);
        json(ctx, keepAlive, status, content, null);
    }

    /**
     * @param content    the body; ownership passes to the response.
     * @param retryAfter value of a {@code Retry-After} header, or null.
     */
    static void json(
        final ChannelHandlerContext ctx,
        final boolean keepAlive,
        final HttpResponseStatus status,
        final ByteBuf content,
        final String retryAfter)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, "application/json;charset=UTF-8")
            .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        if (retryAfter != null)
        {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfter);
        }
        if (keepAlive)
        {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        }
        else
        {
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
