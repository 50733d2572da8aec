package dev.feedhandler.protocol.consumer;

import dev.feedhandler.protocol.sbe.BookDeltaEncoder;
import dev.feedhandler.protocol.sbe.BookSnapshotEncoder;
import dev.feedhandler.protocol.sbe.HeartbeatEncoder;
import dev.feedhandler.protocol.sbe.InstrumentDefinitionEncoder;
import dev.feedhandler.protocol.sbe.InstrumentState;
import dev.feedhandler.protocol.sbe.InstrumentStatusEncoder;
import dev.feedhandler.protocol.sbe.MessageHeaderEncoder;
import dev.feedhandler.protocol.sbe.Side;
import dev.feedhandler.protocol.sbe.StatusReason;
import dev.feedhandler.protocol.sbe.Venue;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes feed messages with any epoch and sequence, so consumer tests can state the exact wire sequence:
 * {@code Wire.delta(EPOCH, 11, 0).bid(100, 5).encode()}.
 */
final class Wire
{
    private static final int MAX_LENGTH = 64 * 1024;

    private Wire()
    {
    }

    static DeltaBuilder delta(final long epoch, final long sequence, final int instrumentId)
    {
        return new DeltaBuilder(epoch, sequence, instrumentId);
    }

    static SnapshotBuilder snapshot(
        final long epoch, final long sequence, final int instrumentId, final long lastDeltaSequence)
    {
        return new SnapshotBuilder(epoch, sequence, instrumentId, lastDeltaSequence);
    }

