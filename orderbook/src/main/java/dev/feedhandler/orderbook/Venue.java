package dev.feedhandler.orderbook;

import dev.feedhandler.orderbook.sync.BinanceSpotSequenceRule;
import dev.feedhandler.orderbook.sync.BinanceUsdmSequenceRule;
import dev.feedhandler.orderbook.sync.SequenceRule;

/**
 * The venues the daemon keeps books for, each with its sync rule. Ids are stable: they go on the wire.
 */
public enum Venue
{
    BINANCE_SPOT(1, "binance-spot", BinanceSpotSequenceRule.INSTANCE),
    BINANCE_USDM(2, "binance-usdm", BinanceUsdmSequenceRule.INSTANCE);

    private final int id;
    private final String configName;
    private final SequenceRule sequenceRule;

    Venue(final int id, final String configName, final SequenceRule sequenceRule)
    {
        this.id = id;
        this.configName = configName;
        this.sequenceRule = sequenceRule;
    }

    public int id()
    {
        return id;
    }

    /** The name used in config files and on the command line, e.g. {@code binance-spot}. */
    public String configName()
    {
        return configName;
    }

    public SequenceRule sequenceRule()
    {
        return sequenceRule;
    }

    /**
     * @throws IllegalArgumentException naming the accepted names.
     */
    public static Venue fromConfigName(final String name)
    {
        for (final Venue venue : values())
        {
            if (venue.configName.equals(name))
            {
                return venue;
            }
        }
        final StringBuilder names = new StringBuilder();
        for (final Venue venue : values())
        {
            names.append(names.length() == 0 ? "" : ", ").append(venue.configName);
        }
        throw new IllegalArgumentException("unknown venue '" + name + "', expected one of: " + names);
    }
}
