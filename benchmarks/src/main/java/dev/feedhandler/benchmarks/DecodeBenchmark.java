package dev.feedhandler.benchmarks;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Our venue decoder on a venue's real diff frames: one operation decodes one frame (frames taken in capture order,
 * round and round), so the score is ns/frame and {@code -prof gc} gives B/frame. Compare with
 * {@link FloorByteScanBenchmark} on the same corpus.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class DecodeBenchmark
{
    @Param({Corpora.BINANCE_SPOT, Corpora.BINANCE_USDM, Corpora.BYBIT, Corpora.OKX, Corpora.KRAKEN,
        SimulatorCorpora.BINANCE_SPOT, SimulatorCorpora.BINANCE_USDM, SimulatorCorpora.BYBIT, SimulatorCorpora.OKX,
        SimulatorCorpora.KRAKEN, SimulatorCorpora.COINBASE})
    public String corpus;

    private Corpus frames;
    private FrameDecoder decoder;
    private UnsafeBuffer buffer;
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);
    private int next;

    @Setup
    public void setup()
    {
        frames = Corpora.byName(corpus);
        decoder = frames.newDecoder();
        buffer = frames.frames();
    }

    @Benchmark
    public int decode()
    {
        final int frame = next;
        next = frame + 1 == frames.frameCount() ? 0 : frame + 1;
        if (frame == 0)
        {
            decoder.startOver();
        }
        final int result = decoder.decode(
            buffer, frames.offset(frame), frames.length(frame), out, 0, out.capacity(), frame);
        if (result <= 0)
        {
            throw new IllegalStateException(corpus + " frame " + frame + " did not decode: " + result);
        }
        return result;
    }
}
