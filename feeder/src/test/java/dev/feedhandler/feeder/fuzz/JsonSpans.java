package dev.feedhandler.feeder.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the values of a JSON text are, for mutations that need its structure (duplicate a key, change a value's
 * type, nest a value deeply). A plain recursive scan of valid JSON; on anything else it stops and returns what it
 * found so far (the mutator only scans the valid frames it starts from).
 */
final class JsonSpans
{
    static final char OBJECT = 'o';
    static final char ARRAY = 'a';
    static final char STRING = 's';
    static final char NUMBER = 'n';
    static final char LITERAL = 'l';

    /**
     * One value: bytes {@code [start, end)}, its type, and where its key starts when it is an object member (else -1).
     */
    record Value(int start, int end, char type, int keyStart)
    {
        boolean isMember()
        {
            return keyStart >= 0;
        }

        /** The member, key to end of value. */
        int memberStart()
        {
            return isMember() ? keyStart : start;
        }
    }

    private final byte[] json;
    private final List<Value> values = new ArrayList<>();
    private int position;

    private JsonSpans(final byte[] json)
    {
        this.json = json;
    }

    /** Every value, containers before their contents. */
    static List<Value> scan(final byte[] json)
    {
        final JsonSpans spans = new JsonSpans(json);
        try
        {
            spans.skipWhitespace();
            spans.value(-1);
        }
        catch (final IllegalStateException | ArrayIndexOutOfBoundsException ex)
        {
            // Not valid JSON from here on: keep the values that were complete.
            spans.values.removeIf(java.util.Objects::isNull);
        }
        return spans.values;
    }

    private void value(final int keyStart)
    {
        final int start = position;
        final int index = values.size();
        values.add(null); // placeholder: containers come before their contents
        final char type;
        final byte c = json[position];
        if (c == '{')
        {
            type = OBJECT;
            members();
        }
        else if (c == '[')
        {
            type = ARRAY;
            elements();
        }
        else if (c == '"')
        {
            type = STRING;
            string();
        }
        else if (c == '-' || (c >= '0' && c <= '9'))
        {
            type = NUMBER;
            while (position < json.length && "+-.eE0123456789".indexOf(json[position]) >= 0)
            {
                position++;
            }
        }
        else if (c == 't' || c == 'f' || c == 'n')
        {
            type = LITERAL;
            while (position < json.length && json[position] >= 'a' && json[position] <= 'z')
            {
                position++;
            }
        }
        else
        {
            throw new IllegalStateException("not a value at " + position);
        }
        values.set(index, new Value(start, position, type, keyStart));
    }

    private void members()
    {
        position++;
        skipWhitespace();
        if (json[position] == '}')
        {
            position++;
            return;
        }
        while (true)
        {
            final int keyStart = position;
            string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            value(keyStart);
            skipWhitespace();
            if (json[position] == '}')
            {
                position++;
                return;
            }
            expect(',');
            skipWhitespace();
        }
    }

    private void elements()
    {
        position++;
        skipWhitespace();
        if (json[position] == ']')
        {
            position++;
            return;
        }
        while (true)
        {
            value(-1);
            skipWhitespace();
            if (json[position] == ']')
            {
                position++;
                return;
            }
            expect(',');
            skipWhitespace();
        }
    }

    private void string()
    {
        expect('"');
        while (json[position] != '"')
        {
            position += json[position] == '\\' ? 2 : 1;
        }
        position++;
    }

    private void expect(final char c)
    {
        if (json[position] != c)
        {
            throw new IllegalStateException("expected " + c + " at " + position);
        }
        position++;
    }

    private void skipWhitespace()
    {
        while (position < json.length && (json[position] == ' ' || json[position] == '\t' || json[position] == '\r' ||
            json[position] == '\n'))
        {
            position++;
        }
    }
}
