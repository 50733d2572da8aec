package dev.feedhandler.feeder.metrics;

import dev.feedhandler.orderbook.metrics.CounterType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/operations.md lists every counter type with its id and name, so a new counter cannot go undocumented. */
class OperationsDocTest
{
    @Test
    void shouldDocumentEveryCounterTypeWithItsIdAndName() throws Exception
    {
        final Path docs = Path.of(System.getProperty("fixtures.dir", "../fixtures")).getParent().resolve("docs");
        final String operations = Files.readString(docs.resolve("operations.md"));

        for (final CounterType type : CounterType.values())
        {
            assertThat(operations).as("docs/operations.md row for %s", type)
                .containsPattern("\\| " + type.id() + " \\| `" + type.metricName() + "`");
        }
    }
}
