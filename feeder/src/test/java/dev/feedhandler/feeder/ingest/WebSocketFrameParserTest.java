package dev.feedhandler.feeder.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

import static dev.feedhandler.feeder.ingest.WebSocketFrameParser.OPCODE_BINARY;
import static dev.feedhandler.feeder.ingest.WebSocketFrameParser.OPCODE_CLOSE;
import static dev.feedhandler.feeder.ingest.WebSocketFrameParser.OPCODE_CONTINUATION;
import static dev.feedhandler.feeder.ingest.WebSocketFrameParser.OPCODE_PING;
import static dev.feedhandler.feeder.ingest.WebSocketFrameParser.OPCODE_PONG;
import static dev.feedhandler.feeder.ingest.WebSocketFrameParser.OPCODE_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parser delivers the same events however the bytes are cut into reads: every cut point for small inputs, random
 * cuts (seeded: {@code -Dseed=...} replays a failure) for large ones, and one byte at a time.
 */
class WebSocketFrameParserTest
{
    private static final long SEED = Long.getLong("seed", System.nanoTime());
    private static final int ITERATIONS = Integer.getInteger("iterations", 300);
    private static final int MAX = 100_000;

    /** Events as text: kind, then the payload in Base64. */
    static final class Recorder implements WebSocketFrameParser.Listener
    {
        final List<String> events = new ArrayList<>();
        int reassembled;

        public void onMessage(final ByteBuf buffer, final int index, final int length, final boolean reassembled)
        {
            events.add("message " + copy(buffer, index, length));
            this.reassembled += reassembled ? 1 : 0;
        }

        public void onPing(final ByteBuf buffer, final int index, final int length)
        {
            events.add("ping " + copy(buffer, index, length));
        }

        public void onPong(final ByteBuf buffer, final int index, final int length)
        {
            events.add("pong " + copy(buffer, index, length));
        }

        public void onClose(final ByteBuf buffer, final int index, final int length)
        {
            events.add("close " + copy(buffer, index, length));
        }

        public void onProtocolError(final WebSocketCloseStatus status, final String reason)
        {
            events.add("error " + status.code() + " " + reason);
        }

        public void onMessageTooLarge(final long length)
        {
            events.add("too large " + length);
        }

        private static String copy(final ByteBuf buffer, final int index, final int length)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(index, bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
    }

    /** Wire bytes and the events they must give. */
    static final class Script
    {
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        final List<String> expected = new ArrayList<>();

        Script frame(final boolean fin, final int opcode, final byte[] payload)
        {
            header(fin ? 0x80 | opcode : opcode, payload.length);
            wire.writeBytes(payload);
            return this;
        }

        Script header(final int b0, final long length)
        {
            wire.write(b0);
            if (length < 126)
            {
                wire.write((int)length);
            }
            else if (length < 65536)
            {
                wire.write(126);
                wire.write((int)(length >> 8));
                wire.write((int)length);
            }
            else
            {
                wire.write(127);
                for (int shift = 56; shift >= 0; shift -= 8)
                {
                    wire.write((int)(length >> shift));
                }
            }
            return this;
        }

        Script raw(final int... bytes)
        {
            for (final int b : bytes)
            {
                wire.write(b);
            }
            return this;
        }

        Script expect(final String kind, final byte[] payload)
        {
            expected.add(kind + " " + Base64.getEncoder().encodeToString(payload));
            return this;
        }

        Script expect(final String event)
        {
            expected.add(event);
            return this;
        }

        byte[] bytes()
        {
            return wire.toByteArray();
        }
    }

