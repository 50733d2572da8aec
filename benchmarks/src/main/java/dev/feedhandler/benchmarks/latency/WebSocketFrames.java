package dev.feedhandler.benchmarks.latency;

/**
 * Server-to-client WebSocket text frames as raw bytes (RFC 6455 section 5.2): a server's frames are not masked, so a
 * frame is a 2-byte header (payload up to 125 bytes), a 4-byte one (up to 65,535) or a 10-byte one, then the payload.
 * The harnesses' venues render their frames with this once and write the bytes straight to the socket, so sending
 * needs no {@code TextWebSocketFrame} and no frame encoder.
 */
final class WebSocketFrames
{
    /** FIN set, opcode 1 (text). */
    static final int FIN_TEXT = 0x81;

    private WebSocketFrames()
    {
    }

    /** The header's length for a payload of this many bytes. */
    static int headerLength(final int payloadLength)
    {
        if (payloadLength < 0)
        {
            throw new IllegalArgumentException("negative payload length " + payloadLength);
        }
        return payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /** Writes the header of an unmasked final text frame at {@code offset}; returns its length. */
    static int writeTextHeader(final byte[] destination, final int offset, final int payloadLength)
    {
        final int headerLength = headerLength(payloadLength);
        destination[offset] = (byte)FIN_TEXT;
        if (headerLength == 2)
        {
            destination[offset + 1] = (byte)payloadLength;
        }
        else if (headerLength == 4)
        {
            destination[offset + 1] = 126;
            destination[offset + 2] = (byte)(payloadLength >>> 8);
            destination[offset + 3] = (byte)payloadLength;
        }
        else
        {
            destination[offset + 1] = 127;
            final long length = payloadLength;
            for (int i = 0; i < 8; i++)
            {
                destination[offset + 2 + i] = (byte)(length >>> (56 - 8 * i));
            }
        }
        return headerLength;
    }

    /** The whole frame: header then payload. */
    static byte[] textFrame(final byte[] payload)
    {
        final int headerLength = headerLength(payload.length);
        final byte[] frame = new byte[headerLength + payload.length];
        writeTextHeader(frame, 0, payload.length);
        System.arraycopy(payload, 0, frame, headerLength, payload.length);
        return frame;
    }
}
