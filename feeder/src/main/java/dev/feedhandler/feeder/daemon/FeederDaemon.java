package dev.feedhandler.feeder.daemon;

import dev.feedhandler.feeder.config.ConfigException;
import dev.feedhandler.feeder.config.ConfigLoader;
import dev.feedhandler.feeder.config.DaemonConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code feeder}: the daemon. Loads the config, starts ingest, the book processor and the feed publisher, and runs
 * until SIGTERM/SIGINT (or {@code --duration}), or until it loses its media driver (exit code 4). Every way out goes
 * through the same clean stop.
 */
@Command(
    name = "feeder",
    mixinStandardHelpOptions = true,
    description = {
        "Keeps exact L2 books for the configured venues and instruments and publishes them on the multicast feed.",
        "Exit code: 0 after a clean stop (143 when stopped by SIGTERM, after the same clean stop); 2 for a bad " +
            "command line or configuration (the message names the file, line, key and reason); 3 when start-up " +
            "failed; 4 when the Aeron media driver was lost while running (a supervisor should start the daemon " +
            "again)."})
public final class FeederDaemon implements Callable<Integer>
{
    /** The media driver was lost at run time: nothing could be published any more (docs/operations.md). */
    public static final int EXIT_DRIVER_LOST = 4;
    private static final Logger LOG = LoggerFactory.getLogger(FeederDaemon.class);
    /** A SIGTERM waits this long for the clean stop; systemd's TimeoutStopSec= is longer. */
    private static final long STOP_GRACE_SECONDS = 20;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "TOML configuration file")
    private Path configFile;

    @Option(names = "--duration", defaultValue = "0", paramLabel = "SECONDS",
        description = "stop after this long (default 0: run until SIGTERM/SIGINT)")
    private double durationSeconds;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile int exitCode;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new FeederDaemon()).execute(args));
    }

    public Integer call() throws InterruptedException
    {
        final DaemonConfig config;
        try
        {
            config = ConfigLoader.load(configFile);
        }
        catch (final ConfigException ex)
        {
            System.err.println("feeder: " + ex.getMessage());
            return 2;
        }

        final Daemon daemon;
        try
        {
            daemon = Daemon.start(config, cause ->
            {
                exitCode = EXIT_DRIVER_LOST;
                stop.countDown();
            });
        }
        catch (final RuntimeException ex)
        {
            LOG.error("start-up failed", ex);
            return 3;
        }
        // SIGTERM/SIGINT: the JVM exits once the hooks return, so this one waits for the clean stop below.
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAndAwaitClose, "feeder-shutdown"));
        try
        {
            if (durationSeconds > 0)
            {
                stop.await((long)(durationSeconds * 1000), TimeUnit.MILLISECONDS);
            }
            else
            {
                stop.await();
            }
        }
        finally
        {
            daemon.close();
            stopped.countDown();
        }
        if (exitCode != 0)
        {
            LOG.info("exit code {}: the media driver was lost", exitCode);
        }
        return exitCode;
    }

    private void stopAndAwaitClose()
    {
        stop.countDown();
        try
        {
            stopped.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
