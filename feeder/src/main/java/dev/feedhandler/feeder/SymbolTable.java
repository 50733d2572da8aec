package dev.feedhandler.feeder;

import dev.feedhandler.orderbook.Instrument;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One venue's symbols to instruments, looked up by the raw bytes of the symbol in a frame: no String, no allocation.
 * Open addressing with linear probing; the table is filled at start-up and then only read.
 * <p>
 * Symbols of up to {@value #WORD_SYMBOL_LENGTH} bytes (every venue symbol we have met) are hashed and compared as two
 * little-endian words, zero-padded: two loads and a multiply instead of a loop over the bytes, which showed in the
 * decoders' profiles. Where the buffer ends less than two words after the symbol, the same words are assembled byte
 * by byte. Longer symbols are hashed with FNV-1a over the bytes.
 */
public final class SymbolTable
{
    static final int WORD_SYMBOL_LENGTH = 2 * Long.BYTES;

    private final byte[][] symbols;
    private final long[] firstWords;
    private final long[] secondWords;
    private final Instrument[] instruments;
    private final int mask;
    private int size;

    /** @param maxSymbols how many symbols will be added; the table keeps itself at most half full. */
    public SymbolTable(final int maxSymbols)
    {
        final int capacity = BitUtil.findNextPositivePowerOfTwo(Math.max(4, maxSymbols * 2));
        symbols = new byte[capacity][];
        firstWords = new long[capacity];
        secondWords = new long[capacity];
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
        final long first = wordOf(symbol, 0);
        final long second = wordOf(symbol, Long.BYTES);
        int slot = (symbol.length <= WORD_SYMBOL_LENGTH ? hash(first, second, symbol.length) : fnv(symbol)) & mask;
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
        firstWords[slot] = first;
        secondWords[slot] = second;
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
        if (length > WORD_SYMBOL_LENGTH || length <= 0)
        {
            return lookupLong(buffer, offset, length);
        }
        final long first;
        final long second;
        if (offset >= 0 && (long)offset + WORD_SYMBOL_LENGTH <= buffer.capacity())
        {
            final long word0 = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
            final long word1 = buffer.getLong(offset + Long.BYTES, ByteOrder.LITTLE_ENDIAN);
            first = length >= Long.BYTES ? word0 : word0 & lowBytes(length);
            second = length <= Long.BYTES ? 0 :
                length == WORD_SYMBOL_LENGTH ? word1 : word1 & lowBytes(length - Long.BYTES);
        }
        else
        {
            first = wordOf(buffer, offset, length, 0, false);
            second = wordOf(buffer, offset, length, Long.BYTES, false);
        }
        return find(first, second, length);
    }

    /**
     * Lookup ignoring ASCII case, for symbols spelt in lower case elsewhere (Binance stream names:
     * {@code btcusdt@depth@100ms}). Finds symbols added in upper case, which is how Binance spells them. Slower than
     * {@link #lookup}: for attributing rejected frames, not the hot path.
     */
    public Instrument lookupIgnoreCase(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > WORD_SYMBOL_LENGTH || length <= 0)
        {
            return lookupLongIgnoreCase(buffer, offset, length);
        }
        return find(wordOf(buffer, offset, length, 0, true), wordOf(buffer, offset, length, Long.BYTES, true), length);
    }

    private Instrument find(final long first, final long second, final int length)
    {
        for (int slot = hash(first, second, length) & mask; ; slot = (slot + 1) & mask)
        {
            final byte[] candidate = symbols[slot];
            if (candidate == null)
            {
                return null;
            }
            if (firstWords[slot] == first && secondWords[slot] == second && candidate.length == length)
            {
                return instruments[slot];
            }
        }
    }

    /** Rare path: a symbol longer than two words. */
    private Instrument lookupLong(final DirectBuffer buffer, final int offset, final int length)
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

    private Instrument lookupLongIgnoreCase(final DirectBuffer buffer, final int offset, final int length)
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

    /** Bytes {@code from .. from + 7} of the symbol as a little-endian word, zero beyond its end. */
    private static long wordOf(
        final DirectBuffer buffer, final int offset, final int length, final int from, final boolean upperCase)
    {
        long word = 0;
        for (int i = Math.min(length, from + Long.BYTES) - 1; i >= from; i--)
        {
            final byte b = buffer.getByte(offset + i);
            word = (word << Byte.SIZE) | ((upperCase ? upper(b) : b) & 0xFF);
        }
        return word;
    }

    private static long wordOf(final byte[] symbol, final int from)
    {
        long word = 0;
        for (int i = Math.min(symbol.length, from + Long.BYTES) - 1; i >= from; i--)
        {
            word = (word << Byte.SIZE) | (symbol[i] & 0xFF);
        }
        return word;
    }

    /** A mask of the low {@code bytes} bytes (1..7). */
    private static long lowBytes(final int bytes)
    {
        return (1L << (Byte.SIZE * bytes)) - 1;
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

    private static int hash(final long first, final long second, final int length)
    {
        final long h = (first * 0x9E3779B97F4A7C15L) ^ Long.rotateLeft(second * 0xC2B2AE3D27D4EB4FL, 31) ^ length;
        return mix((int)(h ^ (h >>> 32)));
    }

    private static int fnv(final byte[] symbol)
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
