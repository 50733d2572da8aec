package dev.feedhandler.sim.format;

/**
 * A REST depth request.
 *
 * @param symbol the symbol asked for (null when missing).
 * @param limit  levels per side.
 * @param error  a parameter problem to answer with, or null.
 * @param detail text for the error.
 */
public record SnapshotRequest(String symbol, int limit, RestError error, String detail)
{
    public static SnapshotRequest valid(final String symbol, final int limit)
    {
        return new SnapshotRequest(symbol, limit, null, null);
    }

    public static SnapshotRequest invalid(final RestError error, final String detail)
    {
        return new SnapshotRequest(null, 0, error, detail);
    }
}
