package dev.feedhandler.feeder.venue;

import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Decodes one WebSocket text frame of a venue whose snapshots come in the stream (Bybit, OKX, Kraken, Coinbase)
 * straight from the frame bytes into {@link BookEvent}s: fixed-point {@code long}s, no {@code String}, no allocation
 * per frame. One decoder per connection (it may keep per-connection state, like Coinbase's {@code sequence_num});
 * used by one thread at a time.
 * <p>
 * Contract of {@link #decode}:
 * <ul>
 *   <li>Book data (snapshot or update) for configured instruments becomes one event per instrument and message
 *   part, written back to back from {@code outOffset} (each event's length is {@link BookEvent#length()}, always a
 *   multiple of 8), in the order the venue sent them. The return value is the number of bytes written.</li>
 *   <li>A frame with nothing for the books (subscription ack, pong, heartbeat, status) returns 0.</li>
 *   <li>A frame that cannot be trusted returns {@code -DecodeReason.code()} and leaves {@link #lastInstrument()} naming
 *   the instrument it was for when that could be told (null otherwise). Nothing written to {@code out} counts.</li>
 *   <li>Never throws on any input, never writes outside {@code [outOffset, outOffset + outCapacity)}: an event that
 *   would not fit is {@code TOO_MANY_LEVELS}.</li>
 * </ul>
 */
public interface StreamFrameDecoder
{
    /**
     * @param receivedNs when the frame was read from the socket (epoch ns): every event's ingress time.
     * @return bytes of events written (> 0), 0 for nothing to apply, or {@code -DecodeReason.code()}.
     */
    int decode(
        DirectBuffer buffer,
        int offset,
        int length,
        MutableDirectBuffer out,
        int outOffset,
        int outCapacity,
        long receivedNs);

    /** The instrument of the frame last decoded (for counting and logging a rejection), or null when unknown. */
    Instrument lastInstrument();

    /** Output space that is always enough for the events of a frame of this length. */
    static int outputBound(final int frameLength)
    {
        // Every level takes at least 9 bytes of text and every event at least 32.
        return BookEvent.lengthFor(frameLength / 9 + 1, true) + (frameLength / 32 + 1) * BookEvent.HEADER_LENGTH;
    }
}
