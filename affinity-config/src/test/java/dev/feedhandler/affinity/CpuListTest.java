package dev.feedhandler.affinity;

import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuListTest
{
    @Test
    void shouldParseSinglesAndRanges()
    {
        final BitSet cpus = CpuList.parse(" 0-2, 5,7-8\n");

        assertThat(cpus.stream().toArray()).containsExactly(0, 1, 2, 5, 7, 8);
        assertThat(CpuList.format(cpus)).isEqualTo("0-2,5,7,8");
    }

    @Test
    void shouldReadBlankAsEmpty()
    {
        assertThat(CpuList.parse("  ").isEmpty()).isTrue();
        assertThat(CpuList.format(new BitSet())).isEmpty();
    }

    @Test
    void shouldRejectWhatIsNotACpuList()
    {
        assertThatThrownBy(() -> CpuList.parse("1,x")).hasMessageContaining("\"x\" is not a CPU number");
        assertThatThrownBy(() -> CpuList.parse("3-1")).hasMessageContaining("runs backwards");
        assertThatThrownBy(() -> CpuList.parse("4096")).hasMessageContaining("above 4095");
        assertThatThrownBy(() -> CpuList.parse("-1")).hasMessageContaining("is not a CPU number");
    }
}
