package dev.feedhandler.feeder.venue.coinbase;

import dev.feedhandler.feeder.DecodeReason;
import dev.feedhandler.feeder.json.JsonCursor;
import dev.feedhandler.orderbook.FixedPoint;
import dev.feedhandler.orderbook.NumberError;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

import static dev.feedhandler.feeder.json.JsonCursor.keyBitsOf;

/**
 * Reads one Coinbase event's {@code updates} array,
 * {@code [{"side":"bid"|"offer","event_time":"..","price_level":"..","new_quantity":".."},...]}, into
 * {@link SplitSideLevels} at the product's scales. Fields in any order, unknown ones skipped; {@code event_time} is
 * not kept. No allocation; every failure is a {@link DecodeReason} (a side other than bid/offer:
 * {@code UNKNOWN_MESSAGE_TYPE}).
 */
final class CoinbaseUpdatesReader
{
    private static final long KEY_SIDE = keyBitsOf("side");
    private static final byte[] PRICE_LEVEL = ascii("price_level");
    private static final byte[] NEW_QUANTITY = ascii("new_quantity");
    private static final byte[] BID = ascii("bid");
    private static final byte[] OFFER = ascii("offer");

    private static final int F_SIDE = 1;
    private static final int F_PRICE = 2;
    private static final int F_QUANTITY = 4;
    private static final int ALL = F_SIDE | F_PRICE | F_QUANTITY;

    private JsonCursor cursor;
    private int seen;
    private boolean isBid;
    private int priceOffset;
    private int priceLength;
    private int quantityOffset;
    private int quantityLength;

    /**
     * Read the array whose '[' is the cursor's next byte.
     *
     * @return 0, or {@code -code} of a {@link DecodeReason}.
     */
    int read(final JsonCursor cursor, final SplitSideLevels levels, final int priceScale, final int qtyScale)
    {
        this.cursor = cursor;
        cursor.position(cursor.position() + 1); // '['
        if (cursor.peek() == ']')
        {
            cursor.position(cursor.position() + 1);
            return 0;
        }
        int more;
        do
        {
            final int result = readUpdate(levels, priceScale, qtyScale);
            if (result != 0)
            {
                return result;
            }
            more = cursor.next((byte)']');
        }
        while (more > 0);
        return more == 0 ? 0 : -cursor.reason().code();
    }

    private int readUpdate(final SplitSideLevels levels, final int priceScale, final int qtyScale)
    {
        final JsonCursor cursor = this.cursor;
        final int c = cursor.peek();
        if (c != '{')
        {
            return c < 0 ? -DecodeReason.TRUNCATED.code() : -DecodeReason.WRONG_TYPE.code();
        }
        cursor.position(cursor.position() + 1);
        seen = 0;
        final int members = readMembers();
        if (members != 0)
        {
            return members;
        }
        if (seen != ALL)
        {
            return -DecodeReason.MISSING_FIELD.code();
        }
        final DirectBuffer buffer = cursor.buffer();
        final long price = FixedPoint.parse(buffer, priceOffset, priceLength, priceScale);
        if (price <= 0)
        {
            return price == 0 ? -DecodeReason.ZERO_PRICE.code() : numberFailure(price);
        }
        final long quantity = FixedPoint.parse(buffer, quantityOffset, quantityLength, qtyScale);
        if (quantity < 0)
        {
            return numberFailure(quantity);
        }
        return levels.add(isBid, price, quantity);
    }

    private int readMembers()
    {
        final JsonCursor cursor = this.cursor;
        if (cursor.peek() == '}')
        {
            cursor.position(cursor.position() + 1);
            return 0;
        }
        int more;
        do
        {
            if (!cursor.readKey())
            {
                return -cursor.reason().code();
            }
            final int result = onMember();
            if (result != 0)
            {
                return result;
            }
            more = cursor.next((byte)'}');
        }
        while (more > 0);
        return more == 0 ? 0 : -cursor.reason().code();
    }

    private int onMember()
    {
        final JsonCursor cursor = this.cursor;
        final long key = cursor.keyBits();
        if (key == KEY_SIDE)
        {
            return onSide();
        }
        if (key == JsonCursor.LONG_KEY)
        {
            if (cursor.keyEquals(PRICE_LEVEL))
            {
                final int result = readString(F_PRICE);
                priceOffset = cursor.stringOffset();
                priceLength = cursor.stringLength();
                return result;
            }
            if (cursor.keyEquals(NEW_QUANTITY))
            {
                final int result = readString(F_QUANTITY);
                quantityOffset = cursor.stringOffset();
                quantityLength = cursor.stringLength();
                return result;
            }
        }
        return cursor.skipValue() ? 0 : -cursor.reason().code();
    }

    private int onSide()
    {
        final int result = readString(F_SIDE);
        if (result != 0)
        {
            return result;
        }
        if (cursor.stringEquals(BID))
        {
            isBid = true;
            return 0;
        }
        if (cursor.stringEquals(OFFER))
        {
            isBid = false;
            return 0;
        }
        return -DecodeReason.UNKNOWN_MESSAGE_TYPE.code();
    }

    /** Read a string field once; on failure what the cursor holds is meaningless and the result says why. */
    private int readString(final int field)
    {
        if ((seen & field) != 0)
        {
            return -DecodeReason.DUPLICATE_FIELD.code();
        }
        seen |= field;
        return cursor.readString() ? 0 : -cursor.reason().code();
    }

    private static int numberFailure(final long parseResult)
    {
        return -DecodeReason.of(NumberError.fromResult(parseResult)).code();
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
