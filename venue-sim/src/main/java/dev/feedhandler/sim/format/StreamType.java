package dev.feedhandler.sim.format;

/**
 * One kind of stream a venue offers per symbol, named by the suffix after the symbol: {@code @depth@100ms},
 * {@code @bookTicker}.
 *
 * @param suffix     appended to the venue's symbol token to name the stream, e.g. {@code @depth@100ms}.
 * @param kind       what the stream carries.
 * @param intervalMs for depth streams, how much time one event covers; the engine's base events cover
 *                   {@link #BASE_INTERVAL_MS}, so a 1000 ms stream merges ten of them. Zero for tickers.
 * @param window     levels per side the stream keeps for venues that send the snapshot in the stream
 *                   ({@link VenueFormat#streamSnapshots()}): a top-{@code window} book; 0 for the whole book.
 */
public record StreamType(String suffix, Kind kind, int intervalMs, int window)
{
    /** What one generated event covers at real speed. */
    public static final int BASE_INTERVAL_MS = 100;

    public enum Kind
    {
        /** Incremental book diffs. */
        DEPTH,
        /** Best bid and offer after every change of the top. */
        TICKER
    }

    public StreamType(final String suffix, final Kind kind, final int intervalMs)
    {
        this(suffix, kind, intervalMs, 0);
    }

    public StreamType
    {
        if (kind == Kind.DEPTH && (intervalMs < BASE_INTERVAL_MS))
        {
            throw new IllegalArgumentException("depth interval " + intervalMs + " ms below " + BASE_INTERVAL_MS);
        }
    }

    public static StreamType depth(final String suffix, final int intervalMs)
    {
        return new StreamType(suffix, Kind.DEPTH, intervalMs);
    }

    /** A 100 ms depth stream that keeps a top-{@code window} book (0: the whole book). */
    public static StreamType window(final String suffix, final int window)
    {
        return new StreamType(suffix, Kind.DEPTH, BASE_INTERVAL_MS, window);
    }

    public static StreamType ticker(final String suffix)
    {
        return new StreamType(suffix, Kind.TICKER, 0);
    }
}
