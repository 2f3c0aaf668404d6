package dev.localipc.transport.unix.internal;

import dev.localipc.api.spi.BlockingCalls;
import java.io.IOException;
import java.net.SocketException;

/**
 * Keeps a socket's file descriptor open while a read or write is using it.
 *
 * <p>Why: closing a socket while another thread is about to read releases the descriptor
 * number, the kernel gives that number to the next socket the process opens, and the late
 * read then returns bytes of a different connection (found by ipc-reliability's
 * {@code CloseWhileReadingTest}). So a close first shuts the socket down, which wakes every
 * blocked read and write without releasing the descriptor, waits until no operation is
 * inside, and only then closes; an operation that starts after the close began fails at once.
 *
 * <pre>{@code
 * int n = guard.run(() -> in.read(buffer, 0, buffer.length), "reading from " + path);
 * ...
 * if (guard.startClosing()) { shutdownBothDirections(); guard.awaitIdle(2_000); socket.close(); }
 * }</pre>
 *
 * <p>Thread-safe.
 */
final class DescriptorGuard {
    private final Object lock = new Object();
    private int inside;
    private boolean closing;

    /** Runs {@code call} with the descriptor held open, or fails if the close has begun. */
    <T> T run(BlockingCalls.Call<T> call, String what) throws IOException {
        synchronized (lock) {
            if (closing) {
                throw new SocketException(what + " failed: the connection is closed");
            }
            inside++;
        }
        try {
            return call.run();
        } finally {
            synchronized (lock) {
                if (--inside == 0) {
                    lock.notifyAll();
                }
            }
        }
    }

    /** Marks the close as begun; true for the first caller only. */
    boolean startClosing() {
        synchronized (lock) {
            if (closing) {
                return false;
            }
            closing = true;
            return true;
        }
    }

    /** Waits up to {@code millis} for the operations inside to leave; true if none is left. */
    boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (lock) {
            while (inside > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000L));
            }
            return true;
        }
    }
}
