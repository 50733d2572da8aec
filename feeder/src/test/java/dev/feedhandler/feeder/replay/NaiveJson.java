package dev.feedhandler.feeder.replay;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny, slow, obviously-correct JSON reader for test oracles: objects become maps, arrays lists, numbers
 * BigDecimal, strings String (no escapes beyond \" and \\, which is all the captures use).
 */
public final class NaiveJson
{
    private final String text;
    private int position;

    private NaiveJson(final String text)
    {
        this.text = text;
    }

    public static Object parse(final String text)
    {
        final NaiveJson json = new NaiveJson(text);
        final Object value = json.value();
        json.whitespace();
        if (json.position != text.length())
        {
            throw new IllegalArgumentException("trailing text at " + json.position);
        }
        return value;
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
                if (text.charAt(position++) == '}')
                {
                    return map;
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
                if (text.charAt(position++) == ']')
                {
                    return list;
                }
            }
        }
        if (c == '"')
        {
            return string();
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
        if (text.startsWith("null", position))
        {
            position += 4;
            return null;
        }
        final int start = position;
        while (position < text.length() && "+-.eE0123456789".indexOf(text.charAt(position)) >= 0)
        {
            position++;
        }
        return new BigDecimal(text.substring(start, position));
    }

    private String string()
    {
        expect('"');
        final StringBuilder out = new StringBuilder();
        while (text.charAt(position) != '"')
        {
            char c = text.charAt(position++);
            if (c == '\\')
            {
                c = text.charAt(position++);
            }
            out.append(c);
        }
        position++;
        return out.toString();
    }

    private void expect(final char c)
    {
        if (text.charAt(position++) != c)
        {
            throw new IllegalArgumentException("expected " + c + " at " + (position - 1));
        }
    }

    private void whitespace()
    {
        while (position < text.length() && Character.isWhitespace(text.charAt(position)))
        {
            position++;
        }
    }
}
