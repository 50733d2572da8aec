package dev.feedhandler.feeder;

/**
 * Where {@link FrameScanner#readLevels} puts the levels it reads: a {@link LevelWriter}, or a writer that also keeps
 * each level's {@link dev.feedhandler.orderbook.LevelFormat} (OKX).
 */
public interface LevelSink
{
    /**
     * Add one level to a side; the sides must not interleave.
     *
     * @param format the level's {@link dev.feedhandler.orderbook.LevelFormat} when the scanner was asked for formats,
     *               else {@link dev.feedhandler.orderbook.LevelFormat#NONE}.
     * @return 0, or {@code -code} of a {@link DecodeReason} (the scanner then gives up).
     */
    int add(boolean isBid, long price, long quantity, int format);
}
