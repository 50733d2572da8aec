package dev.feedhandler.affinity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryLockTest
{
    @Test
    void shouldLockOrSayExactlyWhyNot()
    {
        final MemoryLock.Result result = MemoryLock.lockAll();
        try
        {
            assertThat(result.reason()).startsWith("mlockall(MCL_CURRENT|MCL_FUTURE) ");
            if (result.locked())
            {
                // Root, or CAP_IPC_LOCK, or a large enough RLIMIT_MEMLOCK: the kernel now counts locked memory.
                assertThat(result.errno()).isZero();
                assertThat(result.reason()).contains("succeeded").contains("KB resident and locked").doesNotContain("? KB");
                assertThat(MemoryLock.hasIpcLock() || !"unknown".equals(MemoryLock.memlockLimit())).isTrue();
            }
            else
            {
                assertThat(result.errno()).isIn(1, 11, 12);
                assertThat(result.reason()).contains("failed").contains("ulimit -l is ").contains("CAP_IPC_LOCK");
            }
        }
        finally
        {
            MemoryLock.unlockAll();
        }
    }

    @Test
    void shouldReportTheLimitLikeUlimit()
    {
        // `ulimit -l` prints KB or "unlimited"; these machines have 8192.
        assertThat(MemoryLock.memlockLimit()).matches("unlimited|[0-9]+ KB");
    }

    @Test
    void shouldExplainAnInvalidFlag()
    {
        final MemoryLock.Result result = MemoryLock.lock(0x40);

        assertThat(result.locked()).isFalse();
        assertThat(result.errno()).isEqualTo(22);
        assertThat(result.reason()).isEqualTo("mlockall(0x40) failed: EINVAL: unknown or invalid flags");
    }
}
