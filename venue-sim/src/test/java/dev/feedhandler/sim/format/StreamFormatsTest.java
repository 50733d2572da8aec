package dev.feedhandler.sim.format;

import dev.feedhandler.sim.InstrumentSpec;
import dev.feedhandler.sim.book.Side;
import dev.feedhandler.sim.book.SimBook;
import dev.feedhandler.sim.book.TopView;
import dev.feedhandler.sim.testing.Json;
import dev.feedhandler.sim.testing.StreamBook;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream venues' checksums against the venues' doc examples (both the simulator's and the tests' own), and
 * their number spellings.
 */
class StreamFormatsTest
{
    @Test
    void okxChecksumMatchesTheDocExamples()
    {
        assertThat(StreamBook.okxChecksum("3366.1:7:3366.8:9:3366:6:3368:8")).isEqualTo(-1881014294);
        assertThat(StreamBook.okxChecksum("3366.1:7:3366.8:9:3368:8:3372:8")).isEqualTo(831078360);

        final SimBook book = new SimBook(8);
        book.set(Side.BID, 33661, 7);
        book.set(Side.BID, 33660, 6);
        book.set(Side.ASK, 33668, 9);
        book.set(Side.ASK, 33680, 8);
        final TopView view = new TopView(400);
        view.reset(book);
        assertThat(OkxFormat.checksum(view, new InstrumentSpec("okx", "BTC-USDT", 1, 0, 33660)))
            .isEqualTo(-1881014294);

        final SimBook second = new SimBook(8);
        second.set(Side.BID, 33661, 7);
        second.set(Side.ASK, 33668, 9);
        second.set(Side.ASK, 33680, 8);
        second.set(Side.ASK, 33720, 8);
        view.reset(second);
        assertThat(OkxFormat.checksum(view, new InstrumentSpec("okx", "BTC-USDT", 1, 0, 33660)))
            .isEqualTo(831078360);
    }

    @Test
    @SuppressWarnings("unchecked")
    void krakenChecksumMatchesTheDocExample() throws Exception
    {
        final Path file = Path.of(System.getProperty("fixtures.dir", "../fixtures"),
            "kraken", "v2_doc_example_BTCUSD_snapshot_checksum_3310070434.json");
        final Map<String, Object> message = Json.object(Files.readString(file).trim());
        final Map<String, Object> data = (Map<String, Object>)((List<Object>)message.get("data")).get(0);
        final SimBook book = new SimBook(32);
        final StreamBook oracle = new StreamBook();
        for (final String side : List.of("bids", "asks"))
        {
            for (final Object level : (List<Object>)data.get(side))
            {
                final BigDecimal price = (BigDecimal)((Map<String, Object>)level).get("price");
                final BigDecimal qty = (BigDecimal)((Map<String, Object>)level).get("qty");
                book.set(side.equals("bids") ? Side.BID : Side.ASK, price.movePointRight(1).longValueExact(),
                    qty.movePointRight(8).longValueExact());
                oracle.apply(side.equals("bids"), price.toString(), qty.toString());
            }
        }
        final TopView view = new TopView(10);
        view.reset(book);
        assertThat(KrakenFormat.checksum(view, new InstrumentSpec("kraken", "BTC/USD", 1, 8, 452835)))
            .isEqualTo(3310070434L);
        assertThat(oracle.krakenChecksum(1, 8)).isEqualTo(3310070434L);
    }

    @Test
    void sizesKeepSomeTrailingZeros()
    {
        assertThat(StreamText.trimmed(10_000_000, 8, 2)).isEqualTo("0.10");
        assertThat(StreamText.trimmed(10_000_000, 8, 0)).isEqualTo("0.1");
        assertThat(StreamText.trimmed(700_000_000, 8, 0)).isEqualTo("7");
        assertThat(StreamText.trimmed(700_000_000, 8, 1)).isEqualTo("7.0");
        assertThat(OkxFormat.priceText(33660, 1)).isEqualTo("3366");
        int withZeros = 0;
        for (long q = 1; q <= 200; q++)
        {
            final String text = OkxFormat.sizeText(600_000, q * 10_000_000L, 8);
            assertThat(new BigDecimal(text)).isEqualByComparingTo(BigDecimal.valueOf(q, 1));
            withZeros += text.endsWith("0") && text.contains(".") ? 1 : 0;
        }
        assertThat(withZeros).as("some sizes keep trailing zeros").isBetween(20, 180);
    }

    @Test
    void isoTimeHasMicroseconds()
    {
        assertThat(StreamText.isoTime(1_690_731_000_029L)).isEqualTo("2023-07-30T15:30:00.029000Z");
        assertThat(StreamText.isoTime(1_690_731_000_000L)).isEqualTo("2023-07-30T15:30:00.000000Z");
    }
}
