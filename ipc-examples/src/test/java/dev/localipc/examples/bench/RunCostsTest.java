package dev.localipc.examples.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link RunCosts} reads the right counters: work and fresh memory done between two snapshots show up. */
class RunCostsTest {
    private static final Pattern LINE = Pattern.compile("thread CPU (\\d+) ms \\(user (\\d+) ms\\), (\\d+) minor page faults;"
            + " machine user (\\d+) ms, system (\\d+) ms, idle (\\d+) ms");

    @Test
    void cpuTimeAndPageFaultsOfTheThreadAreCounted() {
        assumeTrue(Files.isReadable(Path.of("/proc/thread-self/stat")), "needs Linux's /proc");
        RunCosts start = RunCosts.now();
        burnCpuMillis(60);
        // 16 MiB of fresh native memory, zeroed by allocateDirect: about 4,096 first touches
        ByteBuffer fresh = ByteBuffer.allocateDirect(16 << 20);
        String costs = start.until(RunCosts.now());

        Matcher matcher = LINE.matcher(costs);
        assertTrue(matcher.matches(), costs);
        assertTrue(Long.parseLong(matcher.group(1)) >= 60, "thread CPU: " + costs);
        // with transparent huge pages always on, 16 MiB may take only a few faults of 2 MiB each
        long expectedFaults = hugePagesAlways() ? 1 : 2_000;
        assertTrue(Long.parseLong(matcher.group(3)) >= expectedFaults, "page faults after touching 16 MiB: " + costs);
        assertTrue(Long.parseLong(matcher.group(4)) + Long.parseLong(matcher.group(5)) >= 30, "machine busy time: " + costs);
        assertTrue(fresh.capacity() > 0);
    }

    private static boolean hugePagesAlways() {
        try {
            return Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).contains("[always]");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void burnCpuMillis(long millis) {
        long end = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() + millis * 1_000_000;
        long sink = 0;
        while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                sink += i * (long) i;
            }
        }
        assertTrue(sink != 42);
    }
}