    @Test
    void shouldDeliverRandomStreamsIdenticallyWhereverTheReadsAreCut()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int iteration = 0; iteration < ITERATIONS; iteration++)
        {
            final Script script = randomScript(random, iteration % 10 == 0);
            final byte[] wire = script.bytes();
            final String context = "seed " + SEED + " (-Dseed=" + SEED + "), iteration " + iteration;
            if (wire.length < 600)
            {
                for (int cut = 0; cut <= wire.length; cut++)
                {
                    assertThat(parse(wire, random, new int[] {cut}).events).as(context + ", cut at " + cut)
                        .isEqualTo(script.expected);
                }
            }
            for (int run = 0; run < 5; run++)
            {
                assertThat(parse(wire, random, randomCuts(random, wire.length)).events).as(context)
                    .isEqualTo(script.expected);
            }
        }
    }

    @Test
    void shouldDeliverTheSameEventsWhenFedOneByteAtATime()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int iteration = 0; iteration < 20; iteration++)
        {
            final Script script = randomScript(random, false);
            final byte[] wire = script.bytes();
            final int[] cuts = new int[wire.length];
            for (int i = 0; i < cuts.length; i++)
            {
                cuts[i] = i;
            }
            assertThat(parse(wire, random, cuts).events).as("seed " + SEED + ", iteration " + iteration)
                .isEqualTo(script.expected);
        }
    }

    @Test
    void shouldReassembleFragmentsAroundInterleavedControlFrames()
    {
        final Script script = new Script()
            .frame(false, OPCODE_TEXT, ascii("{\"b\":"))
            .frame(true, OPCODE_PING, ascii("p1"))
            .frame(false, OPCODE_CONTINUATION, ascii("[1,"))
            .frame(true, OPCODE_PONG, ascii("p2"))
            .frame(true, OPCODE_CONTINUATION, ascii("2]}"))
            .frame(true, OPCODE_TEXT, ascii("after"))
            .expect("ping", ascii("p1"))
            .expect("pong", ascii("p2"))
            .expect("message", ascii("{\"b\":[1,2]}"))
            .expect("message", ascii("after"));

        assertEveryCut(script);
        final Recorder whole = parse(script.bytes(), new SplittableRandom(SEED), new int[0]);
        assertThat(whole.reassembled).isEqualTo(1);
    }

    @Test
    void shouldDeliverEachLengthEncodingAtItsBounds()
    {
        final Script script = new Script();
        for (final int length : new int[] {0, 1, 125, 126, 127, 65535, 65536, MAX})
        {
            final byte[] payload = new byte[length];
            new SplittableRandom(length).nextBytes(payload);
            script.frame(true, OPCODE_BINARY, payload).expect("message", payload);
        }
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int run = 0; run < 50; run++)
        {
            assertThat(parse(script.bytes(), random, randomCuts(random, script.bytes().length)).events)
                .as("seed " + SEED).isEqualTo(script.expected);
        }
    }

    @Test
    void shouldRejectFrameOverTheLimitInEachLengthEncoding()
    {
        assertEveryCut(new Script().frame(true, OPCODE_TEXT, ascii("ok"))
            .header(0x81, MAX + 1).raw(1, 2, 3)
            .expect("message", ascii("ok"))
            .expect("error 1009 Max frame length of " + MAX + " has been exceeded."));
        assertEveryCut(new Script().frame(true, OPCODE_TEXT, new byte[100]).header(0x81, 101)
            .expect("message", new byte[100])
            .expect("error 1009 Max frame length of 100 has been exceeded."), 100);
        assertEveryCut(new Script().header(0x81, 126).expect(
            "error 1009 Max frame length of 100 has been exceeded."), 100);
        assertEveryCut(new Script().header(0x82, 1L << 40).expect(
            "error 1009 Max frame length of " + MAX + " has been exceeded."));
    }

    @Test
    void shouldReportFragmentsAddingUpToMoreThanTheLimit()
    {
        assertEveryCut(new Script()
            .frame(false, OPCODE_TEXT, new byte[60])
            .frame(false, OPCODE_CONTINUATION, new byte[30])
            .frame(true, OPCODE_CONTINUATION, new byte[11])
            .frame(true, OPCODE_TEXT, ascii("never"))
            .expect("too large 101"), 100);
    }

    @Test
    void shouldRejectProtocolViolationsAsNettyDoes()
    {
        final String[][] cases = {
            {"81 82 01 02 03 04 61 62", "error 1002 received a frame that is not masked as expected"},
            {"C1 01 61", "error 1002 RSV != 0 and no extension negotiated, RSV:4"},
            {"83 00", "error 1002 data frame using reserved opcode 3"},
            {"8B 00", "error 1002 control frame using reserved opcode 11"},
            {"09 00", "error 1002 fragmented control frame"},
            {"89 7E 00 7E", "error 1002 control frame with payload length > 125 octets"},
            {"88 01 03", "error 1002 received close control frame with payload len 1"},
            {"80 01 61", "error 1002 received continuation data frame outside fragmented message"},
            {"01 01 61 81 01 62", "error 1002 received non-continuation data frame while inside fragmented message"},
            {"81 7E 00 7D", "error 1002 invalid data frame length (not using minimal length encoding)"},
            {"81 7F 00 00 00 00 00 00 FF FF", "error 1002 invalid data frame length (not using minimal length encoding)"},
            {"81 7F 80 00 00 00 00 00 00 00", "error 1002 invalid data frame length (not using minimal length encoding)"},
            {"88 02 03 E7", "error 1002 Invalid close frame getStatus code: 999"},
            {"88 04 03 E8 C3 28", "error 1007 bytes are not UTF-8"},
        };
        for (final String[] testCase : cases)
        {
            final Script script = new Script().frame(true, OPCODE_TEXT, ascii("before"));
            for (final String hex : testCase[0].split(" "))
            {
                script.raw(Integer.parseInt(hex, 16));
            }
            script.frame(true, OPCODE_TEXT, ascii("never"));
            script.expect("message", ascii("before")).expect(testCase[1]);
            assertEveryCut(script);
        }
    }

    @Test
    void shouldDiscardEverythingAfterCloseFrame()
    {
        final byte[] body = {0x03, (byte)0xE9, 'b', 'y', 'e'};
        assertEveryCut(new Script()
            .frame(true, OPCODE_CLOSE, body)
            .frame(true, OPCODE_TEXT, ascii("never"))
            .raw(0xFF, 0xFF)
            .expect("close", body));
        assertEveryCut(new Script().frame(true, OPCODE_CLOSE, new byte[0]).expect("close", new byte[0]));
    }

    @Test
    void shouldParseBufferOfSeveralPartsAsOne()
    {
        final Script script = new Script()
            .frame(true, OPCODE_TEXT, ascii("one"))
            .frame(true, OPCODE_TEXT, ascii("two"))
            .expect("message", ascii("one"))
            .expect("message", ascii("two"));
        final byte[] wire = script.bytes();
        final Recorder recorder = new Recorder();
        final WebSocketFrameParser parser = new WebSocketFrameParser(UnpooledByteBufAllocator.DEFAULT, MAX, recorder);
        final ByteBuf composite = Unpooled.compositeBuffer()
            .addComponent(true, Unpooled.directBuffer().writeBytes(wire, 0, 4))
            .addComponent(true, Unpooled.directBuffer().writeBytes(wire, 4, wire.length - 4));
        parser.parse(composite);
        assertThat(composite.isReadable()).isFalse();
        assertThat(composite.release()).isTrue();
        parser.release();
        assertThat(recorder.events).isEqualTo(script.expected);
    }

    private static Script randomScript(final SplittableRandom random, final boolean allowLong)
    {
        final Script script = new Script();
        final int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++)
        {
            final int kind = random.nextInt(10);
            if (kind < 5)
            {
                final byte[] payload = payload(random, allowLong);
                script.frame(true, random.nextBoolean() ? OPCODE_TEXT : OPCODE_BINARY, payload)
                    .expect("message", payload);
            }
            else if (kind < 8)
            {
                fragmented(script, random, allowLong);
            }
            else
            {
                final byte[] payload = controlPayload(random);
                final boolean ping = kind == 8;
                script.frame(true, ping ? OPCODE_PING : OPCODE_PONG, payload).expect(ping ? "ping" : "pong", payload);
            }
        }
        return script;
    }

    private static void fragmented(final Script script, final SplittableRandom random, final boolean allowLong)
    {
        final ByteArrayOutputStream whole = new ByteArrayOutputStream();
        final int fragments = 2 + random.nextInt(4);
        final List<String> controls = new ArrayList<>();
        for (int f = 0; f < fragments; f++)
        {
            // Within the limit in all: a first fragment of up to MAX and four more could add up to over it, which
            // the parser rightly reports as too large (that case has its own test).
            final byte[] drawn = payload(random, allowLong && f == 0);
            final byte[] part = Arrays.copyOf(drawn, Math.min(drawn.length, MAX - whole.size()));
            whole.writeBytes(part);
            final boolean last = f == fragments - 1;
            script.frame(last, f == 0 ? OPCODE_TEXT : OPCODE_CONTINUATION, part);
            if (!last && random.nextInt(3) == 0)
            {
                final byte[] ping = controlPayload(random);
                script.frame(true, OPCODE_PING, ping);
                controls.add("ping " + Base64.getEncoder().encodeToString(ping));
            }
        }
        script.expected.addAll(controls);
        script.expect("message", whole.toByteArray());
    }

    private static byte[] payload(final SplittableRandom random, final boolean allowLong)
    {
        final int band = random.nextInt(allowLong ? 4 : 3);
        final int length = switch (band)
        {
            case 0 -> random.nextInt(8);
            case 1 -> random.nextInt(126);
            case 2 -> 126 + random.nextInt(400);
            default -> 65536 + random.nextInt(MAX - 65536);
        };
        final byte[] payload = new byte[length];
        random.nextBytes(payload);
        return payload;
    }

    private static byte[] controlPayload(final SplittableRandom random)
    {
        final byte[] payload = new byte[random.nextInt(126)];
        random.nextBytes(payload);
        return payload;
    }

    private static int[] randomCuts(final SplittableRandom random, final int length)
    {
        final int[] cuts = new int[random.nextInt(12)];
        for (int i = 0; i < cuts.length; i++)
        {
            cuts[i] = random.nextInt(length + 1);
        }
        Arrays.sort(cuts);
        return cuts;
    }

    private static void assertEveryCut(final Script script)
    {
        assertEveryCut(script, MAX);
    }

    /** Every single cut, every pair of cuts for short inputs. */
    private static void assertEveryCut(final Script script, final int max)
    {
        final byte[] wire = script.bytes();
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int first = 0; first <= wire.length; first++)
        {
            final int last = wire.length <= 200 ? wire.length : first;
            for (int second = first; second <= last; second++)
            {
                assertThat(parse(wire, random, new int[] {first, second}, max).events)
                    .as("cuts at %d and %d", first, second).isEqualTo(script.expected);
            }
        }
    }

    private static Recorder parse(final byte[] wire, final SplittableRandom random, final int[] cuts)
    {
        return parse(wire, random, cuts, MAX);
    }

    /** Feeds {@code wire} cut at {@code cuts} (sorted), each read a heap or a direct buffer at a random offset. */
    private static Recorder parse(final byte[] wire, final SplittableRandom random, final int[] cuts, final int max)
    {
        final Recorder recorder = new Recorder();
        final WebSocketFrameParser parser = new WebSocketFrameParser(ByteBufAllocator.DEFAULT, max, recorder);
        int start = 0;
        for (int i = 0; i <= cuts.length; i++)
        {
            final int end = i < cuts.length ? cuts[i] : wire.length;
            final int offset = random.nextInt(4);
            final ByteBuf read = random.nextBoolean() ?
                Unpooled.directBuffer(offset + end - start) : Unpooled.buffer(offset + end - start);
            read.writerIndex(offset).readerIndex(offset);
            read.writeBytes(wire, start, end - start);
            parser.parse(read);
            assertThat(read.isReadable()).isFalse();
            assertThat(read.release()).isTrue();
            start = end;
        }
        parser.release();
        return recorder;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
