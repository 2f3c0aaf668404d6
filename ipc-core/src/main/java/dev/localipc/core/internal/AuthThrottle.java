package dev.localipc.core.internal;

/**
 * Slows down repeated authentication failures: the first failure in a quiet period is answered at
 * once, then each further one waits 50 ms longer, up to one second. Only the failing
 * connection's own thread waits, so good clients are not slowed. Thread-safe.
 */
final class AuthThrottle {
    private static final long QUIET_NANOS = 10_000_000_000L;
    private static final long STEP_MILLIS = 50;
    private static final long MAX_MILLIS = 1000;

    private long lastFailure;
    private int failures;

    /** Records a failure and returns how long to wait before answering it. */
    synchronized long failureDelayMillis() {
        long now = System.nanoTime();
        if (failures > 0 && now - lastFailure > QUIET_NANOS) {
            failures = 0;
        }
        lastFailure = now;
        return Math.min(MAX_MILLIS, STEP_MILLIS * failures++);
    }
}
