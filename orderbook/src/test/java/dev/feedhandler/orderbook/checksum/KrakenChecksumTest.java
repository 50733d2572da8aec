package dev.feedhandler.orderbook.checksum;

import dev.feedhandler.orderbook.OrderBook;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KrakenChecksumTest
{
    /** Kraken's checksum guide example (BTC/USD, price precision 1, qty precision 8): CRC 3310070434. */
    @Test
    void shouldMatchTheDocExample()
    {
        final OrderBook book = new OrderBook(0, 16, 64);
        final long[][] bids = {
            {452835, 10000000}, {452834, 154582015}, {452821, 10000000}, {452810, 10000000}, {452803, 154592586},
            {452790, 7990000}, {452776, 3310103}, {452775, 30000000}, {452773, 154602737}, {452766, 15445238}};
        final long[][] asks = {
            {452852, 100000}, {452864, 154571953}, {452866, 154571109}, {452896, 154560911}, {452902, 15890660},
            {452918, 154553491}, {452947, 4454749}, {452961, 35380000}, {452975, 9945542}, {452995, 18772827}};
        for (final long[] level : bids)
        {
            book.bids().set(level[0], level[1]);
        }
        for (final long[] level : asks)
        {
            book.asks().set(level[0], level[1]);
        }

        assertThat(new KrakenChecksum().compute(book)).isEqualTo(3310070434L);
    }

    @Test
    void shouldIgnoreLevelsBelowTheTopTen()
    {
        final OrderBook book = new OrderBook(0, 16, 64);
        for (int i = 0; i < 10; i++)
        {
            book.bids().set(100 - i, 1);
            book.asks().set(200 + i, 1);
        }
        final KrakenChecksum checksum = new KrakenChecksum();
        final long topTen = checksum.compute(book);
        book.bids().set(50, 7);
        book.asks().set(300, 7);
        assertThat(checksum.compute(book)).isEqualTo(topTen);
        book.bids().set(91, 2);
        assertThat(checksum.compute(book)).isNotEqualTo(topTen);
    }
}
