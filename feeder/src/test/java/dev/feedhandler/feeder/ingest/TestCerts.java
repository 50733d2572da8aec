package dev.feedhandler.feeder.ingest;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.SelfSignedCertificate;

/**
 * Self-signed certificates, made once per JVM: one for localhost and one for a name the tests never dial.
 * ({@link SelfSignedCertificate} is deprecated in Netty 4.2 in favour of netty-pkitesting, which is not a dependency
 * here; it is fine for tests.)
 */
@SuppressWarnings("deprecation")
final class TestCerts
{
    private static SelfSignedCertificate localhost;
    private static SelfSignedCertificate otherHost;

    private TestCerts()
    {
    }

    static synchronized SelfSignedCertificate localhost()
    {
        if (localhost == null)
        {
            localhost = create("localhost");
        }
        return localhost;
    }

    static synchronized SelfSignedCertificate otherHost()
    {
        if (otherHost == null)
        {
            otherHost = create("other.example");
        }
        return otherHost;
    }

    static SslContext serverContext(final SelfSignedCertificate certificate)
    {
        try
        {
            return SslContextBuilder.forServer(certificate.key(), certificate.cert()).build();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** A client context that trusts exactly this certificate (verification stays on). */
    static SslContext trusting(final SelfSignedCertificate certificate)
    {
        return trusting(certificate, SslProvider.OPENSSL);
    }

    static SslContext trusting(final SelfSignedCertificate certificate, final SslProvider provider)
    {
        try
        {
            return SslContextBuilder.forClient().sslProvider(provider).trustManager(certificate.cert()).build();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Trusts exactly this certificate and asks for no host name check: the clients must verify the name anyway.
     */
    static SslContext trustingWithoutHostnameCheck(final SelfSignedCertificate certificate, final SslProvider provider)
    {
        try
        {
            return SslContextBuilder.forClient()
                .sslProvider(provider)
                .trustManager(certificate.cert())
                .endpointIdentificationAlgorithm(null)
                .build();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static SelfSignedCertificate create(final String fqdn)
    {
        try
        {
            return new SelfSignedCertificate(fqdn);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("cannot create a self-signed certificate for " + fqdn, ex);
        }
    }
}
