package dev.localipc.examples.bench;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a set of durations, as the peers compute them.
 *
 * <pre>{@code
 * Percentiles p = Percentiles.of(rttNanos);   // sorts a copy
 * double p50 = p.micros(50);
 * }</pre>
 */
final class Percentiles {
    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    static Percentiles of(long[] nanos) {
        long[] copy = nanos.clone();
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    /** The {@code p}-th percentile (nearest rank) in microseconds, one decimal. */
    double micros(double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return Math.round(sorted[Math.max(index, 0)] / 100.0) / 10.0;
    }
}
