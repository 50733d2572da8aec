package dev.feedhandler.feeder.e2e;

import io.aeron.CommonContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Real processes for end-to-end tests: the repository's scripts and an Aeron media driver, each with its output in
 * files, every wait bounded by a deadline, everything destroyed on close.
 */
final class Processes implements AutoCloseable
{
    static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    static final Path FEEDER_JAR = ROOT.resolve("feeder/target/feeder-all.jar");

    private final Path workDir;
    private final List<Process> started = new ArrayList<>();

    Processes(final Path workDir)
    {
        this.workDir = workDir;
    }

    /** A started process and where its output goes. */
    record Run(Process process, Path stdout, Path stderr)
    {
        String out()
        {
            return read(stdout);
        }

        String err()
        {
            return read(stderr);
        }

        /** Wait for exit (bounded) and return the exit code. */
        int await(final long timeoutSeconds) throws InterruptedException
        {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new AssertionError("process did not exit within " + timeoutSeconds + " s; stderr: " + err());
            }
            return process.exitValue();
        }
    }

    /** Run a script from {@code scripts/} with this JVM's JDK. */
    Run script(final String name, final String... args) throws IOException
    {
        return script(name, Map.of(), args);
    }

    /** As above, with these variables added to the script's environment. */
    Run script(final String name, final Map<String, String> environment, final String... args) throws IOException
    {
        return start(name, scriptCommand(name, args), environment);
    }

    /** Run a script from {@code scripts/} inside a network namespace, like a process on another host. */
    Run scriptIn(final NetworkNamespace namespace, final String name, final String... args) throws IOException
    {
        return start(name, namespace.exec(scriptCommand(name, args)), Map.of());
    }

    private static List<String> scriptCommand(final String name, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("scripts").resolve(name).toString());
        command.addAll(List.of(args));
        return command;
    }

    /** An external Aeron media driver with its directory at {@code aeronDir}. */
    Run mediaDriver(final Path aeronDir) throws IOException
    {
        return start("media-driver", List.of(java(), "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Daeron.dir=" + aeronDir, "-Daeron.dir.delete.on.start=true", "-Daeron.dir.delete.on.shutdown=true",
            "-Daeron.threading.mode=SHARED", "-cp", FEEDER_JAR.toString(), "io.aeron.driver.MediaDriver"), Map.of());
    }

    /** True while a media driver heartbeats in {@code aeronDir} (false for a dead driver's leftover files). */
    static boolean isDriverActive(final Path aeronDir)
    {
        return CommonContext.isDriverActive(aeronDir.toFile(), 1_000, message -> { });
    }

    static String java()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Poll a condition until it holds or the deadline passes. */
    static void awaitCondition(final String what, final long timeoutSeconds, final BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline >= 0)
            {
                throw new AssertionError("timed out after " + timeoutSeconds + " s waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // poll interval of a deadline wait
        }
    }

    private Run start(final String name, final List<String> command, final Map<String, String> environment)
        throws IOException
    {
        final int index = started.size();
        final Path stdout = workDir.resolve(index + "-" + name + ".out");
        final Path stderr = workDir.resolve(index + "-" + name + ".err");
        final ProcessBuilder builder = new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        final Process process = builder.start();
        started.add(process);
        return new Run(process, stdout, stderr);
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        }
        catch (final IOException ex)
        {
            throw new AssertionError("cannot read " + file, ex);
        }
    }

    public void close()
    {
        for (final Process process : started)
        {
            process.destroy();
        }
        for (final Process process : started)
        {
            try
            {
                if (!process.waitFor(10, TimeUnit.SECONDS))
                {
                    process.destroyForcibly();
                }
            }
            catch (final InterruptedException ex)
            {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
