package dev.feedhandler.feeder.fuzz;

import dev.feedhandler.feeder.fuzz.JsonSpans.Value;
import dev.feedhandler.orderbook.testing.ByteMutations;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutates valid venue frames into the inputs the decoders are fuzzed with. One mutation per input, sometimes
 * followed by a byte-level one; every {@link Kind} is drawn equally often.
 * <p>
 * A mutant never names a forbidden instrument: one that contains a forbidden symbol anywhere, in any letter case
 * (Binance's stream names are lower case), is drawn again. So a frame mutated from instrument A's frames cannot be
 * for instrument B, and anything it does to B's book is a bug.
 */
public final class FrameMutator
{
    /** What was done to the frame. */
    public enum Kind
    {
        /** One to eight bits flipped anywhere. */
        FLIP_BITS,
        /** Bytes overwritten with JSON punctuation, digits, letters or any byte. */
        OVERWRITE_BYTES,
        /** A run of random bytes inserted. */
        INSERT_BYTES,
        /** A run of bytes removed. */
        DELETE_BYTES,
        /** A run of bytes repeated. */
        DUPLICATE_BYTES,
        /** Cut short: at random, right after punctuation, inside a string, number or escape, or to nothing. */
        TRUNCATE,
        /** A member of some object repeated in it, with its own or another value. */
        DUPLICATE_KEY,
        /** A member removed. */
        DROP_KEY,
        /** A value replaced by thousands of nested arrays or objects, closed or not. */
        DEEP_NESTING,
        /** A number, or a string holding one, replaced by a huge, tiny, overflowing or odd number. */
        HUGE_NUMBER,
        /** Invalid or unusual UTF-8 (lone continuation bytes, overlong forms, surrogates, 4-byte) put in. */
        BAD_UTF8,
        /** Escapes put into a string: valid, lone surrogates, cut short, invalid; or a character escaped. */
        UNICODE_ESCAPE,
        /** The head of this frame joined to the tail of another, or a value taken from another. */
        SPLICE,
        /** A value replaced by one of another type (string, number, array, object, literal). */
        WRONG_TYPE
    }

    /** A mutated frame and what was done to it. */
    public record Mutant(Kind kind, byte[] bytes)
    {
        public String text()
        {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static final Kind[] KINDS = Kind.values();
    private static final int MAX_DRAWS = 1000;
    private static final byte[] JSONISH = bytes("{}[]\",:0123456789-+.eE \t\r\n\\abflnrstuAZ");
    private static final String[] NUMBERS = {
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "99999999999999999999999999999999999999", "1e999999999", "1E-400", "1e308", "-1e-9",
        "0e0", "1.5e+3", "1.5E-3", "0.0000000000000000000000001", "00000000001", "-0", "-0.0", "0.", ".5", "1.",
        "+1", "--1", "1e", "1e+", "NaN", "Infinity", "-Infinity", "0x10", "1_000", "1,5", " 1", "1 ", "", "0",
    };
    private static final byte[][] BAD_UTF8 = {
        {(byte)0x80}, {(byte)0xBF}, {(byte)0xC0, (byte)0xAF}, {(byte)0xC1, (byte)0xBF},
        {(byte)0xE0, (byte)0x80, (byte)0x80}, {(byte)0xED, (byte)0xA0, (byte)0x80}, {(byte)0xED, (byte)0xBF, (byte)0xBF},
        {(byte)0xF4, (byte)0x90, (byte)0x80, (byte)0x80}, {(byte)0xF5}, {(byte)0xFE}, {(byte)0xFF}, {(byte)0xC3},
        {(byte)0xE2, (byte)0x82}, {0}, {0x1F}, {0x7F}, bytes("\u00e9"), bytes("\u4e2d"), bytes("\ud83d\ude00"),
        bytes("\u2028"), bytes("\ufeff"),
    };
    private static final String[] ESCAPES = {
        "\\u0000", "\\uD800", "\\uDFFF", "\\uDBFF\\uDFFF", "\\u00e9", "\\uFFFF", "\\u", "\\u1", "\\u12", "\\u123",
        "\\uZZZZ", "\\x41", "\\", "\\\\", "\\\"", "\\/", "\\b\\f\\n\\r\\t", "\\a", "\\0", "\\U0041",
    };
    private static final String[] WRONG_VALUES = {
        "\"1\"", "\"\"", "\"abc\"", "1", "-1", "0", "1.5", "[]", "[[]]", "[\"1\",\"2\"]", "[1,2]", "{}", "{\"a\":1}",
        "null", "true", "false", "[{}]", "{\"b\":[]}",
    };

    private final List<byte[]> corpus;
    private final byte[][] forbidden;

    /**
     * @param corpus    frames to splice with (valid frames of the instrument being fuzzed).
     * @param forbidden symbols no mutant may contain (other instruments').
     */
    public FrameMutator(final List<byte[]> corpus, final List<String> forbidden)
    {
        this.corpus = List.copyOf(corpus);
        this.forbidden = new byte[forbidden.size()][];
        for (int i = 0; i < forbidden.size(); i++)
        {
            this.forbidden[i] = bytes(forbidden.get(i));
        }
        for (final byte[] frame : corpus)
        {
            if (isForbidden(frame))
            {
                throw new IllegalArgumentException("a corpus frame names a forbidden symbol: " +
                    new String(frame, StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** A mutant of {@code seed}, a valid frame that names no forbidden symbol. */
    public Mutant mutate(final SplittableRandom random, final byte[] seed)
    {
        for (int draw = 0; draw < MAX_DRAWS; draw++)
        {
            final Kind kind = KINDS[random.nextInt(KINDS.length)];
            byte[] bytes = apply(random, kind, seed);
            if (random.nextInt(4) == 0)
            {
                bytes = byteLevel(random, KINDS[random.nextInt(Kind.TRUNCATE.ordinal())], bytes);
            }
            if (!isForbidden(bytes))
            {
                return new Mutant(kind, bytes);
            }
        }
        throw new AssertionError("no mutant without a forbidden symbol in " + MAX_DRAWS + " draws");
    }

    /** Whether the bytes name a forbidden symbol. */
    public boolean isForbidden(final byte[] frame)
    {
        for (final byte[] symbol : forbidden)
        {
            if (ByteMutations.containsIgnoreCase(frame, symbol))
            {
                return true;
            }
        }
        return false;
    }

    /** One mutation of the given kind. */
    static byte[] apply(final SplittableRandom random, final Kind kind, final byte[] seed, final List<byte[]> corpus)
    {
        return new FrameMutator(corpus, List.of()).apply(random, kind, seed);
    }

    private byte[] apply(final SplittableRandom random, final Kind kind, final byte[] seed)
    {
        switch (kind)
        {
            case FLIP_BITS:
            case OVERWRITE_BYTES:
            case INSERT_BYTES:
            case DELETE_BYTES:
            case DUPLICATE_BYTES:
                return byteLevel(random, kind, seed);
            case TRUNCATE:
                return ByteMutations.truncate(seed, cutPosition(random, seed));
            case SPLICE:
                return splice(random, seed);
            case BAD_UTF8:
                return ByteMutations.insert(seed, insidePlace(random, seed), BAD_UTF8[random.nextInt(BAD_UTF8.length)]);
            case UNICODE_ESCAPE:
                return escape(random, seed);
            default:
                return structural(random, kind, seed, JsonSpans.scan(seed));
        }
    }

    private static byte[] byteLevel(final SplittableRandom random, final Kind kind, final byte[] frame)
    {
        final byte[] alphabet = random.nextBoolean() ? JSONISH : null;
        switch (kind)
        {
            case FLIP_BITS:
                return ByteMutations.flipBits(random, frame.clone(), 1 + random.nextInt(8));
            case OVERWRITE_BYTES:
                return ByteMutations.overwrite(random, frame.clone(), 1 + random.nextInt(4), alphabet);
            case INSERT_BYTES:
                return ByteMutations.insertRandom(random, frame, 1 + random.nextInt(16), alphabet);
            case DELETE_BYTES:
                return ByteMutations.deleteRandom(random, frame, 1 + random.nextInt(16));
            default:
                return ByteMutations.duplicateRandom(random, frame, 1 + random.nextInt(64));
        }
    }

    /** Where to cut: anywhere, after punctuation, inside a string or a number or an escape, or at either end. */
    private static int cutPosition(final SplittableRandom random, final byte[] frame)
    {
        if (frame.length == 0)
        {
            return 0;
        }
        final List<Integer> candidates = new ArrayList<>();
        final int mode = random.nextInt(6);
        boolean inString = false;
        for (int i = 0; i < frame.length; i++)
        {
            final byte c = frame[i];
            final boolean take;
            switch (mode)
            {
                case 0:
                    take = !inString && "{}[],:".indexOf(c) >= 0;
                    break;
                case 1:
                    take = inString;
                    break;
                case 2:
                    take = !inString && (c == '-' || c == '.' || (c >= '0' && c <= '9'));
                    break;
                case 3:
                    take = c == '\\' || c == '"';
                    break;
                default:
                    take = false;
                    break;
            }
            if (take)
            {
                candidates.add(Math.min(frame.length - 1, i + random.nextInt(2))); // just before or after it
            }
            if (c == '\\' && inString)
            {
                i++;
            }
            else if (c == '"')
            {
                inString = !inString;
            }
        }
        if (mode == 4)
        {
            return random.nextBoolean() ? 0 : frame.length - 1 - random.nextInt(Math.min(3, frame.length));
        }
        return candidates.isEmpty() ? random.nextInt(frame.length) : candidates.get(random.nextInt(candidates.size()));
    }

    /** A random place, inside a string more often than not. */
    private static int insidePlace(final SplittableRandom random, final byte[] frame)
    {
        final List<Value> strings = ofType(JsonSpans.scan(frame), JsonSpans.STRING);
        if (strings.isEmpty() || random.nextInt(3) == 0)
        {
            return random.nextInt(frame.length + 1);
        }
        final Value string = strings.get(random.nextInt(strings.size()));
        return string.start() + 1 + random.nextInt(string.end() - string.start() - 1);
    }

    private byte[] splice(final SplittableRandom random, final byte[] seed)
    {
        final byte[] other = corpus.isEmpty() ? seed : corpus.get(random.nextInt(corpus.size()));
        if (random.nextBoolean())
        {
            return ByteMutations.splice(random, seed, other);
        }
        final List<Value> ours = JsonSpans.scan(seed);
        final List<Value> theirs = JsonSpans.scan(other);
        if (ours.isEmpty() || theirs.isEmpty())
        {
            return ByteMutations.splice(random, seed, other);
        }
        final Value target = ours.get(random.nextInt(ours.size()));
        final Value source = theirs.get(random.nextInt(theirs.size()));
        return ByteMutations.replace(seed, target.start(), target.end(),
            Arrays.copyOfRange(other, source.start(), source.end()));
    }

    /** Put an escape into a string, or write one character of a string as its {@code \\u} escape. */
    private static byte[] escape(final SplittableRandom random, final byte[] seed)
    {
        final List<Value> strings = new ArrayList<>();
        for (final Value value : JsonSpans.scan(seed))
        {
            if (value.type() == JsonSpans.STRING)
            {
                strings.add(value);
            }
            if (value.isMember())
            {
                strings.add(new Value(value.keyStart(), keyEnd(seed, value.keyStart()), JsonSpans.STRING, -1));
            }
        }
        if (strings.isEmpty())
        {
            return ByteMutations.insert(seed, random.nextInt(seed.length + 1),
                bytes(ESCAPES[random.nextInt(ESCAPES.length)]));
        }
        final Value string = strings.get(random.nextInt(strings.size()));
        final int length = string.end() - string.start() - 2;
        if (length > 0 && random.nextBoolean())
        {
            final int at = string.start() + 1 + random.nextInt(length);
            if (seed[at] != '\\' && seed[at - 1] != '\\')
            {
                return ByteMutations.replace(seed, at, at + 1, bytes(String.format("\\u%04x", seed[at] & 0xFF)));
            }
        }
        final int at = string.start() + 1 + random.nextInt(length + 1);
        return ByteMutations.insert(seed, at, bytes(ESCAPES[random.nextInt(ESCAPES.length)]));
    }

    private static int keyEnd(final byte[] json, final int keyStart)
    {
        int i = keyStart + 1;
        while (json[i] != '"')
        {
            i += json[i] == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static byte[] structural(
        final SplittableRandom random, final Kind kind, final byte[] seed, final List<Value> values)
    {
        if (values.isEmpty())
        {
            return ByteMutations.insertRandom(random, seed, 1, JSONISH);
        }
        switch (kind)
        {
            case DUPLICATE_KEY:
                return duplicateKey(random, seed, values);
            case DROP_KEY:
                return dropKey(random, seed, values);
            case DEEP_NESTING:
                return deepNesting(random, seed, values.get(random.nextInt(values.size())));
            case HUGE_NUMBER:
                return hugeNumber(random, seed, values);
            default:
                return wrongType(random, seed, values.get(random.nextInt(values.size())));
        }
    }

    private static byte[] duplicateKey(final SplittableRandom random, final byte[] seed, final List<Value> values)
    {
        final List<Value> members = members(values);
        if (members.isEmpty())
        {
            return seed;
        }
        final Value member = members.get(random.nextInt(members.size()));
        final byte[] key = Arrays.copyOfRange(seed, member.keyStart(), member.start());
        final Value valueSource = random.nextBoolean() ? member : values.get(random.nextInt(values.size()));
        final byte[] value = Arrays.copyOfRange(seed, valueSource.start(), valueSource.end());
        final byte[] copy = new byte[1 + key.length + value.length];
        copy[0] = ',';
        System.arraycopy(key, 0, copy, 1, key.length);
        System.arraycopy(value, 0, copy, 1 + key.length, value.length);
        final boolean before = random.nextBoolean();
        if (before)
        {
            // "k":v,"k":v with the copy first: the copy's comma goes after it instead.
            System.arraycopy(copy, 1, copy, 0, copy.length - 1);
            copy[copy.length - 1] = ',';
            return ByteMutations.insert(seed, member.keyStart(), copy);
        }
        return ByteMutations.insert(seed, member.end(), copy);
    }

    private static byte[] dropKey(final SplittableRandom random, final byte[] seed, final List<Value> values)
    {
        final List<Value> members = members(values);
        if (members.isEmpty())
        {
            return seed;
        }
        final Value member = members.get(random.nextInt(members.size()));
        int from = member.keyStart();
        int to = member.end();
        if (to < seed.length && seed[to] == ',')
        {
            to++;
        }
        else if (from > 0 && seed[from - 1] == ',')
        {
            from--;
        }
        return ByteMutations.replace(seed, from, to, new byte[0]);
    }

    private static byte[] deepNesting(final SplittableRandom random, final byte[] seed, final Value target)
    {
        final int depth = switch (random.nextInt(4))
        {
            case 0 -> 10_000;
            case 1 -> 31 + random.nextInt(4); // around the decoders' limit of 32
            case 2 -> 64;
            default -> 32 + random.nextInt(2000);
        };
        final boolean objects = random.nextBoolean();
        final boolean closed = random.nextBoolean();
        final String open = objects ? "{\"a\":" : "[";
        final StringBuilder nested = new StringBuilder(depth * open.length() * 2 + 8);
        nested.append(open.repeat(depth)).append(objects ? "1" : "");
        if (closed)
        {
            nested.append((objects ? "}" : "]").repeat(depth));
        }
        return ByteMutations.replace(seed, target.start(), target.end(), bytes(nested.toString()));
    }

    private static byte[] hugeNumber(final SplittableRandom random, final byte[] seed, final List<Value> values)
    {
        final List<Value> numbers = new ArrayList<>();
        for (final Value value : values)
        {
            if (value.type() == JsonSpans.NUMBER || (value.type() == JsonSpans.STRING && isNumeric(seed, value)))
            {
                numbers.add(value);
            }
        }
        final Value target = numbers.isEmpty() ? values.get(random.nextInt(values.size())) :
            numbers.get(random.nextInt(numbers.size()));
        final String number = switch (random.nextInt(4))
        {
            case 0 -> "9".repeat(1 + random.nextInt(5000));
            case 1 -> "0." + "0".repeat(random.nextInt(5000)) + "1";
            case 2 -> "1" + "0".repeat(random.nextInt(400)) + "." + "0".repeat(random.nextInt(400));
            default -> NUMBERS[random.nextInt(NUMBERS.length)];
        };
        final boolean quoted = target.type() == JsonSpans.STRING ? random.nextInt(4) > 0 : random.nextInt(4) == 0;
        return ByteMutations.replace(seed, target.start(), target.end(), bytes(quoted ? "\"" + number + "\"" : number));
    }

    private static boolean isNumeric(final byte[] json, final Value string)
    {
        for (int i = string.start() + 1; i < string.end() - 1; i++)
        {
            if ("-.0123456789eE".indexOf(json[i]) < 0)
            {
                return false;
            }
        }
        return string.end() - string.start() > 2;
    }

    private static byte[] wrongType(final SplittableRandom random, final byte[] seed, final Value target)
    {
        String replacement;
        do
        {
            replacement = WRONG_VALUES[random.nextInt(WRONG_VALUES.length)];
        }
        while (typeOf(replacement) == target.type());
        return ByteMutations.replace(seed, target.start(), target.end(), bytes(replacement));
    }

    private static char typeOf(final String value)
    {
        return switch (value.charAt(0))
        {
            case '"' -> JsonSpans.STRING;
            case '[' -> JsonSpans.ARRAY;
            case '{' -> JsonSpans.OBJECT;
            case 'n', 't', 'f' -> JsonSpans.LITERAL;
            default -> JsonSpans.NUMBER;
        };
    }

    private static List<Value> members(final List<Value> values)
    {
        final List<Value> members = new ArrayList<>();
        for (final Value value : values)
        {
            if (value.isMember())
            {
                members.add(value);
            }
        }
        return members;
    }

    private static List<Value> ofType(final List<Value> values, final char type)
    {
        final List<Value> found = new ArrayList<>();
        for (final Value value : values)
        {
            if (value.type() == type)
            {
                found.add(value);
            }
        }
        return found;
    }

    static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
