package dev.feedhandler.feeder.venue.kraken;

import dev.feedhandler.feeder.TestFrames.Framed;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static dev.feedhandler.feeder.TestFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KrakenTimestamp} against {@link Instant#parse}: the same milliseconds (sub-millisecond digits truncated) for
 * every valid spelling, {@link BookEvent#NULL_TIME} for anything else.
 */
class KrakenTimestampTest
{
    @Test
    void shouldReadTheCapturedSpellingToTheMillisecond()
    {
        assertThat(parse("2023-07-30T15:29:58.343415Z"))
            .isEqualTo(Instant.parse("2023-07-30T15:29:58.343Z").toEpochMilli())
            .isEqualTo(1_690_730_998_343L);
    }

    @Test
    void shouldAgreeWithInstantParseOnRandomInstantsAndFractionLengths()
    {
        PropertyCheck.forAll("Kraken timestamps read as Instant.parse reads them", 2000, random ->
        {
            final long seconds = random.nextLong(-2_000_000_000L, 7_000_000_000L);
            final int nanos = random.nextInt(1_000_000_000);
            final Instant instant = Instant.ofEpochSecond(seconds, nanos);
            final String full = instant.toString(); // ISO, Z, fraction of 0, 3, 6 or 9 digits
            final int digits = random.nextInt(0, 10);
            final String text = withFractionDigits(full, digits);

            assertThat(parse(text)).as(text)
                .isEqualTo(Instant.parse(text).truncatedTo(ChronoUnit.MILLIS).toEpochMilli());
        });
    }

    private static String withFractionDigits(final String iso, final int digits)
    {
        final int dot = iso.indexOf('.');
        final String whole = dot < 0 ? iso.substring(0, iso.length() - 1) : iso.substring(0, dot);
        final String fraction = dot < 0 ? "" : iso.substring(dot + 1, iso.length() - 1);
        final String padded = (fraction + "000000000").substring(0, digits);
        return whole + (digits == 0 ? "" : "." + padded) + "Z";
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Z", "2023-07-30T15:29:58", "2023-07-30T15:29:58.343415", "2023-07-30 15:29:58Z",
        "2023-07-30T15:29:58.Z", "2023-07-30T15:29:58,343Z", "2023-07-30T15:29:58.34a5Z", "2023-13-30T15:29:58Z",
        "2023-02-29T15:29:58Z", "2023-07-32T15:29:58Z", "2023-07-30T24:00:00Z", "2023-07-30T15:60:58Z",
        "2023-07-30T15:29:60Z", "2023-07-30T15:29:58+00:00", "20230-7-30T15:29:58Z", "2023-07-30T15:29:5xZ",
        "1690730998343"})
    void shouldGiveNullTimeForAnythingElse(final String text)
    {
        assertThat(parse(text)).as(text).isEqualTo(BookEvent.NULL_TIME);
    }

    @Test
    void shouldAcceptTheLeapDayOfALeapYear()
    {
        assertThat(parse("2024-02-29T00:00:00Z")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z").toEpochMilli());
        assertThat(parse("2000-02-29T23:59:59.999Z"))
            .isEqualTo(Instant.parse("2000-02-29T23:59:59.999Z").toEpochMilli());
        assertThat(parse("1900-02-29T00:00:00Z")).isEqualTo(BookEvent.NULL_TIME);
    }

    private static long parse(final String text)
    {
        final Framed framed = frame(text);
        return KrakenTimestamp.parseMillis(framed.buffer(), framed.offset(), framed.length());
    }
}
