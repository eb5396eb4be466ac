package io.linebus.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MachineInfoTest {
    @Test
    void readsTheCpuModelFromCpuinfo() {
        assertThat(MachineInfo.cpuModel(List.of("processor\t: 0", "vendor_id\t: AuthenticAMD",
                "model name\t: AMD EPYC 7B13", "model name\t: other"))).isEqualTo("AMD EPYC 7B13");
        assertThat(MachineInfo.cpuModel(List.of("processor : 0"))).isEqualTo("unknown");
    }

    @Test
    void readsTotalMemoryFromMeminfo() {
        assertThat(MachineInfo.memTotalBytes(List.of("MemTotal:       24683520 kB", "MemFree: 1 kB")))
                .isEqualTo(24_683_520L * 1024L);
        assertThat(MachineInfo.memTotalBytes(List.of("MemFree: 1 kB"))).isEqualTo(-1L);
        assertThat(new MachineInfo(2, 24_683_520L * 1024L, "x", "y").memoryText()).isEqualTo("23.5 GiB");
        assertThat(new MachineInfo(2, -1L, "x", "y").memoryText()).isEqualTo("unknown");
    }
}
