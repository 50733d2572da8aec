package dev.feedhandler.feeder.venue.kraken;

import dev.feedhandler.orderbook.BookEvent;
import org.agrona.DirectBuffer;

/**
 * Kraken v2 timestamps ({@code 2023-07-30T15:29:58.343415Z}, RFC 3339 in UTC) to epoch milliseconds, straight from
 * the bytes. Digits below the millisecond are dropped (truncated, not rounded). Anything else, including an offset
 * other than {@code Z}, gives {@link BookEvent#NULL_TIME}: the exchange time is informational, so an unexpected
 * spelling must not cost the book its update.
 */
final class KrakenTimestamp
{
    private static final int DATE_TIME_LENGTH = 19; // 2023-07-30T15:29:58

    private KrakenTimestamp()
    {
    }

    static long parseMillis(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < DATE_TIME_LENGTH + 1 || buffer.getByte(offset + length - 1) != 'Z' ||
            buffer.getByte(offset + 4) != '-' || buffer.getByte(offset + 7) != '-' ||
            buffer.getByte(offset + 10) != 'T' || buffer.getByte(offset + 13) != ':' ||
            buffer.getByte(offset + 16) != ':')
        {
            return BookEvent.NULL_TIME;
        }
        final int year = digits(buffer, offset, 4);
        final int month = digits(buffer, offset + 5, 2);
        final int day = digits(buffer, offset + 8, 2);
        final int hour = digits(buffer, offset + 11, 2);
        final int minute = digits(buffer, offset + 14, 2);
        final int second = digits(buffer, offset + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 ||
            day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return BookEvent.NULL_TIME;
        }

        int millis = 0;
        final int fractionEnd = offset + length - 1;
        int at = offset + DATE_TIME_LENGTH;
        if (at < fractionEnd)
        {
            if (buffer.getByte(at) != '.' || at + 1 == fractionEnd)
            {
                return BookEvent.NULL_TIME;
            }
            int scale = 100;
            for (at++; at < fractionEnd; at++)
            {
                final int digit = buffer.getByte(at) - '0';
                if (digit < 0 || digit > 9)
                {
                    return BookEvent.NULL_TIME;
                }
                millis += digit * scale;
                scale /= 10;
            }
        }
        final long days = daysFromCivil(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long daysFromCivil(final int year, final int month, final int day)
    {
        final int y = month <= 2 ? year - 1 : year;
        final int era = (y >= 0 ? y : y - 399) / 400;
        final int yearOfEra = y - era * 400;
        final int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        final int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }

    private static int daysInMonth(final int year, final int month)
    {
        if (month == 2)
        {
            return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** The value of {@code count} ASCII digits, or -1 when one is not a digit. */
    private static int digits(final DirectBuffer buffer, final int offset, final int count)
    {
        int value = 0;
        for (int i = 0; i < count; i++)
        {
            final int digit = buffer.getByte(offset + i) - '0';
            if (digit < 0 || digit > 9)
            {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
