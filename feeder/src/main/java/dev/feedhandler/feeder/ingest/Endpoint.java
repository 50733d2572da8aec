package dev.feedhandler.feeder.ingest;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/** Host, port and TLS flag of a ws/wss/http/https URI. */
record Endpoint(String host, int port, boolean tls)
{
    static Endpoint of(final URI uri, final String plainScheme, final String tlsScheme)
    {
        Objects.requireNonNull(uri, "uri");
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        final boolean tls;
        if (scheme.equals(tlsScheme))
        {
            tls = true;
        }
        else if (scheme.equals(plainScheme))
        {
            tls = false;
        }
        else
        {
            throw new IllegalArgumentException("scheme must be " + plainScheme + " or " + tlsScheme + ": " + uri);
        }
        final String host = uri.getHost();
        if (host == null || host.isEmpty())
        {
            throw new IllegalArgumentException("no host in " + uri);
        }
        final int port = uri.getPort() != -1 ? uri.getPort() : (tls ? 443 : 80);
        return new Endpoint(stripBrackets(host), port, tls);
    }

    /** Whether the port must appear in a Host header (it is not the scheme's default). */
    boolean explicitPort()
    {
        return port != (tls ? 443 : 80);
    }

    private static String stripBrackets(final String host)
    {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
