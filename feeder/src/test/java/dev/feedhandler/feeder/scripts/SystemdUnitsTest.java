package dev.feedhandler.feeder.scripts;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The systemd units, installed by {@code scripts/install} into a temporary tree (so the ExecStart binaries exist),
 * pass {@code systemd-analyze verify} without a single complaint, and carry the settings docs/operations.md promises.
 * {@code .ci/run} installs Debian's systemd package when systemd-analyze is missing.
 */
class SystemdUnitsTest
{
    private static final Path ROOT = ScriptRun.repositoryRoot();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path temp;

    private Path units;

    @BeforeEach
    void install() throws Exception
    {
        final Path jar = Files.createFile(temp.resolve("feeder-all.jar"));
        final Path config = Files.writeString(temp.resolve("feeder.toml"), """
            [affinity]
            process_cpus = "0-1"
            book_processor = 1
            driver_conductor = 0
            """);
        units = temp.resolve("units");
        final ScriptRun run = ScriptRun.run(ROOT.resolve("scripts/install"), Map.of(), temp,
            "--prefix", temp.resolve("opt").toString(),
            "--config-dir", temp.resolve("etc").toString(),
            "--unit-dir", units.toString(),
            "--config", config.toString(),
            "--jar", jar.toString(),
            "--java", JAVA,
            "--no-user");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
    }

    @Test
    void shouldInstallEveryFileWithThisInstallsPaths() throws Exception
    {
        assertThat(temp.resolve("opt/lib/feeder-all.jar")).exists();
        assertThat(temp.resolve("opt/bin/feeder")).isExecutable();
        assertThat(temp.resolve("opt/docs/operations.md")).exists();
        assertThat(temp.resolve("etc/feeder.toml")).hasContent(Files.readString(temp.resolve("feeder.toml")));
        assertThat(Files.readString(temp.resolve("etc/aeron-driver.properties")))
            .contains("aeron.dir=/dev/shm/aeron-feeder", "aeron.threading.mode=DEDICATED");

        final String feeder = Files.readString(units.resolve("feeder.service"));
        assertThat(feeder).contains(
            "ExecStart=" + temp.resolve("opt/bin/feeder") + " --config " + temp.resolve("etc/feeder.toml"),
            "Environment=FEEDER_JAR=" + temp.resolve("opt/lib/feeder-all.jar"),
            "\nCPUAffinity=0-1\n");
        final String driver = Files.readString(units.resolve("aeron-driver.service"));
        assertThat(driver).contains("ExecStart=" + JAVA + " ", "io.aeron.driver.MediaDriver " +
            temp.resolve("etc/aeron-driver.properties"), "\nCPUAffinity=0\n");
    }

    @Test
    void shouldPassSystemdAnalyzeVerify() throws Exception
    {
        final ScriptRun verify = verify(units.resolve("feeder.service"), units.resolve("aeron-driver.service"));

        assertThat(verify.stderr()).isEmpty();
        assertThat(verify.stdout()).isEmpty();
        assertThat(verify.exitCode()).isZero();
    }

    @Test
    void shouldTieTheDaemonToTheExternalDriverOnlyWhenTheConfigNamesOne() throws Exception
    {
        assertThat(units.resolve("feeder.service.d")).as("embedded driver: no drop-in").doesNotExist();
        final Path config = Files.writeString(temp.resolve("external.toml"), """
            [publisher]
            aeron_dir = "/dev/shm/aeron-feeder"
            """);
        final Path externalUnits = temp.resolve("external-units");
        final ScriptRun run = ScriptRun.run(ROOT.resolve("scripts/install"), Map.of(), temp,
            "--prefix", temp.resolve("opt").toString(), "--config-dir", temp.resolve("etc").toString(),
            "--unit-dir", externalUnits.toString(), "--config", config.toString(),
            "--jar", temp.resolve("feeder-all.jar").toString(), "--java", JAVA, "--no-user");
        assertThat(run.exitCode()).as(run.stderr()).isZero();

        // Requires= (not BindsTo=): after a driver crash the daemon exits with code 4, and its restart pulls the
        // driver's restart in first.
        assertThat(Files.readAllLines(externalUnits.resolve("feeder.service.d/aeron-driver.conf")))
            .contains("Requires=aeron-driver.service", "After=aeron-driver.service")
            .noneMatch(line -> line.startsWith("BindsTo="));
        final ScriptRun verify = verify(externalUnits.resolve("feeder.service"),
            externalUnits.resolve("aeron-driver.service"));
        assertThat(verify.stderr()).isEmpty();
        assertThat(verify.exitCode()).isZero();
    }

    @Test
    void shouldHaveVerifyComplainAboutAMistake() throws Exception
    {
        // The check above bites: a misspelt key and a bad value are reported (on stderr, with exit code 0).
        final Path broken = units.resolve("broken.service");
        Files.writeString(broken, Files.readString(units.resolve("feeder.service"))
            .replace("\nCPUAffinity=", "\nCPUAfinity=")
            .replace("LimitMEMLOCK=infinity", "LimitMEMLOCK=lots"));

        final ScriptRun verify = verify(broken);

        assertThat(verify.stderr()).contains("Unknown key 'CPUAfinity'", "Failed to parse resource value");
    }

    @Test
    void shouldRunTheDaemonLockedAndHardenedWithASharedDevShm() throws Exception
    {
        for (final String unit : List.of("feeder.service", "aeron-driver.service"))
        {
            final List<String> lines = Files.readAllLines(units.resolve(unit));
            assertThat(lines).as(unit).contains("LimitMEMLOCK=infinity", "Restart=on-failure", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "ReadWritePaths=/dev/shm",
                "User=feeder");
            // A private /dev would give the unit its own /dev/shm: the daemon and the driver would not see each other.
            assertThat(lines).as(unit).noneMatch(line -> line.startsWith("PrivateDevices=") ||
                line.startsWith("PrivateIPC=") || line.startsWith("MemoryDenyWriteExecute="));
        }
        assertThat(Files.readAllLines(units.resolve("feeder.service")))
            .contains("AmbientCapabilities=CAP_IPC_LOCK", "RestartPreventExitStatus=2");
    }

    @Test
    void shouldPrintEveryActionOnADryRunAndTouchNothing() throws Exception
    {
        final Path stage = temp.resolve("stage");
        final ScriptRun run = ScriptRun.run(ROOT.resolve("scripts/install"), Map.of(), temp, "--dry-run",
            "--destdir", stage.toString(), "--jar", temp.resolve("feeder-all.jar").toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains(
            "install -m 0644 " + temp.resolve("feeder-all.jar") + " " + stage + "/opt/feedhandler/lib/feeder-all.jar",
            "render " + ROOT + "/scripts/systemd/feeder.service -> " + stage + "/etc/systemd/system/feeder.service",
            "install: staged under " + stage);
        assertThat(stage).doesNotExist();
    }

    private ScriptRun verify(final Path... unitFiles) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
        for (final Path unit : unitFiles)
        {
            command.add(unit.toString());
        }
        final Path out = Files.createTempFile(temp, "verify", ".out");
        final Path err = Files.createTempFile(temp, "verify", ".err");
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("systemd-analyze is missing: install Debian's systemd package " +
                "(.ci/run does)", ex);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("systemd-analyze finished").isTrue();
        return new ScriptRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    }
}
