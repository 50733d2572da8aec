package dev.feedhandler.feeder.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * RFC 6455 frames from a server (unmasked, no extension), parsed straight from the inbound buffers: a message whose
 * frame lies inside one buffer is handed over where it lies. Two per-connection buffers, allocated on first need and
 * grown only when a bigger frame comes, hold what cannot be: a frame split across reads ({@code pending}) and the
 * fragments of a message ({@code message}). Checks and their close status follow Netty's WebSocket08FrameDecoder.
 * After a close frame or an error every later byte is discarded. Not thread safe: the channel's event loop owns it.
 */
final class WebSocketFrameParser
{
    /** What the parser finds; the bytes given are valid only during the call. */
    interface Listener
    {
        /**
         * One complete text or binary message.
         *
         * @param reassembled true when gathered from several fragments into the parser's message buffer.
         */
        void onMessage(ByteBuf buffer, int index, int length, boolean reassembled);

        void onPing(ByteBuf buffer, int index, int length);

        void onPong(ByteBuf buffer, int index, int length);

        /** A close frame, its body checked (empty, or a valid status code and UTF-8 reason). */
        void onClose(ByteBuf buffer, int index, int length);

        /** A frame broke the protocol, or was larger than the limit (status MESSAGE_TOO_BIG). */
        void onProtocolError(WebSocketCloseStatus status, String reason);

        /** The fragments of one message added up to more than the limit. */
        void onMessageTooLarge(long length);
    }

    static final int OPCODE_CONTINUATION = 0x0;
    static final int OPCODE_TEXT = 0x1;
    static final int OPCODE_BINARY = 0x2;
    static final int OPCODE_CLOSE = 0x8;
    static final int OPCODE_PING = 0x9;
    static final int OPCODE_PONG = 0xA;
    static final int MAX_CONTROL_PAYLOAD = 125;

    private static final int NEED_MORE = -1;
    private static final int INVALID = -2;
    private static final int INITIAL_BUFFER_BYTES = 64 * 1024;

    private final ByteBufAllocator alloc;
    private final int maxFrameBytes;
    private final Listener listener;
    private ByteBuf pending;
    private ByteBuf message;
    private boolean fragmented;
    private boolean done;

    // The header last parsed.
    private boolean fin;
    private int opcode;
    private int payloadLength;

    WebSocketFrameParser(final ByteBufAllocator alloc, final int maxFrameBytes, final Listener listener)
    {
        this.alloc = alloc;
        this.maxFrameBytes = maxFrameBytes;
        this.listener = listener;
    }

    /** Consumes every readable byte of {@code in} (its reader index ends at its writer index); never releases it. */
    void parse(final ByteBuf in)
    {
        if (done)
        {
            in.skipBytes(in.readableBytes());
        }
        else if (ByteBufViews.isFlat(in))
        {
            parseFlat(in);
        }
        else
        {
            parseScattered(in);
        }
    }

    /** After a close frame or a protocol error: nothing more is parsed. */
    boolean isDone()
    {
        return done;
    }

    /** Returns the buffers to the allocator; call once, when the channel is gone. */
    void release()
    {
        done = true;
        if (pending != null)
        {
            pending.release();
            pending = null;
        }
        if (message != null)
        {
            message.release();
            message = null;
        }
    }

    private void parseFlat(final ByteBuf in)
    {
        final int end = in.writerIndex();
        int index = in.readerIndex();
        if (pending != null && pending.isReadable())
        {
            index = completePending(in, index, end);
        }
        while (index < end && !done)
        {
            final int available = end - index;
            final int headerLength = parseHeader(in, index, available);
            if (headerLength == INVALID)
            {
                break;
            }
            if (headerLength == NEED_MORE || available - headerLength < payloadLength)
            {
                keep(in, index, available);
                break;
            }
            onFrame(in, index + headerLength);
            index += headerLength + payloadLength;
        }
        in.readerIndex(end);
    }

