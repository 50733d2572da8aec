package dev.feedhandler.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Decode + apply, the daemon's per-frame work up to the book: our decoder on a real diff frame, then
 * {@code InstrumentSync.onEvent} on the LIVE path (sequence check, level updates, crossed-book check). One invocation
 * replays a window of {@value LiveReplay#WINDOW} consecutive frames of the capture's live range on the book exactly
 * as the capture left it before them (restored in an untimed per-invocation setup; see {@link LiveReplay}); the score
 * is per frame. The peer doing the same work its own way is {@link XChangeBinanceBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class DecodeApplyBenchmark
{
    @Param({Corpora.BINANCE_SPOT, Corpora.BINANCE_USDM, SimulatorCorpora.BINANCE_SPOT, SimulatorCorpora.BINANCE_USDM})
    public String corpus;

    private LiveReplay replay;
    private int first;

    @Setup(Level.Trial)
    public void setup()
    {
        replay = new LiveReplay(Corpora.byName(corpus), new NoOpSyncListener());
    }

    @Setup(Level.Invocation)
    public void restoreBook()
    {
        first = replay.restoreNextWindow();
    }

    @Benchmark
    @OperationsPerInvocation(LiveReplay.WINDOW)
    public long decodeApply()
    {
        final LiveReplay replay = this.replay;
        for (int frame = first, end = first + LiveReplay.WINDOW; frame < end; frame++)
        {
            replay.decodeApply(frame);
        }
        return replay.sync().book().lastUpdateId();
    }

    @TearDown(Level.Trial)
    public void verify()
    {
        replay.verify();
    }
}
