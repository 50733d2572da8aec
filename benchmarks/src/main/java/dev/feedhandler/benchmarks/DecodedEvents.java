package dev.feedhandler.benchmarks;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The book events of a corpus's live range, decoded once by our decoder and kept back to back (8-byte aligned), for
 * the benchmarks of the stages after decode (ring hop, SBE encode).
 */
public final class DecodedEvents
{
    private final UnsafeBuffer buffer;
    private final int[] offsets;
    private final int[] lengths;

    public DecodedEvents(final Corpus corpus)
    {
        final int liveStart = new LiveReplay(corpus, new NoOpSyncListener()).liveStart();
        final FrameDecoder decoder = corpus.newDecoder();
        final int count = corpus.frameCount() - liveStart;
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[1 << 20]);
        int total = 0;
        for (int frame = liveStart; frame < corpus.frameCount(); frame++)
        {
            total += decode(decoder, corpus, frame, scratch);
        }
        buffer = new UnsafeBuffer(new byte[total]);
        offsets = new int[count];
        lengths = new int[count];
        int at = 0;
        for (int i = 0; i < count; i++)
        {
            final int length = decode(decoder, corpus, liveStart + i, scratch);
            buffer.putBytes(at, scratch, 0, length);
            offsets[i] = at;
            lengths[i] = length;
            at += length;
        }
    }

    private static int decode(final FrameDecoder decoder, final Corpus corpus, final int frame, final UnsafeBuffer out)
    {
        final int length = decoder.decode(
            corpus.frames(), corpus.offset(frame), corpus.length(frame), out, 0, out.capacity(), frame);
        if (length <= 0)
        {
            throw new IllegalStateException(corpus.name() + " frame " + frame + " did not decode: " + length);
        }
        return length;
    }

    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    public int count()
    {
        return offsets.length;
    }

    public int offset(final int event)
    {
        return offsets[event];
    }

    public int length(final int event)
    {
        return lengths[event];
    }
}