    /** A buffer of several parts (never seen from a socket or TLS): flatten it once. */
    private void parseScattered(final ByteBuf in)
    {
        final ByteBuf flat = alloc.directBuffer(in.readableBytes());
        try
        {
            flat.writeBytes(in);
            parseFlat(flat);
        }
        finally
        {
            flat.release();
        }
    }

    /**
     * Moves bytes from {@code in} to the pending frame until it is whole, then delivers it.
     *
     * @return where parsing goes on in {@code in}.
     */
    private int completePending(final ByteBuf in, final int start, final int end)
    {
        int index = start;
        while (true)
        {
            final int have = pending.readableBytes();
            final int headerLength = parseHeader(pending, pending.readerIndex(), have);
            if (headerLength == INVALID)
            {
                return end;
            }
            final int required = headerLength == NEED_MORE ?
                headerBytesRequired(pending, have) : headerLength + payloadLength;
            if (have == required)
            {
                onFrame(pending, pending.readerIndex() + headerLength);
                pending.clear();
                return index;
            }
            final int copy = Math.min(required - have, end - index);
            if (copy == 0)
            {
                return end;
            }
            pending.writeBytes(in, index, copy);
            index += copy;
        }
    }

    private static int headerBytesRequired(final ByteBuf buffer, final int have)
    {
        if (have < 2)
        {
            return 2;
        }
        final int length1 = buffer.getByte(buffer.readerIndex() + 1) & 0x7F;
        return length1 == 126 ? 4 : length1 == 127 ? 10 : 2;
    }

    private void keep(final ByteBuf in, final int index, final int length)
    {
        if (pending == null)
        {
            pending = alloc.directBuffer((int)Math.min(INITIAL_BUFFER_BYTES, maxFrameBytes + 10L));
        }
        pending.clear().writeBytes(in, index, length);
    }

    /**
     * Reads and checks one header at {@code index}; sets {@link #fin}, {@link #opcode}, {@link #payloadLength}.
     *
     * @return the header length, NEED_MORE when fewer bytes are there, INVALID after reporting the violation.
     */
    private int parseHeader(final ByteBuf buffer, final int index, final int available)
    {
        if (available < 2)
        {
            return NEED_MORE;
        }
        final int b0 = buffer.getByte(index);
        final int b1 = buffer.getByte(index + 1);
        fin = (b0 & 0x80) != 0;
        opcode = b0 & 0x0F;
        if (!checkFirstBytes(b0, b1))
        {
            return INVALID;
        }
        final int length1 = b1 & 0x7F;
        if (length1 < 126)
        {
            return checkLength(length1, 0) ? 2 : INVALID;
        }
        final int headerLength = length1 == 126 ? 4 : 10;
        if (available < headerLength)
        {
            return NEED_MORE;
        }
        final long length = length1 == 126 ? buffer.getUnsignedShort(index + 2) : buffer.getLong(index + 2);
        return checkLength(length, length1 == 126 ? 126 : 65536) ? headerLength : INVALID;
    }

