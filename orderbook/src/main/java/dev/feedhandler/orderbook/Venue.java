package dev.feedhandler.orderbook;

import dev.feedhandler.orderbook.sync.BinanceSpotSequenceRule;
import dev.feedhandler.orderbook.sync.BinanceUsdmSequenceRule;
import dev.feedhandler.orderbook.sync.BybitSequenceRule;
import dev.feedhandler.orderbook.sync.OkxSequenceRule;
import dev.feedhandler.orderbook.sync.SequenceRule;
import dev.feedhandler.orderbook.sync.UnsequencedRule;

/**
 * The venues the daemon keeps books for, each with its sync rule, how a book starts, and its checksum. Ids are
 * stable: they go on the wire.
 */
public enum Venue
{
    BINANCE_SPOT(1, "binance-spot", BinanceSpotSequenceRule.INSTANCE, Bootstrap.REST_SNAPSHOT, Checksum.NONE),
    BINANCE_USDM(2, "binance-usdm", BinanceUsdmSequenceRule.INSTANCE, Bootstrap.REST_SNAPSHOT, Checksum.NONE),
    /** Bybit v5 public {@code orderbook.N.SYMBOL}: snapshot then deltas with {@code u} rising by one. */
    BYBIT(3, "bybit", BybitSequenceRule.INSTANCE, Bootstrap.STREAM_SNAPSHOT, Checksum.NONE),
    /** OKX v5 {@code books}: snapshot then updates chained by {@code prevSeqId}; CRC32 over the top 25. */
    OKX(4, "okx", OkxSequenceRule.INSTANCE, Bootstrap.STREAM_SNAPSHOT, Checksum.OKX_TOP25_TEXT),
    /** Kraken v2 {@code book}: no sequence numbers; CRC32 over the top 10 is the only gap detector. */
    KRAKEN(5, "kraken", UnsequencedRule.INSTANCE, Bootstrap.STREAM_SNAPSHOT, Checksum.KRAKEN_TOP10),
    /** Coinbase Advanced Trade {@code level2}: continuity is per connection ({@code sequence_num}), in the ingest. */
    COINBASE(6, "coinbase", UnsequencedRule.INSTANCE, Bootstrap.STREAM_SNAPSHOT, Checksum.NONE);

    /** How a book gets its first (and every resync) snapshot. */
    public enum Bootstrap
    {
        /** From a REST request, bridged to diffs buffered from the stream (Binance). */
        REST_SNAPSHOT,
        /**
         * In the stream itself, in order, after (re)subscribing: diffs before it are useless and dropped, a later
         * one replaces the book (a venue reset).
         */
        STREAM_SNAPSHOT
    }

    /** The venue's book checksum, if any. */
    public enum Checksum
    {
        NONE,
        /** CRC32 (signed) over {@code bidPx:bidSz:askPx:askSz:...} of the top 25, as the original strings. */
        OKX_TOP25_TEXT,
        /** CRC32 (unsigned) over the top 10 asks then bids, rendered at the pair's precisions without dot. */
        KRAKEN_TOP10
    }

    private final int id;
    private final String configName;
    private final SequenceRule sequenceRule;
    private final Bootstrap bootstrap;
    private final Checksum checksum;

    Venue(
        final int id,
        final String configName,
        final SequenceRule sequenceRule,
        final Bootstrap bootstrap,
        final Checksum checksum)
    {
        this.id = id;
        this.configName = configName;
        this.sequenceRule = sequenceRule;
        this.bootstrap = bootstrap;
        this.checksum = checksum;
    }

    public int id()
    {
        return id;
    }

    /** The name used in config files and on the command line, e.g. {@code binance-spot}. */
    public String configName()
    {
        return configName;
    }

    public SequenceRule sequenceRule()
    {
        return sequenceRule;
    }

    public Bootstrap bootstrap()
    {
        return bootstrap;
    }

    public Checksum checksum()
    {
        return checksum;
    }

    /**
     * Whether the venue's stream keeps only the subscribed depth and sends no delete for levels pushed out of it
     * (Kraken): books of its instruments are truncated to that depth ({@link Instrument#bookDepth()}).
     */
    public boolean truncatesToSubscribedDepth()
    {
        return this == KRAKEN;
    }

    /** Whether books keep each level's original text format (for a checksum over the original strings). */
    public boolean tracksLevelFormats()
    {
        return checksum == Checksum.OKX_TOP25_TEXT;
    }

    /**
     * @throws IllegalArgumentException naming the accepted names.
     */
    public static Venue fromConfigName(final String name)
    {
        for (final Venue venue : values())
        {
            if (venue.configName.equals(name))
            {
                return venue;
            }
        }
        final StringBuilder names = new StringBuilder();
        for (final Venue venue : values())
        {
            names.append(names.length() == 0 ? "" : ", ").append(venue.configName);
        }
        throw new IllegalArgumentException("unknown venue '" + name + "', expected one of: " + names);
    }
}
