package dev.feedhandler.feeder.scripts;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/feeder}: the command it would run ({@code --dry-run}) and its refusals. Bash only: nothing starts.
 */
class FeederScriptTest
{
    private static final Path SCRIPT = ScriptRun.repositoryRoot().resolve("scripts/feeder");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String VENUE = """
        [[venues]]
        name = "binance-spot"
        ws_url = "ws://127.0.0.1:1/spot/stream"
        rest_depth_url = "http://127.0.0.1:1/spot/api/v3/depth"
        instruments = [ { symbol = "BTCUSDT", price_scale = 2, qty_scale = 8 } ]
        """;

    @TempDir
    Path temp;

    private Path jar;
    private final Map<String, String> environment = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception
    {
        jar = Files.createFile(temp.resolve("feeder-all.jar"));
        environment.put("FEEDER_JAR", jar.toString());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.remove("FEEDER_JAVA_OPTS");
    }

    @Test
    void shouldPrintTheExactCommandUnderTasksetWithEveryLowLatencyFlag() throws Exception
    {
        final Path config = config("""
            [publisher]
            channel = "aeron:udp?endpoint=239.255.42.11:40456|interface=127.0.0.1"
            [affinity]
            process_cpus = "0-1"
            book_processor = 1
            mlock = "try"
            """);

        final ScriptRun run = dryRun("--config", config.toString(), "--duration", "5");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("taskset -c 0-1 " + JAVA +
            " -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseZGC -XX:+PerfDisableSharedMem -XX:+ExitOnOutOfMemoryError" +
            " -Djava.net.preferIPv4Stack=true -Dio.netty.leakDetection.level=disabled" +
            " --add-exports java.base/jdk.internal.misc=ALL-UNNAMED" +
            " --enable-native-access=ALL-UNNAMED -Xlog:gc,safepoint:stderr:utctime,level,tags" + unsafeAccess() +
            hugePages() +
            " -cp " + jar + " dev.feedhandler.feeder.daemon.FeederDaemon --config " + config + " --duration 5\n");
        // mlock = "try": the script raises the memlock limit as far as it may and says what it got.
        assertThat(run.stderr()).contains("feeder: memlock limit ");
    }