    private boolean checkFirstBytes(final int b0, final int b1)
    {
        final int rsv = (b0 & 0x70) >> 4;
        if (rsv != 0)
        {
            return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "RSV != 0 and no extension negotiated, RSV:" + rsv);
        }
        if ((b1 & 0x80) != 0)
        {
            return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "received a frame that is not masked as expected");
        }
        return opcode > 7 ? checkControl(b1 & 0x7F) : checkData();
    }

    private boolean checkControl(final int length1)
    {
        if (!fin)
        {
            return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "fragmented control frame");
        }
        if (length1 > MAX_CONTROL_PAYLOAD)
        {
            return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "control frame with payload length > 125 octets");
        }
        if (opcode != OPCODE_CLOSE && opcode != OPCODE_PING && opcode != OPCODE_PONG)
        {
            return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "control frame using reserved opcode " + opcode);
        }
        if (opcode == OPCODE_CLOSE && length1 == 1)
        {
            return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "received close control frame with payload len 1");
        }
        return true;
    }

    private boolean checkData()
    {
        if (opcode != OPCODE_CONTINUATION && opcode != OPCODE_TEXT && opcode != OPCODE_BINARY)
        {
            return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "data frame using reserved opcode " + opcode);
        }
        if (!fragmented && opcode == OPCODE_CONTINUATION)
        {
            return fail(
                WebSocketCloseStatus.PROTOCOL_ERROR, "received continuation data frame outside fragmented message");
        }
        if (fragmented && opcode != OPCODE_CONTINUATION)
        {
            return fail(
                WebSocketCloseStatus.PROTOCOL_ERROR, "received non-continuation data frame while inside fragmented message");
        }
        return true;
    }

    private boolean checkLength(final long length, final long minimum)
    {
        if (length < minimum) // a 64-bit length with its top bit set is negative here
        {
            return fail(
                WebSocketCloseStatus.PROTOCOL_ERROR, "invalid data frame length (not using minimal length encoding)");
        }
        if (length > maxFrameBytes)
        {
            return fail(
                WebSocketCloseStatus.MESSAGE_TOO_BIG, "Max frame length of " + maxFrameBytes + " has been exceeded.");
        }
        payloadLength = (int)length;
        return true;
    }

    private boolean fail(final WebSocketCloseStatus status, final String reason)
    {
        done = true;
        listener.onProtocolError(status, reason);
        return false;
    }

    private void onFrame(final ByteBuf buffer, final int index)
    {
        switch (opcode)
        {
            case OPCODE_TEXT:
            case OPCODE_BINARY:
                if (fin)
                {
                    listener.onMessage(buffer, index, payloadLength, false);
                }
                else
                {
                    onFirstFragment(buffer, index);
                }
                break;
            case OPCODE_CONTINUATION:
                onContinuation(buffer, index);
                break;
            case OPCODE_PING:
                listener.onPing(buffer, index, payloadLength);
                break;
            case OPCODE_PONG:
                listener.onPong(buffer, index, payloadLength);
                break;
            default:
                onCloseFrame(buffer, index);
                break;
        }
    }

    private void onFirstFragment(final ByteBuf buffer, final int index)
    {
        if (message == null)
        {
            message = alloc.directBuffer(Math.min(INITIAL_BUFFER_BYTES, maxFrameBytes));
        }
        fragmented = true;
        message.clear().writeBytes(buffer, index, payloadLength);
    }

    private void onContinuation(final ByteBuf buffer, final int index)
    {
        final long length = (long)message.readableBytes() + payloadLength;
        if (length > maxFrameBytes)
        {
            done = true;
            listener.onMessageTooLarge(length);
            return;
        }
        message.writeBytes(buffer, index, payloadLength);
        if (fin)
        {
            fragmented = false;
            listener.onMessage(message, message.readerIndex(), message.readableBytes(), true);
            message.clear();
        }
    }

    private void onCloseFrame(final ByteBuf buffer, final int index)
    {
        done = true;
        if (payloadLength >= 2)
        {
            final int status = buffer.getShort(index);
            if (!WebSocketCloseStatus.isValidStatusCode(status))
            {
                listener.onProtocolError(
                    WebSocketCloseStatus.PROTOCOL_ERROR, "Invalid close frame getStatus code: " + status);
                return;
            }
            if (!isUtf8(buffer, index + 2, payloadLength - 2))
            {
                listener.onProtocolError(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "bytes are not UTF-8");
                return;
            }
        }
        listener.onClose(buffer, index, payloadLength);
    }

    private static boolean isUtf8(final ByteBuf buffer, final int index, final int length)
    {
        try
        {
            StandardCharsets.UTF_8.newDecoder().decode(buffer.nioBuffer(index, length));
            return true;
        }
        catch (final CharacterCodingException ex)
        {
            return false;
        }
    }
}
