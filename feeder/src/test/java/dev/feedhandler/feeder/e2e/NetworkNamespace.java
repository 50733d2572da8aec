package dev.feedhandler.feeder.e2e;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A second host for end-to-end tests: a network namespace joined to this one by a veth pair, with packet loss and
 * reordering injected on the link towards it. Everything is uniquely named (parallel runs never meet) and removed on
 * close, whatever happened before. Needs iproute2 ({@code ip}, {@code tc}) and the privilege to create namespaces;
 * {@link #create} aborts the test (JUnit assumption) with a message naming what is missing.
 *
 * <p>The impairment is {@code tc netem} where the kernel has it ({@code loss 1% delay 1ms 1ms reorder 5% 50%}).
 * Kernels without {@code sch_netem} (these machines' among them) get the same loss from an HTB root whose classic-BPF
 * filters draw a random number per IPv4 packet: 1% go to a class whose queue holds nothing (dropped), 5% to a class
 * limited to 2 Mbit/s. A token bucket never delays a packet that finds it full, so a held-back packet waits only
 * behind the ones held back just before it (a millisecond or a few at this test's rate), while the packets after it
 * overtake it; when that class's short queue is full they are dropped too.
 */
final class NetworkNamespace implements AutoCloseable
{
    private static final int LOSS_PERCENT = 1;
    private static final String PREFIX = "fh-it-";
    private static final double HELD_BACK_FRACTION = 0.05;
    private static final long COMMAND_TIMEOUT_SECONDS = 20;
    private static final String NETEM = "netem loss " + LOSS_PERCENT + "% delay 1ms 1ms reorder 5% 50%";

    private final String name;
    private final String rootDevice;
    private final String namespaceDevice;
    private final String rootAddress;
    private final String namespaceAddress;
    private boolean namespaceCreated;
    private boolean linkCreated;
    private String impairment = "none";

    private NetworkNamespace(final String suffix, final int subnet)
    {
        this.name = PREFIX + ProcessHandle.current().pid() + "-" + suffix;
        this.rootDevice = "fhr" + suffix;
        this.namespaceDevice = "fhn" + suffix;
        this.rootAddress = "10.213." + (subnet >> 8) + "." + ((subnet & 0xff) + 1);
        this.namespaceAddress = "10.213." + (subnet >> 8) + "." + ((subnet & 0xff) + 2);
    }

    /** What the packets sent through the root side of the link went through. */
    record LinkStats(long sentPackets, long sentBytes, long droppedPackets, long heldBackPackets)
    {
        double lossPercent()
        {
            final long offered = sentPackets + droppedPackets;
            return offered == 0 ? 0 : 100.0 * droppedPackets / offered;
        }

        @Override
        public String toString()
        {
            return String.format(Locale.ROOT, "%d packets (%d bytes) sent, %d dropped (%.2f%%), %s held back",
                sentPackets, sentBytes, droppedPackets, lossPercent(), heldBackPackets < 0 ? "uncounted" :
                Long.toString(heldBackPackets));
        }
    }

    /**
     * Create the namespace, the veth pair (a /30 in 10.213.0.0/16 not in use here) and the impairment on the root
     * side's egress.
     */
    static NetworkNamespace create() throws IOException, InterruptedException
    {
        final Result version = run(List.of("ip", "-V"));
        Assumptions.assumeTrue(version.ok(), "needs iproute2 (ip, tc): " + version.output());
        pruneStale();
        final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
        final NetworkNamespace namespace = new NetworkNamespace(suffix, freeSubnet());
        try
        {
            namespace.setUp();
            return namespace;
        }
        catch (final RuntimeException | Error | IOException | InterruptedException ex)
        {
            namespace.close();
            throw ex;
        }
    }

    String name()
    {
        return name;
    }

    /** This (the publisher's) side of the link. */
    String rootAddress()
    {
        return rootAddress;
    }

    /** The namespace's (the consumer's) side of the link. */
    String namespaceAddress()
    {
        return namespaceAddress;
    }

    /** How loss and reordering are injected, for the test's report. */
    String impairment()
    {
        return impairment;
    }

    /** The command, run inside the namespace. */
    List<String> exec(final List<String> command)
    {
        final List<String> full = new ArrayList<>(List.of(executable("ip"), "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    /** Packets sent, dropped and held back (reordered; -1 with netem, which does not count them) so far. */
    LinkStats stats() throws IOException, InterruptedException
    {
        final Result result = check(List.of("tc", "-s", "qdisc", "show", "dev", rootDevice));
        long sent = -1;
        long bytes = -1;
        long dropped = -1;
        long heldBack = -1;
        String qdisc = "";
        for (final String line : result.output().split("\n"))
        {
            final String trimmed = line.strip();
            if (trimmed.startsWith("qdisc "))
            {
                qdisc = trimmed;
            }
            else if (trimmed.startsWith("Sent "))
            {
                // " Sent 123 bytes 45 pkt (dropped 6, overlimits 7 requeues 0)"
                final String[] words = trimmed.replace(",", "").split(" ");
                if (qdisc.contains(" root "))
                {
                    bytes = Long.parseLong(words[1]);
                    sent = Long.parseLong(words[3]);
                    dropped = Long.parseLong(words[6]);
                }
                else if (qdisc.contains(" parent 1:20 "))
                {
                    heldBack = Long.parseLong(words[3]);
                }
            }
        }
        if (sent < 0)
        {
            throw new IllegalStateException("no root qdisc statistics in: " + result.output());
        }
        return new LinkStats(sent, bytes, dropped, heldBack);
    }

    private void setUp() throws IOException, InterruptedException
    {
        final Result add = run(List.of("ip", "netns", "add", name));
        Assumptions.assumeTrue(add.ok(),
            "cannot create a network namespace (needs root or CAP_SYS_ADMIN): ip netns add: " + add.output());
        namespaceCreated = true;
        check(List.of("ip", "link", "add", rootDevice, "type", "veth", "peer", "name", namespaceDevice));
        linkCreated = true;
        check(List.of("ip", "link", "set", namespaceDevice, "netns", name));
        check(List.of("ip", "addr", "add", rootAddress + "/30", "dev", rootDevice));
        check(List.of("ip", "link", "set", rootDevice, "up"));
        check(List.of("ip", "-n", name, "addr", "add", namespaceAddress + "/30", "dev", namespaceDevice));
        check(List.of("ip", "-n", name, "link", "set", namespaceDevice, "up"));
        check(List.of("ip", "-n", name, "link", "set", "lo", "up"));
        impair();
    }

    private void impair() throws IOException, InterruptedException
    {
        final Result netem = run(tc("qdisc add dev %s root", NETEM.split(" ")));
        if (netem.ok())
        {
            impairment = "tc " + NETEM;
            return;
        }
        final String heldBackThreshold = Long.toString((long)(HELD_BACK_FRACTION * 0x1_0000_0000L));
        final String dropThreshold = Long.toString(LOSS_PERCENT * 0x1_0000_0000L / 100);
        final List<List<String>> htb = List.of(
            tc("qdisc add dev %s root handle 1: htb default 10 r2q 1000"),
            tc("class add dev %s parent 1: classid 1:10 htb rate 10gbit"),
            tc("class add dev %s parent 1: classid 1:20 htb rate 2mbit ceil 2mbit burst 1600 cburst 1600"),
            tc("qdisc add dev %s parent 1:20 handle 20: pfifo limit 8"),
            tc("class add dev %s parent 1: classid 1:30 htb rate 10gbit"),
            tc("qdisc add dev %s parent 1:30 handle 30: pfifo limit 0"),
            tc("filter add dev %s parent 1: protocol ip prio 1 bpf bytecode", randomBelow(dropThreshold),
                "classid", "1:30"),
            tc("filter add dev %s parent 1: protocol ip prio 2 bpf bytecode", randomBelow(heldBackThreshold),
                "classid", "1:20"));
        for (final List<String> command : htb)
        {
            final Result result = run(command);
            Assumptions.assumeTrue(result.ok(), "cannot inject packet loss: the kernel has no sch_netem (" +
                netem.output().strip() + ") and " + String.join(" ", command) + " failed: " + result.output());
        }
        impairment = "htb + classic BPF (no sch_netem here): " + LOSS_PERCENT + "% dropped, " +
            Math.round(HELD_BACK_FRACTION * 100) + "% held back behind a 2 Mbit/s class";
    }

    /**
     * Classic BPF for cls_bpf: load a random u32 (the ancillary load at SKF_AD_OFF + SKF_AD_RANDOM), match (return
     * -1: the filter's class) when it is below the threshold, otherwise no match (0).
     */
    private static String randomBelow(final String threshold)
    {
        return "4,32 0 0 4294963256,53 1 0 " + threshold + ",6 0 0 4294967295,6 0 0 0";
    }

    /** A tc command on the root side's device: the words of {@code format}, then {@code more} as they are. */
    private List<String> tc(final String format, final String... more)
    {
        final List<String> command = new ArrayList<>(List.of("tc"));
        command.addAll(List.of(String.format(Locale.ROOT, format, rootDevice).split(" ")));
        command.addAll(List.of(more));
        return command;
    }

    /** Remove what was made: the root side's qdisc goes with the link, the other end with the namespace. */
    public void close() throws IOException
    {
        try
        {
            if (linkCreated)
            {
                run(List.of("ip", "link", "del", rootDevice));
                linkCreated = false;
            }
            if (namespaceCreated)
            {
                run(List.of("ip", "netns", "del", name));
                namespaceCreated = false;
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while removing " + name + " (" + rootDevice + ")", ex);
        }
    }

    /**
     * Delete the namespaces of test JVMs that died without closing theirs (killed by a timeout, say): each name
     * carries its creator's pid, and the root side of a veth pair goes with the end in the namespace.
     */
    private static void pruneStale() throws IOException, InterruptedException
    {
        final Matcher matcher = Pattern.compile("^" + PREFIX + "(\\d+)-\\S+", Pattern.MULTILINE)
            .matcher(run(List.of("ip", "netns", "list")).output());
        while (matcher.find())
        {
            if (ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty())
            {
                run(List.of("ip", "netns", "del", matcher.group()));
            }
        }
    }

    /** A /30 (as {@code third << 8 | fourth}) of 10.213.0.0/16 that no interface here uses yet. */
    private static int freeSubnet() throws IOException, InterruptedException
    {
        final String addresses = check(List.of("ip", "-4", "-o", "addr", "show")).output();
        for (int attempt = 0; attempt < 100; attempt++)
        {
            final int subnet = ThreadLocalRandom.current().nextInt(1 << 14) << 2;
            if (!addresses.contains(" 10.213." + (subnet >> 8) + "." + ((subnet & 0xff) + 1) + "/") &&
                !addresses.contains(" 10.213." + (subnet >> 8) + "." + ((subnet & 0xff) + 2) + "/"))
            {
                return subnet;
            }
        }
        throw new IllegalStateException("no free /30 in 10.213.0.0/16");
    }

    /** {@code ip} and {@code tc} live in /usr/sbin, which a non-login PATH may lack. */
    private static String executable(final String name)
    {
        for (final String directory : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":"))
        {
            final File file = new File(directory, name);
            if (!directory.isEmpty() && file.canExecute())
            {
                return file.getPath();
            }
        }
        return name;
    }

    private record Result(int exitCode, String output)
    {
        boolean ok()
        {
            return exitCode == 0;
        }
    }

    private static Result check(final List<String> command) throws IOException, InterruptedException
    {
        final Result result = run(command);
        if (!result.ok())
        {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + result.exitCode() + "): " +
                result.output());
        }
        return result;
    }

    private static Result run(final List<String> command) throws IOException, InterruptedException
    {
        final List<String> resolved = new ArrayList<>(command);
        resolved.set(0, executable(command.get(0)));
        final Path output = Files.createTempFile("netns-command", ".out");
        try
        {
            final Process process;
            try
            {
                process = new ProcessBuilder(resolved).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            }
            catch (final IOException ex)
            {
                return new Result(-1, ex.getMessage()); // not installed
            }
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " +
                    COMMAND_TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        }
        finally
        {
            Files.deleteIfExists(output);
        }
    }
}
