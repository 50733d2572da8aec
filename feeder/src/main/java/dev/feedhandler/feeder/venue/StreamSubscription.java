package dev.feedhandler.feeder.venue;

/**
 * What to subscribe to on a stream venue, from the venue's config.
 *
 * @param channel the venue's book channel: Bybit {@code orderbook}, OKX {@code books}, Kraken {@code book},
 *                Coinbase {@code level2}.
 * @param depth   levels asked for where the venue takes a depth (Bybit 1/50/200/1000, Kraken 10/25/100/500/1000),
 *                0 where it takes none.
 */
public record StreamSubscription(String channel, int depth)
{
}
