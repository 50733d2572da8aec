package dev.feedhandler.feeder.e2e;

import dev.feedhandler.sim.SimulatorConfig;
import dev.feedhandler.sim.VenueSimulator;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What the Aeron fault drills share: one simulated Binance spot venue with two instruments, a multicast channel on a
 * port of its own (so tests and builds never hear each other), and the daemon's config for them.
 */
final class FaultDrill
{
    static final String SPOT = "binance-spot";
    /** venue, symbol; ids on the wire follow this order. */
    static final String[][] INSTRUMENTS = {{SPOT, "BTCUSDT"}, {SPOT, "ETHUSDT"}};

    private FaultDrill()
    {
    }

    static VenueSimulator simulator(final int ratePerSecond)
    {
        return VenueSimulator.start(new SimulatorConfig()
            .instruments(SPOT, "BTCUSDT", "ETHUSDT")
            .ratePerSecond(ratePerSecond)
            .levels(50)
            .seed(ThreadLocalRandom.current().nextLong()));
    }

    static String channel()
    {
        return "aeron:udp?endpoint=239.255.42.11:" + ThreadLocalRandom.current().nextInt(41_000, 49_000) +
            "|interface=127.0.0.1";
    }

    /**
     * The daemon's config: a connection per instrument, snapshot cycles every 500 ms, a read-idle timeout longer than
     * the tests pause the simulator for, the counters file
     * {@code feeder.counters} next to the config, and {@code publisher} appended to the {@code [publisher]} table
     * ({@code key = value} lines).
     */
    static String config(final int port, final String channel, final String publisher)
    {
        return config(port, channel, publisher, "");
    }

    /** As above, with {@code metrics} appended to the {@code [metrics]} table. */
    static String config(final int port, final String channel, final String publisher, final String metrics)
    {
        return """
            [processor]
            idle = "backoff"
            [io]
            read_idle_timeout_ms = 10000
            [publisher]
            channel = "%2$s"
            snapshot_interval_ms = 500
            %3$s
            [metrics]
            counters_file = "feeder.counters"
            %4$s
            [[venues]]
            name = "binance-spot"
            ws_url = "ws://127.0.0.1:%1$d/spot/stream"
            rest_depth_url = "http://127.0.0.1:%1$d/spot/api/v3/depth"
            snapshot_limit = 1000
            streams_per_connection = 1
            snapshot_max_backoff_ms = 2000
            planned_lifetime_ms = 0
            instruments = [
                { symbol = "BTCUSDT", price_scale = 2, qty_scale = 8 },
                { symbol = "ETHUSDT", price_scale = 2, qty_scale = 8 },
            ]
            """.formatted(port, channel, publisher, metrics);
    }
}
