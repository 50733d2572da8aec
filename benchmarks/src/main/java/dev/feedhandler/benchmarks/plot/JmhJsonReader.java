package dev.feedhandler.benchmarks.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON results file JMH writes with {@code -rf json -rff FILE}: an array with one object per benchmark and
 * parameter set. Only the fields the charts use are read ({@code benchmark}, {@code mode}, {@code params},
 * {@code primaryMetric.score}, {@code .scoreError}, {@code .scoreUnit}); secondary metrics (e.g. {@code -prof gc})
 * are ignored. JMH writes a non-finite score or error as a string ({@code "NaN"}), which is accepted.
 */
public final class JmhJsonReader
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhJsonReader()
    {
    }

    /**
     * @param file a JMH JSON results file.
     * @return its results in file order.
     * @throws IOException              if it cannot be read or is not JSON.
     * @throws IllegalArgumentException if it is not JMH's layout (naming the file, the entry and the field).
     */
    public static List<JmhResult> read(final Path file) throws IOException
    {
        return parse(MAPPER.readTree(file.toFile()), file.toString());
    }

    /**
     * @param json the contents of a JMH JSON results file.
     * @return its results in order.
     * @throws IOException if it is not JSON.
     */
    public static List<JmhResult> parse(final String json) throws IOException
    {
        return parse(MAPPER.readTree(json), "text");
    }

    private static List<JmhResult> parse(final JsonNode root, final String source)
    {
        if (root == null || !root.isArray())
        {
            throw new IllegalArgumentException(source + ": not a JMH JSON result (want an array of results)");
        }
        final List<JmhResult> results = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++)
        {
            results.add(result(root.get(i), source + " entry " + i));
        }
        return results;
    }

    private static JmhResult result(final JsonNode entry, final String where)
    {
        final JsonNode primary = required(entry, "primaryMetric", where);
        return new JmhResult(
            required(entry, "benchmark", where).asText(),
            entry.path("mode").asText(""),
            params(entry.get("params")),
            number(required(primary, "score", where), where + " score"),
            number(primary.get("scoreError"), where + " scoreError"),
            required(primary, "scoreUnit", where).asText());
    }

    private static Map<String, String> params(final JsonNode params)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        if (params != null)
        {
            for (final Map.Entry<String, JsonNode> field : params.properties())
            {
                values.put(field.getKey(), field.getValue().asText());
            }
        }
        return values;
    }

    /** A JSON number, or JMH's string form of a non-finite one; a missing node is NaN. */
    private static double number(final JsonNode node, final String where)
    {
        if (node == null || node.isNull())
        {
            return Double.NaN;
        }
        if (node.isNumber())
        {
            return node.doubleValue();
        }
        try
        {
            return Double.parseDouble(node.asText());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(where + ": not a number: " + node);
        }
    }

    private static JsonNode required(final JsonNode node, final String field, final String where)
    {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull())
        {
            throw new IllegalArgumentException(where + ": no " + field);
        }
        return value;
    }
}
