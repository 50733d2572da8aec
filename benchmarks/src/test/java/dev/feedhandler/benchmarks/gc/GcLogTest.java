package dev.feedhandler.benchmarks.gc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GcLogTest
{
    /** Lines of a real {@code -Xlog:gc*:file=...} log of JDK 17's G1 (default decorations uptime, level, tags). */
    private static final List<String> G1 = List.of(
        "[0.005s][info][gc] Using G1",
        "[0.017s][info][gc,init] Version: 17.0.15+6-Debian-1deb12u1 (release)",
        "[0.017s][info][gc,init] Heap Region Size: 1M",
        "[0.026s][info][gc,metaspace] CDS archive(s) mapped at: [0x00007f7c53000000-0x00007f7c53bc7000), size 12349440",
        "[3.065s][info][gc,start    ] GC(0) Pause Young (Normal) (G1 Evacuation Pause)",
        "[3.066s][info][gc,task     ] GC(0) Using 2 workers of 2 for evacuation",
        "[3.099s][info][gc,phases   ] GC(0)   Evacuate Collection Set: 6.8ms",
        "[3.099s][info][gc,heap     ] GC(0) Eden regions: 6->0(4)",
        "[3.100s][info][gc          ] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 54M->8M(1024M) 34.971ms",
        "[3.100s][info][gc,cpu      ] GC(0) User=0.00s Sys=0.00s Real=0.03s",
        "[17.975s][info][gc,start    ] GC(2) Pause Young (Concurrent Start) (Metadata GC Threshold)",
        "[17.985s][info][gc          ] GC(2) Pause Young (Concurrent Start) (Metadata GC Threshold) 78M->43M(1024M) 9.719ms",
        "[17.985s][info][gc          ] GC(3) Concurrent Mark Cycle",
        "[17.990s][info][gc,marking  ] GC(3) Concurrent Mark From Roots",
        "[18.002s][info][gc,start    ] GC(3) Pause Remark",
        "[18.002s][info][gc          ] GC(3) Pause Remark 44M->44M(1024M) 6.271ms",
        "[18.033s][info][gc          ] GC(3) Concurrent Mark Cycle 58.439ms",
        "[5.768s][info][gc          ] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 84M->45M(1024M) 42.914ms",
        "[19.207s][info][gc,heap,exit   ] Heap",
        "[19.207s][info][gc,heap,exit   ]  garbage-first heap   total 1048576K, used 46368K [0x00000000c0000000)",
        "[19.300s][info][safepoint   ] Safepoint \"Cleanup\", Time since last: 1000 ns, GC(7) is not a GC here");

    @Test
    void shouldReadOneEventPerCollectionAtItsFirstLineDescribedByItsSummary()
    {
        final List<GcLog.GcEvent> events = GcLog.parse(G1);

        assertThat(events).containsExactly(
            new GcLog.GcEvent(0, 3065, "GC(0) Pause Young (Normal) (G1 Evacuation Pause) 54M->8M(1024M) 34.971ms"),
            new GcLog.GcEvent(1, 5768, "GC(1) Pause Young (Normal) (G1 Evacuation Pause) 84M->45M(1024M) 42.914ms"),
            new GcLog.GcEvent(2, 17975,
                "GC(2) Pause Young (Concurrent Start) (Metadata GC Threshold) 78M->43M(1024M) 9.719ms"),
            new GcLog.GcEvent(3, 17985, "GC(3) Concurrent Mark Cycle 58.439ms"));
    }

    @Test
    void shouldSelectTheCollectionsThatStartedInAWindow()
    {
        final List<GcLog.GcEvent> events = GcLog.parse(G1);

        assertThat(GcLog.between(events, 5_000, 17_975)).extracting(GcLog.GcEvent::id).containsExactly(1, 2);
        assertThat(GcLog.between(events, 6_000, 17_000)).isEmpty();
        assertThat(GcLog.between(events, 18_000, 60_000)).isEmpty();
    }

    @Test
    void shouldReadZgcCollectionsAndIgnoreStalls()
    {
        final List<GcLog.GcEvent> events = GcLog.parse(List.of(
            "[0.030s][info][gc     ] Using The Z Garbage Collector",
            "[0.375s][info][gc,start    ] GC(0) Garbage Collection (Warmup)",
            "[0.377s][info][gc,phases   ] GC(0) Pause Mark Start 0.008ms",
            "[0.403s][info][gc          ] GC(0) Garbage Collection (Warmup) 8M(12%)->8M(12%)",
            "[0.925s][info][gc          ] Allocation Stall (main) 13.177ms",
            "[300.931s][info][gc          ] GC(1) Garbage Collection (Proactive) 64M(10%)->56M(9%)"));

        assertThat(events).containsExactly(
            new GcLog.GcEvent(0, 375, "GC(0) Garbage Collection (Warmup) 8M(12%)->8M(12%)"),
            new GcLog.GcEvent(1, 300_931, "GC(1) Garbage Collection (Proactive) 64M(10%)->56M(9%)"));
    }

    @Test
    void shouldReadOtherDecorations()
    {
        final List<GcLog.GcEvent> events = GcLog.parse(List.of(
            "[2026-11-21T18:15:28.189+0000][info][gc] Using G1",
            "[2026-11-21T18:15:30.001+0000][2.345s][info][gc,start] GC(0) Pause Young (Normal) (G1 Evacuation Pause)",
            "[2401ms][info][gc] GC(1) Pause Full (System.gc()) 20M->5M(64M) 9.588ms",
            "GC(2) a line without decorations is not read",
            "[2026-11-21T18:15:30.001+0000][info][gc] GC(3) no uptime decoration: not read"));

        assertThat(events).containsExactly(
            new GcLog.GcEvent(0, 2345, "GC(0) Pause Young (Normal) (G1 Evacuation Pause)"),
            new GcLog.GcEvent(1, 2401, "GC(1) Pause Full (System.gc()) 20M->5M(64M) 9.588ms"));
    }

    @Test
    void shouldFindNoCollectionsInALogWithoutAny()
    {
        assertThat(GcLog.parse(List.of("[0.005s][info][gc] Using G1", "[0.017s][info][gc,init] CPUs: 2 total"))).isEmpty();
        assertThat(GcLog.parse(List.of())).isEmpty();
    }

    @Test
    void shouldReadUptimeDecorations()
    {
        assertThat(GcLog.uptimeMs("12.345s")).isEqualTo(12_345);
        assertThat(GcLog.uptimeMs("0,500s")).isEqualTo(500);
        assertThat(GcLog.uptimeMs("12345ms")).isEqualTo(12_345);
        assertThat(GcLog.uptimeMs("info")).isNaN();
        assertThat(GcLog.uptimeMs("2026-11-21T18:15:30.001+0000")).isNaN();
    }
}
