package dev.feedhandler.protocol.consumer;

/**
 * Consumer limits.
 *
 * @param maxInstruments         instrument ids at or above this are ignored (guards against corrupt ids).
 * @param initialLevels          levels per side allocated for a new book.
 * @param maxLevels              levels per side a book may grow to.
 * @param maxPendingBytesPerBook deltas buffered per book while it waits for a snapshot.
 */
public record ConsumerConfig(int maxInstruments, int initialLevels, int maxLevels, int maxPendingBytesPerBook)
{
    public static final ConsumerConfig DEFAULT = new ConsumerConfig(1 << 16, 256, 200_000, 4 * 1024 * 1024);

    public ConsumerConfig
    {
        if (maxInstruments < 1 || initialLevels < 1 || maxLevels < initialLevels || maxPendingBytesPerBook < 0)
        {
            throw new IllegalArgumentException("invalid consumer limits: maxInstruments=" + maxInstruments +
                " initialLevels=" + initialLevels + " maxLevels=" + maxLevels +
                " maxPendingBytesPerBook=" + maxPendingBytesPerBook);
        }
    }
}
