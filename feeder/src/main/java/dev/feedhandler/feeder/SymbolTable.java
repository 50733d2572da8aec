package dev.feedhandler.feeder;

import dev.feedhandler.orderbook.Instrument;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One venue's symbols to instruments, looked up by the raw bytes of the symbol in a frame: no String, no allocation.
 * Open addressing with linear probing over an FNV-1a hash; the table is filled at start-up and then only read.
 */
public final class SymbolTable
{
    private final byte[][] symbols;
    private final Instrument[] instruments;
    private final int mask;
    private int size;

    /** @param maxSymbols how many symbols will be added; the table keeps itself at most half full. */
    public SymbolTable(final int maxSymbols)
    {
        final int capacity = BitUtil.findNextPositivePowerOfTwo(Math.max(4, maxSymbols * 2));
        symbols = new byte[capacity][];
        instruments = new Instrument[capacity];
        mask = capacity - 1;
    }

    /**
     * @throws IllegalArgumentException when the symbol is already there or the table is full.
     */
    public void add(final Instrument instrument)
    {
        final byte[] symbol = instrument.symbol().getBytes(StandardCharsets.US_ASCII);
        if (size * 2 >= symbols.length)
        {
            throw new IllegalArgumentException("symbol table full, cannot add " + instrument.symbol());
        }
        int slot = hash(symbol) & mask;
        while (symbols[slot] != null)
        {
            if (Arrays.equals(symbols[slot], symbol))
            {
                throw new IllegalArgumentException("duplicate symbol " + instrument.symbol() + " for " +
                    instrument.venue().configName());
            }
            slot = (slot + 1) & mask;
        }
        symbols[slot] = symbol;
        instruments[slot] = instrument;
        size++;
    }

    public int size()
    {
        return size;
    }

    /** @return the instrument whose symbol is these bytes, or null. */
    public Instrument lookup(final DirectBuffer buffer, final int offset, final int length)
    {
        int h = 0x811C9DC5;
        for (int i = 0; i < length; i++)
        {
            h = (h ^ (buffer.getByte(offset + i) & 0xFF)) * 0x01000193;
        }
        for (int slot = mix(h) & mask; ; slot = (slot + 1) & mask)
        {
            final byte[] candidate = symbols[slot];
            if (candidate == null)
            {
                return null;
            }
            if (candidate.length == length && matches(candidate, buffer, offset))
            {
                return instruments[slot];
            }
        }
    }

    /**
     * Lookup ignoring ASCII case, for symbols spelt in lower case elsewhere (Binance stream names:
     * {@code btcusdt@depth@100ms}). Finds symbols added in upper case (the table hashes the upper-cased bytes), which
     * is how Binance spells them. Slower than {@link #lookup}: for attributing rejected frames, not the hot path.
     */
    public Instrument lookupIgnoreCase(final DirectBuffer buffer, final int offset, final int length)
    {
        int h = 0x811C9DC5;
        for (int i = 0; i < length; i++)
        {
            h = (h ^ (upper(buffer.getByte(offset + i)) & 0xFF)) * 0x01000193;
        }
        for (int slot = mix(h) & mask; ; slot = (slot + 1) & mask)
        {
            final byte[] candidate = symbols[slot];
            if (candidate == null)
            {
                return null;
            }
            if (candidate.length == length && matchesIgnoreCase(candidate, buffer, offset))
            {
                return instruments[slot];
            }
        }
    }

    private static boolean matchesIgnoreCase(final byte[] candidate, final DirectBuffer buffer, final int offset)
    {
        for (int i = 0; i < candidate.length; i++)
        {
            if (upper(candidate[i]) != upper(buffer.getByte(offset + i)))
            {
                return false;
            }
        }
        return true;
    }

    private static byte upper(final byte b)
    {
        return b >= 'a' && b <= 'z' ? (byte)(b - ('a' - 'A')) : b;
    }

    private static boolean matches(final byte[] candidate, final DirectBuffer buffer, final int offset)
    {
        for (int i = 0; i < candidate.length; i++)
        {
            if (candidate[i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    private static int hash(final byte[] symbol)
    {
        int h = 0x811C9DC5;
        for (final byte b : symbol)
        {
            h = (h ^ (b & 0xFF)) * 0x01000193;
        }
        return mix(h);
    }

    private static int mix(final int h)
    {
        return h ^ (h >>> 16);
    }
}
