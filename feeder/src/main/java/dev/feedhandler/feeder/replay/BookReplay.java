package dev.feedhandler.feeder.replay;

import dev.feedhandler.orderbook.FixedPoint;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.protocol.aeron.FeedChannelOptions;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code book-replay}: rebuild books from captured WebSocket frames (plus, for Binance, a REST snapshot) with the
 * daemon's decoder and sync code, and print one JSON line per instrument.
 */
@Command(
    name = "book-replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Replays captured venue frames through the daemon's decoder and sync rules and prints one JSON object per " +
            "instrument. Binance needs the REST snapshot (--snapshot); bybit, okx, kraken and coinbase send theirs " +
            "in the frames.",
        "Exit code: 0 when every instrument ended in sync, never went STALE, with no gap, no rejected frame, every " +
            "bookTicker checkpoint and every venue checksum matched; 1 otherwise; 2 for bad arguments or unreadable " +
            "files."})
public final class BookReplay implements Callable<Integer>
{
    private static final Pattern SYMBOL_FIELD = symbolField("s");

    @Option(names = "--venue", required = true, paramLabel = "VENUE",
        description = "binance-spot, binance-usdm, bybit, okx, kraken or coinbase")
    private String venueName;

    @Option(names = "--snapshot", paramLabel = "[SYMBOL=]FILE",
        description = "Binance only: REST depth snapshot body; without SYMBOL= it is for the first instrument in the " +
            "frames. Repeat for more instruments.")
    private List<String> snapshots = new ArrayList<>();

    @Option(names = "--frames", required = true, paramLabel = "FILE",
        description = "JSON lines, one received WebSocket frame per line")
    private Path framesFile;

    @Option(names = "--depth", defaultValue = "10", paramLabel = "N", description = "levels per side to print (default 10)")
    private int depth;

    @Option(names = {"--price-scale", "--price-precision"}, defaultValue = "8", paramLabel = "N",
        description = "decimal places of prices (default 8)")
    private int priceScale;

    @Option(names = {"--qty-scale", "--qty-precision"}, defaultValue = "8", paramLabel = "N",
        description = "decimal places of quantities (default 8)")
    private int qtyScale;

    @Option(names = "--book-depth", paramLabel = "N",
        description = "levels per side the venue keeps the book to (the subscribed depth; the book is truncated to " +
            "it after every message): default 10 for kraken, 0 (no truncation) otherwise")
    private Integer bookDepth;

    @Option(names = "--snapshot-after", defaultValue = "1", paramLabel = "N",
        description = "deliver an instrument's snapshot after N of its diffs were buffered (default 1, as when the " +
            "daemon requests it on connect)")
    private int snapshotAfter;

    @Option(names = "--publish", description = "also publish the books on the feed (Aeron), as the daemon does")
    private boolean publish;

    @CommandLine.Mixin
    private FeedChannelOptions feed;

    @Option(names = "--pace", defaultValue = "max", paramLabel = "max|original",
        description = "with --publish: as fast as possible (default), or at the capture's own pace")
    private String pace;

    @Option(names = "--await-subscriber", defaultValue = "0", paramLabel = "SECONDS",
        description = "with --publish: wait up to this long for a subscriber before replaying (default 0)")
    private double awaitSubscriberSeconds;

    @Option(names = "--linger", defaultValue = "1", paramLabel = "SECONDS",
        description = "with --publish: keep the streams open this long after the last frame (default 1)")
    private double lingerSeconds;

    @Option(names = "--skip-sequence", defaultValue = "0", hidden = true,
        description = "fault injection: leave this delta-stream sequence out")
    private long skipSequence;

    private final PrintStream out;
    private final PrintStream err;

