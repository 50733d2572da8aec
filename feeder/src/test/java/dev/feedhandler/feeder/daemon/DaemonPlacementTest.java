package dev.feedhandler.feeder.daemon;

import dev.feedhandler.affinity.AffinityStatus;
import dev.feedhandler.affinity.CpuRole;
import dev.feedhandler.feeder.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The daemon applies its [affinity] layout on this 2-CPU machine: the book processor on CPU 1, the event loop and the
 * embedded driver's thread on CPU 0, and reports the kernel's masks. The venue is unreachable on purpose: placement
 * does not need one.
 */
class DaemonPlacementTest
{
    private static final String VENUE = """
        [[venues]]
        name = "binance-spot"
        ws_url = "ws://127.0.0.1:1/spot/stream"
        rest_depth_url = "http://127.0.0.1:1/spot/api/v3/depth"
        instruments = [ { symbol = "BTCUSDT", price_scale = 2, qty_scale = 8 } ]
        """;

    @TempDir
    Path temp;

    @Test
    void shouldPinEveryPlacedThreadAndReportTheKernelMasks() throws Exception
    {
        final Path config = temp.resolve("placement.toml");
        Files.writeString(config, """
            [publisher]
            channel = "aeron:ipc"
            [affinity]
            book_processor = 1
            io = "0"
            driver_conductor = 0
            other = "0-1"
            mlock = "off"
            """ + VENUE);

        // Daemon.start confines its calling thread to 'other': not the test runner's thread.
        try (Daemon daemon = onNewThread(() -> Daemon.start(ConfigLoader.load(config))))
        {
            final AffinityStatus status = daemon.affinityStatus();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (status.pins().size() < 4 && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }

            final List<AffinityStatus.ThreadPin> pins = status.pins();
            assertThat(pins).extracting(AffinityStatus.ThreadPin::role).containsExactlyInAnyOrder(
                CpuRole.OTHER, CpuRole.DRIVER_CONDUCTOR, CpuRole.IO, CpuRole.BOOK_PROCESSOR);
            assertThat(pins).allSatisfy(pin -> assertThat(pin.ok()).as(pin.detail()).isTrue());
            assertThat(granted(pins, CpuRole.BOOK_PROCESSOR)).isEqualTo("1");
            assertThat(granted(pins, CpuRole.IO)).isEqualTo("0");
            assertThat(granted(pins, CpuRole.DRIVER_CONDUCTOR)).isEqualTo("0");
            assertThat(granted(pins, CpuRole.OTHER)).isEqualTo("0,1");
            assertThat(status.lines()).contains("memory: mlock off")
                .anySatisfy(line -> assertThat(line).matches("thread book-processor \\(book_processor\\): " +
                    "requested 1, kernel mask 1"));
        }
    }

    @Test
    void shouldRefuseToStartWithALayoutThisMachineCannotHave() throws Exception
    {
        final Path config = temp.resolve("bad.toml");
        Files.writeString(config, "[affinity]\nbook_processor = 4000\n" + VENUE);

        assertThatThrownBy(() -> Daemon.start(ConfigLoader.load(config)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("book_processor: CPU 4000 does not exist or is offline");
    }

    private static String granted(final List<AffinityStatus.ThreadPin> pins, final CpuRole role)
    {
        return pins.stream().filter(pin -> pin.role() == role).findFirst().orElseThrow().granted();
    }

    private static Daemon onNewThread(final java.util.function.Supplier<Daemon> start) throws InterruptedException
    {
        final AtomicReference<Object> result = new AtomicReference<>();
        final Thread thread = new Thread(() ->
        {
            try
            {
                result.set(start.get());
            }
            catch (final RuntimeException ex)
            {
                result.set(ex);
            }
        }, "daemon-start");
        thread.start();
        thread.join(30_000);
        if (result.get() instanceof RuntimeException)
        {
            throw (RuntimeException)result.get();
        }
        assertThat(result.get()).as("daemon started").isInstanceOf(Daemon.class);
        return (Daemon)result.get();
    }
}
