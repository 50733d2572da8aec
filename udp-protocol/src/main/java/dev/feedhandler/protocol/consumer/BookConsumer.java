package dev.feedhandler.protocol.consumer;

import dev.feedhandler.orderbook.OrderBook;
import dev.feedhandler.protocol.sbe.BookDeltaDecoder;
import dev.feedhandler.protocol.sbe.BookSnapshotDecoder;
import dev.feedhandler.protocol.sbe.InstrumentDefinitionDecoder;
import dev.feedhandler.protocol.sbe.InstrumentState;
import dev.feedhandler.protocol.sbe.InstrumentStatusDecoder;
import dev.feedhandler.protocol.sbe.MessageHeaderDecoder;
import dev.feedhandler.protocol.sbe.Side;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rebuilds every book from the feed's two streams and says at every moment which books can be trusted.
 * <p>
 * Merge rules (see docs/protocol.md):
 * <ul>
 *   <li>Each stream's sequence must rise by one. A jump on the delta stream means deltas of unknown instruments
 *   were lost: every book needs a snapshot that includes the last missing sequence. A new (larger) epoch means the
 *   publisher restarted: every book needs a snapshot of the new epoch.</li>
 *   <li>A book waiting for a snapshot buffers its deltas. A complete snapshot whose {@code lastDeltaSequence} is at
 *   least what the book needs is loaded; buffered deltas after it are applied; later deltas at or below it are
 *   skipped (the snapshot stream may run ahead of the delta stream).</li>
 *   <li>A status other than LIVE on the delta stream means the publisher's own book broke: the consumer's book
 *   waits for the publisher's next snapshot.</li>
 * </ul>
 * Feed it through {@link #deltaHandler()} and {@link #snapshotHandler()} (Aeron fragment handlers, or called
 * directly). Single-threaded; allocates nothing per message once its books and buffers have grown to size.
 * <p>
 * Corrupt input. Whatever the bytes, nothing is thrown and nothing is read outside {@code [offset, offset +
 * length)}. A message that cannot be read safely ({@link MessageCheck}: cut short, another schema, unknown template,
 * older version, blocks or groups that do not fit, out-of-range values) is dropped, counted once under its
 * {@link RejectReason} in {@link ConsumerCounters}, and changes nothing; the next message of its stream shows the
 * loss as a gap, and the books recover from the next snapshot cycle as after any lost message.
 * <p>
 * What is not guaranteed: SBE has no checksum, and Aeron checks only its own frame header (length and version), not
 * the payload. A packet corrupted so that it still reads as a valid message is applied as sent: a changed price or
 * quantity leaves a book wrong, yet called trustworthy, until that level changes again or the book resyncs; a larger
 * sequence makes the real messages of that stream look stale until the publisher's sequence passes it; a larger
 * epoch does the same for the rest of this consumer's life (epochs are publisher start times, so a corrupt future
 * one outlives every real one). The defence against such packets sits below the feed: the UDP checksum (16 bits;
 * mandatory on IPv6, on by default for IPv4 on Linux) and each Ethernet hop's CRC-32 frame check. An end-to-end
 * checksum (for example in the 64-bit reserved value of Aeron's data header) would be needed to do better; there is
 * none.
 */
public final class BookConsumer
{
    /** Epochs are publisher start times: never zero. */
    private static final long NO_EPOCH = 0;
    private static final int PENDING_ENTRY_HEADER = 2 * BitUtil.SIZE_OF_LONG;

    private final BookConsumerListener listener;
    private final ConsumerConfig config;
    private final ConsumerCounters counters = new ConsumerCounters();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final BookDeltaDecoder delta = new BookDeltaDecoder();
    private final BookSnapshotDecoder snapshot = new BookSnapshotDecoder();
    private final InstrumentStatusDecoder status = new InstrumentStatusDecoder();
    private final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
    private final byte[] symbolScratch = new byte[256];
    private final FragmentHandler deltaHandler = (buffer, offset, length, header) -> onDeltaStream(buffer, offset, length);
    private final FragmentHandler snapshotHandler =
        (buffer, offset, length, header) -> onSnapshotStream(buffer, offset, length);

    private ConsumerBook[] books = new ConsumerBook[16];
    private int bookCount;
    private long epoch = NO_EPOCH;
    private long lastDeltaSequence;
    private long lastSnapshotSequence;
    /** A book first seen now needs a snapshot that includes this delta sequence. */
    private long joinSequence;

    private final SnapshotAssembly assembly = new SnapshotAssembly();

    public BookConsumer(final BookConsumerListener listener, final ConsumerConfig config)
    {
        this.listener = listener;
        this.config = config;
    }

    public FragmentHandler deltaHandler()
    {
        return deltaHandler;
    }

    public FragmentHandler snapshotHandler()
    {
        return snapshotHandler;
    }

    public ConsumerCounters counters()
    {
        return counters;
    }

    /** One more than the highest instrument id seen. */
    public int bookCount()
    {
        return bookCount;
    }

    /** The book of an instrument, or null if the feed never mentioned it. */
    public ConsumerBook book(final int instrumentId)
    {
        return instrumentId >= 0 && instrumentId < bookCount ? books[instrumentId] : null;
    }

    /** The publisher's current epoch, 0 before the first message. */
    public long epoch()
    {
        return epoch;
    }

    public long lastDeltaSequence()
    {
        return lastDeltaSequence;
    }

    public long lastSnapshotSequence()
    {
        return lastSnapshotSequence;
    }

    /** A message from the delta stream. */
    public void onDeltaStream(final DirectBuffer buffer, final int offset, final int length)
    {
        counters.deltaStreamMessages++;
        counters.bytes += length;
        if (!isReadable(buffer, offset, length))
        {
            return;
        }
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final long messageEpoch = buffer.getLong(body, ByteOrder.LITTLE_ENDIAN);
        final long sequence = buffer.getLong(body + BitUtil.SIZE_OF_LONG, ByteOrder.LITTLE_ENDIAN);
        if (messageEpoch != epoch)
        {
            if (messageEpoch < epoch)
            {
                counters.staleMessages++;
                return;
            }
            onNewEpoch(messageEpoch, sequence);
        }
        else if (sequence != lastDeltaSequence + 1)
        {
            if (sequence <= lastDeltaSequence)
            {
                counters.staleMessages++;
                return;
            }
            onDeltaGap(lastDeltaSequence + 1, sequence - 1);
        }
        lastDeltaSequence = sequence;

        switch (header.templateId())
        {
            case BookDeltaDecoder.TEMPLATE_ID:
                onDelta(buffer, offset, length, sequence);
                break;
            case InstrumentStatusDecoder.TEMPLATE_ID:
                onStatus(buffer, offset, sequence, true);
                break;
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                onDefinition(buffer, offset);
                break;
            default:
                break; // Heartbeat: its sequence has done its job.
        }
    }

    /** A message from the snapshot stream. */
    public void onSnapshotStream(final DirectBuffer buffer, final int offset, final int length)
    {
        counters.snapshotStreamMessages++;
        counters.bytes += length;
        if (!isReadable(buffer, offset, length))
        {
            return;
        }
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final long messageEpoch = buffer.getLong(body, ByteOrder.LITTLE_ENDIAN);
        final long sequence = buffer.getLong(body + BitUtil.SIZE_OF_LONG, ByteOrder.LITTLE_ENDIAN);
        if (messageEpoch != epoch)
        {
            // Snapshots are only usable against the delta stream of the same epoch; a new epoch starts there.
            counters.staleMessages++;
            return;
        }
        if (lastSnapshotSequence != 0 && sequence != lastSnapshotSequence + 1)
        {
            if (sequence <= lastSnapshotSequence)
            {
                counters.staleMessages++;
                return;
            }
            onSnapshotGap(lastSnapshotSequence + 1, sequence - 1);
        }
        lastSnapshotSequence = sequence;

        switch (header.templateId())
        {
            case BookSnapshotDecoder.TEMPLATE_ID:
                onSnapshotPart(buffer, offset);
                break;
            case InstrumentStatusDecoder.TEMPLATE_ID:
                onStatus(buffer, offset, sequence, false);
                break;
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                onDefinition(buffer, offset);
                break;
            default:
                break;
        }
    }

    /** Whether the message can be read (see {@link MessageCheck}); a rejected one is counted and changes nothing. */
    private boolean isReadable(final DirectBuffer buffer, final int offset, final int length)
    {
        final int rejection = MessageCheck.check(buffer, offset, length);
        if (rejection != MessageCheck.OK)
        {
            onRejected(rejection);
            return false;
        }
        header.wrap(buffer, offset);
        return true;
    }

    /** Rare path. */
    private void onRejected(final int reasonCode)
    {
        counters.rejected[reasonCode]++;
        if (reasonCode <= RejectReason.UNKNOWN_TEMPLATE.code())
        {
            counters.unknownMessages++; // not ours at all
        }
    }

    private void onDelta(final DirectBuffer buffer, final int offset, final int length, final long sequence)
    {
        counters.deltas++;
        delta.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final ConsumerBook book = bookFor(delta.instrumentId());
        if (book == null)
        {
            return;
        }
        if (!book.synced)
        {
            bufferDelta(book, buffer, offset, length, sequence);
            return;
        }
        if (sequence <= book.skipThrough)
        {
            counters.deltasSkipped++;
            return;
        }
        if (applyDelta(book, delta, sequence))
        {
            listener.onBookUpdated(book, delta.ingressTimeNs(), delta.publishTimeNs());
            announceTrust(book);
        }
    }

    /** @return true when this part completed an update. */
    private boolean applyDelta(final ConsumerBook book, final BookDeltaDecoder delta, final long sequence)
    {
        final OrderBook orderBook = book.book;
        boolean ok = true;
        for (final BookDeltaDecoder.LevelsDecoder level : delta.levels())
        {
            ok &= orderBook.set(level.side() == Side.BID, level.price(), level.quantity());
        }
        if (!ok)
        {
            unsync(book, sequence);
            return false;
        }
        book.venueSequence = delta.venueSequence();
        book.midUpdate = delta.partIndex() + 1 < delta.partCount();
        return !book.midUpdate;
    }

    private void onStatus(final DirectBuffer buffer, final int offset, final long sequence, final boolean deltaStream)
    {
        status.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final ConsumerBook book = bookFor(status.instrumentId());
        if (book == null)
        {
            return;
        }
        final InstrumentState state = status.state();
        if (!deltaStream)
        {
            // Snapshot-stream statuses are repeats for late joiners; the delta stream's are the authority.
            if (!book.hasStatus)
            {
                book.publisherState = state;
                book.publisherReason = status.reason();
                announceTrust(book);
            }
            return;
        }
        if (sequence <= book.skipThrough)
        {
            return; // older than the snapshot the book already holds
        }
        book.publisherState = state;
        book.publisherReason = status.reason();
        book.hasStatus = true;
        book.statusSequence = sequence;
        listener.onPublisherStatus(book);
        if (state != InstrumentState.LIVE)
        {
            // The publisher's book broke: ours follows it until the publisher's next snapshot.
            unsync(book, sequence);
        }
        announceTrust(book);
    }

    private void onDefinition(final DirectBuffer buffer, final int offset)
    {
        definition.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final ConsumerBook book = bookFor(definition.instrumentId());
        if (book == null)
        {
            return;
        }
        book.venueId = definition.venueRaw();
        book.priceScale = definition.priceScale();
        book.qtyScale = definition.qtyScale();
        book.venueSymbol = symbol(book.venueSymbol, definition.getVenueSymbol(symbolScratch, 0, symbolScratch.length));
        book.normalizedSymbol =
            symbol(book.normalizedSymbol, definition.getNormalizedSymbol(symbolScratch, 0, symbolScratch.length));
    }

    /** Reuse the current String when the bytes did not change, so repeated definitions allocate nothing. */
    private String symbol(final String current, final int length)
    {
        if (current != null && current.length() == length)
        {
            boolean same = true;
            for (int i = 0; i < length && same; i++)
            {
                same = current.charAt(i) == (char)symbolScratch[i];
            }
            if (same)
            {
                return current;
            }
        }
        return new String(symbolScratch, 0, length, StandardCharsets.US_ASCII);
    }

    private void onSnapshotPart(final DirectBuffer buffer, final int offset)
    {
        counters.snapshotParts++;
        snapshot.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final ConsumerBook book = bookFor(snapshot.instrumentId());
        if (book == null)
        {
            return;
        }
        final int part = snapshot.partIndex();
        if (part == 0)
        {
            if (assembly.isActive())
            {
                counters.snapshotsIncomplete++;
            }
            if (book.synced)
            {
                counters.snapshotsUnneeded++;
                assembly.skip(book.instrumentId());
                return;
            }
            assembly.begin(snapshot);
        }
        else if (!assembly.continues(snapshot))
        {
            if (assembly.isActive())
            {
                counters.snapshotsIncomplete++;
            }
            assembly.reset();
            return;
        }
        assembly.add(snapshot);
        if (assembly.isComplete())
        {
            onSnapshotComplete(book);
            assembly.reset();
        }
    }

    private void onSnapshotComplete(final ConsumerBook book)
    {
        final long included = assembly.lastDeltaSequence();
        if (book.synced)
        {
            counters.snapshotsUnneeded++;
            return;
        }
        if (included < book.minSnapshotSequence)
        {
            counters.snapshotsTooOld++;
            return;
        }
        final OrderBook orderBook = book.book;
        orderBook.clear();
        if (!assembly.loadInto(orderBook))
        {
            counters.snapshotsIncomplete++;
            orderBook.clear();
            return;
        }
        book.venueSequence = assembly.venueSequence();
        book.synced = true;
        book.midUpdate = false;
        book.skipThrough = included;
        if (book.statusSequence <= included)
        {
            book.publisherState = InstrumentState.LIVE; // snapshots are only published of exact books
        }
        counters.snapshotsApplied++;
        replayPending(book, included);
        if (!book.midUpdate)
        {
            // Otherwise the delta stream is inside a multi-part update: its last part completes the book.
            listener.onBookUpdated(book, BookDeltaDecoder.ingressTimeNsNullValue(), assembly.publishTimeNs());
            announceTrust(book);
        }
    }

    /** Apply the deltas buffered while the book waited that come after the snapshot. */
    private void replayPending(final ConsumerBook book, final long included)
    {
        final BookDeltaDecoder decoder = delta;
        int position = 0;
        while (position < book.pendingLimit && book.synced)
        {
            final int length = book.pending.getInt(position);
            final long sequence = book.pending.getLong(position + BitUtil.SIZE_OF_LONG);
            final int messageOffset = position + PENDING_ENTRY_HEADER;
            if (sequence <= included)
            {
                counters.deltasSkipped++;
            }
            else
            {
                header.wrap(book.pending, messageOffset);
                decoder.wrap(book.pending, messageOffset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                    header.version());
                applyDelta(book, decoder, sequence);
            }
            position = messageOffset + BitUtil.align(length, BitUtil.SIZE_OF_LONG);
        }
        book.pendingLimit = 0;
    }

    private void bufferDelta(
        final ConsumerBook book, final DirectBuffer buffer, final int offset, final int length, final long sequence)
    {
        final int entry = PENDING_ENTRY_HEADER + BitUtil.align(length, BitUtil.SIZE_OF_LONG);
        if (book.pendingLimit + entry > config.maxPendingBytesPerBook())
        {
            onPendingOverflow(book, sequence);
            return;
        }
        book.pending.putInt(book.pendingLimit, length);
        book.pending.putLong(book.pendingLimit + BitUtil.SIZE_OF_LONG, sequence);
        book.pending.putBytes(book.pendingLimit + PENDING_ENTRY_HEADER, buffer, offset, length);
        book.pendingLimit += entry;
        counters.deltasBuffered++;
    }

    /** Rare path: too much buffered; only a snapshot that includes this delta will do now. */
    private void onPendingOverflow(final ConsumerBook book, final long sequence)
    {
        counters.bufferOverflows++;
        book.pendingLimit = 0;
        book.minSnapshotSequence = Math.max(book.minSnapshotSequence, sequence);
    }

    private void onNewEpoch(final long newEpoch, final long sequence)
    {
        final long previous = epoch;
        epoch = newEpoch;
        lastSnapshotSequence = 0;
        assembly.reset();
        joinSequence = sequence - 1;
        for (int i = 0; i < bookCount; i++)
        {
            final ConsumerBook book = books[i];
            if (book != null)
            {
                book.synced = false;
                book.midUpdate = false;
                book.book.clear();
                book.hasStatus = false;
                book.statusSequence = 0;
                book.skipThrough = 0;
                book.minSnapshotSequence = joinSequence;
                book.publisherState = InstrumentState.SYNCING;
                book.pendingLimit = 0;
                announceTrust(book);
            }
        }
        if (previous != NO_EPOCH)
        {
            counters.newSessions++;
            listener.onNewSession(previous, newEpoch);
        }
    }

    private void onDeltaGap(final long from, final long to)
    {
        counters.deltaGaps++;
        counters.deltaGapMessages += to - from + 1;
        joinSequence = Math.max(joinSequence, to);
        for (int i = 0; i < bookCount; i++)
        {
            final ConsumerBook book = books[i];
            if (book != null)
            {
                unsync(book, to);
            }
        }
        listener.onGap(false, from, to);
    }

    private void onSnapshotGap(final long from, final long to)
    {
        counters.snapshotGaps++;
        counters.snapshotGapMessages += to - from + 1;
        if (assembly.isActive())
        {
            counters.snapshotsIncomplete++;
        }
        assembly.reset();
        listener.onGap(true, from, to);
    }

    /** The book can no longer follow the stream: it needs a snapshot that includes {@code sequence}. */
    private void unsync(final ConsumerBook book, final long sequence)
    {
        book.synced = false;
        book.midUpdate = false;
        book.minSnapshotSequence = Math.max(book.minSnapshotSequence, sequence);
        book.pendingLimit = 0;
        announceTrust(book);
    }

    /**
     * Tell the listener when trust differs from what it was last told. Called only where no multi-part update is
     * half applied (or the book just stopped being synced), so the listener never hears of the transient state
     * between parts.
     */
    private void announceTrust(final ConsumerBook book)
    {
        final boolean trusted = book.isTrustworthy();
        if (trusted != book.announcedTrust)
        {
            book.announcedTrust = trusted;
            listener.onTrustChanged(book);
        }
    }

    private ConsumerBook bookFor(final int instrumentId)
    {
        if (instrumentId >= 0 && instrumentId < bookCount)
        {
            final ConsumerBook book = books[instrumentId];
            if (book != null)
            {
                return book;
            }
        }
        return newBook(instrumentId);
    }

    /** Rare path: first mention of an instrument. */
    private ConsumerBook newBook(final int instrumentId)
    {
        if (instrumentId < 0 || instrumentId >= config.maxInstruments())
        {
            counters.unknownMessages++;
            return null;
        }
        if (instrumentId >= books.length)
        {
            books = Arrays.copyOf(books, Math.max(instrumentId + 1, 2 * books.length));
        }
        final ConsumerBook book = new ConsumerBook(instrumentId, config.initialLevels(), config.maxLevels());
        book.minSnapshotSequence = joinSequence;
        books[instrumentId] = book;
        bookCount = Math.max(bookCount, instrumentId + 1);
        return book;
    }
}
