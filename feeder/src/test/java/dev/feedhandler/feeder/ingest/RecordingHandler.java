package dev.feedhandler.feeder.ingest;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Records a session's events; text is copied out during the call, as a real handler would decode it. */
final class RecordingHandler implements WebSocketHandler
{
    record Disconnect(DisconnectReason reason, String detail, boolean onEventLoop)
    {
    }

    /** One message, copied out during the call. */
    record Text(String text, long receivedEpochNs)
    {
    }

    final BlockingQueue<WebSocketSession> connected = new LinkedBlockingQueue<>();
    final BlockingQueue<Text> texts = new LinkedBlockingQueue<>();
    final BlockingQueue<Disconnect> disconnects = new LinkedBlockingQueue<>();
    volatile WebSocketSession session;

    public void onConnected(final WebSocketSession session)
    {
        this.session = session;
        connected.add(session);
    }

    public void onText(
        final WebSocketSession session,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long receivedEpochNs)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        texts.add(new Text(new String(bytes, StandardCharsets.UTF_8), receivedEpochNs));
    }

    public void onDisconnected(final WebSocketSession session, final DisconnectReason reason, final String detail)
    {
        disconnects.add(new Disconnect(reason, detail, session.eventLoop().inEventLoop()));
    }

    WebSocketSession awaitConnected()
    {
        return Await.next(connected, "onConnected");
    }

    Text nextText()
    {
        return Await.next(texts, "onText");
    }

    Disconnect awaitDisconnect()
    {
        return Await.next(disconnects, "onDisconnected");
    }
}
