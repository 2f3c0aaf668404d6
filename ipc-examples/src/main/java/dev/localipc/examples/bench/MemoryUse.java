package dev.localipc.examples.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory this JVM uses: heap after a full GC, and the resident set size from
 * {@code /proc/self/status} (VmRSS; -1 where there is no /proc); and its limit on open files.
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

    /** The soft limit on open files of this process from {@code /proc/self/limits}, or -1 if unknown or unlimited. */
    static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot read the open files limit from /proc/self/limits: " + e);
        }
        return -1;
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
