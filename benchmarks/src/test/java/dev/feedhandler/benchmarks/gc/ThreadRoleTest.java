package dev.feedhandler.benchmarks.gc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadRoleTest
{
    @Test
    void shouldTellTheHarnessFromTheDaemonByThreadName()
    {
        assertThat(ThreadRole.of("main")).isEqualTo("harness: main (starts the run, waits)");
        assertThat(ThreadRole.of("venue-loop-2-1")).isEqualTo("harness: venue event loop and sender");
        assertThat(ThreadRole.of("multiThreadIoEventLoopGroup-2-1")).isEqualTo("harness: venue event loop");
        assertThat(ThreadRole.of("daemon-latency-consumer")).isEqualTo("harness: consumer");
        assertThat(ThreadRole.of("feeder-io-3-1")).isEqualTo("daemon: ingest event loop");
        assertThat(ThreadRole.of("book-processor")).isEqualTo("daemon: book processor");
        assertThat(ThreadRole.of("/dev/shm/aeron-root-1ed4 [sender,receiver,driver-conductor]")).isEqualTo("aeron");
        assertThat(ThreadRole.of("aeron-client-conductor")).isEqualTo("aeron");
        assertThat(ThreadRole.of("JFR Periodic Tasks")).isEqualTo("JFR");
        assertThat(ThreadRole.of(ThreadAllocationSampler.THREAD_NAME)).isEqualTo("report: allocation sampler");
        assertThat(ThreadRole.of("Common-Cleaner")).isEqualTo("jvm or other");
    }

    @Test
    void shouldNameTheOwnerOfARole()
    {
        assertThat(ThreadRole.owner(ThreadRole.of("book-processor"))).isEqualTo(ThreadRole.DAEMON);
        assertThat(ThreadRole.owner(ThreadRole.of("main"))).isEqualTo("harness");
        assertThat(ThreadRole.owner("aeron")).isEqualTo("aeron");
    }
}
