package dev.localipc.core;

/**
 * Whether the long versions of the reliability tests run: {@code -Preliability-long} (or
 * {@code -Dlocalipc.reliability.long=true}) turns them on; the normal build runs the short,
 * CI-bounded versions. See docs/RELIABILITY.md.
 */
final class LongRun {
    private LongRun() {
    }

    static boolean enabled() {
        return Boolean.getBoolean("localipc.reliability.long");
    }

    /** {@code shortValue} in the normal build, {@code longValue} in the long run. */
    static int pick(int shortValue, int longValue) {
        return enabled() ? longValue : shortValue;
    }

    /** Prints one figure for docs/RELIABILITY.md, prefixed so it is easy to find in the build log. */
    static void report(String test, String figures) {
        System.out.println("[reliability] " + test + (enabled() ? " (long)" : " (short)") + ": " + figures);
    }
}
