package dev.feedhandler.feeder.metrics;

import dev.feedhandler.orderbook.metrics.CounterKey;
import dev.feedhandler.orderbook.metrics.CountersFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * {@code feeder-stat}: reads a daemon's counters file through a read-only mapping (never touching the daemon) and
 * prints a table refreshed every interval, like Aeron's AeronStat, or {@code --json} once. Works while the daemon
 * runs and after it exits (the file stays behind; the output says the daemon is gone).
 */
@Command(
    name = "feeder-stat",
    mixinStandardHelpOptions = true,
    description = {
        "Prints the feedhandler daemon's counters from its counters file.",
        "Without FILE: the running daemon's file in the default directory (/dev/shm/feedhandler-$USER), or the " +
            "newest one when none runs.",
        "Exit code: 0, or 2 when no counters file can be read (or several daemons run and FILE is needed)."})
public final class FeederStat implements Callable<Integer>
{
    @Parameters(arity = "0..1", paramLabel = "FILE", description = "counters file (default: see above)")
    private Path file;

    @Option(names = "--dir", paramLabel = "DIR", description = "where to look for counters files without FILE")
    private Path directory;

    @Option(names = "--json", description = "print every counter once as JSON and exit")
    private boolean json;

    @Option(names = "--interval", defaultValue = "1", paramLabel = "SECONDS", description = "refresh period (default 1)")
    private double intervalSeconds;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N",
        description = "stop after N tables (default 0: until interrupted, or the daemon exits)")
    private int count;

    @Option(names = "--match", paramLabel = "REGEX", description = "only counters whose label matches (find)")
    private Pattern match;

    @Option(names = "--non-zero", description = "hide counters that are 0")
    private boolean nonZero;

    private PrintStream out = System.out;
    private PrintStream err = System.err;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new FeederStat()).execute(args));
    }

    /** Run with these streams instead of stdout/stderr (tests, embedding); returns the exit code. */
    public static int run(final PrintStream out, final PrintStream err, final String... args)
    {
        final FeederStat stat = new FeederStat();
        stat.out = out;
        stat.err = err;
        return new CommandLine(stat).setOut(new java.io.PrintWriter(out, true))
            .setErr(new java.io.PrintWriter(err, true)).execute(args);
    }

    public Integer call()
    {
        final Path path = file != null ? file : discover();
        if (path == null)
        {
            return 2;
        }
        final CountersFile counters;
        try
        {
            counters = CountersFile.openReadOnly(path);
        }
        catch (final RuntimeException ex)
        {
            err.println("feeder-stat: " + ex.getMessage());
            return 2;
        }
        if (json)
        {
            out.println(json(counters, filter(CounterRow.readAll(counters.reader()))));
            return 0;
        }
        return watch(counters);
    }

    private Path discover()
    {
        final Path dir = directory != null ? directory : CountersLocation.defaultDirectory();
        final List<Path> files = CountersLocation.list(dir);
        if (files.isEmpty())
        {
            err.println("feeder-stat: no counters file in " + dir + "; is the daemon running? (or pass FILE)");
            return null;
        }
        Path running = null;
        int runningCount = 0;
        for (final Path candidate : files)
        {
            try
            {
                if (CountersFile.openReadOnly(candidate).isWriterAlive())
                {
                    running = running == null ? candidate : running;
                    runningCount++;
                }
            }
            catch (final RuntimeException ex)
            {
                // unreadable: skip
            }
        }
        if (runningCount > 1)
        {
            err.println("feeder-stat: " + runningCount + " daemons are running; name one: " + files);
            return null;
        }
        return running != null ? running : files.get(0);
    }

    private int watch(final CountersFile counters)
    {
        final long intervalNs = (long)(Math.max(0.05, intervalSeconds) * 1e9);
        final boolean terminal = System.console() != null && out == System.out;
        Map<Integer, Long> previous = null;
        long previousNs = 0;
        for (int tables = 0; count <= 0 || tables < count; tables++)
        {
            final boolean alive = counters.isWriterAlive();
            final List<CounterRow> rows = filter(CounterRow.readAll(counters.reader()));
            final long nowNs = System.nanoTime();
            if (terminal)
            {
                out.print("\033[H\033[2J");
            }
            out.println(header(counters, alive));
            out.printf("%6s %5s %20s %14s  %s%n", "id", "type", "value", "per second", "label");
            final Map<Integer, Long> values = new HashMap<>();
            for (final CounterRow row : rows)
            {
                values.put(row.id(), row.value());
                final Long before = previous == null ? null : previous.get(row.id());
                final String rate = before == null ? "" :
                    String.format("%.1f", (row.value() - before) * 1e9 / Math.max(1, nowNs - previousNs));
                out.printf("%6d %5d %,20d %14s  %s%n", row.id(), row.typeId(), row.value(), rate, row.label());
            }
            out.flush();
            if (!alive)
            {
                return 0; // nothing will change any more: the header said why
            }
            previous = values;
            previousNs = nowNs;
            if (count <= 0 || tables + 1 < count)
            {
                LockSupport.parkNanos(intervalNs); // the refresh period of a live display
            }
        }
        return 0;
    }

    private List<CounterRow> filter(final List<CounterRow> rows)
    {
        rows.removeIf(row -> (match != null && !match.matcher(row.label()).find()) || (nonZero && row.value() == 0));
        return rows;
    }

    static String header(final CountersFile counters, final boolean alive)
    {
        final StringBuilder header = new StringBuilder("feeder-stat ").append(counters.path())
            .append(": pid ").append(counters.pid())
            .append(", started ").append(Instant.ofEpochMilli(counters.createdMs()));
        if (alive)
        {
            header.append(", running (").append(Instant.now()).append(')');
        }
        else if (counters.closedMs() != 0)
        {
            header.append(", daemon stopped at ").append(Instant.ofEpochMilli(counters.closedMs()))
                .append(": final values (file left behind)");
        }
        else
        {
            header.append(", daemon NOT RUNNING (it did not stop cleanly): last values written (file left behind)");
        }
        return header.toString();
    }

    static String json(final CountersFile counters, final List<CounterRow> rows)
    {
        final boolean alive = counters.isWriterAlive();
        final StringBuilder json = new StringBuilder(256 + rows.size() * 160);
        json.append("{\"file\":").append(quote(counters.path().toString()))
            .append(",\"layoutVersion\":").append(CountersFile.LAYOUT_VERSION)
            .append(",\"pid\":").append(counters.pid())
            .append(",\"startedMs\":").append(counters.createdMs())
            .append(",\"stoppedMs\":").append(counters.closedMs())
            .append(",\"running\":").append(alive)
            .append(",\"readAtMs\":").append(System.currentTimeMillis())
            .append(",\"counters\":[");
        for (int i = 0; i < rows.size(); i++)
        {
            final CounterRow row = rows.get(i);
            final CounterKey key = row.key();
            json.append(i == 0 ? "" : ",").append("{\"id\":").append(row.id())
                .append(",\"typeId\":").append(row.typeId())
                .append(",\"name\":").append(row.type() == null ? "null" : quote(row.type().metricName()))
                .append(",\"label\":").append(quote(row.label()))
                .append(",\"value\":").append(row.value());
            if (!key.venue().isEmpty())
            {
                json.append(",\"venue\":").append(quote(key.venue()));
            }
            if (key.instrumentId() != CounterKey.NONE)
            {
                json.append(",\"instrumentId\":").append(key.instrumentId())
                    .append(",\"symbol\":").append(quote(key.symbol()));
            }
            if (key.detailCode() != CounterKey.NONE || !key.detail().isEmpty())
            {
                json.append(",\"detailCode\":").append(key.detailCode())
                    .append(",\"detail\":").append(quote(key.detail()));
            }
            json.append('}');
        }
        return json.append("]}").toString();
    }

    private static String quote(final String text)
    {
        final StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                quoted.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                quoted.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
