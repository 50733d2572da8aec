package dev.feedhandler.benchmarks.gc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a unified JVM GC log ({@code -Xlog:gc*:file=PATH}, or {@code -Xlog:gc}) into one {@link GcEvent} per
 * collection. Every line of a collection carries its id, {@code GC(n)}; a collection starts at its earliest line,
 * and is described by its {@code [gc]} summary line when there is one (the cause, heap before and after, pause),
 * otherwise by its first line. Each line needs the {@code uptime} decoration ({@code [12.345s]}, the default for
 * file output) or {@code uptimemillis} ({@code [12345ms]}); other decorations may sit beside it. Lines without a
 * GC id (start-up, the heap summary at exit) are not collections. Works for G1, Parallel, Serial and ZGC logs; a G1
 * concurrent mark cycle has its own id and so counts as a collection of its own.
 */
public final class GcLog
{
    /** One collection: its id, when its first line was logged (JVM uptime, ms), and what it was. */
    public record GcEvent(int id, double uptimeMs, String description)
    {
    }

    private static final Pattern DECORATION = Pattern.compile("\\[([^\\]]*)\\]");
    private static final Pattern UPTIME_SECONDS = Pattern.compile("(\\d+)[.,](\\d+)s");
    private static final Pattern UPTIME_MILLIS = Pattern.compile("(\\d+)ms");
    private static final Pattern GC_ID = Pattern.compile("\\bGC\\((\\d+)\\)");
    private static final Pattern LEVEL = Pattern.compile("trace|debug|info|warning|error");

    private GcLog()
    {
    }

    public static List<GcEvent> read(final Path file) throws IOException
    {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** The collections in these log lines, in order of their ids. */
    public static List<GcEvent> parse(final List<String> lines)
    {
        final Map<Integer, Double> starts = new LinkedHashMap<>();
        final Map<Integer, String> firstLines = new LinkedHashMap<>();
        final Map<Integer, String> summaries = new LinkedHashMap<>();
        for (final String line : lines)
        {
            parseLine(line, starts, firstLines, summaries);
        }
        final List<GcEvent> events = new ArrayList<>();
        for (final Map.Entry<Integer, Double> start : starts.entrySet())
        {
            final int id = start.getKey();
            events.add(new GcEvent(id, start.getValue(), summaries.getOrDefault(id, firstLines.get(id))));
        }
        events.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return events;
    }

    /** The collections that started within {@code [fromUptimeMs, toUptimeMs]}. */
    public static List<GcEvent> between(final List<GcEvent> events, final double fromUptimeMs, final double toUptimeMs)
    {
        final List<GcEvent> within = new ArrayList<>();
        for (final GcEvent event : events)
        {
            if (event.uptimeMs() >= fromUptimeMs && event.uptimeMs() <= toUptimeMs)
            {
                within.add(event);
            }
        }
        return within;
    }

    private static void parseLine(final String line, final Map<Integer, Double> starts,
        final Map<Integer, String> firstLines, final Map<Integer, String> summaries)
    {
        final Matcher decoration = DECORATION.matcher(line);
        double uptimeMs = Double.NaN;
        String tags = null;
        int messageStart = 0;
        while (decoration.find() && decoration.start() == messageStart)
        {
            final String value = decoration.group(1).trim();
            final double uptime = uptimeMs(value);
            if (!Double.isNaN(uptime) && Double.isNaN(uptimeMs))
            {
                uptimeMs = uptime;
            }
            else if (value.startsWith("gc") && !LEVEL.matcher(value).matches())
            {
                tags = value;
            }
            messageStart = decoration.end();
        }
        final String message = line.substring(messageStart).trim();
        final Matcher id = GC_ID.matcher(message);
        if (Double.isNaN(uptimeMs) || tags == null || !id.find())
        {
            return;
        }
        final int gcId = Integer.parseInt(id.group(1));
        starts.merge(gcId, uptimeMs, Math::min);
        firstLines.putIfAbsent(gcId, message);
        if ("gc".equals(tags))
        {
            summaries.put(gcId, message);
        }
    }

    /** The uptime a decoration gives, in ms, or NaN if it is not an uptime. */
    static double uptimeMs(final String decoration)
    {
        final Matcher seconds = UPTIME_SECONDS.matcher(decoration);
        if (seconds.matches())
        {
            final String fraction = seconds.group(2);
            return Long.parseLong(seconds.group(1)) * 1000.0 +
                Long.parseLong(fraction) * 1000.0 / Math.pow(10, fraction.length());
        }
        final Matcher millis = UPTIME_MILLIS.matcher(decoration);
        return millis.matches() ? Double.parseDouble(millis.group(1)) : Double.NaN;
    }
}
