package dev.feedhandler.feeder.venue.okx;

import dev.feedhandler.feeder.replay.NaiveJson;
import dev.feedhandler.orderbook.BookEvent;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;
import dev.feedhandler.orderbook.sync.BookLimits;
import dev.feedhandler.orderbook.sync.InstrumentSync;
import dev.feedhandler.orderbook.sync.SyncState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.feedhandler.feeder.TestFrames.lines;
import static dev.feedhandler.feeder.TestFrames.read;
import static dev.feedhandler.feeder.TestFrames.symbols;
import static dev.feedhandler.feeder.venue.okx.OkxFixtures.BTC_USDT;
import static dev.feedhandler.feeder.venue.okx.OkxFixtures.CAPTURE;
import static dev.feedhandler.feeder.venue.okx.OkxFixtures.DOC_EXAMPLES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real OKX capture (BTC-USDT {@code books}, 2022-05-13: one snapshot and 97 updates) through
 * {@link OkxFrameDecoder} into an {@link InstrumentSync} with OKX's rules: every one of the 98 checksums OKX sent
 * must be verified and match, which holds only if every level's original text is rebuilt exactly from mantissa and
 * format. The book must equal a naive BigDecimal/TreeMap book after every message. Also: the two checksum examples
 * of OKX's docs, and a corrupted capture that must be caught.
 */
class OkxCaptureReplayTest
{
    private static final int MAX_FRAME = 1 << 20;

