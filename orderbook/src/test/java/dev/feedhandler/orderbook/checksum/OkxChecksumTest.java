package dev.feedhandler.orderbook.checksum;

import dev.feedhandler.orderbook.LevelFormat;
import dev.feedhandler.orderbook.OrderBook;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OkxChecksumTest
{
    private static final int SCALE = 8;

    @Test
    void shouldMatchTheFirstDocExample()
    {
        // bids 3366.1/7, 3366/6; asks 3366.8/9, 3368/8 -> "3366.1:7:3366.8:9:3366:6:3368:8"
        final OrderBook book = new OrderBook(0, 8, 64, true);
        book.bids().set(336610000000L, 700000000L, LevelFormat.of(1, 0));
        book.bids().set(336600000000L, 600000000L, LevelFormat.of(0, 0));
        book.asks().set(336680000000L, 900000000L, LevelFormat.of(1, 0));
        book.asks().set(336800000000L, 800000000L, LevelFormat.of(0, 0));

        assertThat(new OkxChecksum(SCALE, SCALE).compute(book)).isEqualTo(-1881014294L);
    }

    @Test
    void shouldContinueWithOneSideWhenTheOtherRunsOut()
    {
        // "3366.1:7:3366.8:9:3368:8:3372:8"
        final OrderBook book = new OrderBook(0, 8, 64, true);
        book.bids().set(336610000000L, 700000000L, LevelFormat.of(1, 0));
        book.asks().set(336680000000L, 900000000L, LevelFormat.of(1, 0));
        book.asks().set(336800000000L, 800000000L, LevelFormat.of(0, 0));
        book.asks().set(337200000000L, 800000000L, LevelFormat.of(0, 0));

        assertThat(new OkxChecksum(SCALE, SCALE).compute(book)).isEqualTo(831078360L);
    }

    @Test
    void shouldRebuildTrailingZerosAndDigitsBeyondTheScaleFromTheFormat()
    {
        final byte[] out = new byte[64];
        assertThat(text(out, DecimalText.writeDecimal(out, 0, 150, 2, 2))).isEqualTo("1.50");
        assertThat(text(out, DecimalText.writeDecimal(out, 0, 150, 2, 1))).isEqualTo("1.5");
        assertThat(text(out, DecimalText.writeDecimal(out, 0, 150, 2, 4))).isEqualTo("1.5000");
        assertThat(text(out, DecimalText.writeDecimal(out, 0, 5, 2, 2))).isEqualTo("0.05");
        assertThat(text(out, DecimalText.writeDecimal(out, 0, 100, 2, 0))).isEqualTo("1");
        assertThat(text(out, DecimalText.writeDecimal(out, 0, 0, 8, 0))).isEqualTo("0");
        assertThat(text(out, DecimalText.writeDecimal(out, 0, Long.MAX_VALUE, 0, 0)))
            .isEqualTo(Long.toString(Long.MAX_VALUE));
    }

    @Test
    void shouldUseOnlyTheTop25LevelsOfEachSide()
    {
        final OrderBook deep = new OrderBook(0, 8, 64, true);
        final OrderBook top = new OrderBook(0, 8, 64, true);
        for (int i = 0; i < 30; i++)
        {
            deep.bids().set(1000 - i, 1, LevelFormat.NONE);
            deep.asks().set(2000 + i, 1, LevelFormat.NONE);
            if (i < 25)
            {
                top.bids().set(1000 - i, 1, LevelFormat.NONE);
                top.asks().set(2000 + i, 1, LevelFormat.NONE);
            }
        }
        final OkxChecksum checksum = new OkxChecksum(0, 0);
        assertThat(checksum.compute(deep)).isEqualTo(checksum.compute(top));
        top.bids().set(1000, 2, LevelFormat.NONE);
        assertThat(checksum.compute(deep)).isNotEqualTo(checksum.compute(top));
    }

    private static String text(final byte[] bytes, final int length)
    {
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
