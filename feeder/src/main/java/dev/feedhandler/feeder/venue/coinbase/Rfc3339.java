package dev.feedhandler.feeder.venue.coinbase;

import dev.feedhandler.orderbook.BookEvent;
import org.agrona.DirectBuffer;

/**
 * Reads Coinbase's UTC timestamps ({@code 2023-02-09T20:32:50.714964855Z}) into epoch milliseconds, straight from the
 * bytes. Only that form is read (any number of fraction digits, truncated to milliseconds); anything else gives
 * {@link BookEvent#NULL_TIME}: the time is informational, so an unexpected spelling loses it rather than the frame.
 */
final class Rfc3339
{
    private static final int MIN_LENGTH = "2023-02-09T20:32:50Z".length();

    private Rfc3339()
    {
    }

    static long epochMillis(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MIN_LENGTH || buffer.getByte(offset + length - 1) != 'Z' ||
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
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
            minute < 0 || minute > 59 || second < 0 || second > 60)
        {
            return BookEvent.NULL_TIME;
        }
        final int millis = fractionMillis(buffer, offset + 19, length - MIN_LENGTH);
        if (millis < 0)
        {
            return BookEvent.NULL_TIME;
        }
        final long days = daysFromCivil(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    /** {@code .ddd...} of {@code length} bytes (0: none) as milliseconds, or -1. */
    private static int fractionMillis(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length == 0)
        {
            return 0;
        }
        if (length == 1 || buffer.getByte(offset) != '.')
        {
            return -1;
        }
        int millis = 0;
        for (int i = 1; i < length; i++)
        {
            final int digit = buffer.getByte(offset + i) - '0';
            if (digit < 0 || digit > 9)
            {
                return -1;
            }
            if (i <= 3)
            {
                millis = millis * 10 + digit;
            }
        }
        for (int i = length; i <= 3; i++)
        {
            millis *= 10;
        }
        return millis;
    }

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

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long daysFromCivil(final int year, final int month, final int day)
    {
        final int y = month <= 2 ? year - 1 : year;
        final int era = (y >= 0 ? y : y - 399) / 400;
        final int yearOfEra = y - era * 400;
        final int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        final int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }
}