    @Test
    void shouldKeepItsOldInterfaceWithoutAnAffinityTable() throws Exception
    {
        final Path config = config("");
        environment.put("FEEDER_HEAP", "256m");
        environment.put("FEEDER_GC_OPTS", "-XX:+UseParallelGC");
        environment.put("FEEDER_JAVA_OPTS", "-Dx=1 -Dy=2");

        final ScriptRun run = dryRun("--config", config.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith(JAVA + " -Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:+UseParallelGC ")
            .contains("tags" + unsafeAccess() + hugePagesForAnonymousHeap() + " -Dx=1 -Dy=2 -cp ")
            .endsWith(" dev.feedhandler.feeder.daemon.FeederDaemon --config " + config + "\n")
            .doesNotContain("taskset");
        if (hugePagesForAnonymousHeap().isEmpty())
        {
            assertThat(run.stdout()).doesNotContain("UseTransparentHugePages");
        }
        assertThat(run.stderr()).doesNotContain("memlock");
    }

    @Test
    void shouldNeverPassFlagsTheJdkNoLongerHas() throws Exception
    {
        final ScriptRun run = dryRun("--config", config("").toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).doesNotContain("BiasedLocking", "UseConcMarkSweepGC", "AggressiveOpts",
            "UseFastAccessorMethods", "ZGenerational");
    }

    @Test
    void shouldRefuseAJavaOlderThan17() throws Exception
    {
        final Path oldJdk = temp.resolve("jdk11");
        Files.createDirectories(oldJdk.resolve("bin"));
        final Path java = Files.writeString(oldJdk.resolve("bin/java"),
            "#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        environment.put("JAVA_HOME", oldJdk.toString());

        final ScriptRun run = dryRun("--config", config("").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).isEqualTo("feeder: refusing to start: Java 17 or newer is required, " +
            java + " is version 11.0.2\n");
    }

    @Test
    void shouldRefuseWhenDevShmIsTooSmall() throws Exception
    {
        environment.put("FEEDER_SHM_MIN_MB", "999999999");

        final ScriptRun run = dryRun("--config", config("").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).matches("feeder: refusing to start: /dev/shm has [0-9]+ MB free, Aeron needs at " +
            "least 999999999 MB \\(term_length 4194304\\); free space or enlarge it \\(mount -o remount,size=...\\)\n");
    }

    @Test
    void shouldRefuseAMulticastInterfaceThisHostDoesNotHave() throws Exception
    {
        final Path config = config("""
            [publisher]
            channel = "aeron:udp?endpoint=239.255.42.11:40456|interface=10.254.253.252"
            """);

        final ScriptRun run = dryRun("--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("feeder: refusing to start: the channel's interface 10.254.253.252 is " +
            "not an address of this host (ip -o addr show); fix [publisher] channel\n");
    }

    @Test
    void shouldNotCheckMulticastForAnIpcOrUnicastChannel() throws Exception
    {
        final ScriptRun ipc = dryRun("--config", config("[publisher]\nchannel = \"aeron:ipc\"\n").toString());
        final ScriptRun unicast = dryRun("--config",
            config("[publisher]\nchannel = \"aeron:udp?endpoint=10.254.253.252:40456\"\n").toString());

        assertThat(ipc.exitCode()).as(ipc.stderr()).isZero();
        assertThat(unicast.exitCode()).as(unicast.stderr()).isZero();
    }

    @Test
    void shouldRefuseCpusTasksetCannotUse() throws Exception
    {
        final ScriptRun run = dryRun("--config", config("[affinity]\nprocess_cpus = \"4000\"\n").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("feeder: refusing to start: taskset cannot run on CPUs 4000 " +
            "([affinity] process_cpus): they are offline, missing or outside this shell's own mask (");
    }

    @Test
    void shouldListEveryMissingPrerequisiteAtOnce() throws Exception
    {
        environment.put("FEEDER_JAR", temp.resolve("missing.jar").toString());

        final ScriptRun run = dryRun("--config", temp.resolve("missing.toml").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo(
            "feeder: refusing to start: " + temp.resolve("missing.jar") + " not found; build it first with: " +
                "./mvnw -B package -DskipTests\n" +
            "feeder: refusing to start: config " + temp.resolve("missing.toml") + " is not a readable file\n");
    }

    @Test
    void shouldRefuseAnExternalDriverThatIsNotRunningWithAnExitCodeASupervisorRetries() throws Exception
    {
        final Path missing = temp.resolve("aeron-nobody");
        final Path config = config("[publisher]\naeron_dir = \"" + missing + "\"\n");
        environment.put("FEEDER_SHM_DIR", "/dev/shm");

        final ScriptRun run = dryRun("--config", config.toString());

        assertThat(run.exitCode()).as("3: start-up failed, retried; not 2, which systemd never restarts").isEqualTo(3);
        assertThat(run.stderr()).isEqualTo("feeder: refusing to start: no Aeron media driver directory at " +
            missing + " ([publisher] aeron_dir): start the external driver first (systemctl start aeron-driver), " +
            "or use the embedded one (aeron_dir = \"\")\n");
    }

    @Test
    void shouldPrintItsUsage() throws Exception
    {
        final ScriptRun run = ScriptRun.run(SCRIPT, environment, temp, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("Starts the feedhandler daemon").contains("--dry-run", "FEEDER_HEAP");
    }

    @Test
    void shouldRefuseWithoutAConfig() throws Exception
    {
        final ScriptRun run = dryRun();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("no --config FILE given");
    }

    private ScriptRun dryRun(final String... args) throws Exception
    {
        final String[] all = new String[args.length + 1];
        all[0] = "--dry-run";
        System.arraycopy(args, 0, all, 1, args.length);
        return ScriptRun.run(SCRIPT, environment, temp, all);
    }

    private Path config(final String tables) throws Exception
    {
        return Files.writeString(Files.createTempFile(temp, "feeder", ".toml"), tables + VENUE);
    }

    /** From JDK 24 the script lets Netty use sun.misc.Unsafe (else its direct buffers have no memory address). */
    private static String unsafeAccess()
    {
        return Runtime.version().feature() >= 24 ? " --sun-misc-unsafe-memory-access=allow" : "";
    }

    /** Other collectors' heaps are anonymous memory: THP where the kernel enables it for that (madvise or always). */
    private static String hugePagesForAnonymousHeap() throws Exception
    {
        final Path enabled = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        return Files.isReadable(enabled) && Files.readString(enabled).matches("(?s).*\\[(always|madvise)].*") ?
            " -XX:+UseTransparentHugePages" : "";
    }

    /** The script adds THP for ZGC only where the kernel enables transparent huge pages for shared memory. */
    private static String hugePages() throws Exception
    {
        final Path shmem = Path.of("/sys/kernel/mm/transparent_hugepage/shmem_enabled");
        return Files.isReadable(shmem) && Files.readString(shmem).matches("(?s).*\\[(always|within_size|advise)].*") ?
            " -XX:+UseTransparentHugePages" : "";
    }
}
