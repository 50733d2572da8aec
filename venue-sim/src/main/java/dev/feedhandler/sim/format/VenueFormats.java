package dev.feedhandler.sim.format;

import java.util.List;

/**
 * The venue formats the simulator knows, by name.
 */
public final class VenueFormats
{
    private static final List<VenueFormat> ALL = List.of(new BinanceSpotFormat(), new BinanceUsdmFormat(),
        new BybitFormat(), new OkxFormat(), new KrakenFormat(), new CoinbaseFormat());

    private VenueFormats()
    {
    }

    public static List<VenueFormat> all()
    {
        return ALL;
    }

    /**
     * @throws IllegalArgumentException naming the known venues.
     */
    public static VenueFormat byName(final String name)
    {
        for (final VenueFormat format : ALL)
        {
            if (format.name().equals(name))
            {
                return format;
            }
        }
        final StringBuilder names = new StringBuilder();
        for (final VenueFormat format : ALL)
        {
            names.append(names.length() == 0 ? "" : ", ").append(format.name());
        }
        throw new IllegalArgumentException("unknown venue '" + name + "', expected one of: " + names);
    }
}
