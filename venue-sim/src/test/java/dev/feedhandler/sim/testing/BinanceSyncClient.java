package dev.feedhandler.sim.testing;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A naive Binance client written straight from venues.md, as a test oracle: buffer diffs from connect, fetch a REST
 * snapshot, drop what it covers, bridge, then apply diffs while they chain (spot {@code U == prev u + 1}, USD-M
 * {@code pu == prev u}); on a break, start again from a new snapshot. Books are BigDecimal TreeMaps. Everything runs
 * on the calling thread in {@link #pump()}.
 */
public final class BinanceSyncClient implements AutoCloseable
{
    public enum Rule
    {
        SPOT("/spot", "/spot/api/v3/depth", 5000),
        USDM("/usdm", "/usdm/fapi/v1/depth", 1000);

        final String prefix;
        final String depthPath;
        final int limit;

        Rule(final String prefix, final String depthPath, final int limit)
        {
            this.prefix = prefix;
            this.depthPath = depthPath;
            this.limit = limit;
        }
    }

    public enum State
    {
        BUFFERING,
        BRIDGING,
        LIVE
    }

    /** One diff as received. */
    record Diff(long first, long last, long previous, List<?> bids, List<?> asks)
    {
    }

    /** The client's book of one symbol and what happened to it. */
    public static final class SymbolBook
    {
        final String symbol;
        final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
        final Deque<Diff> buffer = new ArrayDeque<>();
        State state = State.BUFFERING;
        long snapshotId;
        long lastId;
        public int gaps;
        public int staleSnapshots;
        public int snapshots;
        public int snapshotErrors;
        public int applied;
        public int dropped;

        SymbolBook(final String symbol)
        {
            this.symbol = symbol;
        }

        public State state()
        {
            return state;
        }

        /** u of the last diff applied (or the snapshot's id before any). */
        public long lastId()
        {
            return lastId;
        }

        /** Levels as plain decimal strings, best first, as {@code /truth} lists them. */
        public List<List<String>> bids()
        {
            return plain(bids);
        }

        public List<List<String>> asks()
        {
            return plain(asks);
        }

        private static List<List<String>> plain(final TreeMap<BigDecimal, BigDecimal> side)
        {
            final List<List<String>> levels = new ArrayList<>();
            side.forEach((price, quantity) -> levels.add(List.of(
                price.stripTrailingZeros().toPlainString(), quantity.stripTrailingZeros().toPlainString())));
            return levels;
        }
    }

    private final String httpUrl;
    private final Rule rule;
    private final WsClient webSocket;
    private final Map<String, SymbolBook> books = new LinkedHashMap<>();
    private int consumed;
    public int malformedFrames;
    public int otherFrames;

    private BinanceSyncClient(final String httpUrl, final Rule rule, final WsClient webSocket,
        final List<String> symbols)
    {
        this.httpUrl = httpUrl;
        this.rule = rule;
        this.webSocket = webSocket;
        for (final String symbol : symbols)
        {
            books.put(symbol, new SymbolBook(symbol));
        }
    }

    /**
     * Connect to the combined stream of {@code symbols} with one depth stream suffix, e.g. {@code @depth@100ms}.
     */
    public static BinanceSyncClient connect(
        final String httpUrl, final Rule rule, final List<String> symbols, final String suffix)
    {
        final List<String> streams = new ArrayList<>();
        for (final String symbol : symbols)
        {
            streams.add(symbol.toLowerCase(Locale.ROOT) + suffix);
        }
        final String url = httpUrl.replace("http://", "ws://") + rule.prefix + "/stream?streams=" +
            String.join("/", streams);
        return new BinanceSyncClient(httpUrl, rule, WsClient.connect(url), symbols);
    }

    /** Connect to a raw (unwrapped) stream of one symbol. */
    public static BinanceSyncClient connectRaw(
        final String httpUrl, final Rule rule, final String symbol, final String suffix)
    {
        final String url = httpUrl.replace("http://", "ws://") + rule.prefix + "/ws/" +
            symbol.toLowerCase(Locale.ROOT) + suffix;
        return new BinanceSyncClient(httpUrl, rule, WsClient.connect(url), List.of(symbol));
    }

    public SymbolBook book(final String symbol)
    {
        return books.get(symbol);
    }

    public WsClient webSocket()
    {
        return webSocket;
    }

    /** Process every frame received so far, fetching snapshots where a book needs one. */
    public void pump()
    {
        final List<String> texts = webSocket.texts();
        while (consumed < texts.size())
        {
            onFrame(texts.get(consumed++));
        }
        for (final SymbolBook book : books.values())
        {
            if (book.state == State.BUFFERING && !book.buffer.isEmpty())
            {
                fetchSnapshot(book);
            }
        }
    }

    public boolean allLive()
    {
        return books.values().stream().allMatch(book -> book.state == State.LIVE);
    }

    @Override
    public void close()
    {
        webSocket.close();
    }

    private void onFrame(final String text)
    {
        final Map<String, Object> message;
        try
        {
            message = Json.object(text);
        }
        catch (final IllegalArgumentException | ClassCastException ex)
        {
            malformedFrames++;
            return;
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> data = message.containsKey("stream") ?
            (Map<String, Object>)message.get("data") : message;
        if (!"depthUpdate".equals(data.get("e")))
        {
            otherFrames++;
            return;
        }
        final SymbolBook book = books.get((String)data.get("s"));
        final Diff diff = new Diff(number(data, "U"), number(data, "u"),
            data.containsKey("pu") ? number(data, "pu") : -1, (List<?>)data.get("b"), (List<?>)data.get("a"));
        onDiff(book, diff);
    }

    private void onDiff(final SymbolBook book, final Diff diff)
    {
        switch (book.state)
        {
            case BUFFERING:
                book.buffer.add(diff);
                break;
            case BRIDGING:
                bridge(book, diff);
                break;
            case LIVE:
            default:
                final boolean chained = rule == Rule.SPOT ? diff.first == book.lastId + 1 : diff.previous == book.lastId;
                if (chained)
                {
                    apply(book, diff);
                }
                else
                {
                    book.gaps++;
                    restart(book, diff);
                }
        }
    }

    private void bridge(final SymbolBook book, final Diff diff)
    {
        final long snapshotId = book.snapshotId;
        final boolean covered = rule == Rule.SPOT ? diff.last <= snapshotId : diff.last < snapshotId;
        if (covered)
        {
            book.dropped++;
            return;
        }
        final boolean bridges = rule == Rule.SPOT ?
            diff.first <= snapshotId + 1 && snapshotId + 1 <= diff.last :
            diff.first <= snapshotId && snapshotId <= diff.last;
        if (bridges)
        {
            apply(book, diff);
            book.state = State.LIVE;
            return;
        }
        // The snapshot ends before the first diff we have: too old, fetch another.
        book.staleSnapshots++;
        restart(book, diff);
    }

    private static void restart(final SymbolBook book, final Diff diff)
    {
        book.state = State.BUFFERING;
        book.buffer.clear();
        book.buffer.add(diff);
    }

    private void fetchSnapshot(final SymbolBook book)
    {
        final HttpResponse<String> response = Http.get(httpUrl + rule.depthPath + "?symbol=" + book.symbol +
            "&limit=" + rule.limit);
        if (response.statusCode() != 200)
        {
            book.snapshotErrors++;
            return;
        }
        final Map<String, Object> snapshot = Json.object(response.body());
        book.snapshots++;
        book.bids.clear();
        book.asks.clear();
        load(book.bids, (List<?>)snapshot.get("bids"));
        load(book.asks, (List<?>)snapshot.get("asks"));
        book.snapshotId = number(snapshot, "lastUpdateId");
        book.lastId = book.snapshotId;
        book.state = State.BRIDGING;
        final List<Diff> buffered = new ArrayList<>(book.buffer);
        book.buffer.clear();
        for (final Diff diff : buffered)
        {
            onDiff(book, diff);
        }
    }

    private static void apply(final SymbolBook book, final Diff diff)
    {
        load(book.bids, diff.bids);
        load(book.asks, diff.asks);
        book.lastId = diff.last;
        book.applied++;
    }

    private static void load(final TreeMap<BigDecimal, BigDecimal> side, final List<?> levels)
    {
        for (final Object level : levels)
        {
            final List<?> pair = (List<?>)level;
            final BigDecimal price = new BigDecimal((String)pair.get(0));
            final BigDecimal quantity = new BigDecimal((String)pair.get(1));
            if (quantity.signum() == 0)
            {
                side.remove(price);
            }
            else
            {
                side.put(price, quantity);
            }
        }
    }

    private static long number(final Map<String, Object> map, final String key)
    {
        return ((BigDecimal)map.get(key)).longValueExact();
    }
}
