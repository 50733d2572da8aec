package dev.feedhandler.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Runs one benchmark's own {@code @Setup} and {@code @Benchmark} methods in a loop and reports nanoseconds of the
 * thread's CPU time per operation, not wall time: on a shared machine whose other processes keep both cores busy,
 * time spent descheduled is not charged to the benchmark (cache and branch-predictor pollution still is). For A/B
 * comparisons when a quiet machine cannot be had; JMH stays the reference. Not a test, not run by the build.
 * <pre>
 *   java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *       dev.feedhandler.benchmarks.CpuTimeRun decode|decodeApply|floor|xchange CORPUS [ROUNDS]
 * </pre>
 * Prints the median, min and max over {@code ROUNDS} measured rounds (as many warm-up rounds run first). For
 * {@code decodeApply} the per-window book restore runs outside the measured time, as in JMH.
 */
public final class CpuTimeRun
{
    private CpuTimeRun()
    {
    }

    @FunctionalInterface
    private interface Operation
    {
        long run() throws Throwable;
    }

    public static void main(final String[] args) throws Throwable
    {
        final String what = args[0];
        final String corpus = args[1];
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Runnable beforeOperation = null;
        int framesPerOperation = 1;
        int operationsPerRound = 200_000;
        final Operation operation;
        switch (what)
        {
            case "decode":
                operation = decode(corpus);
                break;
            case "floor":
                final FloorByteScanBenchmark floor = new FloorByteScanBenchmark();
                floor.corpus = corpus;
                floor.setup();
                operation = floor::countQuotes;
                break;
            case "xchange":
                final XChangeBinanceBenchmark xchange = new XChangeBinanceBenchmark();
                xchange.corpus = corpus;
                xchange.setup();
                operation = () -> xchange.decodeApply().hashCode();
                operationsPerRound = 20_000;
                break;
            case "decodeApply":
                final DecodeApplyBenchmark decodeApply = new DecodeApplyBenchmark();
                decodeApply.corpus = corpus;
                decodeApply.setup();
                beforeOperation = decodeApply::restoreBook;
                operation = decodeApply::decodeApply;
                framesPerOperation = LiveReplay.WINDOW;
                operationsPerRound = 2_000;
                break;
            default:
                throw new IllegalArgumentException("decode, decodeApply, floor or xchange: " + what);
        }
        final double[] nsPerFrame = measure(operation, beforeOperation, rounds, operationsPerRound, framesPerOperation);
        Arrays.sort(nsPerFrame);
        System.out.printf("%s %s: %.1f cpu-ns/frame median, min %.1f, max %.1f (%d rounds)%n",
            what, corpus, nsPerFrame[rounds / 2], nsPerFrame[0], nsPerFrame[rounds - 1], rounds);
    }

    /** The decode benchmark by its name in this jar (older jars call it {@code BinanceDecodeBenchmark}). */
    private static Operation decode(final String corpus) throws Throwable
    {
        Class<?> type;
        try
        {
            type = Class.forName("dev.feedhandler.benchmarks.DecodeBenchmark");
        }
        catch (final ClassNotFoundException ex)
        {
            type = Class.forName("dev.feedhandler.benchmarks.BinanceDecodeBenchmark");
        }
        final Object benchmark = type.getDeclaredConstructor().newInstance();
        type.getField("corpus").set(benchmark, corpus);
        type.getMethod("setup").invoke(benchmark);
        final MethodHandle decode = MethodHandles.lookup().unreflect(type.getMethod("decode")).bindTo(benchmark);
        return () -> (int)decode.invokeExact();
    }

    private static double[] measure(
        final Operation operation,
        final Runnable beforeOperation,
        final int rounds,
        final int operationsPerRound,
        final int framesPerOperation) throws Throwable
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final double[] nsPerFrame = new double[rounds];
        long sink = 0;
        for (int round = -rounds; round < rounds; round++)
        {
            long cpuNs = 0;
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < operationsPerRound; i++)
            {
                if (beforeOperation != null)
                {
                    cpuNs += threads.getCurrentThreadCpuTime() - start;
                    beforeOperation.run();
                    start = threads.getCurrentThreadCpuTime();
                }
                sink += operation.run();
            }
            cpuNs += threads.getCurrentThreadCpuTime() - start;
            if (round >= 0)
            {
                nsPerFrame[round] = cpuNs / (double)((long)operationsPerRound * framesPerOperation);
            }
        }
        if (sink == 42)
        {
            System.out.print("");
        }
        return nsPerFrame;
    }
}
