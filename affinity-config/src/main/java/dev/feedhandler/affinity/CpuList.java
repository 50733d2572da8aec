package dev.feedhandler.affinity;

import java.util.BitSet;

/**
 * The kernel's CPU list syntax ({@code "0-3,6,8-9"}, as in {@code /sys/devices/system/cpu/online}, {@code taskset -c}
 * and systemd's {@code CPUAffinity=}), to and from a {@link BitSet}.
 */
public final class CpuList
{
    /** The highest CPU number accepted (Linux's default NR_CPUS ceiling). */
    public static final int MAX_CPU = 4095;

    private CpuList()
    {
    }

    /**
     * Parse a CPU list; blank text is the empty set.
     *
     * @throws IllegalArgumentException naming the part that is not a CPU, a range or is out of 0..{@link #MAX_CPU}.
     */
    public static BitSet parse(final String text)
    {
        final BitSet cpus = new BitSet();
        final String trimmed = text.trim();
        if (trimmed.isEmpty())
        {
            return cpus;
        }
        for (final String part : trimmed.split(","))
        {
            final String item = part.trim();
            final int dash = item.indexOf('-');
            final int from = cpu(dash < 0 ? item : item.substring(0, dash), text);
            final int to = dash < 0 ? from : cpu(item.substring(dash + 1), text);
            if (to < from)
            {
                throw new IllegalArgumentException("CPU range " + item + " runs backwards in \"" + text + "\"");
            }
            cpus.set(from, to + 1);
        }
        return cpus;
    }

    /** The shortest CPU list for a set: ranges of three or more are written {@code a-b}. Empty set: "". */
    public static String format(final BitSet cpus)
    {
        final StringBuilder text = new StringBuilder();
        int cpu = cpus.nextSetBit(0);
        while (cpu >= 0)
        {
            final int end = cpus.nextClearBit(cpu) - 1;
            if (text.length() > 0)
            {
                text.append(',');
            }
            text.append(cpu);
            if (end > cpu)
            {
                text.append(end == cpu + 1 ? "," : "-").append(end);
            }
            cpu = cpus.nextSetBit(end + 1);
        }
        return text.toString();
    }

    private static int cpu(final String number, final String text)
    {
        final String digits = number.trim();
        if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch(Character::isDigit))
        {
            throw new IllegalArgumentException("\"" + number.trim() + "\" is not a CPU number in \"" + text + "\"");
        }
        final int cpu = Integer.parseInt(digits);
        if (cpu > MAX_CPU)
        {
            throw new IllegalArgumentException("CPU " + cpu + " is above " + MAX_CPU + " in \"" + text + "\"");
        }
        return cpu;
    }
}
