package dev.localipc.examples.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory this JVM uses: heap after a full GC, and the resident set size from
 * {@code /proc/self/status} (VmRSS; -1 where there is no /proc).
 *
 * <pre>{@code
 * double heapMib = MemoryUse.heapAfterGcMib();
 * }</pre>
 */
final class MemoryUse {
    private MemoryUse() {
    }

    static double heapAfterGcMib() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    static double rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kib = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kib) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot read VmRSS from /proc/self/status: " + e);
        }
        return -1;
    }
}
