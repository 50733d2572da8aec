package dev.feedhandler.sim.testing;

import dev.feedhandler.sim.VenueSimulator;

/**
 * How tests talk to each stream-snapshot venue: URL path, subscribe and unsubscribe messages, depth of the stream the
 * tests use, and the simulator's default scales.
 */
public final class StreamVenues
{
    private StreamVenues()
    {
    }

    public static String path(final String venue)
    {
        return switch (venue)
        {
            case "bybit" -> "/bybit/v5/public/spot";
            case "okx" -> "/okx/ws/v5/public";
            case "kraken" -> "/kraken/v2";
            case "coinbase" -> "/coinbase";
            default -> throw new IllegalArgumentException(venue);
        };
    }

    /** Levels per side the tests' subscription keeps (Integer.MAX_VALUE: the whole book). */
    public static int depth(final String venue)
    {
        return switch (venue)
        {
            case "bybit" -> 50;
            case "okx" -> 400;
            case "kraken" -> 10;
            default -> Integer.MAX_VALUE;
        };
    }

    public static String[] symbols(final String venue)
    {
        return switch (venue)
        {
            case "bybit" -> new String[]{"BTCUSDT", "ETHUSDT"};
            case "okx" -> new String[]{"BTC-USDT", "ETH-USDT"};
            case "kraken" -> new String[]{"BTC/USD", "ETH/USD"};
            case "coinbase" -> new String[]{"BTC-USD", "ETH-USD"};
            default -> throw new IllegalArgumentException(venue);
        };
    }

    public static String subscribe(final String venue, final String symbol)
    {
        return request(venue, symbol, "subscribe");
    }

    public static String unsubscribe(final String venue, final String symbol)
    {
        return request(venue, symbol, "unsubscribe");
    }

    private static String request(final String venue, final String symbol, final String op)
    {
        return switch (venue)
        {
            case "bybit" -> "{\"req_id\":\"1\",\"op\":\"" + op + "\",\"args\":[\"orderbook.50." + symbol + "\"]}";
            case "okx" -> "{\"id\":\"1\",\"op\":\"" + op + "\",\"args\":[{\"channel\":\"books\",\"instId\":\"" +
                symbol + "\"}]}";
            case "kraken" -> "{\"method\":\"" + op + "\",\"params\":{\"channel\":\"book\",\"symbol\":[\"" + symbol +
                "\"],\"depth\":10" + (op.equals("subscribe") ? ",\"snapshot\":true" : "") + "},\"req_id\":1}";
            case "coinbase" -> "{\"type\":\"" + op + "\",\"product_ids\":[\"" + symbol + "\"],\"channel\":\"level2\"}";
            default -> throw new IllegalArgumentException(venue);
        };
    }

    public static StreamVenueClient connect(final VenueSimulator sim, final String venue)
    {
        final String symbol = symbols(venue)[0];
        final var truth = sim.truth(venue, symbol, 1);
        return new StreamVenueClient(venue, sim.webSocketUrl() + path(venue), truth.priceScale(), truth.qtyScale());
    }
}
