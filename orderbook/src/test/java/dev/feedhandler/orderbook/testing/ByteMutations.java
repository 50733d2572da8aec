package dev.feedhandler.orderbook.testing;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Format-blind mutations of a message's bytes, shared by the JSON frame mutator (feeder) and the SBE packet mutator
 * (udp-protocol). Each returns a new array (or the given one changed in place, where it says so); none looks at what
 * the bytes mean.
 */
public final class ByteMutations
{
    private ByteMutations()
    {
    }

    /** Flip {@code count} random bits, in place. */
    public static byte[] flipBits(final SplittableRandom random, final byte[] message, final int count)
    {
        if (message.length > 0)
        {
            for (int i = 0; i < count; i++)
            {
                message[random.nextInt(message.length)] ^= (byte)(1 << random.nextInt(8));
            }
        }
        return message;
    }

    /** Overwrite {@code count} random bytes with bytes drawn from {@code alphabet}, or any byte when it is null. */
    public static byte[] overwrite(
        final SplittableRandom random, final byte[] message, final int count, final byte[] alphabet)
    {
        if (message.length > 0)
        {
            for (int i = 0; i < count; i++)
            {
                message[random.nextInt(message.length)] = randomByte(random, alphabet);
            }
        }
        return message;
    }

    /** {@code inserted} placed at {@code at}. */
    public static byte[] insert(final byte[] message, final int at, final byte[] inserted)
    {
        return replace(message, at, at, inserted);
    }

    /** {@code message[from, to)} replaced by {@code replacement}. */
    public static byte[] replace(final byte[] message, final int from, final int to, final byte[] replacement)
    {
        final byte[] out = new byte[message.length - (to - from) + replacement.length];
        System.arraycopy(message, 0, out, 0, from);
        System.arraycopy(replacement, 0, out, from, replacement.length);
        System.arraycopy(message, to, out, from + replacement.length, message.length - to);
        return out;
    }

    /** {@code count} random bytes (from {@code alphabet} when not null) inserted at a random place. */
    public static byte[] insertRandom(
        final SplittableRandom random, final byte[] message, final int count, final byte[] alphabet)
    {
        final byte[] inserted = new byte[count];
        for (int i = 0; i < count; i++)
        {
            inserted[i] = randomByte(random, alphabet);
        }
        return insert(message, random.nextInt(message.length + 1), inserted);
    }

    /** A random run of up to {@code maxCount} bytes removed. */
    public static byte[] deleteRandom(final SplittableRandom random, final byte[] message, final int maxCount)
    {
        if (message.length == 0)
        {
            return message;
        }
        final int from = random.nextInt(message.length);
        final int to = Math.min(message.length, from + 1 + random.nextInt(maxCount));
        return replace(message, from, to, new byte[0]);
    }

    /** A random run of the message repeated right after itself. */
    public static byte[] duplicateRandom(final SplittableRandom random, final byte[] message, final int maxCount)
    {
        if (message.length == 0)
        {
            return message;
        }
        final int from = random.nextInt(message.length);
        final int to = Math.min(message.length, from + 1 + random.nextInt(maxCount));
        return insert(message, to, Arrays.copyOfRange(message, from, to));
    }

    /** The first {@code length} bytes. */
    public static byte[] truncate(final byte[] message, final int length)
    {
        return Arrays.copyOf(message, Math.min(length, message.length));
    }

    /** A prefix of {@code first} followed by a suffix of {@code second}, cut at random places. */
    public static byte[] splice(final SplittableRandom random, final byte[] first, final byte[] second)
    {
        final int head = random.nextInt(first.length + 1);
        final int tail = random.nextInt(second.length + 1);
        final byte[] out = Arrays.copyOf(first, head + second.length - tail);
        System.arraycopy(second, tail, out, head, second.length - tail);
        return out;
    }

    public static byte randomByte(final SplittableRandom random, final byte[] alphabet)
    {
        return alphabet == null ? (byte)random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
    }

    /** Whether {@code message} contains {@code text} (ASCII letters compared without case). */
    public static boolean containsIgnoreCase(final byte[] message, final byte[] text)
    {
        if (text.length == 0)
        {
            return true;
        }
        final int first = lower(text[0]);
        for (int start = 0, last = message.length - text.length; start <= last; start++)
        {
            if (lower(message[start]) != first)
            {
                continue;
            }
            int i = 1;
            while (i < text.length && lower(message[start + i]) == lower(text[i]))
            {
                i++;
            }
            if (i == text.length)
            {
                return true;
            }
        }
        return false;
    }

    private static int lower(final byte b)
    {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
}
