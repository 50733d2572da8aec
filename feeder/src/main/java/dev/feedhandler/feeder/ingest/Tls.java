package dev.feedhandler.feeder.ingest;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Client TLS shared by the WebSocket and HTTP clients: the default context verifies certificates against the JDK
 * trust store, and every handler this class makes also verifies the host name ("HTTPS" endpoint
 * identification), whatever context it is given.
 */
final class Tls
{
    private static volatile SslContext defaultContext;

    private Tls()
    {
    }

    /** OpenSSL (BoringSSL) when it loads, the JDK engine otherwise; trust = the JDK's default trust store. */
    static SslContext defaultClientContext()
    {
        SslContext context = defaultContext;
        if (context == null)
        {
            synchronized (Tls.class)
            {
                context = defaultContext;
                if (context == null)
                {
                    context = newClientContext();
                    defaultContext = context;
                }
            }
        }
        return context;
    }

    /**
     * @param context null for {@link #defaultClientContext()}.
     * @param host    the name the certificate must match; also sent as SNI.
     */
    static SslHandler newHandler(
        final SslContext context, final ByteBufAllocator alloc, final String host, final int port, final long timeoutMs)
    {
        final SslContext sslContext = context != null ? context : defaultClientContext();
        final SslHandler handler = sslContext.newHandler(alloc, host, port);
        final SSLEngine engine = handler.engine();
        final SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        handler.setHandshakeTimeoutMillis(timeoutMs);
        return handler;
    }

    private static SslContext newClientContext()
    {
        try
        {
            return SslContextBuilder.forClient()
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .build();
        }
        catch (final SSLException ex)
        {
            throw new IllegalStateException("cannot build the default TLS client context", ex);
        }
    }
}
