package dev.feedhandler.benchmarks.latency;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameRingTest
{
    @Test
    void shouldHandOutEachSlotAgainOnlyOnceItsWriteReleasedIt()
    {
        final FrameRing ring = new FrameRing(new byte[][] {{1, 2, 3}, {4, 5}});
        final ByteBuf first = ring.claim(0);
        assertThat(first.readableBytes()).isEqualTo(3);
        assertThat(first.readByte()).isEqualTo((byte)1); // a write reads it
        assertThat(ring.claim(0)).isNull(); // still queued
        assertThat(ring.claim(1).readableBytes()).isEqualTo(2);
        first.release(); // the write is done
        final ByteBuf again = ring.claim(0);
        assertThat(again).isSameAs(first);
        assertThat(again.readerIndex()).isZero();
        assertThat(again.readableBytes()).isEqualTo(3);
        again.release();
        ring.close();
        assertThat(first.refCnt()).isZero();
    }
}