    static byte[] status(
        final long epoch, final long sequence, final int instrumentId, final InstrumentState state,
        final StatusReason reason)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_LENGTH]);
        final InstrumentStatusEncoder encoder = new InstrumentStatusEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .epoch(epoch)
            .sequence(sequence)
            .instrumentId(instrumentId)
            .state(state)
            .reason(reason)
            .venueSequence(InstrumentStatusEncoder.venueSequenceNullValue())
            .publishTimeNs(sequence);
        return Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    static byte[] definition(
        final long epoch, final long sequence, final int instrumentId, final Venue venue, final int priceScale,
        final int qtyScale, final String venueSymbol, final String normalizedSymbol)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_LENGTH]);
        final InstrumentDefinitionEncoder encoder = new InstrumentDefinitionEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .epoch(epoch)
            .sequence(sequence)
            .instrumentId(instrumentId)
            .venue(venue)
            .priceScale((short)priceScale)
            .qtyScale((short)qtyScale)
            .venueSymbol(venueSymbol)
            .normalizedSymbol(normalizedSymbol);
        return Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    static byte[] heartbeat(final long epoch, final long sequence, final long deltaSequence)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_LENGTH]);
        final HeartbeatEncoder encoder = new HeartbeatEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .epoch(epoch)
            .sequence(sequence)
            .publishTimeNs(sequence)
            .deltaSequence(deltaSequence);
        return Arrays.copyOf(buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    /** Levels are side, price, quantity. */
    private abstract static class LevelsBuilder<T extends LevelsBuilder<T>>
    {
        final List<long[]> levels = new ArrayList<>();
        int bids;
        int asks;

        @SuppressWarnings("unchecked")
        T bid(final long price, final long quantity)
        {
            levels.add(new long[]{0, price, quantity});
            bids++;
            return (T)this;
        }

        @SuppressWarnings("unchecked")
        T ask(final long price, final long quantity)
        {
            levels.add(new long[]{1, price, quantity});
            asks++;
            return (T)this;
        }

        static Side side(final long[] level)
        {
            return level[0] == 0 ? Side.BID : Side.ASK;
        }

        abstract int encodeInto(MutableDirectBuffer buffer, int offset);

        byte[] encode()
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_LENGTH]);
            return Arrays.copyOf(buffer.byteArray(), encodeInto(buffer, 0));
        }
    }

    static final class DeltaBuilder extends LevelsBuilder<DeltaBuilder>
    {
        private final long epoch;
        private final long sequence;
        private final int instrumentId;
        private int partIndex;
        private int partCount = 1;
        private long venueSequence = BookDeltaEncoder.venueSequenceNullValue();
        private long ingressTimeNs = BookDeltaEncoder.ingressTimeNsNullValue();
        private long publishTimeNs = BookDeltaEncoder.publishTimeNsNullValue();

        private DeltaBuilder(final long epoch, final long sequence, final int instrumentId)
        {
            this.epoch = epoch;
            this.sequence = sequence;
            this.instrumentId = instrumentId;
        }

        DeltaBuilder part(final int index, final int count)
        {
            partIndex = index;
            partCount = count;
            return this;
        }

        DeltaBuilder venueSequence(final long value)
        {
            venueSequence = value;
            return this;
        }

        DeltaBuilder times(final long ingressNs, final long publishNs)
        {
            ingressTimeNs = ingressNs;
            publishTimeNs = publishNs;
            return this;
        }

        /** @return the encoded length. */
        int encodeInto(final MutableDirectBuffer buffer, final int offset)
        {
            final BookDeltaEncoder encoder = new BookDeltaEncoder()
                .wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
                .epoch(epoch)
                .sequence(sequence)
                .instrumentId(instrumentId)
                .partIndex(partIndex)
                .partCount(partCount)
                .venueSequence(venueSequence)
                .exchangeTimeNs(BookDeltaEncoder.exchangeTimeNsNullValue())
                .ingressTimeNs(ingressTimeNs)
                .publishTimeNs(publishTimeNs);
            final BookDeltaEncoder.LevelsEncoder group = encoder.levelsCount(levels.size());
            for (final long[] level : levels)
            {
                group.next().side(side(level)).price(level[1]).quantity(level[2]);
            }
            return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        }
    }

    static final class SnapshotBuilder extends LevelsBuilder<SnapshotBuilder>
    {
        private final long epoch;
        private final long sequence;
        private final int instrumentId;
        private final long lastDeltaSequence;
        private int partIndex;
        private int partCount = 1;
        private long venueSequence = BookSnapshotEncoder.venueSequenceNullValue();
        private long bidTotal = -1;
        private long askTotal = -1;

        private SnapshotBuilder(
            final long epoch, final long sequence, final int instrumentId, final long lastDeltaSequence)
        {
            this.epoch = epoch;
            this.sequence = sequence;
            this.instrumentId = instrumentId;
            this.lastDeltaSequence = lastDeltaSequence;
        }

        SnapshotBuilder part(final int index, final int count)
        {
            partIndex = index;
            partCount = count;
            return this;
        }

        /** Level counts of the whole snapshot (default: the levels of this part). */
        SnapshotBuilder totals(final long bidCount, final long askCount)
        {
            bidTotal = bidCount;
            askTotal = askCount;
            return this;
        }

        SnapshotBuilder venueSequence(final long value)
        {
            venueSequence = value;
            return this;
        }

        int encodeInto(final MutableDirectBuffer buffer, final int offset)
        {
            final BookSnapshotEncoder encoder = new BookSnapshotEncoder()
                .wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
                .epoch(epoch)
                .sequence(sequence)
                .instrumentId(instrumentId)
                .partIndex(partIndex)
                .partCount(partCount)
                .lastDeltaSequence(lastDeltaSequence)
                .venueSequence(venueSequence)
                .publishTimeNs(sequence)
                .bidCount(bidTotal >= 0 ? bidTotal : bids)
                .askCount(askTotal >= 0 ? askTotal : asks);
            final BookSnapshotEncoder.LevelsEncoder group = encoder.levelsCount(levels.size());
            for (final long[] level : levels)
            {
                group.next().side(side(level)).price(level[1]).quantity(level[2]);
            }
            return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        }
    }
}
