package dev.feedhandler.feeder.metrics;

import dev.feedhandler.feeder.config.DaemonConfig;
import dev.feedhandler.orderbook.metrics.CounterFactory;
import dev.feedhandler.orderbook.metrics.CountersFile;
import org.agrona.CloseHelper;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The daemon's counters file, the factory its components allocate their counters from, the book thread's latency
 * histograms and (when configured) the Prometheus endpoint. Created first and closed last by the daemon.
 */
public final class DaemonMetrics implements AutoCloseable
{
    private final CountersFile file;
    private final CounterFactory counters;
    private final LatencyHistograms latency;
    private final PrometheusEndpoint prometheus;

    private DaemonMetrics(
        final DaemonConfig.Metrics config, final int instruments, final int venues, final EpochNanoClock clock)
    {
        final Path path;
        if (config.countersFile() != null)
        {
            path = config.countersFile();
            refuseIfInUse(path);
        }
        else
        {
            CountersLocation.pruneDead(CountersLocation.defaultDirectory());
            path = CountersLocation.newDefaultFile();
        }
        file = CountersFile.create(path, capacity(instruments, venues));
        counters = new CounterFactory(file.manager());
        latency = config.latencyHistograms() ? new LatencyHistograms(clock, config.ringTimestamps()) : null;
        final List<StageHistogram> stages = latency == null ? List.of() : latency.stages();
        try
        {
            prometheus = config.prometheusPort() > 0 ?
                new PrometheusEndpoint(config.prometheusBind(), config.prometheusPort(), file.reader(), stages) : null;
        }
        catch (final RuntimeException ex)
        {
            file.close();
            throw ex;
        }
    }

    /** Create the counters file (and start the endpoint) sized for this many instruments and venues. */
    public static DaemonMetrics start(final DaemonConfig.Metrics config, final int instruments, final int venues)
    {
        return start(config, instruments, venues, new OffsetEpochNanoClock());
    }

    /**
     * As above, the latency histograms reading {@code clock}: the clock the ingest stamps events with (ingress and,
     * with ring timestamps on, ring commit), so every stage is measured on one clock.
     */
    public static DaemonMetrics start(
        final DaemonConfig.Metrics config, final int instruments, final int venues, final EpochNanoClock clock)
    {
        return new DaemonMetrics(config, instruments, venues, clock);
    }

    /** Room for every counter the daemon allocates, with margin for counters added later. */
    static int capacity(final int instruments, final int venues)
    {
        return 256 + instruments * 32 + venues * 96;
    }

    public Path countersFile()
    {
        return file.path();
    }

    public CounterFactory counters()
    {
        return counters;
    }

    /** The book thread's recorder (and its readers' windows), or null when latency histograms are off. */
    public LatencyHistograms latency()
    {
        return latency;
    }

    /** The Prometheus endpoint's port, or 0 when there is none. */
    public int prometheusPort()
    {
        return prometheus == null ? 0 : prometheus.port();
    }

    /** Stop the endpoint and mark the file stopped cleanly (it stays for feeder-stat). Call after every writer stopped. */
    public void close()
    {
        CloseHelper.quietClose(prometheus);
        file.close();
    }

    private static void refuseIfInUse(final Path path)
    {
        if (!Files.exists(path))
        {
            return;
        }
        final CountersFile existing;
        try
        {
            existing = CountersFile.openReadOnly(path);
        }
        catch (final RuntimeException ex)
        {
            return; // not a readable counters file: it is replaced
        }
        if (existing.isWriterAlive() && existing.pid() != ProcessHandle.current().pid())
        {
            throw new IllegalStateException("the counters file " + path + " is in use by the running process " +
                existing.pid() + ": stop it or set another [metrics] counters_file");
        }
    }
}
