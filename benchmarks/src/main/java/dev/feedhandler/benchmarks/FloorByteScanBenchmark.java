package dev.feedhandler.benchmarks;

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
 * The floor for decoding: a plain scan over the same frames that only counts {@code '"'} bytes. Touching every byte
 * once is the least any decoder must do, so a decoder's cost is reported as a ratio to this one on the same corpus.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class FloorByteScanBenchmark
{
    @Param({Corpora.BINANCE_SPOT, Corpora.BINANCE_USDM, Corpora.BYBIT, Corpora.OKX, Corpora.KRAKEN,
        SimulatorCorpora.BINANCE_SPOT, SimulatorCorpora.BINANCE_USDM, SimulatorCorpora.BYBIT, SimulatorCorpora.OKX,
        SimulatorCorpora.KRAKEN, SimulatorCorpora.COINBASE})
    public String corpus;

    private byte[] bytes;
    private int[] offsets;
    private int[] lengths;
    private int next;

    @Setup
    public void setup()
    {
        final Corpus frames = Corpora.byName(corpus);
        bytes = new byte[frames.frames().capacity()];
        frames.frames().getBytes(0, bytes);
        offsets = new int[frames.frameCount()];
        lengths = new int[frames.frameCount()];
        for (int i = 0; i < offsets.length; i++)
        {
            offsets[i] = frames.offset(i);
            lengths[i] = frames.length(i);
        }
    }

    @Benchmark
    public int countQuotes()
    {
        final int frame = next;
        next = frame + 1 == offsets.length ? 0 : frame + 1;
        final byte[] bytes = this.bytes;
        int quotes = 0;
        for (int i = offsets[frame], end = i + lengths[frame]; i < end; i++)
        {
            if (bytes[i] == '"')
            {
                quotes++;
            }
        }
        return quotes;
    }
}
