package dev.feedhandler.sim.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test client of one stream-snapshot venue (bybit, okx, kraken, coinbase) over a {@link NettyWsClient}: rebuilds
 * every subscribed book from the frames as venues.md says a client must, and counts what breaks (sequence gaps,
 * checksum mismatches, malformed frames). Frames are processed when {@link #process()} is called.
 */
public final class StreamVenueClient implements AutoCloseable
{
    private final String venue;
    private final NettyWsClient ws;
    private final int priceScale;
    private final int qtyScale;
    private final Map<String, StreamBook> books = new HashMap<>();
    private final Map<String, Integer> snapshots = new HashMap<>();
    private final Map<String, Integer> updates = new HashMap<>();
    private final Map<String, Long> streamSequence = new HashMap<>();
    private final List<String> controlFrames = new ArrayList<>();
    private final List<String> dataEvents = new ArrayList<>();
    private int processed;
    private long connectionSequence = -1;
    private int gaps;
    private int checksumMismatches;
    private int malformed;
    private int multiProductFrames;
    private int krakenDepth = 10;

    public StreamVenueClient(final String venue, final String url, final int priceScale, final int qtyScale)
    {
        this.venue = venue;
        this.priceScale = priceScale;
        this.qtyScale = qtyScale;
        this.ws = NettyWsClient.connect(url);
    }

    public NettyWsClient ws()
    {
        return ws;
    }

    public void krakenDepth(final int depth)
    {
        krakenDepth = depth;
    }

    public void send(final String text)
    {
        ws.send(text);
    }

    /** Handle every frame received so far. */
    public synchronized void process()
    {
        final List<String> texts = ws.texts();
        while (processed < texts.size())
        {
            handle(texts.get(processed++));
        }
    }

    public synchronized StreamBook book(final String symbol)
    {
        process();
        return books.computeIfAbsent(symbol, key -> new StreamBook());
    }

    public synchronized int snapshots(final String symbol)
    {
        process();
        return snapshots.getOrDefault(symbol, 0);
    }

    /** Updates (not snapshots) received for a symbol, malformed frames excluded. */
    public synchronized int updates(final String symbol)
    {
        process();
        return updates.getOrDefault(symbol, 0);
    }

    public synchronized int gaps()
    {
        process();
        return gaps;
    }

    public synchronized int checksumMismatches()
    {
        process();
        return checksumMismatches;
    }

    public synchronized int malformed()
    {
        process();
        return malformed;
    }

    public synchronized int multiProductFrames()
    {
        process();
        return multiProductFrames;
    }

    /** Frames that are neither book data nor malformed: acks, pongs, status, heartbeats, errors. */
    public synchronized List<String> controlFrames()
    {
        process();
        return new ArrayList<>(controlFrames);
    }

    /** Every book message (Coinbase: every event) in order, as text. */
    public synchronized List<String> dataEvents()
    {
        process();
        return new ArrayList<>(dataEvents);
    }

    private void handle(final String text)
    {
        if (venue.equals("okx") && text.equals("pong"))
        {
            controlFrames.add(text);
            return;
        }
        final Map<String, Object> message;
        try
        {
            message = Json.object(text);
        }
        catch (final IllegalArgumentException | ClassCastException ex)
        {
            malformed++;
            return;
        }
        switch (venue)
        {
            case "bybit" -> bybit(message, text);
            case "okx" -> okx(message, text);
            case "kraken" -> kraken(message, text);
            case "coinbase" -> coinbase(message, text);
            default -> throw new IllegalArgumentException(venue);
        }
    }

    @SuppressWarnings("unchecked")
    private void bybit(final Map<String, Object> message, final String text)
    {
        if (!message.containsKey("topic"))
        {
            controlFrames.add(text);
            return;
        }
        dataEvents.add(text);
        final Map<String, Object> data = (Map<String, Object>)message.get("data");
        final String symbol = (String)data.get("s");
        final long u = ((BigDecimal)data.get("u")).longValueExact();
        final StreamBook book = books.computeIfAbsent(symbol, key -> new StreamBook());
        if (message.get("type").equals("snapshot") || u == 1)
        {
            book.clear();
            snapshots.merge(symbol, 1, Integer::sum);
        }
        else
        {
            final Long last = streamSequence.get(symbol);
            if (last == null || u != last + 1)
            {
                gaps++;
            }
            updates.merge(symbol, 1, Integer::sum);
        }
        streamSequence.put(symbol, u);
        for (final Object level : (List<Object>)data.get("b"))
        {
            book.apply(true, (String)((List<Object>)level).get(0), (String)((List<Object>)level).get(1));
        }
        for (final Object level : (List<Object>)data.get("a"))
        {
            book.apply(false, (String)((List<Object>)level).get(0), (String)((List<Object>)level).get(1));
        }
    }

    @SuppressWarnings("unchecked")
    private void okx(final Map<String, Object> message, final String text)
    {
        if (!message.containsKey("action"))
        {
            controlFrames.add(text);
            return;
        }
        dataEvents.add(text);
        final String symbol = (String)((Map<String, Object>)message.get("arg")).get("instId");
        final Map<String, Object> data = (Map<String, Object>)((List<Object>)message.get("data")).get(0);
        final long seqId = ((BigDecimal)data.get("seqId")).longValueExact();
        final long prevSeqId = ((BigDecimal)data.get("prevSeqId")).longValueExact();
        final StreamBook book = books.computeIfAbsent(symbol, key -> new StreamBook());
        if (message.get("action").equals("snapshot"))
        {
            book.clear();
            snapshots.merge(symbol, 1, Integer::sum);
            if (prevSeqId != -1)
            {
                gaps++;
            }
        }
        else
        {
            final Long last = streamSequence.get(symbol);
            if (last == null || prevSeqId != last)
            {
                gaps++;
            }
            updates.merge(symbol, 1, Integer::sum);
        }
        streamSequence.put(symbol, seqId);
        for (final Object level : (List<Object>)data.get("bids"))
        {
            book.apply(true, (String)((List<Object>)level).get(0), (String)((List<Object>)level).get(1));
        }
        for (final Object level : (List<Object>)data.get("asks"))
        {
            book.apply(false, (String)((List<Object>)level).get(0), (String)((List<Object>)level).get(1));
        }
        if (book.okxChecksum() != ((BigDecimal)data.get("checksum")).intValueExact())
        {
            checksumMismatches++;
        }
    }

    @SuppressWarnings("unchecked")
    private void kraken(final Map<String, Object> message, final String text)
    {
        if (!"book".equals(message.get("channel")))
        {
            controlFrames.add(text);
            return;
        }
        dataEvents.add(text);
        final Map<String, Object> data = (Map<String, Object>)((List<Object>)message.get("data")).get(0);
        final String symbol = (String)data.get("symbol");
        final StreamBook book = books.computeIfAbsent(symbol, key -> new StreamBook());
        if (message.get("type").equals("snapshot"))
        {
            book.clear();
            snapshots.merge(symbol, 1, Integer::sum);
        }
        else
        {
            updates.merge(symbol, 1, Integer::sum);
        }
        for (final String side : List.of("bids", "asks"))
        {
            for (final Object level : (List<Object>)data.get(side))
            {
                final Map<String, Object> entry = (Map<String, Object>)level;
                book.apply(side.equals("bids"), ((BigDecimal)entry.get("price")).toString(),
                    ((BigDecimal)entry.get("qty")).toString());
            }
        }
        book.truncate(krakenDepth);
        if (book.krakenChecksum(priceScale, qtyScale) != ((BigDecimal)data.get("checksum")).longValueExact())
        {
            checksumMismatches++;
        }
    }

    @SuppressWarnings("unchecked")
    private void coinbase(final Map<String, Object> message, final String text)
    {
        if (message.containsKey("sequence_num"))
        {
            final long sequence = ((BigDecimal)message.get("sequence_num")).longValueExact();
            if (connectionSequence >= 0 && sequence != connectionSequence + 1)
            {
                gaps++;
            }
            connectionSequence = sequence;
        }
        if (!"l2_data".equals(message.get("channel")))
        {
            controlFrames.add(text);
            return;
        }
        final List<Object> events = (List<Object>)message.get("events");
        final java.util.Set<String> products = new java.util.HashSet<>();
        for (final Object item : events)
        {
            final Map<String, Object> event = (Map<String, Object>)item;
            dataEvents.add(event.toString());
            final String symbol = (String)event.get("product_id");
            products.add(symbol);
            final StreamBook book = books.computeIfAbsent(symbol, key -> new StreamBook());
            if (event.get("type").equals("snapshot"))
            {
                book.clear();
                snapshots.merge(symbol, 1, Integer::sum);
            }
            else
            {
                updates.merge(symbol, 1, Integer::sum);
            }
            for (final Object update : (List<Object>)event.get("updates"))
            {
                final Map<String, Object> level = (Map<String, Object>)update;
                book.apply(level.get("side").equals("bid"), (String)level.get("price_level"),
                    (String)level.get("new_quantity"));
            }
        }
        if (products.size() > 1)
        {
            multiProductFrames++;
        }
    }

    @Override
    public void close()
    {
        ws.close();
    }
}
