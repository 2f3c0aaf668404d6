package dev.localipc.examples.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a stretch of a run cost: the calling thread's CPU time (all, and user) and minor page
 * faults, and the whole machine's user, system and idle time. Printed per run when the
 * environment has {@code BENCH_DIAG=1} ({@link Counts#printCosts}), to tell a run that was slow
 * because the code did more work from one where the kernel or the scheduler took the time (see
 * docs/PERFORMANCE.md).
 *
 * <pre>{@code
 * RunCosts start = RunCosts.now();
 * ... the run, on this thread ...
 * out.println("W2 run 2 caller: " + start.until(RunCosts.now()));
 * }</pre>
 *
 * <p>Page faults and machine times come from Linux's {@code /proc}; where it cannot be read the
 * reason goes to standard error and the figure reads "?". Immutable; {@link #now()} measures the calling thread.
 */
final class RunCosts {
    /** {@code /proc/stat} counts in USER_HZ ticks, 100 per second on Linux. */
    private static final long MILLIS_PER_TICK = 10;

    private final long threadUserNanos;
    private final long threadCpuNanos;
    private final long threadMinorFaults;
    private final long[] machineTicks;

    private RunCosts(long threadUserNanos, long threadCpuNanos, long threadMinorFaults, long[] machineTicks) {
        this.threadUserNanos = threadUserNanos;
        this.threadCpuNanos = threadCpuNanos;
        this.threadMinorFaults = threadMinorFaults;
        this.machineTicks = machineTicks;
    }

    /** The calling thread's and the machine's counters now. */
    static RunCosts now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return new RunCosts(threads.getCurrentThreadUserTime(), threads.getCurrentThreadCpuTime(), minorFaults(),
                machineTicks());
    }

    /** The costs from this snapshot to {@code end} (taken later on the same thread), in words. */
    String until(RunCosts end) {
        // user time is counted in scheduler ticks, CPU time more finely: their difference is not
        // the system time to better than 10 ms, so both are printed as they are
        long cpuMillis = (end.threadCpuNanos - threadCpuNanos) / 1_000_000;
        long userMillis = (end.threadUserNanos - threadUserNanos) / 1_000_000;
        return String.format(Locale.ROOT, "thread CPU %d ms (user %d ms), %s minor page faults;"
                        + " machine user %s ms, system %s ms, idle %s ms",
                cpuMillis, userMillis, difference(threadMinorFaults, end.threadMinorFaults, 1),
                difference(machineTicks[0], end.machineTicks[0], MILLIS_PER_TICK),
                difference(machineTicks[1], end.machineTicks[1], MILLIS_PER_TICK),
                difference(machineTicks[2], end.machineTicks[2], MILLIS_PER_TICK));
    }

    private static String difference(long start, long end, long scale) {
        return start < 0 || end < 0 ? "?" : Long.toString((end - start) * scale);
    }

    /** Field 10 (minflt) of {@code /proc/thread-self/stat}, or -1. */
    private static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // the fields after the command name, which is in parentheses and may hold spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[7]);
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot read this thread's page faults from /proc/thread-self/stat: " + e);
            return -1;
        }
    }

    /** The machine's user (with nice), system (with irq and softirq) and idle (with iowait) ticks, or -1s. */
    private static long[] machineTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long user = Long.parseLong(fields[1]) + Long.parseLong(fields[2]);
            long system = Long.parseLong(fields[3]) + Long.parseLong(fields[6]) + Long.parseLong(fields[7]);
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {user, system, idle};
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot read the machine's CPU times from /proc/stat: " + e);
            return new long[] {-1, -1, -1};
        }
    }
}
