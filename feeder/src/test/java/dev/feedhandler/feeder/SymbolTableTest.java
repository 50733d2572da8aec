package dev.feedhandler.feeder;

import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.testing.PropertyCheck;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SymbolTableTest
{
    private static final Instrument NKNUSDT = new Instrument(0, Venue.BINANCE_SPOT, "NKNUSDT", 8, 8);
    private static final Instrument BTCUSDT = new Instrument(1, Venue.BINANCE_SPOT, "BTCUSDT", 2, 5);
    private static final Instrument ETHBTC = new Instrument(2, Venue.BINANCE_SPOT, "ETHBTC", 6, 4);
    private static final Instrument X = new Instrument(3, Venue.BINANCE_SPOT, "X", 0, 0);
    private static final Instrument LONG = new Instrument(4, Venue.BINANCE_SPOT, "1000000BABYDOGEUSDT", 10, 0);

    private final SymbolTable table = new SymbolTable(5);

    SymbolTableTest()
    {
        for (final Instrument instrument : List.of(NKNUSDT, BTCUSDT, ETHBTC, X, LONG))
        {
            table.add(instrument);
        }
    }

    @Test
    void shouldFindEveryAddedSymbolFromBytesAtAnOffset()
    {
        assertThat(table.size()).isEqualTo(5);
        for (final Instrument instrument : List.of(NKNUSDT, BTCUSDT, ETHBTC, X, LONG))
        {
            assertThat(lookup(table, instrument.symbol(), 17)).as(instrument.symbol()).isSameAs(instrument);
        }
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"NKNUSD", "NKNUSDTX", "nknusdt", "BTCUSD", "BTCUSDTT", "ETH", "XX", "", "SUSHIUSDT",
        "1000000BABYDOGEUSD", "1000000BABYDOGEUSDT0"})
    void shouldReturnNullForAbsentSymbolsIncludingPrefixesAndLongerStrings(final String symbol)
    {
        assertThat(lookup(table, symbol, 5)).isNull();
    }

    @Test
    void shouldReadOnlyTheGivenLengthOfTheBuffer()
    {
        final byte[] bytes = "__NKNUSDTX__".getBytes(StandardCharsets.US_ASCII);

        assertThat(table.lookup(new UnsafeBuffer(bytes), 2, 7)).isSameAs(NKNUSDT);
        assertThat(table.lookup(new UnsafeBuffer(bytes), 2, 6)).isNull();
        assertThat(table.lookup(new UnsafeBuffer(bytes), 2, 8)).isNull();
    }

    @Test
    void shouldRefuseADuplicateSymbol()
    {
        final Instrument again = new Instrument(9, Venue.BINANCE_SPOT, "BTCUSDT", 1, 1);

        assertThatThrownBy(() -> table.add(again))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("BTCUSDT");
        assertThat(lookup(table, "BTCUSDT", 0)).isSameAs(BTCUSDT);
    }

    @Test
    void shouldRefuseToGrowBeyondHalfFull()
    {
        final SymbolTable small = new SymbolTable(2);
        small.add(NKNUSDT);
        small.add(BTCUSDT);

        assertThatThrownBy(() -> small.add(ETHBTC)).isInstanceOf(IllegalArgumentException.class);
        assertThat(small.size()).isEqualTo(2);
        assertThat(lookup(small, "ETHBTC", 3)).isNull();
        assertThat(lookup(small, "NKNUSDT", 3)).isSameAs(NKNUSDT);
    }

    @Test
    void shouldFindAllOfAThousandRandomSymbolsAndNothingElse()
    {
        PropertyCheck.forAll("1,000 random symbols", 20, random ->
        {
            final SymbolTable big = new SymbolTable(1000);
            final List<Instrument> added = new ArrayList<>();
            final Set<String> symbols = new HashSet<>();
            while (added.size() < 1000)
            {
                final String symbol = randomSymbol(random);
                if (symbols.add(symbol))
                {
                    final Instrument instrument = new Instrument(added.size(), Venue.BINANCE_USDM, symbol, 4, 2);
                    big.add(instrument);
                    added.add(instrument);
                }
            }

            assertThat(big.size()).isEqualTo(1000);
            for (final Instrument instrument : added)
            {
                assertThat(lookup(big, instrument.symbol(), random.nextInt(64), random.nextInt(17)))
                    .as(instrument.symbol()).isSameAs(instrument);
                final byte[] lower = instrument.symbol().toLowerCase().getBytes(StandardCharsets.US_ASCII);
                assertThat(big.lookupIgnoreCase(new UnsafeBuffer(lower), 0, lower.length))
                    .as("%s in lower case", instrument.symbol()).isSameAs(instrument);
                final String prefix = instrument.symbol().substring(0, instrument.symbol().length() - 1);
                if (!symbols.contains(prefix))
                {
                    assertThat(lookup(big, prefix, random.nextInt(64), random.nextInt(17))).as(prefix).isNull();
                }
            }
            for (int i = 0; i < 1000; i++)
            {
                final String absent = randomSymbol(random);
                if (!symbols.contains(absent))
                {
                    assertThat(lookup(big, absent, random.nextInt(64), random.nextInt(17))).as(absent).isNull();
                }
            }
        });
    }

    private static String randomSymbol(final SplittableRandom random)
    {
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        final StringBuilder symbol = new StringBuilder();
        // Across the two-word boundary (16 bytes) of the word-wise path.
        for (int i = 1 + random.nextInt(24); i > 0; i--)
        {
            symbol.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return symbol.toString();
    }

    /** Look the symbol up from a buffer where it sits at {@code offset} between other symbol-like bytes. */
    private static Instrument lookup(final SymbolTable table, final String symbol, final int offset)
    {
        return lookup(table, symbol, offset, 16);
    }

    /** As above, with {@code tail} bytes after the symbol (under two words: the byte-wise path). */
    private static Instrument lookup(final SymbolTable table, final String symbol, final int offset, final int tail)
    {
        final byte[] bytes = symbol.getBytes(StandardCharsets.US_ASCII);
        final byte[] backing = new byte[offset + bytes.length + tail];
        for (int i = 0; i < backing.length; i++)
        {
            backing[i] = (byte)"USDTBTC".charAt(i % 7);
        }
        System.arraycopy(bytes, 0, backing, offset, bytes.length);
        return table.lookup(new UnsafeBuffer(backing), offset, bytes.length);
    }
}
