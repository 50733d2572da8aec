package dev.feedhandler.sim;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code venue-sim}: run the venue simulator on loopback until {@code --duration} elapses.
 */
@Command(
    name = "venue-sim",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Simulates Binance spot and USD-M on 127.0.0.1: WebSocket depth and bookTicker streams, REST depth " +
            "snapshots, fault switches, and the truth over HTTP (/truth, /control/...).",
        "Prints 'venue-sim: listening on http://127.0.0.1:<port>' to stderr once listening, runs for --duration, " +
            "then prints its counters as JSON to stdout.",
        "Exit code: 0 after a normal run; 1 when the port cannot be bound; 2 for bad arguments."})
public final class VenueSimulatorMain implements Callable<Integer>
{
    /** Printed to stderr once the port is bound; scripts wait for it. */
    public static final String LISTENING_PREFIX = "venue-sim: listening on ";

    private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)?");

    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT", description = "port to bind, 0 for an ephemeral one (default 0)")
    private int port;

    @Option(names = "--instruments", paramLabel = "VENUE:SYMBOL[/PS/QS[/PRICE]],...",
        description = "instruments of a venue, repeatable: binance-spot:BTCUSDT,ETHUSDT --instruments " +
            "binance-usdm:BTCUSDT; venues binance-spot, binance-usdm, bybit (BTCUSDT), okx (BTC-USDT), " +
            "kraken (BTC/USD), coinbase (BTC-USD). Optional per symbol: price scale, quantity scale, initial price " +
            "(kraken:BTC/USD/1/8/60000; defaults: spot 2/8, USD-M 2/3, bybit 2/6, okx 1/8, kraken 1/8, coinbase " +
            "2/8; price 60000 for BTC*, 3000 for ETH*, 100 otherwise). " +
            "Default: binance-spot:BTCUSDT,ETHUSDT and binance-usdm:BTCUSDT")
    private List<String> instruments = new ArrayList<>();

    @Option(names = "--rate", defaultValue = "100", paramLabel = "EVENTS_PER_SECOND",
        description = "depth events per second across all instruments, each with 1..--max-batch updates (default 100)")
    private double rate;

    @Option(names = "--levels", defaultValue = "200", paramLabel = "N", description = "levels per side of each book (default 200)")
    private int levels;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED", description = "random seed: same seed, same books (default 1)")
    private long seed;

    @Option(names = "--duration", defaultValue = "10m", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "how long to run: 500ms, 30s, 10m, 2h or ISO-8601; 0 runs until killed (default 10m)")
    private Duration duration;

    @Option(names = "--ping-interval", defaultValue = "20s", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "WebSocket ping interval (default 20s, as Binance)")
    private Duration pingInterval;

    @Option(names = "--pong-timeout", defaultValue = "60s", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "close a connection whose pong is this late (default 60s)")
    private Duration pongTimeout;

    @Option(names = "--max-batch", defaultValue = "5", paramLabel = "N", description = "updates per event: 1..N (default 5)")
    private int maxBatch;

    @Option(names = "--start-paused", description = "start with generation paused (POST /control/resume to start)")
    private boolean startPaused;

    private final PrintStream out;
    private final PrintStream err;

    public VenueSimulatorMain(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /** Run with arguments, writing to the given streams; returns the exit code. */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CommandLine commandLine = new CommandLine(new VenueSimulatorMain(out, err));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException
    {
        final SimulatorConfig config;
        try
        {
            config = config();
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("venue-sim: " + ex.getMessage());
            return 2;
        }
        final VenueSimulator simulator;
        try
        {
            simulator = VenueSimulator.start(config);
        }
        catch (final IllegalStateException ex)
        {
            err.println("venue-sim: " + ex.getMessage());
            return 1;
        }
        final Thread hook = new Thread(simulator::close, "venue-sim-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);
        err.println(LISTENING_PREFIX + simulator.httpUrl());
        err.flush();
        while (!simulator.awaitTermination(Duration.ofSeconds(1)))
        {
            // runs until the duration elapses (or forever with --duration 0)
        }
        simulator.close();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ignore)
        {
            // already shutting down
        }
        out.println(simulator.stats().toJson());
        out.flush();
        return 0;
    }

    SimulatorConfig config()
    {
        final SimulatorConfig config = new SimulatorConfig()
            .port(port)
            .ratePerSecond(rate)
            .levels(levels)
            .seed(seed)
            .duration(duration)
            .pingInterval(pingInterval)
            .pongTimeout(pongTimeout)
            .maxBatch(maxBatch)
            .startPaused(startPaused);
        for (final String group : instruments)
        {
            final int colon = group.indexOf(':');
            if (colon <= 0 || colon == group.length() - 1)
            {
                throw new IllegalArgumentException("--instruments '" + group + "' is not VENUE:SYMBOL,SYMBOL...");
            }
            final String venue = group.substring(0, colon);
            for (final String token : group.substring(colon + 1).split(","))
            {
                if (!token.isBlank())
                {
                    config.instrument(InstrumentSpec.parse(venue, token));
                }
            }
        }
        return config.conclude();
    }

    /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, a plain number of seconds, or ISO-8601 ({@code PT30S}). */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration>
    {
        @Override
        public Duration convert(final String value)
        {
            final Matcher matcher = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (matcher.matches())
            {
                final double amount = Double.parseDouble(matcher.group(1));
                final String unit = matcher.group(2) == null ? "s" : matcher.group(2);
                final double millis;
                switch (unit)
                {
                    case "ms":
                        millis = amount;
                        break;
                    case "m":
                        millis = amount * 60_000;
                        break;
                    case "h":
                        millis = amount * 3_600_000;
                        break;
                    case "s":
                    default:
                        millis = amount * 1000;
                }
                return Duration.ofMillis(Math.round(millis));
            }
            try
            {
                return Duration.parse(value);
            }
            catch (final DateTimeParseException ex)
            {
                throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration such as 500ms, 30s, 10m, 2h or PT30S");
            }
        }
    }
}