    public BookReplay(final PrintStream out, final PrintStream err)
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
        final CommandLine commandLine = new CommandLine(new BookReplay(out, err));
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        return commandLine.execute(args);
    }

    public Integer call()
    {
        final Venue venue;
        final int instrumentDepth;
        try
        {
            venue = Venue.fromConfigName(venueName);
            checkRange("--depth", depth, 0, 100_000);
            checkRange("--price-scale", priceScale, 0, FixedPoint.MAX_SCALE);
            checkRange("--qty-scale", qtyScale, 0, FixedPoint.MAX_SCALE);
            checkRange("--snapshot-after", snapshotAfter, 0, Integer.MAX_VALUE);
            instrumentDepth = bookDepth != null ? bookDepth : (venue == Venue.KRAKEN ? 10 : 0);
            checkRange("--book-depth", instrumentDepth, 0, 100_000);
            if (venue.bootstrap() == Venue.Bootstrap.STREAM_SNAPSHOT && !snapshots.isEmpty())
            {
                throw new IllegalArgumentException(
                    "--snapshot is for Binance only: " + venue.configName() + " sends its snapshots in the frames");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("book-replay: " + ex.getMessage());
            return 2;
        }

        final byte[] frames;
        try
        {
            frames = Files.readAllBytes(framesFile);
        }
        catch (final IOException ex)
        {
            err.println("book-replay: cannot read --frames " + framesFile + ": " + ex);
            return 2;
        }

        final ReplaySession session;
        try
        {
            session = new ReplaySession(venue, priceScale, qtyScale, instrumentDepth, snapshotAfter, BookLimits.DEFAULT);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("book-replay: " + ex.getMessage());
            return 2;
        }
        final ReplayPublisher publisher;
        try
        {
            publisher = publish ? startPublisher(session) : null;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("book-replay: " + ex.getMessage());
            return 2;
        }
        catch (final RuntimeException ex)
        {
            err.println("book-replay: cannot publish: " + ex.getMessage());
            return 2;
        }
        try
        {
            return replayAndReport(venue, frames, session, publisher);
        }
        finally
        {
            if (publisher != null)
            {
                publisher.close();
            }
        }
    }

    private ReplayPublisher startPublisher(final ReplaySession session)
    {
        if (!"max".equals(pace) && !"original".equals(pace))
        {
            throw new IllegalArgumentException("--pace must be max or original, got " + pace);
        }
        if (awaitSubscriberSeconds < 0 || lingerSeconds < 0)
        {
            throw new IllegalArgumentException("--await-subscriber and --linger must be >= 0");
        }
        final ReplayPublisher publisher = new ReplayPublisher(feed.toChannels(), "original".equals(pace), skipSequence);
        publisher.attach(session);
        return publisher;
    }

    private int replayAndReport(
        final Venue venue, final byte[] frames, final ReplaySession session, final ReplayPublisher publisher)
    {
        for (final String symbol : discoverSymbols(venue, frames))
        {
            session.addInstrument(symbol);
        }
        try
        {
            for (final String spec : snapshots)
            {
                final int eq = spec.indexOf('=');
                final String symbol = eq > 0 ? spec.substring(0, eq) : firstSymbol(session);
                if (symbol == null)
                {
                    err.println("book-replay: --snapshot " + spec + " names no symbol and the frames have none");
                    return 2;
                }
                session.setSnapshot(symbol, Files.readAllBytes(Path.of(eq > 0 ? spec.substring(eq + 1) : spec)));
            }
        }
        catch (final IOException ex)
        {
            err.println("book-replay: cannot read --snapshot: " + ex);
            return 2;
        }

        if (publisher != null && awaitSubscriberSeconds > 0 &&
            !publisher.awaitSubscriber((long)(awaitSubscriberSeconds * 1e9)))
        {
            err.println("book-replay: no subscriber within " + awaitSubscriberSeconds + " s; publishing anyway");
        }
        replay(session, frames);
        if (publisher != null)
        {
            publisher.finish((long)(lingerSeconds * 1e9));
            publisher.printCounters(err);
        }

        boolean exact = session.errors().isEmpty() && !session.instruments().isEmpty();
        for (final ReplaySession.InstrumentReplay replay : session.instruments())
        {
            out.println(ReplayReport.toJson(venue.configName(), replay, depth));
            for (final String rejected : replay.rejected())
            {
                err.println("book-replay: " + replay.instrument().symbol() + " rejected " + rejected);
            }
            exact &= replay.isExact();
        }
        for (final String error : session.errors())
        {
            err.println("book-replay: " + error);
        }
        if (session.instruments().isEmpty())
        {
            err.println("book-replay: no instrument found in " + framesFile);
        }
        return exact ? 0 : 1;
    }

    /** Feed each line of the file as one frame, straight from the file's bytes. */
    static void replay(final ReplaySession session, final byte[] frames)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(frames);
        int start = 0;
        for (int i = 0; i <= frames.length; i++)
        {
            if (i == frames.length || frames[i] == '\n')
            {
                int end = i;
                if (end > start && frames[end - 1] == '\r')
                {
                    end--;
                }
                if (end > start)
                {
                    session.onFrame(buffer, start, end - start);
                }
                start = i + 1;
            }
        }
        session.finish();
    }

    /** Symbols in order of first appearance: the replay has no config, so the frames name the instruments. */
    static Set<String> discoverSymbols(final byte[] frames)
    {
        return discoverSymbols(SYMBOL_FIELD, frames);
    }

    /** As {@link #discoverSymbols(byte[])}, by the field the venue names its instrument with. */
    static Set<String> discoverSymbols(final Venue venue, final byte[] frames)
    {
        switch (venue)
        {
            case OKX:
                return discoverSymbols(symbolField("instId"), frames);
            case KRAKEN:
                return discoverSymbols(symbolField("symbol"), frames);
            case COINBASE:
                return discoverSymbols(symbolField("product_id"), frames);
            default:
                return discoverSymbols(SYMBOL_FIELD, frames); // Binance and Bybit: "s"
        }
    }

    private static Pattern symbolField(final String name)
    {
        return Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"\\\\]{1,64})\"");
    }

    private static Set<String> discoverSymbols(final Pattern field, final byte[] frames)
    {
        final Set<String> symbols = new LinkedHashSet<>();
        final Matcher matcher = field.matcher(new String(frames, StandardCharsets.UTF_8));
        while (matcher.find())
        {
            symbols.add(matcher.group(1));
        }
        return symbols;
    }

    private static String firstSymbol(final ReplaySession session)
    {
        return session.instruments().isEmpty() ? null : session.instruments().get(0).instrument().symbol();
    }

    private static void checkRange(final String name, final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ", got " + value);
        }
    }
}
