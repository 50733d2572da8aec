package dev.feedhandler.sim.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A JDK HTTP client for tests against the simulator.
 */
public final class Http
{
    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private Http()
    {
    }

    public static HttpClient client()
    {
        return CLIENT;
    }

    public static HttpResponse<String> get(final String url)
    {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build());
    }

    public static HttpResponse<String> post(final String url)
    {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** GET, assert 200, parse the body as a JSON object. */
    public static Map<String, Object> getJson(final String url)
    {
        final HttpResponse<String> response = get(url);
        if (response.statusCode() != 200)
        {
            throw new AssertionError("GET " + url + " -> " + response.statusCode() + " " + response.body());
        }
        return Json.object(response.body());
    }

    private static HttpResponse<String> send(final HttpRequest request)
    {
        try
        {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (final IOException ex)
        {
            throw new AssertionError(request.uri() + ": " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }
}
