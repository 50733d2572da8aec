package dev.feedhandler.protocol.consumer;

import dev.feedhandler.protocol.sbe.InstrumentState;
import dev.feedhandler.protocol.sbe.StatusReason;
import dev.feedhandler.protocol.sbe.Venue;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.feedhandler.protocol.consumer.BookConsumerTest.render;
import static dev.feedhandler.protocol.consumer.Wire.definition;
import static dev.feedhandler.protocol.consumer.Wire.delta;
import static dev.feedhandler.protocol.consumer.Wire.heartbeat;
import static dev.feedhandler.protocol.consumer.Wire.snapshot;
import static dev.feedhandler.protocol.consumer.Wire.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One malformed message per {@link RejectReason}, each given flush with the end of its buffer (so reading one byte
 * too far would throw): rejected for exactly that reason, counted once, nothing thrown, nothing changed; the loss
 * then shows as a gap.
 */
class BookConsumerRejectionTest
{
    private static final long E1 = 1_000;
    /** Offsets within a BookDelta: header 8, root block 56, group header 4, then side, price, quantity. */
    private static final int GROUP = 8 + 56;
    private static final int LEVEL = GROUP + 4;

    /** A malformed message and the reason it must be rejected for. */
    record Case(String name, RejectReason reason, byte[] message)
    {
        @Override
        public String toString()
        {
            return reason + ": " + name;
        }
    }

    static List<Case> cases()
    {
        final byte[] delta = delta(E1, 11, 0).bid(100, 7).ask(101, 1).encode();
        final byte[] definition = definition(E1, 11, 0, Venue.BINANCE_SPOT, 2, 3, "BTCUSDT", "BTC-USDT");
        return List.of(
            new Case("cut inside the sequence", RejectReason.TOO_SHORT, Arrays.copyOf(heartbeat(E1, 11, 11), 23)),
            new Case("schema 4202", RejectReason.WRONG_SCHEMA, withShort(delta, 4, 4202)),
            new Case("template 6", RejectReason.UNKNOWN_TEMPLATE, withShort(delta, 2, 6)),
            new Case("version 0", RejectReason.OLD_VERSION, withShort(delta, 6, 0)),
            new Case("root block 55 of 56", RejectReason.SHORT_BLOCK, withShort(delta, 0, 55)),
            new Case("level entries of 16 bytes", RejectReason.BAD_GROUP, withShort(delta, GROUP, 16)),
            new Case("last byte missing", RejectReason.TRUNCATED, Arrays.copyOf(delta, delta.length - 1)),
            new Case("root block past the end", RejectReason.TRUNCATED, withShort(delta, 0, delta.length)),
            new Case("group count 65535", RejectReason.TRUNCATED, withShort(delta, GROUP + 2, 65535)),
            new Case("symbol longer than the message", RejectReason.TRUNCATED, withByte(definition, 8 + 23, 200)),
            new Case("side 2", RejectReason.BAD_VALUE, withByte(delta, LEVEL, 2)),
            new Case("price 0", RejectReason.BAD_VALUE, withLong(delta, LEVEL + 1, 0)),
            new Case("quantity -1", RejectReason.BAD_VALUE, withLong(delta, LEVEL + 9, -1)),
            new Case("part 1 of 1", RejectReason.BAD_VALUE, withShort(delta, 8 + 20, 1)),
            new Case("state 5", RejectReason.BAD_VALUE,
                withByte(status(E1, 11, 0, InstrumentState.STALE, StatusReason.GAP), 8 + 20, 5)),
            new Case("reason 14", RejectReason.BAD_VALUE,
                withByte(status(E1, 11, 0, InstrumentState.STALE, StatusReason.GAP), 8 + 21, 14)),
            new Case("price scale 19", RejectReason.BAD_VALUE, withByte(definition, 8 + 21, 19)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldRejectTheMessageForItsReasonCountItOnceAndChangeNothing(final Case malformed)
    {
        final BookConsumer consumer = syncedAt10();

        onDelta(consumer, malformed.message());

        final ConsumerCounters counters = consumer.counters();
        assertThat(counters.rejected(malformed.reason())).isEqualTo(1);
        assertThat(counters.rejectedTotal()).isEqualTo(1);
        assertThat(consumer.lastDeltaSequence()).isEqualTo(10);
        assertThat(render(consumer.book(0))).isEqualTo("100x5 | 101x2");
        assertThat(consumer.book(0).isTrustworthy()).isTrue();

        onDelta(consumer, delta(E1, 12, 0).bid(100, 6).encode());
        assertThat(counters.deltaGaps()).as("the rejected message is a lost one").isEqualTo(1);
        assertThat(consumer.book(0).isTrustworthy()).isFalse();
    }

    @Test
    void shouldHaveACaseForEveryReason()
    {
        final Set<RejectReason> covered = EnumSet.noneOf(RejectReason.class);
        cases().forEach(malformed -> covered.add(malformed.reason()));
        assertThat(covered).containsExactlyInAnyOrder(RejectReason.values());
    }

    private static BookConsumer syncedAt10()
    {
        final BookConsumer consumer = new BookConsumer(new BookConsumerListener()
        {
        }, new ConsumerConfig(8, 4, 1000, 64 * 1024));
        onDelta(consumer, heartbeat(E1, 10, 10));
        final byte[] snapshot = snapshot(E1, 1, 0, 10).bid(100, 5).ask(101, 2).encode();
        consumer.onSnapshotStream(new UnsafeBuffer(snapshot), 0, snapshot.length);
        return consumer;
    }

    /** In a buffer of exactly its length: one byte read too far throws. */
    private static void onDelta(final BookConsumer consumer, final byte[] message)
    {
        consumer.onDeltaStream(new UnsafeBuffer(message.clone()), 0, message.length);
    }

    private static byte[] withByte(final byte[] message, final int at, final int value)
    {
        final byte[] copy = message.clone();
        copy[at] = (byte)value;
        return copy;
    }

    private static byte[] withShort(final byte[] message, final int at, final int value)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(message.clone());
        copy.putShort(at, (short)value, ByteOrder.LITTLE_ENDIAN);
        return copy.byteArray();
    }

    private static byte[] withLong(final byte[] message, final int at, final long value)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(message.clone());
        copy.putLong(at, value, ByteOrder.LITTLE_ENDIAN);
        return copy.byteArray();
    }
}
