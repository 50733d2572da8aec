package dev.feedhandler.benchmarks;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The book-diff frames of one real venue capture, loaded once: every frame back to back in one buffer (as they would
 * sit in a socket read buffer), plus the venue's snapshot when the venue bootstraps from REST. Only frames the
 * venue decoder turns into {@link BookEvent#TYPE_DIFF} events are kept, so a corpus measures book updates, not
 * trades or tickers.
 */
public final class Corpus
{
    private final String name;
    private final Instrument instrument;
    private final Supplier<FrameDecoder> decoders;
    private final UnsafeBuffer frames;
    private final int[] offsets;
    private final int[] lengths;
    private final byte[][] frameBytes;
    private final byte[] snapshot;

    private Corpus(
        final String name,
        final Instrument instrument,
        final Supplier<FrameDecoder> decoders,
        final List<byte[]> diffFrames,
        final byte[] snapshot)
    {
        this.name = name;
        this.instrument = instrument;
        this.decoders = decoders;
        this.snapshot = snapshot;
        this.frameBytes = diffFrames.toArray(new byte[0][]);
        this.offsets = new int[frameBytes.length];
        this.lengths = new int[frameBytes.length];
        int total = 0;
        for (final byte[] frame : frameBytes)
        {
            total += frame.length;
        }
        this.frames = new UnsafeBuffer(new byte[total]);
        int at = 0;
        for (int i = 0; i < frameBytes.length; i++)
        {
            frames.putBytes(at, frameBytes[i]);
            offsets[i] = at;
            lengths[i] = frameBytes[i].length;
            at += frameBytes[i].length;
        }
    }

    /**
     * Load a capture from the classpath (the jar carries {@code fixtures/}) and keep its diff frames.
     *
     * @param framesResource   one received frame per line, e.g. {@code fixtures/binance-spot/x.jsonl}.
     * @param snapshotResource the REST snapshot, or null for venues whose snapshot is in the stream.
     * @param decoders         a new decoder of the venue for {@code instrument}, per call.
     */
    public static Corpus load(
        final String name,
        final Instrument instrument,
        final String framesResource,
        final String snapshotResource,
        final Supplier<FrameDecoder> decoders)
    {
        final List<byte[]> frames = new ArrayList<>();
        final String text = new String(read(framesResource), StandardCharsets.UTF_8);
        for (final String line : text.split("\n"))
        {
            if (!line.isBlank())
            {
                frames.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return of(name + " (" + framesResource + ")", name, instrument, frames,
            snapshotResource == null ? null : read(snapshotResource), decoders);
    }

    /**
     * Keep the diff frames of {@code frames} as received from {@code source}.
     *
     * @param snapshot the REST snapshot, or null for venues whose snapshot is in the stream.
     */
    public static Corpus of(
        final String source,
        final String name,
        final Instrument instrument,
        final List<byte[]> frames,
        final byte[] snapshot,
        final Supplier<FrameDecoder> decoders)
    {
        final FrameDecoder decoder = decoders.get();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);
        final BookEvent event = new BookEvent();
        final List<byte[]> diffs = new ArrayList<>();
        for (final byte[] frame : frames)
        {
            final int result = decoder.decode(new UnsafeBuffer(frame), 0, frame.length, out, 0, out.capacity(), 0);
            if (result > 0 && event.wrap(out, 0).type() == BookEvent.TYPE_DIFF)
            {
                diffs.add(frame);
            }
        }
        if (diffs.isEmpty())
        {
            throw new IllegalStateException(name + ": no diff frames decoded from " + source);
        }
        return new Corpus(name, instrument, decoders, diffs, snapshot);
    }

    static byte[] read(final String resource)
    {
        try (InputStream in = Corpus.class.getClassLoader().getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalStateException("not on the classpath: " + resource);
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public String name()
    {
        return name;
    }

    public Instrument instrument()
    {
        return instrument;
    }

    /** A new decoder for this corpus's venue and instrument. */
    public FrameDecoder newDecoder()
    {
        return decoders.get();
    }

    /** Every diff frame back to back. */
    public UnsafeBuffer frames()
    {
        return frames;
    }

    public int frameCount()
    {
        return offsets.length;
    }

    public int offset(final int frame)
    {
        return offsets[frame];
    }

    public int length(final int frame)
    {
        return lengths[frame];
    }

    /** A copy of one frame's bytes (for peers that take a byte array or a String). */
    public byte[] frameBytes(final int frame)
    {
        return frameBytes[frame].clone();
    }

    /** The REST snapshot body, or null. */
    public byte[] snapshot()
    {
        return snapshot == null ? null : snapshot.clone();
    }

    /** Mean frame length in bytes (reported next to ns/frame). */
    public double meanFrameLength()
    {
        return (double)frames.capacity() / offsets.length;
    }
}
