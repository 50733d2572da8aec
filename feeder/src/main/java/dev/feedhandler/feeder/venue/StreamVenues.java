package dev.feedhandler.feeder.venue;

import dev.feedhandler.feeder.venue.bybit.BybitProtocol;
import dev.feedhandler.feeder.venue.coinbase.CoinbaseProtocol;
import dev.feedhandler.feeder.venue.kraken.KrakenProtocol;
import dev.feedhandler.feeder.venue.okx.OkxProtocol;
import dev.feedhandler.orderbook.Venue;

/**
 * The stream venues this build knows: one {@link StreamVenueProtocol} per venue whose book starts from a snapshot in
 * the stream ({@link Venue.Bootstrap#STREAM_SNAPSHOT}).
 */
public final class StreamVenues
{
    private StreamVenues()
    {
    }

    /**
     * @throws IllegalArgumentException when the venue is not a stream venue this build supports.
     */
    public static StreamVenueProtocol protocol(final Venue venue, final StreamSubscription subscription)
    {
        switch (venue)
        {
            case BYBIT:
                return new BybitProtocol(subscription);
            case OKX:
                return new OkxProtocol(subscription);
            case KRAKEN:
                return new KrakenProtocol(subscription);
            case COINBASE:
                return new CoinbaseProtocol(subscription);
            default:
                throw new IllegalArgumentException(venue.configName() + " is not a supported stream venue");
        }
    }
}
