package dev.feedhandler.feeder.replay;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The repository carries a copy of the team's shared captures so a clone is self-contained; this keeps the copy
 * byte-identical to {@code ../shared/fixtures} wherever that folder is present (checksums depend on exact bytes).
 */
class FixturesCopyTest
{
    @Test
    void shouldMatchSharedFixturesByteForByte() throws Exception
    {
        final Path shared = Path.of(System.getProperty("shared.fixtures.dir", "../../shared/fixtures"));
        assumeTrue(Files.isDirectory(shared), "no shared fixtures beside this checkout: " + shared.toAbsolutePath());

        final List<Path> files;
        try (Stream<Path> walk = Files.walk(shared))
        {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        for (final Path file : files)
        {
            final Path copy = Fixtures.DIR.resolve(shared.relativize(file).toString());
            assertThat(copy).as("copy of " + file).exists();
            assertThat(Files.readAllBytes(copy)).as("bytes of " + copy).isEqualTo(Files.readAllBytes(file));
        }
    }
}