    private final OkxFrameDecoder decoder = new OkxFrameDecoder(symbols(BTC_USDT), "books", MAX_FRAME);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);
    private final RecordingListener listener = new RecordingListener();
    private final InstrumentSync sync = new InstrumentSync(BTC_USDT, listener, BookLimits.DEFAULT);

    @Test
    void shouldVerifyAndMatchAll98CapturedChecksumsAndKeepTheBookEqualToTheNaiveOne()
    {
        final List<String> lines = lines(CAPTURE);
        assertThat(lines).hasSize(98);
        final NaiveOkxBook naive = new NaiveOkxBook();
        sync.start();

        for (final String line : lines)
        {
            apply(line);
            naive.apply(line);
            assertThat((long)naive.checksum()).as("the naive book agrees with OKX").isEqualTo(checksumOf(line));
            assertThat(sync.state()).as(line).isEqualTo(SyncState.LIVE);
            naive.assertEquals(sync.book(), BTC_USDT.priceScale(), BTC_USDT.qtyScale());
        }

        assertThat(sync.counters().checksumsVerified()).isEqualTo(98);
        assertThat(sync.counters().checksumMismatches()).isZero();
        assertThat(sync.counters().snapshotsApplied()).isEqualTo(1);
        assertThat(sync.counters().diffsApplied()).isEqualTo(97);
        assertThat(sync.counters().gaps()).isZero();
        assertThat(sync.state()).isEqualTo(SyncState.LIVE);
        assertThat(listener.log).startsWith("request STARTED", "AWAITING_SNAPSHOT->LIVE SNAPSHOT_APPLIED");
        assertThat(sync.book().bids().depth()).isEqualTo(naive.bidDepth()).isGreaterThan(300);
        assertThat(sync.book().asks().depth()).isEqualTo(naive.askDepth()).isGreaterThan(300);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldMatchBothChecksumExamplesOfOkxsDocsFromDecodedSnapshots()
    {
        final Map<String, Object> doc =
            (Map<String, Object>)NaiveJson.parse(new String(read(DOC_EXAMPLES), StandardCharsets.UTF_8));
        final List<Object> examples = (List<Object>)doc.get("examples");
        assertThat(examples).hasSize(2);
        final Instrument instrument = new Instrument(9, Venue.OKX, "ETH-USDT", 1, 0);
        final OkxFrameDecoder ethDecoder = new OkxFrameDecoder(symbols(instrument), "books", MAX_FRAME);

        for (final Object item : examples)
        {
            final Map<String, Object> example = (Map<String, Object>)item;
            final long expected = ((BigDecimal)example.get("checksum_signed_int32")).longValueExact();
            final String frame = "{\"arg\":{\"channel\":\"books\",\"instId\":\"ETH-USDT\"},\"action\":\"snapshot\"," +
                "\"data\":[{\"asks\":" + levels(example.get("asks")) + ",\"bids\":" + levels(example.get("bids")) +
                ",\"ts\":\"1\",\"checksum\":" + expected + "}]}";
            final NaiveOkxBook naive = new NaiveOkxBook();
            naive.apply(frame);
            assertThat(naive.checkString()).isEqualTo(example.get("check_string"));
            final RecordingListener log = new RecordingListener();
            final InstrumentSync ethSync = new InstrumentSync(instrument, log, BookLimits.DEFAULT);
            ethSync.start();

            final byte[] bytes = frame.getBytes(StandardCharsets.US_ASCII);
            final int result = ethDecoder.decode(new UnsafeBuffer(bytes), 0, bytes.length, out, 0, out.capacity(), 1);
            assertThat(result).isPositive();
            ethSync.onEvent(out, 0);

            assertThat(ethSync.counters().checksumsVerified()).as(frame).isEqualTo(1);
            assertThat(ethSync.counters().checksumMismatches()).as(frame).isZero();
            assertThat(ethSync.state()).isEqualTo(SyncState.LIVE);
        }
    }

    @Test
    void shouldGoStaleOnAChecksumMismatchWhenOneCapturedSizeIsCorrupted()
    {
        final List<String> lines = lines(CAPTURE);
        final String original = lines.get(1);
        final String corrupted = original.replace("[\"30243.5\",\"1.2112\",", "[\"30243.5\",\"1.2113\",");
        assertThat(corrupted).isNotEqualTo(original);
        sync.start();

        apply(lines.get(0));
        apply(corrupted);

        assertThat(sync.state()).isEqualTo(SyncState.STALE);
        assertThat(sync.counters().checksumsVerified()).isEqualTo(2);
        assertThat(sync.counters().checksumMismatches()).isEqualTo(1);
        assertThat(listener.log).endsWith("LIVE->STALE CHECKSUM", "request CHECKSUM");

        for (final String line : lines.subList(2, lines.size()))
        {
            apply(line); // dropped until the resubscription's snapshot
        }
        assertThat(sync.state()).isEqualTo(SyncState.STALE);
        assertThat(sync.counters().diffsDropped()).isEqualTo(lines.size() - 2);
    }

    @Test
    void shouldMismatchWhenOnlyTheTextOfASizeChangesBecauseOkxSumsTheOriginalStrings()
    {
        final List<String> lines = lines(CAPTURE);
        final String sameValueOtherText = lines.get(1).replace("[\"30243.5\",\"1.2112\",", "[\"30243.5\",\"1.21120\",");
        sync.start();

        apply(lines.get(0));
        apply(sameValueOtherText);

        assertThat(sync.counters().checksumMismatches()).isEqualTo(1);
        assertThat(sync.state()).isEqualTo(SyncState.STALE);
    }

    private void apply(final String line)
    {
        final byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        final int length = decoder.decode(new UnsafeBuffer(bytes), 0, bytes.length, out, 0, out.capacity(), 42L);
        assertThat(length).as(line).isPositive();
        final BookEvent event = new BookEvent();
        for (int at = 0; at < length; at += event.wrap(out, at).length())
        {
            sync.onEvent(out, at);
        }
    }

    private static long checksumOf(final String line)
    {
        final int start = line.indexOf("\"checksum\":") + "\"checksum\":".length();
        int end = start + 1;
        while (Character.isDigit(line.charAt(end)))
        {
            end++;
        }
        return Long.parseLong(line.substring(start, end));
    }

    @SuppressWarnings("unchecked")
    private static String levels(final Object levels)
    {
        final List<String[]> rows = new ArrayList<>();
        for (final Object level : (List<Object>)levels)
        {
            final List<Object> fields = (List<Object>)level;
            rows.add(new String[]{(String)fields.get(0), (String)fields.get(1)});
        }
        return NaiveOkxBook.levels(rows.toArray(new String[0][]));
    }
}
