package dev.feedhandler.feeder.venue.okx;

import dev.feedhandler.feeder.TestFrames;
import dev.feedhandler.orderbook.Instrument;
import dev.feedhandler.orderbook.Venue;

import java.nio.file.Path;

/** The OKX captures and instruments the OKX tests share. */
final class OkxFixtures
{
    /** BTC-USDT {@code books}, 2022-05-13: one snapshot and 97 updates, each with its checksum, no seqId. */
    static final Path CAPTURE = TestFrames.FIXTURES.resolve("okx/BTC-USDT_books_2022-05-13.jsonl");
    /** The two worked checksum examples of OKX's docs. */
    static final Path DOC_EXAMPLES = TestFrames.FIXTURES.resolve("okx/doc_checksum_examples.json");

    /** Prices in tenths, sizes to 8 decimals: what the capture needs. */
    static final Instrument BTC_USDT = new Instrument(2, Venue.OKX, "BTC-USDT", 1, 8);
    static final Instrument ETH_USDT = new Instrument(5, Venue.OKX, "ETH-USDT", 2, 6);

    private OkxFixtures()
    {
    }
}
