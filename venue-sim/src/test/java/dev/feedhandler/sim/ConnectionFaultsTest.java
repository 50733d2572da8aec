package dev.feedhandler.sim;

import dev.feedhandler.sim.testing.Frames;
import dev.feedhandler.sim.testing.Poll;
import dev.feedhandler.sim.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection faults (close, reset, stall) hit connections carrying the symbol, and only those; pings go out and
 * pongs are expected.
 */
class ConnectionFaultsTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void shouldSendACloseFrameToConnectionsOfTheSymbolOnly()
    {
        try (VenueSimulator sim = start(false);
            WsClient btc = WsClient.connect(sim.webSocketUrl() + "/spot/ws/btcusdt@depth@100ms");
            WsClient eth = WsClient.connect(sim.webSocketUrl() + "/spot/ws/ethusdt@depth@100ms"))
        {
            sim.injectFault("binance-spot", "BTCUSDT", FaultType.CLOSE, 1);

            assertThat(btc.awaitClose(TIMEOUT)).isEqualTo(1001);
            assertThat(btc.closeReason()).isEqualTo("venue-sim fault: close");
            assertThat(btc.error()).isNull();
            assertThat(eth.isClosed()).isFalse();
            assertThat(sim.stats().instrument("binance-spot", "BTCUSDT").faultsApplied(FaultType.CLOSE)).isEqualTo(1);
            Poll.until(TIMEOUT, () -> sim.stats().openConnections() == 1, "one connection left");
            // The survivor still gets its diffs.
            final int before = eth.frameCount();
            sim.advance(20);
            eth.awaitFrames(before + 1, TIMEOUT);
        }
    }

    @Test
    void shouldResetTheTcpConnection()
    {
        try (VenueSimulator sim = start(false);
            WsClient btc = WsClient.connect(sim.webSocketUrl() + "/spot/stream?streams=btcusdt@bookTicker"))
        {
            sim.injectFault("binance-spot", "BTCUSDT", FaultType.RESET, 1);

            assertThat(btc.awaitClose(TIMEOUT)).as("an error, not a close frame").isEqualTo(-1);
            assertThat(btc.error()).isInstanceOf(IOException.class);
            assertThat(btc.closeReason()).isNull();
            assertThat(sim.stats().instrument("binance-spot", "BTCUSDT").faultsApplied(FaultType.RESET)).isEqualTo(1);
        }
    }

    @Test
    void shouldStallAConnectionForTheGivenTimeThenGoOnWithAGap()
    {
        final long stallMs = 800;
        try (VenueSimulator sim = start(true);
            WsClient stalled = WsClient.connect(sim.webSocketUrl() + "/spot/ws/btcusdt@depth@100ms");
            WsClient other = WsClient.connect(sim.webSocketUrl() + "/spot/ws/ethusdt@depth@100ms"))
        {
            stalled.awaitFrames(20, TIMEOUT);
            sim.injectFault("binance-spot", "BTCUSDT", Fault.stall(1, stallMs));
            Poll.until(TIMEOUT, () -> sim.stats().instrument("binance-spot", "BTCUSDT")
                .faultsApplied(FaultType.STALL) == 1, "stall applied");
            final int atStall = stalled.frameCount();
            final int otherAtStall = other.frameCount();
            stalled.awaitFrames(atStall + 20, TIMEOUT);

            final List<WsClient.Frame> frames = stalled.frames();
            long longestSilenceNs = 0;
            int longestAt = 0;
            for (int i = 1; i < frames.size(); i++)
            {
                final long silence = frames.get(i).arrivalNs() - frames.get(i - 1).arrivalNs();
                if (silence > longestSilenceNs)
                {
                    longestSilenceNs = silence;
                    longestAt = i;
                }
            }
            assertThat(longestSilenceNs).as("no frames during the stall")
                .isGreaterThanOrEqualTo(Duration.ofMillis(stallMs - 100).toNanos());
            final List<Frames.Diff> diffs = Frames.diffs(List.of(frames.get(longestAt - 1).text(),
                frames.get(longestAt).text()));
            assertThat(diffs.get(1).first()).as("diffs generated during the stall were not sent")
                .isGreaterThan(diffs.get(0).last() + 1);
            assertThat(other.frameCount()).as("other connections kept streaming").isGreaterThan(otherAtStall + 10);
            assertThat(sim.stats().instrument("binance-spot", "BTCUSDT").counter(InstrumentCounter.FRAMES_STALLED))
                .isPositive();
        }
    }

    @Test
    void shouldPingAndCountThePongs()
    {
        try (VenueSimulator sim = VenueSimulator.start(new SimulatorConfig()
            .instruments("binance-usdm", "BTCUSDT").levels(10).startPaused(true)
            .pingInterval(Duration.ofMillis(100)));
            WsClient client = WsClient.connect(sim.webSocketUrl() + "/usdm/ws/btcusdt@depth@100ms"))
        {
            Poll.until(TIMEOUT, () -> client.pings() >= 3 && sim.stats().global(GlobalCounter.PONGS_RECEIVED) >= 3,
                () -> "pings " + client.pings() + ", pongs " + sim.stats().global(GlobalCounter.PONGS_RECEIVED));
            assertThat(sim.stats().global(GlobalCounter.PINGS_SENT)).isGreaterThanOrEqualTo(3);
            assertThat(sim.stats().global(GlobalCounter.PONG_TIMEOUTS)).isZero();
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void shouldCloseAConnectionThatDoesNotAnswerPings()
    {
        try (VenueSimulator sim = VenueSimulator.start(new SimulatorConfig()
            .instruments("binance-spot", "BTCUSDT").levels(10).startPaused(true)
            .pingInterval(Duration.ofMillis(100)).pongTimeout(Duration.ofMillis(300)));
            WsClient deaf = WsClient.connect(sim.webSocketUrl() + "/spot/ws/btcusdt@depth@100ms", false))
        {
            Poll.until(TIMEOUT, () -> sim.stats().global(GlobalCounter.PONG_TIMEOUTS) == 1, "pong timeout");
            Poll.until(TIMEOUT, () -> sim.stats().openConnections() == 0, "connection closed");
            assertThat(sim.stats().global(GlobalCounter.CONNECTIONS_CLOSED)).isEqualTo(1);
        }
    }

    private static VenueSimulator start(final boolean running)
    {
        return VenueSimulator.start(new SimulatorConfig()
            .instruments("binance-spot", "BTCUSDT", "ETHUSDT")
            .levels(30)
            .ratePerSecond(running ? 1000 : 100)
            .startPaused(!running));
    }
}
