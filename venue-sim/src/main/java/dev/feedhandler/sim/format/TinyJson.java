package dev.feedhandler.sim.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the few requests clients send (subscribe messages): objects become {@link Map}s in key
 * order, arrays {@link List}s, strings {@link String}s, numbers {@link Number} (their exact text), booleans
 * {@link Boolean}, null {@code null}. Not for the data path.
 */
public final class TinyJson
{
    /** A JSON number kept as its text, so an id is echoed exactly as sent. */
    public record Number(String text)
    {
    }

    private final String text;
    private int position;

    private TinyJson(final String text)
    {
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException when the text is not one JSON value.
     */
    public static Object parse(final String text)
    {
        final TinyJson json = new TinyJson(text);
        final Object value = json.value();
        json.whitespace();
        if (json.position != text.length())
        {
            throw json.error("trailing text");
        }
        return value;
    }

    /** JSON string literal for {@code value}, with quotes and escapes. */
    public static String quote(final String value)
    {
        final StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private Object value()
    {
        whitespace();
        if (position >= text.length())
        {
            throw error("expected a value");
        }
        final char c = text.charAt(position);
        switch (c)
        {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                return number();
        }
    }

    private Map<String, Object> object()
    {
        position++;
        final Map<String, Object> map = new LinkedHashMap<>();
        whitespace();
        if (peek() == '}')
        {
            position++;
            return map;
        }
        while (true)
        {
            whitespace();
            if (peek() != '"')
            {
                throw error("expected a key");
            }
            final String key = string();
            whitespace();
            expect(':');
            map.put(key, value());
            whitespace();
            final char next = next();
            if (next == '}')
            {
                return map;
            }
            if (next != ',')
            {
                throw error("expected , or }");
            }
        }
    }

    private List<Object> array()
    {
        position++;
        final List<Object> list = new ArrayList<>();
        whitespace();
        if (peek() == ']')
        {
            position++;
            return list;
        }
        while (true)
        {
            list.add(value());
            whitespace();
            final char next = next();
            if (next == ']')
            {
                return list;
            }
            if (next != ',')
            {
                throw error("expected , or ]");
            }
        }
    }

    private String string()
    {
        position++;
        final StringBuilder out = new StringBuilder();
        while (true)
        {
            final char c = next();
            if (c == '"')
            {
                return out.toString();
            }
            if (c == '\\')
            {
                final char escaped = next();
                switch (escaped)
                {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' ->
                    {
                        if (position + 4 > text.length())
                        {
                            throw error("short \\u escape");
                        }
                        out.append((char)Integer.parseInt(text.substring(position, position + 4), 16));
                        position += 4;
                    }
                    default -> out.append(escaped);
                }
            }
            else
            {
                out.append(c);
            }
        }
    }

    private Number number()
    {
        final int start = position;
        while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0)
        {
            position++;
        }
        final String number = text.substring(start, position);
        if (!number.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?"))
        {
            throw error("bad number '" + number + "'");
        }
        return new Number(number);
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, position))
        {
            throw error("expected " + word);
        }
        position += word.length();
        return value;
    }

    private void whitespace()
    {
        while (position < text.length() && Character.isWhitespace(text.charAt(position)))
        {
            position++;
        }
    }

    private char peek()
    {
        if (position >= text.length())
        {
            throw error("unexpected end");
        }
        return text.charAt(position);
    }

    private char next()
    {
        final char c = peek();
        position++;
        return c;
    }

    private void expect(final char c)
    {
        if (next() != c)
        {
            throw error("expected " + c);
        }
    }

    private IllegalArgumentException error(final String what)
    {
        return new IllegalArgumentException(what + " at column " + (position + 1));
    }
}
