package dev.localipc.core.internal.wire;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The bytes that all connections of one server may hold in frame buffers beyond the
 * {@link FrameReader#STREAMING_CAPACITY} each connection has of its own: what a connection needs
 * to read a large frame. A connection that needs more than is free waits for others to give
 * some back, then gives up (its frame is refused with -32002); connections sending ordinary
 * frames never touch the budget.
 *
 * <pre>{@code
 * InboundBudget budget = new InboundBudget(64L << 20);
 * if (budget.reserve(1 << 20, 2000)) { ...; budget.release(1 << 20); }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class InboundBudget {
    /** No limit: a client reads from one server only. */
    public static final InboundBudget UNLIMITED = new InboundBudget(Long.MAX_VALUE);

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    /** A budget of {@code limit} bytes. */
    public InboundBudget(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("inbound buffer budget " + limit + " must not be negative");
        }
        this.limit = limit;
    }

    /**
     * Takes {@code bytes} from the budget, waiting up to {@code waitMillis} for other connections
     * to give back enough.
     *
     * @return whether the bytes were taken
     * @throws InterruptedIOException if the waiting thread is interrupted
     */
    boolean reserve(long bytes, long waitMillis) throws InterruptedIOException {
        if (tryReserve(bytes)) {
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedIOException("interrupted while waiting for inbound buffer budget");
            }
            if (tryReserve(bytes)) {
                return true;
            }
        }
        return false;
    }

    private boolean tryReserve(long bytes) {
        if (limit == Long.MAX_VALUE) {
            return true;
        }
        while (true) {
            long current = used.get();
            if (current + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    /** Gives back {@code bytes} taken before. */
    void release(long bytes) {
        if (limit != Long.MAX_VALUE && bytes > 0) {
            used.addAndGet(-bytes);
        }
    }

    /** Bytes taken now. */
    public long used() {
        return used.get();
    }

    /** The limit in bytes. */
    public long limit() {
        return limit;
    }
}
