package dev.feedhandler.orderbook;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class BookEventTest
{
    private static final int OFFSET = 40;

    private final byte[] bytes = garbage(1024);
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private final BookEvent writer = new BookEvent();
    private final BookEvent reader = new BookEvent();

    @Test
    void shouldReadBackEveryHeaderFieldAndLevelWrittenAtANonZeroOffset()
    {
        writer.wrapForWrite(buffer, OFFSET)
            .resetHeader(42, BookEvent.TYPE_DIFF)
            .firstUpdateId(1_000_001L)
            .lastUpdateId(1_000_005L)
            .prevUpdateId(1_000_000L)
            .exchangeTimeMs(1_700_000_000_123L)
            .transactTimeMs(1_700_000_000_120L)
            .ingressTimeNs(987_654_321_000L)
            .ringTimeNs(987_654_322_500L)
            .checksum(-12_345L)
            .bidCount(2)
            .askCount(1)
            .putLevel(0, 3_513_000L, 100L)
            .putLevel(1, 3_512_000L, 0L)
            .putLevel(2, 3_514_000L, Long.MAX_VALUE);

        reader.wrap(buffer, OFFSET);

        assertThat(reader.buffer()).isSameAs(buffer);
        assertThat(reader.offset()).isEqualTo(OFFSET);
        assertThat(reader.instrumentId()).isEqualTo(42);
        assertThat(reader.type()).isEqualTo(BookEvent.TYPE_DIFF);
        assertThat(reader.flags()).isZero();
        assertThat(reader.firstUpdateId()).isEqualTo(1_000_001L);
        assertThat(reader.lastUpdateId()).isEqualTo(1_000_005L);
        assertThat(reader.prevUpdateId()).isEqualTo(1_000_000L);
        assertThat(reader.exchangeTimeMs()).isEqualTo(1_700_000_000_123L);
        assertThat(reader.transactTimeMs()).isEqualTo(1_700_000_000_120L);
        assertThat(reader.ingressTimeNs()).isEqualTo(987_654_321_000L);
        assertThat(reader.ringTimeNs()).isEqualTo(987_654_322_500L);
        assertThat(reader.checksum()).isEqualTo(-12_345L);
        assertThat(reader.bidCount()).isEqualTo(2);
        assertThat(reader.askCount()).isEqualTo(1);
        assertThat(reader.bidPrice(0)).isEqualTo(3_513_000L);
        assertThat(reader.bidQuantity(0)).isEqualTo(100L);
        assertThat(reader.bidPrice(1)).isEqualTo(3_512_000L);
        assertThat(reader.bidQuantity(1)).isZero();
        assertThat(reader.askPrice(0)).isEqualTo(3_514_000L);
        assertThat(reader.askQuantity(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(reader.bidLevelsOffset()).isEqualTo(OFFSET + BookEvent.HEADER_LENGTH);
        assertThat(reader.askLevelsOffset()).isEqualTo(OFFSET + BookEvent.HEADER_LENGTH + 2 * BookEvent.LEVEL_LENGTH);
        assertThat(reader.length()).isEqualTo(BookEvent.HEADER_LENGTH + 3 * BookEvent.LEVEL_LENGTH);
    }

    @Test
    void shouldLeaveTheBytesOutsideTheEventUntouched()
    {
        final byte[] before = bytes.clone();

        writer.wrapForWrite(buffer, OFFSET).resetHeader(1, BookEvent.TYPE_SNAPSHOT).bidCount(1).askCount(1)
            .putLevel(0, 1, 1).putLevel(1, 2, 2);

        final int end = OFFSET + BookEvent.lengthFor(2);
        assertThat(Arrays.copyOfRange(bytes, 0, OFFSET)).isEqualTo(Arrays.copyOfRange(before, 0, OFFSET));
        assertThat(Arrays.copyOfRange(bytes, end, bytes.length)).isEqualTo(Arrays.copyOfRange(before, end, bytes.length));
    }

    @Test
    void shouldResetEveryOptionalFieldToNullAndTheCountsToZero()
    {
        writer.wrapForWrite(buffer, OFFSET).resetHeader(7, BookEvent.TYPE_SNAPSHOT);

        reader.wrap(buffer, OFFSET);
        assertThat(reader.instrumentId()).isEqualTo(7);
        assertThat(reader.type()).isEqualTo(BookEvent.TYPE_SNAPSHOT);
        assertThat(reader.flags()).isZero();
        assertThat(reader.firstUpdateId()).isEqualTo(BookEvent.NULL_ID);
        assertThat(reader.lastUpdateId()).isEqualTo(BookEvent.NULL_ID);
        assertThat(reader.prevUpdateId()).isEqualTo(BookEvent.NULL_ID);
        assertThat(reader.exchangeTimeMs()).isEqualTo(BookEvent.NULL_TIME);
        assertThat(reader.transactTimeMs()).isEqualTo(BookEvent.NULL_TIME);
        assertThat(reader.ingressTimeNs()).isEqualTo(BookEvent.NULL_TIME);
        assertThat(reader.ringTimeNs()).isEqualTo(BookEvent.NULL_TIME);
        assertThat(reader.checksum()).isEqualTo(BookEvent.NULL_CHECKSUM);
        assertThat(reader.bidCount()).isZero();
        assertThat(reader.askCount()).isZero();
        assertThat(reader.length()).isEqualTo(BookEvent.HEADER_LENGTH);
    }

    @Test
    void shouldReadAsksBeforeBidsWhenFlaggedAsksFirst()
    {
        writer.wrapForWrite(buffer, OFFSET)
            .resetHeader(5, BookEvent.TYPE_DIFF)
            .flags(BookEvent.FLAG_ASKS_FIRST)
            .bidCount(1)
            .askCount(2)
            .putLevel(0, 201L, 21L)
            .putLevel(1, 202L, 22L)
            .putLevel(2, 199L, 19L);

        reader.wrap(buffer, OFFSET);

        assertThat(reader.flags()).isEqualTo(BookEvent.FLAG_ASKS_FIRST);
        assertThat(reader.askLevelsOffset()).isEqualTo(OFFSET + BookEvent.HEADER_LENGTH);
        assertThat(reader.bidLevelsOffset()).isEqualTo(OFFSET + BookEvent.HEADER_LENGTH + 2 * BookEvent.LEVEL_LENGTH);
        assertThat(reader.askPrice(0)).isEqualTo(201L);
        assertThat(reader.askQuantity(0)).isEqualTo(21L);
        assertThat(reader.askPrice(1)).isEqualTo(202L);
        assertThat(reader.askQuantity(1)).isEqualTo(22L);
        assertThat(reader.bidPrice(0)).isEqualTo(199L);
        assertThat(reader.bidQuantity(0)).isEqualTo(19L);
        assertThat(reader.length()).isEqualTo(BookEvent.lengthFor(3));
    }

    @Test
    void shouldWriteTheDocumentedLittleEndianLayout()
    {
        writer.wrapForWrite(buffer, OFFSET)
            .resetHeader(0x01020304, BookEvent.TYPE_TOP_OF_BOOK)
            .flags(BookEvent.FLAG_ASKS_FIRST)
            .firstUpdateId(11)
            .lastUpdateId(12)
            .prevUpdateId(13)
            .exchangeTimeMs(14)
            .transactTimeMs(15)
            .ingressTimeNs(16)
            .bidCount(1)
            .askCount(0)
            .checksum(-19)
            .ringTimeNs(20)
            .putLevel(0, 17, 18);

        assertThat(buffer.getInt(OFFSET, ByteOrder.LITTLE_ENDIAN)).isEqualTo(0x01020304);
        assertThat(bytes[OFFSET]).isEqualTo((byte)0x04);
        assertThat(buffer.getShort(OFFSET + 4, ByteOrder.LITTLE_ENDIAN)).isEqualTo(BookEvent.TYPE_TOP_OF_BOOK);
        assertThat(buffer.getShort(OFFSET + 6, ByteOrder.LITTLE_ENDIAN)).isEqualTo(BookEvent.FLAG_ASKS_FIRST);
        assertThat(buffer.getLong(OFFSET + 8, ByteOrder.LITTLE_ENDIAN)).isEqualTo(11);
        assertThat(buffer.getLong(OFFSET + 16, ByteOrder.LITTLE_ENDIAN)).isEqualTo(12);
        assertThat(buffer.getLong(OFFSET + 24, ByteOrder.LITTLE_ENDIAN)).isEqualTo(13);
        assertThat(buffer.getLong(OFFSET + 32, ByteOrder.LITTLE_ENDIAN)).isEqualTo(14);
        assertThat(buffer.getLong(OFFSET + 40, ByteOrder.LITTLE_ENDIAN)).isEqualTo(15);
        assertThat(buffer.getLong(OFFSET + 48, ByteOrder.LITTLE_ENDIAN)).isEqualTo(16);
        assertThat(buffer.getInt(OFFSET + 56, ByteOrder.LITTLE_ENDIAN)).isEqualTo(1);
        assertThat(buffer.getInt(OFFSET + 60, ByteOrder.LITTLE_ENDIAN)).isEqualTo(0);
        assertThat(buffer.getLong(OFFSET + 64, ByteOrder.LITTLE_ENDIAN)).isEqualTo(-19);
        assertThat(buffer.getLong(OFFSET + 72, ByteOrder.LITTLE_ENDIAN)).isEqualTo(20);
        assertThat(buffer.getLong(OFFSET + 80, ByteOrder.LITTLE_ENDIAN)).isEqualTo(17);
        assertThat(buffer.getLong(OFFSET + 88, ByteOrder.LITTLE_ENDIAN)).isEqualTo(18);
    }

    @Test
    void shouldPlaceLevelFormatsAfterTheLevelsInLevelOrderPaddedToEightBytes()
    {
        writer.wrapForWrite(buffer, OFFSET)
            .resetHeader(7, BookEvent.TYPE_DIFF)
            .flags((short)(BookEvent.FLAG_ASKS_FIRST | BookEvent.FLAG_LEVEL_FORMATS))
            .bidCount(2)
            .askCount(1)
            .putLevel(0, 30, 1)
            .putLevel(1, 20, 2)
            .putLevel(2, 19, 3)
            .putLevelFormat(0, LevelFormat.of(1, 2))
            .putLevelFormat(1, LevelFormat.of(3, 4))
            .putLevelFormat(2, LevelFormat.of(5, 6));

        assertThat(writer.length()).isEqualTo(80 + 3 * 16 + 16);
        assertThat(buffer.getInt(OFFSET + 80 + 48, ByteOrder.LITTLE_ENDIAN)).isEqualTo(LevelFormat.of(1, 2));
        assertThat(reader.wrap(buffer, OFFSET).askFormat(0)).isEqualTo(LevelFormat.of(1, 2));
        assertThat(reader.bidFormat(0)).isEqualTo(LevelFormat.of(3, 4));
        assertThat(reader.bidFormat(1)).isEqualTo(LevelFormat.of(5, 6));
        assertThat(LevelFormat.priceDigits(reader.bidFormat(1))).isEqualTo(5);
        assertThat(LevelFormat.quantityDigits(reader.bidFormat(1))).isEqualTo(6);
        assertThat(reader.checksum()).isEqualTo(BookEvent.NULL_CHECKSUM);
    }

    @Test
    void shouldReadTwoEventsPlacedBackToBackByTheirLengths()
    {
        writer.wrapForWrite(buffer, OFFSET).resetHeader(1, BookEvent.TYPE_DIFF).bidCount(2).putLevel(0, 10, 1)
            .putLevel(1, 9, 2);
        final int second = OFFSET + writer.length();
        writer.wrapForWrite(buffer, second).resetHeader(2, BookEvent.TYPE_DIFF).askCount(1).putLevel(0, 11, 3);

        assertThat(reader.wrap(buffer, OFFSET).bidPrice(1)).isEqualTo(9);
        assertThat(reader.wrap(buffer, second).instrumentId()).isEqualTo(2);
        assertThat(reader.askPrice(0)).isEqualTo(11);
        assertThat(reader.askQuantity(0)).isEqualTo(3);
    }

    @Test
    void shouldSizeEventsAsHeaderPlusSixteenBytesPerLevel()
    {
        assertThat(BookEvent.HEADER_LENGTH).isEqualTo(80);
        assertThat(BookEvent.LEVEL_LENGTH).isEqualTo(16);
        assertThat(BookEvent.lengthFor(0)).isEqualTo(80);
        assertThat(BookEvent.lengthFor(1)).isEqualTo(96);
        assertThat(BookEvent.lengthFor(5_000)).isEqualTo(80 + 80_000);
        assertThat(BookEvent.lengthFor(3, true)).isEqualTo(80 + 48 + 16);
        assertThat(BookEvent.lengthFor(2, true)).isEqualTo(80 + 32 + 8);
    }

    private static byte[] garbage(final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(0xA5 ^ i * 31);
        }
        return bytes;
    }
}
