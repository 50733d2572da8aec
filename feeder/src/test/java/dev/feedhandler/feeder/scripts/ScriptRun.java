package dev.feedhandler.feeder.scripts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the repository's bash scripts to completion and keeps its exit code, stdout and stderr.
 *
 * @param exitCode the script's exit code.
 * @param stdout   everything it printed on stdout.
 * @param stderr   everything it printed on stderr.
 */
record ScriptRun(int exitCode, String stdout, String stderr)
{
    /** The repository root: the parent of fixtures/ (the build passes fixtures.dir). */
    static Path repositoryRoot()
    {
        return Path.of(System.getProperty("fixtures.dir", "../fixtures")).toAbsolutePath().normalize().getParent();
    }

    static ScriptRun run(final Path script, final Map<String, String> environment, final Path workDir,
        final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(script.toString());
        command.addAll(List.of(args));
        final Path out = Files.createTempFile(workDir, "script", ".out");
        final Path err = Files.createTempFile(workDir, "script", ".err");
        final ProcessBuilder builder = new ProcessBuilder(command)
            .directory(repositoryRoot().toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
        builder.environment().putAll(environment);
        final Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException(script + " did not finish within 60 s");
        }
        return new ScriptRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    }
}
