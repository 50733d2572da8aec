package dev.feedhandler.feeder.venue.coinbase;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Rfc3339} reads Coinbase's documented timestamps exactly as {@code java.time} does, and nothing else.
 */
class Rfc3339Test
{
    @Test
    void shouldReadTheDocumentedFormTruncatingToMilliseconds()
    {
        assertThat(read("2023-02-09T20:32:50.714964855Z")).isEqualTo(1_675_974_770_714L);
        assertThat(read("1970-01-01T00:00:00Z")).isZero();
        assertThat(read("2023-02-09T20:32:51.797349Z")).isEqualTo(1_675_974_771_797L);
        assertThat(read("2024-02-29T23:59:59.5Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.5Z").toEpochMilli());
    }

    @Test
    void shouldAgreeWithJavaTimeOnRandomInstants()
    {
        PropertyCheck.forAll("epoch millis of random UTC instants", 2000, random ->
        {
            final Instant instant =
                Instant.ofEpochSecond(random.nextLong(0, 7_000_000_000L), random.nextInt(1_000_000_000));

            assertThat(read(instant.toString())).as(instant.toString()).isEqualTo(instant.toEpochMilli());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2023-02-09", "2023-02-09 20:32:50Z", "2023-02-09T20:32:50",
        "2023-02-09T20:32:50+00:00",
        "2023-13-09T20:32:50Z", "2023-02-09T24:00:00Z", "2023-02-09T20:32:50.Z", "2023-02-09T20:32:50.1xZ",
        "2023-0a-09T20:32:50Z", "2023-02-09 20:32:50.714964855 +0000 UTC m=+91717.525857105"})
    void shouldGiveNullTimeForAnythingElse(final String text)
    {
        assertThat(read(text)).isEqualTo(BookEvent.NULL_TIME);
    }

    private static long read(final String text)
    {
        final byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.US_ASCII);
        return Rfc3339.epochMillis(new UnsafeBuffer(bytes), 2, text.length());
    }
}
