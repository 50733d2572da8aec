package dev.feedhandler.feeder.config;

import dev.feedhandler.affinity.AffinitySettings;
import dev.feedhandler.affinity.CpuLayout;
import dev.feedhandler.affinity.CpuList;
import dev.feedhandler.affinity.MlockMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AffinityConfigReaderTest
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
    void shouldPlaceNothingAndNotLockWhenTheTableIsAbsent() throws Exception
    {
        final AffinitySettings affinity = ConfigLoader.load(write(VENUE)).affinity();

        assertThat(affinity.layout()).isEqualTo(CpuLayout.NONE);
        assertThat(affinity.mlock()).isEqualTo(MlockMode.OFF);
    }

    @Test
    void shouldReadEveryKey() throws Exception
    {
        final AffinitySettings affinity = ConfigLoader.load(write("""
            [processor]
            idle = "spin"
            [publisher]
            aeron_dir = "/dev/shm/aeron-feeder"
            [affinity]
            process_cpus = "0-7"
            book_processor = 2
            io = "0,1"
            driver_conductor = 3
            driver_sender = 4
            driver_receiver = 5
            other = "0-1"
            mlock = "required"
            """ + VENUE)).affinity();

        final CpuLayout layout = affinity.layout();
        assertThat(CpuList.format(layout.processCpus())).isEqualTo("0-7");
        assertThat(layout.bookProcessor()).isEqualTo(2);
        assertThat(layout.bookProcessorSpins()).isTrue();
        assertThat(layout.io()).containsExactly(0, 1);
        assertThat(layout.ioCpu(2)).isZero();
        assertThat(List.of(layout.driverConductor(), layout.driverSender(), layout.driverReceiver()))
            .containsExactly(3, 4, 5);
        assertThat(layout.driverSpins()).isTrue();
        assertThat(CpuList.format(layout.other())).isEqualTo("0,1");
        assertThat(affinity.mlock()).isEqualTo(MlockMode.REQUIRED);
    }

    @Test
    void shouldTakeTheProcessorCoreAsTheBookProcessorCpuAndSpinOnlyForSpinningIdleStrategies() throws Exception
    {
        final AffinitySettings affinity = ConfigLoader.load(write("""
            [processor]
            core = 1
            idle = "backoff"
            [affinity]
            mlock = "try"
            """ + VENUE)).affinity();

        assertThat(affinity.layout().bookProcessor()).isEqualTo(1);
        assertThat(affinity.layout().bookProcessorSpins()).isFalse();
        assertThat(affinity.mlock()).isEqualTo(MlockMode.TRY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "process_cpus = \"0-x\"   | 'affinity.process_cpus' is not a CPU list like \"0-2,5\": \"x\" is not a CPU number",
        "io = \"2-1\"             | 'affinity.io' is not a CPU list like \"0-2,5\": CPU range 2-1 runs backwards",
        "other = 3                | 'affinity.other' must be a string, got long 3",
        "book_processor = 5000    | 'affinity.book_processor' must be within -1..4095, got 5000",
        "driver_conductor = -2    | 'affinity.driver_conductor' must be within -1..4095, got -2",
        "driver_sender = 1        | 'affinity.driver_sender' needs an external DEDICATED media driver",
        "driver_receiver = 1      | 'affinity.driver_receiver' needs an external DEDICATED media driver",
        "mlock = \"yes\"          | 'affinity.mlock' must be off, try or required, got \"yes\"",
        "cores = \"1\"            | 'affinity.cores' is not a known setting of [affinity]",
    })
    void shouldRejectABadKeyNamingFileLineAndKey(final String line, final String message) throws Exception
    {
        final Path file = write("[affinity]\n" + line + "\n" + VENUE);

        assertThatThrownBy(() -> ConfigLoader.load(file))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(file + ":2: ")
            .hasMessageContaining(message);
    }

    @Test
    void shouldRejectABookProcessorThatContradictsTheProcessorCore() throws Exception
    {
        final Path file = write("[processor]\ncore = 1\n[affinity]\nbook_processor = 0\n" + VENUE);

        assertThatThrownBy(() -> ConfigLoader.load(file))
            .hasMessage(file + ":4: 'affinity.book_processor' is 0 but [processor] core is 1: set one of them");
    }

    @Test
    void shouldShipAProductionLayoutThatTriesToLockMemory()
    {
        final Path configDir =
            Path.of(System.getProperty("fixtures.dir", "../fixtures")).getParent().resolve("config");

        final AffinitySettings affinity = ConfigLoader.load(configDir.resolve("feeder.toml")).affinity();

        assertThat(affinity.mlock()).isEqualTo(MlockMode.TRY);
        assertThat(affinity.layout().bookProcessor()).isEqualTo(1);
        assertThat(CpuList.format(affinity.layout().other())).isEqualTo("0");
    }

    private Path write(final String toml) throws Exception
    {
        final Path file = Files.createTempFile(temp, "feeder", ".toml");
        Files.writeString(file, toml);
        return file;
    }
}
