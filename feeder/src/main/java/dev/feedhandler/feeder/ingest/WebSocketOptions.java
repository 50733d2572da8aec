package dev.feedhandler.feeder.ingest;

import io.netty.handler.ssl.SslContext;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one WebSocket connection.
 *
 * @param maxFrameBytes    largest frame payload, and largest message after continuation frames are aggregated and
 *                         permessage-deflate is inflated; a bigger one ends the session with FRAME_TOO_LARGE.
 * @param connectTimeout   bound on TCP connect, and separately on the TLS handshake and on the HTTP upgrade.
 * @param readIdleTimeout  a session with no inbound bytes for this long is closed with READ_IDLE; zero = never.
 * @param appPingInterval  period of the application-level ping text (fixed delay); zero = none.
 * @param appPingText      text sent every {@code appPingInterval} (OKX {@code ping}, Bybit {@code {"op":"ping"}}),
 *                         or null for none. Pings are sent only when both are set.
 * @param compression      offer permessage-deflate.
 * @param sslContext       client TLS context for wss://; null = the default (JDK trust store, OpenSSL when
 *                         available). Certificate and host name verification are always on.
 */
public record WebSocketOptions(
    int maxFrameBytes,
    Duration connectTimeout,
    Duration readIdleTimeout,
    Duration appPingInterval,
    String appPingText,
    boolean compression,
    SslContext sslContext)
{
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public WebSocketOptions
    {
        if (maxFrameBytes < 1)
        {
            throw new IllegalArgumentException("maxFrameBytes must be >= 1: " + maxFrameBytes);
        }
        requirePositive("connectTimeout", connectTimeout);
        requireNotNegative("readIdleTimeout", readIdleTimeout);
        requireNotNegative("appPingInterval", appPingInterval);
    }

    /** 16 MiB, 10 s, 60 s read idle, no app ping, compression on, default TLS. */
    public static WebSocketOptions defaults()
    {
        return new WebSocketOptions(
            DEFAULT_MAX_FRAME_BYTES,
            DEFAULT_CONNECT_TIMEOUT,
            DEFAULT_READ_IDLE_TIMEOUT,
            Duration.ZERO,
            null,
            true,
            null);
    }

    public WebSocketOptions withMaxFrameBytes(final int maxFrameBytes)
    {
        return new WebSocketOptions(
            maxFrameBytes, connectTimeout, readIdleTimeout, appPingInterval, appPingText, compression, sslContext);
    }

    public WebSocketOptions withConnectTimeout(final Duration connectTimeout)
    {
        return new WebSocketOptions(
            maxFrameBytes, connectTimeout, readIdleTimeout, appPingInterval, appPingText, compression, sslContext);
    }

    public WebSocketOptions withReadIdleTimeout(final Duration readIdleTimeout)
    {
        return new WebSocketOptions(
            maxFrameBytes, connectTimeout, readIdleTimeout, appPingInterval, appPingText, compression, sslContext);
    }

    public WebSocketOptions withAppPingInterval(final Duration appPingInterval)
    {
        return new WebSocketOptions(
            maxFrameBytes, connectTimeout, readIdleTimeout, appPingInterval, appPingText, compression, sslContext);
    }

    public WebSocketOptions withAppPingText(final String appPingText)
    {
        return new WebSocketOptions(
            maxFrameBytes, connectTimeout, readIdleTimeout, appPingInterval, appPingText, compression, sslContext);
    }

    /** Both ping fields at once. */
    public WebSocketOptions withAppPing(final Duration appPingInterval, final String appPingText)
    {
        return new WebSocketOptions(
            maxFrameBytes, connectTimeout, readIdleTimeout, appPingInterval, appPingText, compression, sslContext);
    }

    public WebSocketOptions withCompression(final boolean compression)
    {
        return new WebSocketOptions(
            maxFrameBytes, connectTimeout, readIdleTimeout, appPingInterval, appPingText, compression, sslContext);
    }

    public WebSocketOptions withSslContext(final SslContext sslContext)
    {
        return new WebSocketOptions(
            maxFrameBytes, connectTimeout, readIdleTimeout, appPingInterval, appPingText, compression, sslContext);
    }

    private static void requirePositive(final String name, final Duration value)
    {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero())
        {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
    }

    private static void requireNotNegative(final String name, final Duration value)
    {
        Objects.requireNonNull(value, name);
        if (value.isNegative())
        {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
    }
}
