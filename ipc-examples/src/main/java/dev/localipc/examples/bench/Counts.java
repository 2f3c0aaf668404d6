package dev.localipc.examples.bench;

import java.util.Map;

/**
 * The counts of the workloads, from the same environment variables (and defaults) as the peers
 * in {@code ../shared/bench-peers}, plus W4 and W5 which only we run, and whether each run's
 * costs are printed ({@code BENCH_DIAG=1}, see {@link RunCosts}). Immutable.
 *
 * <pre>{@code
 * Counts counts = Counts.from(System.getenv());   // W1_N=1000 ./localipc bench W1 for a quick run
 * }</pre>
 */
public final class Counts {
    /** The variables read, in the order they are printed. */
    static final String[] NAMES = {
        "W1_WARM", "W1_N", "W2_N", "W2_RUNS", "W3_N", "W3_CLIENTS", "W4_WARM", "W4_N", "W5_CLIENTS",
    };

    final long w1Warm;
    final long w1N;
    final long w2N;
    final int w2Runs;
    final long w3N;
    final int w3Clients;
    final int w4Warm;
    final int w4N;
    final int w5Clients;
    /** Whether W2's runs and W3's broadcasts print what they cost ({@code BENCH_DIAG=1}). */
    final boolean printCosts;

    private Counts(Map<String, String> env) {
        w1Warm = read(env, "W1_WARM", 20_000);
        w1N = atLeastOne(env, "W1_N", 100_000);
        w2N = atLeastOne(env, "W2_N", 1_000_000);
        w2Runs = (int) atLeastOne(env, "W2_RUNS", 3);
        w3N = atLeastOne(env, "W3_N", 100_000);
        w3Clients = (int) atLeastOne(env, "W3_CLIENTS", 10);
        w4Warm = (int) read(env, "W4_WARM", 100);
        w4N = (int) atLeastOne(env, "W4_N", 1_000);
        w5Clients = (int) atLeastOne(env, "W5_CLIENTS", 10_000);
        printCosts = "1".equals(env.get("BENCH_DIAG"));
    }

    /** The counts given by {@code env}, defaults for those not set. */
    public static Counts from(Map<String, String> env) {
        return new Counts(env);
    }

    private static long atLeastOne(Map<String, String> env, String name, long fallback) {
        long value = read(env, name, fallback);
        if (value < 1) {
            throw new IllegalArgumentException(name + "=" + value + " must be at least 1");
        }
        return value;
    }

    private static long read(Map<String, String> env, String name, long fallback) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + "=" + text + " is out of range: give 0 to " + Integer.MAX_VALUE);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + text + " is not a whole number: unset it or give a count", e);
        }
    }
}
