package dev.feedhandler.protocol.monitor;

import dev.feedhandler.orderbook.BookJson;
import dev.feedhandler.orderbook.FixedPoint;
import dev.feedhandler.protocol.WireCodes;
import dev.feedhandler.protocol.aeron.AeronFeed;
import dev.feedhandler.protocol.aeron.FeedChannelOptions;
import dev.feedhandler.protocol.aeron.FeedChannels;
import dev.feedhandler.protocol.aeron.IdleStrategies;
import dev.feedhandler.protocol.aeron.FeedSubscriber;
import dev.feedhandler.protocol.consumer.BookConsumer;
import dev.feedhandler.protocol.consumer.ConsumerBook;
import dev.feedhandler.protocol.consumer.ConsumerConfig;
import dev.feedhandler.protocol.consumer.ConsumerCounters;
import dev.feedhandler.protocol.sbe.InstrumentState;
import dev.feedhandler.protocol.sbe.Venue;
import io.aeron.AeronCounters;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.status.CountersReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code udp-monitor}: subscribes to the feed, rebuilds every book with the consumer library and reports rates, gaps,
 * publisher restarts, instrument states and latency percentiles, as a live table or one JSON summary.
 */
@Command(
    name = "udp-monitor",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Subscribes to the feedhandler multicast feed, rebuilds every book and reports rates, sequence gaps, " +
            "publisher restarts, instrument states and latency (publish->receive, venue ingress->receive); with " +
            "--json also the media driver's NAKs sent and loss gap fills.",
        "Exit code: 0; 1 when --fail-on-gap is given and a gap was seen; 2 for bad arguments; 3 when the media " +
            "driver could not be reached."})
public final class UdpMonitor implements Callable<Integer>
{
    @CommandLine.Mixin
    private FeedChannelOptions feed;

    @Option(names = "--duration", defaultValue = "0", paramLabel = "SECONDS",
        description = "stop after this long (default 0: until interrupted)")
    private double durationSeconds;

    @Option(names = "--exit-on-end", description = "stop once every publisher seen has closed its streams")
    private boolean exitOnEnd;

    @Option(names = "--interval", defaultValue = "1", paramLabel = "SECONDS", description = "table refresh (default 1)")
    private double intervalSeconds;

    @Option(names = "--instruments", description = "one table row per instrument")
    private boolean perInstrument;

    @Option(names = "--depth", defaultValue = "0", paramLabel = "N",
        description = "with --instruments: show each book's top N levels under its row")
    private int depth;

    @Option(names = "--json", description = "no table: print one JSON summary at the end")
    private boolean json;

    @Option(names = "--books", defaultValue = "0", paramLabel = "N",
        description = "with --json: add the top N levels of every rebuilt book")
    private int books;

    @Option(names = "--fail-on-gap", description = "exit 1 if any sequence gap was seen")
    private boolean failOnGap;

    @Option(names = "--idle", defaultValue = "backoff", paramLabel = "NAME",
        description = "polling idle strategy: " + IdleStrategies.NAMES + " (default backoff; spin for the lowest " +
            "latency on a dedicated core)")
    private String idleStrategy;

    private final PrintStream out;
    private final PrintStream err;
    private final AtomicBoolean running = new AtomicBoolean(true);

    public UdpMonitor(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    public static void main(final String[] args)
    {
        final UdpMonitor monitor = new UdpMonitor(System.out, System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> monitor.running.set(false)));
        final CommandLine commandLine = new CommandLine(monitor);
        System.exit(commandLine.execute(args));
    }

