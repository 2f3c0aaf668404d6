package dev.localipc.transport.windows.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * Lock acquisition for close paths: an interrupt must not make close skip the wait for an
 * operation in flight (freeing its memory early would let the kernel write into freed memory).
 *
 * <pre>{@code
 * if (Locks.tryLockUninterruptibly(direction.lock, 30, TimeUnit.SECONDS)) { ... free ... }
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Locks {
    private Locks() {
    }

    /** Tries to take {@code lock} within the time given, ignoring interrupts meanwhile (the interrupt status is restored). */
    public static boolean tryLockUninterruptibly(Lock lock, long time, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(time);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException interrupt) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
