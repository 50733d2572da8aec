package dev.feedhandler.sim.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny, slow, obviously-correct JSON reader for test oracles (independent of the simulator's own): objects become
 * ordered maps, arrays lists, numbers BigDecimal, strings String.
 */
public final class Json
{
    private final String text;
    private int position;

    private Json(final String text)
    {
        this.text = text;
    }

    /** @throws IllegalArgumentException on anything that is not exactly one JSON value. */
    public static Object parse(final String text)
    {
        final Json json = new Json(text);
        try
        {
            final Object value = json.value();
            json.whitespace();
            if (json.position != text.length())
            {
                throw new IllegalArgumentException("trailing text at " + json.position);
            }
            return value;
        }
        catch (final StringIndexOutOfBoundsException ex)
        {
            throw new IllegalArgumentException("truncated JSON", ex);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(final String text)
    {
        return (Map<String, Object>)parse(text);
    }

    /** True when the text parses as JSON. */
    public static boolean isValid(final String text)
    {
        try
        {
            parse(text);
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    /**
     * The shape of a value: strings become {@code S}, numbers {@code N}, objects keep their keys in order, arrays
     * collapse to the distinct shapes of their elements. Two messages with the same shape have the same field order
     * and types.
     */
    public static String shape(final Object value)
    {
        if (value instanceof Map)
        {
            final StringBuilder out = new StringBuilder("{");
            for (final Map.Entry<?, ?> entry : ((Map<?, ?>)value).entrySet())
            {
                out.append(out.length() == 1 ? "" : ",").append(entry.getKey()).append(':')
                    .append(shape(entry.getValue()));
            }
            return out.append('}').toString();
        }
        if (value instanceof List)
        {
            final List<String> shapes = new ArrayList<>();
            for (final Object element : (List<?>)value)
            {
                final String shape = shape(element);
                if (!shapes.contains(shape))
                {
                    shapes.add(shape);
                }
            }
            return "[" + String.join("|", shapes) + "]";
        }
        if (value instanceof String)
        {
            return "S";
        }
        if (value instanceof BigDecimal)
        {
            return "N";
        }
        return String.valueOf(value);
    }

    private Object value()
    {
        whitespace();
        final char c = text.charAt(position);
        if (c == '{')
        {
            position++;
            final Map<String, Object> map = new LinkedHashMap<>();
            whitespace();
            if (text.charAt(position) == '}')
            {
                position++;
                return map;
            }
            while (true)
            {
                whitespace();
                final String key = string();
                whitespace();
                expect(':');
                map.put(key, value());
                whitespace();
                final char next = text.charAt(position++);
                if (next == '}')
                {
                    return map;
                }
                if (next != ',')
                {
                    throw new IllegalArgumentException("expected , or } at " + (position - 1));
                }
            }
        }
        if (c == '[')
        {
            position++;
            final List<Object> list = new ArrayList<>();
            whitespace();
            if (text.charAt(position) == ']')
            {
                position++;
                return list;
            }
            while (true)
            {
                list.add(value());
                whitespace();
                final char next = text.charAt(position++);
                if (next == ']')
                {
                    return list;
                }
                if (next != ',')
                {
                    throw new IllegalArgumentException("expected , or ] at " + (position - 1));
                }
            }
        }
        if (c == '"')
        {
            return string();
        }
        if (text.startsWith("null", position))
        {
            position += 4;
            return null;
        }
        if (text.startsWith("true", position))
        {
            position += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("false", position))
        {
            position += 5;
            return Boolean.FALSE;
        }
        final int start = position;
        while (position < text.length() && "-+.eE0123456789".indexOf(text.charAt(position)) >= 0)
        {
            position++;
        }
        if (start == position)
        {
            throw new IllegalArgumentException("unexpected '" + c + "' at " + position);
        }
        return new BigDecimal(text.substring(start, position));
    }

    private String string()
    {
        expect('"');
        final StringBuilder out = new StringBuilder();
        while (true)
        {
            final char c = text.charAt(position++);
            if (c == '"')
            {
                return out.toString();
            }
            if (c == '\\')
            {
                out.append(text.charAt(position++));
            }
            else
            {
                out.append(c);
            }
        }
    }

    private void expect(final char c)
    {
        if (text.charAt(position) != c)
        {
            throw new IllegalArgumentException("expected " + c + " at " + position);
        }
        position++;
    }

    private void whitespace()
    {
        while (position < text.length() && Character.isWhitespace(text.charAt(position)))
        {
            position++;
        }
    }
}