    /** Run with arguments, writing to the given streams; returns the exit code. */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CommandLine commandLine = new CommandLine(new UdpMonitor(out, err));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    public Integer call()
    {
        final FeedChannels channels;
        final IdleStrategy idle;
        try
        {
            idle = IdleStrategies.byName(idleStrategy);
            if (durationSeconds < 0 || intervalSeconds <= 0 || books < 0 || depth < 0)
            {
                throw new IllegalArgumentException("--duration must be >= 0, --interval > 0, --books and --depth >= 0");
            }
            channels = feed.toChannels();
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("udp-monitor: " + ex.getMessage());
            return 2;
        }

        final SystemEpochNanoClock clock = new SystemEpochNanoClock();
        final MonitorStats stats = new MonitorStats(clock);
        final BookConsumer consumer = new BookConsumer(stats, ConsumerConfig.DEFAULT);
        final long startNs = System.nanoTime();
        DriverCounters driverCounters = DriverCounters.NONE;
        try (AeronFeed feed = AeronFeed.connect(channels); FeedSubscriber subscriber = new FeedSubscriber(feed, consumer))
        {
            err.println("udp-monitor: subscribed to " + channels.channel() + " streams " + channels.deltaStreamId() +
                "/" + channels.snapshotStreamId() + (channels.isEmbeddedDriver() ? " (embedded driver)" :
                " (driver " + channels.aeronDirectory() + ")"));
            final long endNs = durationSeconds > 0 ? startNs + (long)(durationSeconds * 1e9) : Long.MAX_VALUE;
            final long intervalNs = (long)(intervalSeconds * 1e9);
            long nextReportNs = startNs + intervalNs;
            long lastMessages = 0;
            long lastBytes = 0;
            while (running.get())
            {
                idle.idle(subscriber.poll(256));
                final long nowNs = System.nanoTime();
                if (nowNs - endNs >= 0 || (exitOnEnd && subscriber.imagesSeen() > 0 && subscriber.imagesOpen() == 0))
                {
                    break;
                }
                if (!json && nowNs - nextReportNs >= 0)
                {
                    final ConsumerCounters c = consumer.counters();
                    final long messages = c.deltaStreamMessages() + c.snapshotStreamMessages();
                    printTable(channels, consumer, stats, nowNs - startNs, (messages - lastMessages) / intervalSeconds,
                        (c.bytes() - lastBytes) / intervalSeconds);
                    lastMessages = messages;
                    lastBytes = c.bytes();
                    nextReportNs += intervalNs;
                }
            }
            while (subscriber.poll(256) > 0)
            {
                idle.reset(); // drain what already arrived
            }
            driverCounters = DriverCounters.read(feed);
        }
        catch (final RuntimeException ex)
        {
            err.println("udp-monitor: cannot use the media driver: " + ex.getMessage());
            return 3;
        }

        final double elapsedSeconds = (System.nanoTime() - startNs) / 1e9;
        if (json)
        {
            out.println(summaryJson(channels, consumer, stats, elapsedSeconds, driverCounters));
        }
        else
        {
            // The closing table shows averages over the whole run.
            final ConsumerCounters c = consumer.counters();
            printTable(channels, consumer, stats, System.nanoTime() - startNs,
                (c.deltaStreamMessages() + c.snapshotStreamMessages()) / elapsedSeconds, c.bytes() / elapsedSeconds);
        }
        final ConsumerCounters c = consumer.counters();
        return failOnGap && (c.deltaGaps() > 0 || c.snapshotGaps() > 0) ? 1 : 0;
    }

    private void printTable(
        final FeedChannels channels,
        final BookConsumer consumer, final MonitorStats stats, final long elapsedNs, final double messagesPerSecond,
        final double bytesPerSecond)
    {
        final ConsumerCounters c = consumer.counters();
        final StringBuilder table = new StringBuilder(1024);
        table.append(String.format("%n[%6.1fs] %s streams %d/%d epoch %d%n", elapsedNs / 1e9, channels.channel(),
            channels.deltaStreamId(), channels.snapshotStreamId(), consumer.epoch()));
        table.append(String.format("%10s %12s %10s %9s %12s %12s %8s %10s%n",
            "msgs/s", "bytes/s", "deltas", "snapshots", "gaps(n/msgs)", "snapGaps", "restarts", "live/total"));
        table.append(String.format("%10.0f %12.0f %10d %9d %12s %12s %8d %10s%n",
            messagesPerSecond, bytesPerSecond, c.deltas(), c.snapshotsApplied(),
            c.deltaGaps() + "/" + c.deltaGapMessages(), c.snapshotGaps() + "/" + c.snapshotGapMessages(),
            c.newSessions(), trusted(consumer) + "/" + defined(consumer)));
        table.append(String.format("latency us  publish->receive p50 %s p99 %s max %s | ingress->receive p50 %s p99 " +
            "%s max %s%n", micros(stats.publishToReceive, 50), micros(stats.publishToReceive, 99),
            micros(stats.publishToReceive, 100), micros(stats.ingressToReceive, 50),
            micros(stats.ingressToReceive, 99), micros(stats.ingressToReceive, 100)));
        appendVenueRows(table, consumer);
        if (perInstrument)
        {
            appendInstrumentRows(table, consumer);
        }
        out.print(table);
        out.flush();
    }

