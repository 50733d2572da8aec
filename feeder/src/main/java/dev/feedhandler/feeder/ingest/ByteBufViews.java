package dev.feedhandler.feeder.ingest;

import io.netty.buffer.ByteBuf;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/** Zero-copy views of Netty buffers as Agrona buffers, and allocation-free copies between them. */
final class ByteBufViews
{
    private ByteBufViews()
    {
    }

    /**
     * Points {@code view} at the readable bytes of {@code buf} (offset 0 of the view): its memory address, else its
     * array, else its one NIO buffer.
     *
     * @return false when {@code buf} has no single region (a composite of several parts): copy it instead.
     */
    static boolean wrap(final UnsafeBuffer view, final ByteBuf buf)
    {
        return wrap(view, buf, buf.readerIndex(), buf.readableBytes());
    }

    /** Points {@code view} at {@code length} bytes of {@code buf} from {@code index}; false as {@link #wrap}. */
    static boolean wrap(final UnsafeBuffer view, final ByteBuf buf, final int index, final int length)
    {
        if (buf.hasMemoryAddress())
        {
            view.wrap(buf.memoryAddress() + index, length);
        }
        else if (buf.hasArray())
        {
            view.wrap(buf.array(), buf.arrayOffset() + index, length);
        }
        else if (buf.nioBufferCount() == 1)
        {
            final ByteBuffer nio = buf.internalNioBuffer(index, length);
            view.wrap(nio, nio.position(), length);
        }
        else
        {
            return false;
        }
        return true;
    }

    /** Whether {@link #wrap} can view any range of {@code buf}: one memory region, not a composite of several. */
    static boolean isFlat(final ByteBuf buf)
    {
        return buf.hasMemoryAddress() || buf.hasArray() || buf.nioBufferCount() == 1;
    }

    /**
     * Appends the readable bytes of {@code src} at {@code dstIndex}; {@code scratchView} is a spare view for the
     * source. Allocation-free unless {@code src} has several parts.
     *
     * @return {@code dstIndex} + the bytes copied.
     */
    static int copy(final ByteBuf src, final UnsafeBuffer scratchView, final MutableDirectBuffer dst, final int dstIndex)
    {
        final int length = src.readableBytes();
        if (wrap(scratchView, src))
        {
            dst.putBytes(dstIndex, scratchView, 0, length);
            return dstIndex + length;
        }
        int position = dstIndex;
        for (final ByteBuffer part : src.nioBuffers(src.readerIndex(), length))
        {
            final int partLength = part.remaining();
            dst.putBytes(position, part, part.position(), partLength);
            position += partLength;
        }
        return position;
    }
}
