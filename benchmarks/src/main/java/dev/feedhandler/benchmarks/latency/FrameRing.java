package dev.feedhandler.benchmarks.latency;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import io.netty.util.internal.PlatformDependent;

/**
 * Pre-rendered raw frames, each in a direct buffer of its own that is written again and again: {@link #claim} hands
 * out a slot's buffer retained for one write (the write releases it), or null while the slot's previous write is still
 * in the channel's outbound buffer. Nothing is allocated per message: no buffer object (a pooled allocator recycles
 * its buffer objects through queues that grow now and then) and no leak-detector record (the buffers are made
 * directly, not by an allocator, so Netty's leak detector never samples them). One thread only (the channel's loop).
 */
final class FrameRing implements AutoCloseable
{
    private final ByteBuf[] buffers;
    private final int[] lengths;

    /** One slot per frame; each frame's bytes are copied in once. */
    FrameRing(final byte[][] frames)
    {
        buffers = new ByteBuf[frames.length];
        lengths = new int[frames.length];
        for (int i = 0; i < frames.length; i++)
        {
            lengths[i] = frames[i].length;
            buffers[i] = PlatformDependent.hasUnsafe() ?
                new UnpooledUnsafeDirectByteBuf(UnpooledByteBufAllocator.DEFAULT, lengths[i], lengths[i]) :
                new UnpooledDirectByteBuf(UnpooledByteBufAllocator.DEFAULT, lengths[i], lengths[i]);
            buffers[i].writeBytes(frames[i]);
        }
    }

    int size()
    {
        return buffers.length;
    }

    /**
     * Slot {@code slot}'s buffer, readable from its first byte to its last, retained once more for the write that will
     * release it; bytes may be patched with {@code setByte} before writing. Null while its last write is not done.
     */
    ByteBuf claim(final int slot)
    {
        final ByteBuf buffer = buffers[slot];
        if (buffer.refCnt() != 1)
        {
            return null;
        }
        return buffer.setIndex(0, lengths[slot]).retain();
    }

    /** Releases the ring's own references (a write still pending keeps its buffer until it is done). */
    public void close()
    {
        for (final ByteBuf buffer : buffers)
        {
            if (buffer.refCnt() > 0)
            {
                buffer.release();
            }
        }
    }
}
