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
 * until SIGTERM/SIGINT (or {@code --duration}).
 */
@Command(
    name = "feeder",
    mixinStandardHelpOptions = true,
    description = {
        "Keeps exact L2 books for the configured venues and instruments and publishes them on the multicast feed.",
        "Exit code: 0 after a clean stop; 2 for a bad command line or configuration (the message names the file, " +
            "line, key and reason); 3 when start-up failed."})
public final class FeederDaemon implements Callable<Integer>
{
    private static final Logger LOG = LoggerFactory.getLogger(FeederDaemon.class);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "TOML configuration file")
    private Path configFile;

    @Option(names = "--duration", defaultValue = "0", paramLabel = "SECONDS",
        description = "stop after this long (default 0: run until SIGTERM/SIGINT)")
    private double durationSeconds;

    private final CountDownLatch stop = new CountDownLatch(1);

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
            daemon = Daemon.start(config);
        }
        catch (final RuntimeException ex)
        {
            LOG.error("start-up failed", ex);
            return 3;
        }
        final Thread hook = new Thread(stop::countDown, "feeder-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
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
        }
        return 0;
    }
}
