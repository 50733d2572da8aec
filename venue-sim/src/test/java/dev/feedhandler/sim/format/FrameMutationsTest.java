package dev.feedhandler.sim.format;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad frames each venue's shape turns into: only the first price changes, everything else stays byte for byte.
 */
class FrameMutationsTest
{
    private static final String D = FrameMutations.ABSURD_DIGITS;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "binance  | {\"e\":\"depthUpdate\",\"b\":[],\"a\":[[\"0.0123\",\"5\"],[\"0.0124\",\"1\"]]}" +
            " | {\"e\":\"depthUpdate\",\"b\":[],\"a\":[[\"" + "@0.0123\",\"5\"],[\"0.0124\",\"1\"]]}" +
            " | {\"e\":\"depthUpdate\",\"b\":[],\"a\":[[{},\"5\"],[\"0.0124\",\"1\"]]}",
        "okx      | {\"data\":[{\"asks\":[[\"8476.98\",\"415\",\"0\",\"13\"]]}]}" +
            " | {\"data\":[{\"asks\":[[\"@8476.98\",\"415\",\"0\",\"13\"]]}]}" +
            " | {\"data\":[{\"asks\":[[{},\"415\",\"0\",\"13\"]]}]}",
        "kraken   | {\"bids\":[{\"price\":42000.1,\"qty\":0.5}]}" +
            " | {\"bids\":[{\"price\":@42000.1,\"qty\":0.5}]}" +
            " | {\"bids\":[{\"price\":\"42000.1\",\"qty\":0.5}]}",
        "coinbase | {\"updates\":[{\"side\":\"bid\",\"price_level\":\"21921.73\",\"new_quantity\":\"1\"}]}" +
            " | {\"updates\":[{\"side\":\"bid\",\"price_level\":\"@21921.73\",\"new_quantity\":\"1\"}]}" +
            " | {\"updates\":[{\"side\":\"bid\",\"price_level\":{},\"new_quantity\":\"1\"}]}"})
    void shouldChangeOnlyTheFirstPrice(final String venue, final String frame, final String absurd, final String wrong)
    {
        assertThat(text(FrameMutations.absurdNumber(bytes(frame)))).isEqualTo(absurd.replace("@", D));
        assertThat(text(FrameMutations.wrongType(bytes(frame)))).isEqualTo(wrong);
    }

    @Test
    void shouldLeaveAFrameWithoutPricesAlone()
    {
        assertThat(FrameMutations.absurdNumber(bytes("{\"e\":\"depthUpdate\",\"b\":[],\"a\":[]}"))).isNull();
        assertThat(FrameMutations.wrongType(bytes("{\"e\":\"depthUpdate\",\"b\":[],\"a\":[]}"))).isNull();
    }

    @Test
    void shouldPadAfterTheOpeningBraceOnly()
    {
        final String frame = "{\"a\":[[\"1\",\"2\"]]}";
        final String padded = text(FrameMutations.oversized(bytes(frame)));
        assertThat(padded.length()).isEqualTo(frame.length() + FrameMutations.OVERSIZED_PAD_BYTES);
        assertThat(padded.replace(" ", "")).isEqualTo(frame);
        assertThat(padded).startsWith("{ ").endsWith(" \"a\":[[\"1\",\"2\"]]}");
    }

    private static ByteBuf bytes(final String text)
    {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    private static String text(final ByteBuf buffer)
    {
        try
        {
            return buffer.toString(StandardCharsets.UTF_8);
        }
        finally
        {
            buffer.release();
        }
    }
}