    private static void appendVenueRows(final StringBuilder table, final BookConsumer consumer)
    {
        final Map<String, long[]> byVenue = new TreeMap<>();
        for (int id = 0; id < consumer.bookCount(); id++)
        {
            final ConsumerBook book = consumer.book(id);
            if (book != null)
            {
                final long[] row = byVenue.computeIfAbsent(venueName(book), v -> new long[2]);
                row[0]++;
                row[1] += book.isTrustworthy() ? 1 : 0;
            }
        }
        table.append(String.format("%-14s %11s %8s%n", "venue", "instruments", "trusted"));
        byVenue.forEach((venue, row) -> table.append(String.format("%-14s %11d %8d%n", venue, row[0], row[1])));
    }

    private void appendInstrumentRows(final StringBuilder table, final BookConsumer consumer)
    {
        table.append(String.format("%5s %-14s %-14s %-10s %7s %14s %14s%n",
            "id", "venue", "symbol", "state", "trusted", "best bid", "best ask"));
        for (int id = 0; id < consumer.bookCount(); id++)
        {
            final ConsumerBook book = consumer.book(id);
            if (book == null)
            {
                continue;
            }
            table.append(String.format("%5d %-14s %-14s %-10s %7s %14s %14s%n", id, venueName(book),
                book.venueSymbol(), book.publisherState(), book.isTrustworthy(),
                best(book, true), best(book, false)));
            appendLevels(table, book);
        }
    }

    private void appendLevels(final StringBuilder table, final ConsumerBook book)
    {
        if (depth <= 0 || !book.isDefined())
        {
            return;
        }
        final var bids = book.book().bids();
        final var asks = book.book().asks();
        for (int level = 0; level < depth && (level < bids.depth() || level < asks.depth()); level++)
        {
            table.append(String.format("%52s %14s @ %-14s | %-14s @ %s%n", "",
                level < bids.depth() ? FixedPoint.toPlainString(bids.quantityAt(level), book.qtyScale()) : "",
                level < bids.depth() ? FixedPoint.toPlainString(bids.priceAt(level), book.priceScale()) : "",
                level < asks.depth() ? FixedPoint.toPlainString(asks.priceAt(level), book.priceScale()) : "",
                level < asks.depth() ? FixedPoint.toPlainString(asks.quantityAt(level), book.qtyScale()) : ""));
        }
    }

    private static String best(final ConsumerBook book, final boolean bid)
    {
        final var side = bid ? book.book().bids() : book.book().asks();
        if (side.isEmpty() || !book.isDefined())
        {
            return "-";
        }
        return FixedPoint.toPlainString(side.bestPrice(), book.priceScale());
    }

    /**
     * What the media driver did to receive the feed: NAKs sent (loss it asked to have repaired) and loss gap fills
     * (loss it gave up on). Driver-wide: an external driver counts every subscriber it serves.
     */
    private record DriverCounters(long naksSent, long lossGapFills)
    {
        static final DriverCounters NONE = new DriverCounters(0, 0);

        static DriverCounters read(final AeronFeed feed)
        {
            final CountersReader counters = feed.aeron().countersReader();
            return new DriverCounters(counters.getCounterValue(AeronCounters.SYSTEM_COUNTER_ID_NAK_MESSAGES_SENT),
                counters.getCounterValue(AeronCounters.SYSTEM_COUNTER_ID_LOSS_GAP_FILLS));
        }
    }

