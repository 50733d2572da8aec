package dev.feedhandler.sim.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Depth frames as a test reads them: their ids, and whether they parsed.
 */
public final class Frames
{
    /** One frame: ids when it is a valid depth diff, {@code valid == false} for garbage. */
    public record Diff(String text, boolean valid, long first, long last, long previous, Map<String, Object> data)
    {
    }

    private Frames()
    {
    }

    /** Depth diffs (and unparseable frames) in arrival order; other valid frames (replies, tickers) are skipped. */
    public static List<Diff> diffs(final List<String> texts)
    {
        final List<Diff> diffs = new ArrayList<>();
        for (final String text : texts)
        {
            final Map<String, Object> message;
            try
            {
                message = Json.object(text);
            }
            catch (final IllegalArgumentException | ClassCastException ex)
            {
                diffs.add(new Diff(text, false, -1, -1, -1, Map.of()));
                continue;
            }
            @SuppressWarnings("unchecked")
            final Map<String, Object> data = message.containsKey("stream") ?
                (Map<String, Object>)message.get("data") : message;
            if ("depthUpdate".equals(data.get("e")))
            {
                diffs.add(new Diff(text, true, number(data, "U"), number(data, "u"),
                    data.containsKey("pu") ? number(data, "pu") : -1, data));
            }
        }
        return diffs;
    }

    /** Text with the event and transaction times removed, for comparing runs. */
    public static String withoutTimes(final String text)
    {
        return text.replaceAll("\"[ET]\":[0-9]+,?", "");
    }

    public static long number(final Map<String, Object> map, final String key)
    {
        return ((BigDecimal)map.get(key)).longValueExact();
    }
}
