package dev.feedhandler.protocol.publisher;

import dev.feedhandler.orderbook.testing.PropertyCheck;
import io.aeron.Publication;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link StreamPublisher}: one sequence number per message whether or not it was sent, bounded retries of transient
 * refusals, and a counter for every outcome.
 */
class StreamPublisherTest
{
    private static final int CLAIM_OFFSET = 48;
    private static final long NOW_NS = 1_000_000L;

    private final ScriptedSink sink = new ScriptedSink();

    @Test
    void shouldAdvanceSequenceByExactlyOnePerClaimWhetherSentOrNot()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 2);
        sink.script(1, Publication.NOT_CONNECTED, 1, Publication.CLOSED, Publication.MAX_POSITION_EXCEEDED, 1);
        sink.script(Publication.BACK_PRESSURED, Publication.BACK_PRESSURED, Publication.BACK_PRESSURED, 1);

        assertThat(publisher.sequence()).isZero();
        final List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < 7; i++)
        {
            publisher.claim(16, NOW_NS);
            sequences.add(publisher.sequence());
        }

        assertThat(sequences).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void shouldReturnTheSinkOffsetWhenClaimed()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 3);

        assertThat(publisher.claim(16, NOW_NS)).isEqualTo(CLAIM_OFFSET);
        assertThat(publisher.buffer()).isSameAs(sink.buffer);
        assertThat(publisher.lastClaimFailed()).isFalse();
    }

    @Test
    void shouldRetryBackPressureUpToMaxRetriesThenDropAndReturnMinusOne()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 3);
        sink.script(Publication.BACK_PRESSURED, Publication.BACK_PRESSURED, Publication.BACK_PRESSURED,
            Publication.BACK_PRESSURED);

        assertThat(publisher.claim(16, NOW_NS)).isEqualTo(-1);

        assertThat(sink.claims).as("first attempt plus maxRetries").isEqualTo(4);
        final PublisherCounters counters = publisher.counters();
        assertThat(counters.backPressured()).as("one per refusal").isEqualTo(4);
        assertThat(counters.dropped()).isEqualTo(1);
        assertThat(counters.adminActions()).isZero();
        assertThat(counters.sent()).isZero();
        assertThat(publisher.lastClaimFailed()).isTrue();
        assertThat(publisher.lastClaimDropped()).as("a drop subscribers will see").isTrue();
        assertThat(publisher.sequence()).isEqualTo(1);

        publisher.claim(16, NOW_NS);
        assertThat(publisher.lastClaimDropped()).isFalse();
    }

    @Test
    void shouldRetryAdminActionUpToMaxRetriesThenDrop()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 2);
        sink.script(Publication.ADMIN_ACTION, Publication.ADMIN_ACTION, Publication.ADMIN_ACTION);

        assertThat(publisher.claim(16, NOW_NS)).isEqualTo(-1);

        assertThat(sink.claims).isEqualTo(3);
        assertThat(publisher.counters().adminActions()).isEqualTo(3);
        assertThat(publisher.counters().backPressured()).isZero();
        assertThat(publisher.counters().dropped()).isEqualTo(1);
    }

    @Test
    void shouldCountEachKindOfTransientRefusalSeparatelyWhenMixed()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 2);
        sink.script(Publication.BACK_PRESSURED, Publication.ADMIN_ACTION, Publication.BACK_PRESSURED);

        assertThat(publisher.claim(16, NOW_NS)).isEqualTo(-1);

        assertThat(publisher.counters().backPressured()).isEqualTo(2);
        assertThat(publisher.counters().adminActions()).isEqualTo(1);
        assertThat(publisher.counters().dropped()).isEqualTo(1);
    }

    @Test
    void shouldSendWhenTransientRefusalsClearWithinTheRetryLimit()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 3);
        sink.script(Publication.BACK_PRESSURED, Publication.ADMIN_ACTION, Publication.BACK_PRESSURED, 1);

        assertThat(publisher.claim(16, NOW_NS)).isEqualTo(CLAIM_OFFSET);

        assertThat(sink.claims).isEqualTo(4);
        assertThat(publisher.counters().backPressured()).isEqualTo(2);
        assertThat(publisher.counters().adminActions()).isEqualTo(1);
        assertThat(publisher.counters().dropped()).isZero();
        assertThat(publisher.lastClaimFailed()).isFalse();
    }

    @Test
    void shouldNotRetryWhenMaxRetriesIsZero()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 0);
        sink.script(Publication.BACK_PRESSURED);

        assertThat(publisher.claim(16, NOW_NS)).isEqualTo(-1);

        assertThat(sink.claims).isEqualTo(1);
        assertThat(publisher.counters().backPressured()).isEqualTo(1);
        assertThat(publisher.counters().dropped()).isEqualTo(1);
    }

    @Test
    void shouldGiveTheNextSentMessageTheSequenceOneAboveTheDroppedOne()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 1);
        assertThat(publisher.claim(16, NOW_NS)).isEqualTo(CLAIM_OFFSET);
        publisher.commit(16);
        sink.script(Publication.BACK_PRESSURED, Publication.BACK_PRESSURED);

        assertThat(publisher.claim(16, NOW_NS)).isEqualTo(-1);
        final long dropped = publisher.sequence();
        assertThat(publisher.claim(16, NOW_NS)).isEqualTo(CLAIM_OFFSET);

        assertThat(dropped).isEqualTo(2);
        assertThat(publisher.sequence()).isEqualTo(dropped + 1);
        assertThat(publisher.lastClaimFailed()).isFalse();
    }

    @Test
    void shouldNotRetryNotConnectedAndCountItAsNotConnected()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 5);
        sink.script(Publication.NOT_CONNECTED);

        assertThat(publisher.claim(16, NOW_NS)).isEqualTo(-1);

        assertThat(sink.claims).isEqualTo(1);
        assertThat(publisher.counters().notConnected()).isEqualTo(1);
        assertThat(publisher.counters().dropped()).isZero();
        assertThat(publisher.counters().closed()).isZero();
        assertThat(publisher.lastClaimFailed()).isTrue();
        assertThat(publisher.lastClaimDropped()).as("nobody to miss it").isFalse();
    }

    @Test
    void shouldStopRetryingWhenBackPressureTurnsIntoNotConnected()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 5);
        sink.script(Publication.BACK_PRESSURED, Publication.NOT_CONNECTED);

        assertThat(publisher.claim(16, NOW_NS)).isEqualTo(-1);

        assertThat(sink.claims).isEqualTo(2);
        assertThat(publisher.counters().backPressured()).isEqualTo(1);
        assertThat(publisher.counters().notConnected()).isEqualTo(1);
        assertThat(publisher.counters().dropped()).isZero();
    }

    @Test
    void shouldNotRetryClosedOrMaxPositionExceededAndCountBothAsClosed()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 5);
        sink.script(Publication.CLOSED, Publication.MAX_POSITION_EXCEEDED);

        assertThat(publisher.claim(16, NOW_NS)).isEqualTo(-1);
        assertThat(publisher.claim(16, NOW_NS)).isEqualTo(-1);

        assertThat(sink.claims).isEqualTo(2);
        assertThat(publisher.counters().closed()).isEqualTo(2);
        assertThat(publisher.counters().dropped()).isZero();
        assertThat(publisher.counters().notConnected()).isZero();
        assertThat(publisher.sequence()).isEqualTo(2);
    }

    @Test
    void shouldCountSentMessagesAndBytesOnCommit()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 3);

        publisher.claim(40, NOW_NS);
        assertThat(publisher.counters().sent()).as("not before commit").isZero();
        publisher.commit(40);
        publisher.claim(24, NOW_NS);
        publisher.commit(24);

        assertThat(sink.commits).isEqualTo(2);
        assertThat(publisher.counters().sent()).isEqualTo(2);
        assertThat(publisher.counters().bytes()).isEqualTo(64);
    }

    @Test
    void shouldPassTheRequestedLengthToTheSink()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 3);

        publisher.claim(77, NOW_NS);

        assertThat(sink.lastLength).isEqualTo(77);
    }

    @Test
    void shouldRecordTheTimeOfTheLastSendOrDrop()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 0);
        assertThat(publisher.lastSendNs()).isZero();

        publisher.claim(16, 111);
        assertThat(publisher.lastSendNs()).isEqualTo(111);
        sink.script(Publication.BACK_PRESSURED);
        publisher.claim(16, 222);
        assertThat(publisher.lastSendNs()).isEqualTo(222);
    }

    @Test
    void shouldNeverUseASkippedSequence()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 3);
        publisher.skipSequenceAt(3);

        final List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            assertThat(publisher.claim(16, NOW_NS)).isEqualTo(CLAIM_OFFSET);
            sequences.add(publisher.sequence());
        }

        assertThat(sequences).containsExactly(1L, 2L, 4L, 5L);
        assertThat(sink.claims).as("the skipped sequence sends nothing").isEqualTo(4);
    }

    @Test
    void shouldSkipNothingOnceSkippingIsTurnedOff()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 3);
        publisher.skipSequenceAt(2);
        publisher.skipSequenceAt(0);

        publisher.claim(16, NOW_NS);
        publisher.claim(16, NOW_NS);

        assertThat(publisher.sequence()).isEqualTo(2);
    }

    @Test
    void shouldRejectNegativeMaxRetries()
    {
        assertThatThrownBy(() -> new StreamPublisher(sink, -1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxRetries")
            .hasMessageContaining("-1");
    }

    @Test
    void shouldExposeTheSinkMaxMessageLengthAndConnection()
    {
        final StreamPublisher publisher = new StreamPublisher(sink, 3);

        assertThat(publisher.maxMessageLength()).isEqualTo(ScriptedSink.MAX_MESSAGE_LENGTH);
        assertThat(publisher.isConnected()).isTrue();
        sink.connected = false;
        assertThat(publisher.isConnected()).isFalse();
    }

    /** Every claim ends in exactly one of sent, dropped, not connected or closed, and costs one sequence number. */
    @Test
    void shouldAccountForEveryClaimExactlyOnce()
    {
        final long[] results = {1, 1, 1, Publication.BACK_PRESSURED, Publication.ADMIN_ACTION,
            Publication.NOT_CONNECTED, Publication.CLOSED, Publication.MAX_POSITION_EXCEEDED};
        PropertyCheck.forAll("stream publisher accounting", 200, random ->
        {
            final ScriptedSink scripted = new ScriptedSink();
            final int maxRetries = random.nextInt(4);
            final StreamPublisher publisher = new StreamPublisher(scripted, maxRetries);
            final int messages = 1 + random.nextInt(50);
            long expectedRefusals = 0;
            long expectedDropped = 0;
            for (int i = 0; i < messages; i++)
            {
                // Script this claim's attempts, and work out its outcome independently of the publisher.
                long refusals = 0;
                long result = results[random.nextInt(results.length)];
                scripted.script(result);
                for (int retries = 0; isTransient(result) && retries < maxRetries; retries++)
                {
                    refusals++;
                    result = results[random.nextInt(results.length)];
                    scripted.script(result);
                }
                final boolean expectDrop = isTransient(result);
                expectedRefusals += refusals + (expectDrop ? 1 : 0);
                expectedDropped += expectDrop ? 1 : 0;

                final int offset = publisher.claim(8, i);
                assertThat(offset).isEqualTo(result > 0 ? CLAIM_OFFSET : -1);
                if (offset >= 0)
                {
                    publisher.commit(8);
                }
                assertThat(scripted.pending()).as("every scripted attempt used").isZero();
            }
            final PublisherCounters c = publisher.counters();
            assertThat(publisher.sequence()).isEqualTo(messages);
            assertThat(c.sent() + c.dropped() + c.notConnected() + c.closed()).isEqualTo(messages);
            assertThat(c.dropped()).isEqualTo(expectedDropped);
            assertThat(c.backPressured() + c.adminActions()).isEqualTo(expectedRefusals);
            assertThat(c.bytes()).isEqualTo(8 * c.sent());
        });
    }

    private static boolean isTransient(final long result)
    {
        return result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION;
    }

    /** Returns a programmed sequence of tryClaim results, then success. */
    private static final class ScriptedSink implements MessageSink
    {
        static final int MAX_MESSAGE_LENGTH = 1408;

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        private final ArrayDeque<Long> results = new ArrayDeque<>();
        int claims;
        int commits;
        int lastLength;
        boolean connected = true;

        void script(final long... next)
        {
            for (final long result : next)
            {
                results.add(result);
            }
        }

        int pending()
        {
            return results.size();
        }

        public long tryClaim(final int length)
        {
            claims++;
            lastLength = length;
            final Long next = results.poll();
            return next != null ? next : 1;
        }

        public MutableDirectBuffer buffer()
        {
            return buffer;
        }

        public int offset()
        {
            return CLAIM_OFFSET;
        }

        public void commit()
        {
            commits++;
        }

        public int maxMessageLength()
        {
            return MAX_MESSAGE_LENGTH;
        }

        public boolean isConnected()
        {
            return connected;
        }
    }
}