    private String summaryJson(
        final FeedChannels channels, final BookConsumer consumer, final MonitorStats stats, final double elapsedSeconds,
        final DriverCounters driverCounters)
    {
        final ConsumerCounters c = consumer.counters();
        final StringBuilder json = new StringBuilder(4096);
        json.append("{\"channel\":");
        BookJson.appendString(json, channels.channel());
        json.append(",\"deltaStream\":").append(channels.deltaStreamId())
            .append(",\"snapshotStream\":").append(channels.snapshotStreamId())
            .append(",\"elapsedSeconds\":").append(String.format("%.3f", elapsedSeconds))
            .append(",\"epoch\":").append(consumer.epoch())
            .append(",\"messages\":").append(c.deltaStreamMessages() + c.snapshotStreamMessages())
            .append(",\"deltaStreamMessages\":").append(c.deltaStreamMessages())
            .append(",\"snapshotStreamMessages\":").append(c.snapshotStreamMessages())
            .append(",\"bytes\":").append(c.bytes())
            .append(",\"deltas\":").append(c.deltas())
            .append(",\"updates\":").append(stats.updates)
            .append(",\"snapshotsApplied\":").append(c.snapshotsApplied())
            .append(",\"lastDeltaSequence\":").append(consumer.lastDeltaSequence())
            .append(",\"gaps\":{\"delta\":{\"count\":").append(c.deltaGaps())
            .append(",\"messages\":").append(c.deltaGapMessages())
            .append(",\"largest\":").append(stats.largestDeltaGap)
            .append("},\"snapshot\":{\"count\":").append(c.snapshotGaps())
            .append(",\"messages\":").append(c.snapshotGapMessages())
            .append("}},\"publisherRestarts\":").append(c.newSessions())
            .append(",\"instruments\":{\"total\":").append(defined(consumer))
            .append(",\"trusted\":").append(trusted(consumer))
            .append(",\"byState\":{");
        final Map<InstrumentState, Integer> byState = new EnumMap<>(InstrumentState.class);
        for (int id = 0; id < consumer.bookCount(); id++)
        {
            final ConsumerBook book = consumer.book(id);
            if (book != null)
            {
                byState.merge(book.publisherState(), 1, Integer::sum);
            }
        }
        boolean first = true;
        for (final Map.Entry<InstrumentState, Integer> entry : byState.entrySet())
        {
            json.append(first ? "" : ",").append('"').append(entry.getKey()).append("\":").append(entry.getValue());
            first = false;
        }
        json.append("}},\"latencyNs\":{\"publishToReceive\":");
        appendPercentiles(json, stats.publishToReceive);
        json.append(",\"ingressToReceive\":");
        appendPercentiles(json, stats.ingressToReceive);
        json.append(",\"negative\":").append(stats.negativeLatencies).append('}');
        json.append(",\"driver\":{\"naksSent\":").append(driverCounters.naksSent())
            .append(",\"lossGapFills\":").append(driverCounters.lossGapFills()).append('}');
        if (books > 0)
        {
            json.append(",\"books\":[");
            first = true;
            for (int id = 0; id < consumer.bookCount(); id++)
            {
                final ConsumerBook book = consumer.book(id);
                if (book == null || !book.isDefined())
                {
                    continue;
                }
                json.append(first ? "{" : ",{").append("\"id\":").append(id).append(",\"venue\":");
                BookJson.appendString(json, venueName(book)).append(",\"instrument\":");
                BookJson.appendString(json, book.venueSymbol()).append(",\"state\":\"")
                    .append(book.publisherState()).append("\",\"trusted\":").append(book.isTrustworthy())
                    .append(",\"venueSequence\":").append(book.venueSequence()).append(",\"book\":");
                BookJson.appendBook(json, book.book(), books, book.priceScale(), book.qtyScale());
                json.append('}');
                first = false;
            }
            json.append(']');
        }
        return json.append('}').toString();
    }

    private static void appendPercentiles(final StringBuilder json, final Histogram histogram)
    {
        json.append("{\"count\":").append(histogram.getTotalCount());
        if (histogram.getTotalCount() > 0)
        {
            json.append(",\"p50\":").append(histogram.getValueAtPercentile(50))
                .append(",\"p90\":").append(histogram.getValueAtPercentile(90))
                .append(",\"p99\":").append(histogram.getValueAtPercentile(99))
                .append(",\"p999\":").append(histogram.getValueAtPercentile(99.9))
                .append(",\"max\":").append(histogram.getMaxValue());
        }
        json.append('}');
    }

    private static String micros(final Histogram histogram, final double percentile)
    {
        if (histogram.getTotalCount() == 0)
        {
            return "-";
        }
        final long ns = percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile);
        return String.format("%.1f", ns / 1000.0);
    }

    private static int defined(final BookConsumer consumer)
    {
        int count = 0;
        for (int id = 0; id < consumer.bookCount(); id++)
        {
            count += consumer.book(id) != null ? 1 : 0;
        }
        return count;
    }

    private static int trusted(final BookConsumer consumer)
    {
        int count = 0;
        for (int id = 0; id < consumer.bookCount(); id++)
        {
            final ConsumerBook book = consumer.book(id);
            count += book != null && book.isTrustworthy() ? 1 : 0;
        }
        return count;
    }

    private static String venueName(final ConsumerBook book)
    {
        for (final Venue wire : Venue.values())
        {
            if (wire != Venue.NULL_VAL && wire.value() == book.venueId())
            {
                final dev.feedhandler.orderbook.Venue venue = WireCodes.venue(wire);
                return venue != null ? venue.configName() : wire.name().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return "unknown";
    }
}
