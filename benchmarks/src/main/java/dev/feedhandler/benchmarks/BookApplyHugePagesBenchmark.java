package dev.feedhandler.benchmarks;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link BookApplyBenchmark} with the heap on 2 MB transparent huge pages ({@code -XX:+UseTransparentHugePages}; the
 * kernel's {@code transparent_hugepage/enabled} must be {@code madvise} or {@code always}). With many instruments
 * each update touches a few cache lines on pages nobody touched lately, and on 4 KB pages the TLB misses (a page
 * walk each, nested under a hypervisor) cost more than the update: this pair of benchmarks shows how much, and why
 * {@code scripts/feeder} asks for huge pages.
 */
@Fork(value = 3, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms6g", "-Xmx6g", "-XX:+UseTransparentHugePages"})
public class BookApplyHugePagesBenchmark extends BookApplyBenchmark
{
}
