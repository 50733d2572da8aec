package dev.feedhandler.feeder.ingest;

import io.netty.handler.codec.http.HttpHeaders;
import org.agrona.DirectBuffer;

/**
 * A complete HTTP response as {@link HttpSnapshotClient} hands it over: the body (decompressed) is a view of
 * Netty's buffer and, like the headers, valid only during {@link HttpSnapshotClient.Callback#onResponse}.
 */
public record HttpResponseView(int status, DirectBuffer body, int offset, int length, HttpHeaders headers)
{
    public boolean isSuccess()
    {
        return status >= 200 && status < 300;
    }
}
