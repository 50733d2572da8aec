package dev.feedhandler.benchmarks.plot;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the PNG charts docs/performance.md embeds, from files the benchmarks already write:
 * <pre>
 *   Plots latency OUT.png LABEL=FILE.hgrm [LABEL=FILE.hgrm...]   latency by percentile, one series per file
 *   Plots apply OUT_DIR JMH.json                                  BookApplyBenchmark scaling, several PNGs
 *   Plots decode OUT.png JMH.json                                 floor / decode / decode + apply / XChange bars
 * </pre>
 * The {@code .hgrm} files are what {@code scripts/bench latency-floor} and {@code latency-daemon} write (HdrHistogram's
 * percentile distribution, in microseconds); the JSON files are JMH's {@code -rf json} results. Charts are
 * {@value #WIDTH}x{@value #HEIGHT} pixels. Exit status 0 when written, 2 on bad arguments, 1 when an input cannot be
 * read or plotted.
 */
public final class Plots
{
    static final int WIDTH = 1000;
    static final int HEIGHT = 600;
    private static final String USAGE = String.join(System.lineSeparator(),
        "usage: Plots latency OUT.png LABEL=FILE.hgrm [LABEL=FILE.hgrm...]",
        "       Plots apply OUT_DIR JMH_APPLY.json",
        "       Plots decode OUT.png JMH_DECODE.json");

    private Plots()
    {
    }

    public static void main(final String[] args)
    {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args the command line.
     * @param out  where the written files are listed.
     * @param err  where usage and errors go.
     * @return the exit status.
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length < 3 || !("latency".equals(args[0]) || args.length == 3))
        {
            err.println(USAGE);
            return 2;
        }
        try
        {
            final List<Path> written = plot(args[0], Path.of(args[1]), Arrays.asList(args).subList(2, args.length));
            written.forEach(file -> out.println("wrote " + file));
            return 0;
        }
        catch (final UsageException ex)
        {
            err.println("plots: " + ex.getMessage());
            err.println(USAGE);
            return 2;
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("plots: " + ex);
            return 1;
        }
    }

    private static List<Path> plot(final String what, final Path out, final List<String> inputs) throws IOException
    {
        switch (what)
        {
            case "latency":
                PngWriter.write(LatencyChart.chart(latencyRuns(inputs), WIDTH, HEIGHT), out);
                return List.of(out);
            case "apply":
                return ApplyScalingCharts.write(JmhJsonReader.read(Path.of(inputs.get(0))), out, WIDTH, HEIGHT);
            case "decode":
                PngWriter.write(DecodeChart.chart(JmhJsonReader.read(Path.of(inputs.get(0))), WIDTH, HEIGHT), out);
                return List.of(out);
            default:
                throw new UsageException("unknown chart: " + what);
        }
    }

    private static Map<String, List<PercentilePoint>> latencyRuns(final List<String> inputs) throws IOException
    {
        final Map<String, List<PercentilePoint>> runs = new LinkedHashMap<>();
        for (final String input : inputs)
        {
            final int equals = input.indexOf('=');
            if (equals < 1 || equals == input.length() - 1)
            {
                throw new UsageException("want LABEL=FILE.hgrm: " + input);
            }
            final String label = input.substring(0, equals);
            if (runs.put(label, HgrmReader.read(Path.of(input.substring(equals + 1)))) != null)
            {
                throw new UsageException("label given twice: " + label);
            }
        }
        return runs;
    }

    /** A command line that cannot be run, reported with the usage (exit 2). */
    private static final class UsageException extends IllegalArgumentException
    {
        UsageException(final String message)
        {
            super(message);
        }
    }
}
