package dev.feedhandler.feeder.e2e;

import dev.feedhandler.feeder.replay.NaiveJson;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the one-line JSON objects the tools print at the end ({@code udp-monitor --json}, {@code book-replay}):
 * the last line of the output, its nested objects and whole numbers.
 */
final class ToolJson
{
    private ToolJson()
    {
    }

    /** The last line of {@code output}, parsed. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(final String output)
    {
        final String text = output.strip();
        assertThat(text).as("JSON output").isNotEmpty();
        return (Map<String, Object>)NaiveJson.parse(text.lines().reduce((a, b) -> b).orElseThrow());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> submap(final Map<String, Object> map, final String key)
    {
        return (Map<String, Object>)map.get(key);
    }

    static long number(final Map<String, Object> map, final String key)
    {
        return ((BigDecimal)map.get(key)).longValueExact();
    }
}
