package dev.localipc.api.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a transport's blocking native calls, when they come from a virtual thread, on a pooled
 * daemon platform thread while the virtual thread parks and frees its carrier. Calls from
 * platform threads run directly, so on Java 17-20 this costs nothing.
 *
 * <p>Why: a virtual thread that blocks inside native code (a JNA call such as
 * WaitForMultipleObjects, or junixsocket's socket calls, which on virtual threads go through a
 * small poller pool) either pins its carrier or holds a poller thread: a handful of idle
 * connections would stall every other virtual thread of the JVM. A platform thread blocks in
 * the kernel instead, which costs a thread per waiting call but never starves anyone. Calls
 * that must stay on one OS thread (ImpersonateNamedPipeClient then RevertToSelf) also belong
 * in one {@code call}.
 *
 * <p>Two ways to wait:
 * <ul>
 *   <li>{@link #call(Call, Closeable, String)}: interruptible. If the waiting virtual thread is
 *       interrupted, the given resource is closed (which unblocks the native call, as
 *       junixsocket does for an interrupted platform thread) and {@link InterruptedIOException}
 *       is thrown.</li>
 *   <li>{@link #callUninterruptibly(Call)}: for calls that cannot be unblocked by closing
 *       something (the caller signals an event instead). Waits to the end and restores the
 *       interrupt status afterwards.</li>
 * </ul>
 *
 * <pre>{@code
 * int n = BlockingCalls.call(() -> in.read(buffer, 0, buffer.length), socket, "reading from " + path);
 * int signaled = BlockingCalls.callUninterruptibly(() -> api.waitForMultipleObjects(events, false, INFINITE));
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may call at once; each waiting call holds one pooled
 * platform thread (idle ones are released after a minute).
 */
public final class BlockingCalls {
    private static final MethodHandle IS_VIRTUAL = findIsVirtual();
    private static final ExecutorService PLATFORM_THREADS =
            Executors.newCachedThreadPool(VirtualThreads.platformFactory("localipc-blocking-"));

    private BlockingCalls() {
    }

    /**
     * A blocking native call that may fail with an {@link IOException}.
     *
     * @param <T> what the call returns
     */
    @FunctionalInterface
    public interface Call<T> {
        /**
         * Makes the call.
         *
         * @return what the call returns
         * @throws IOException if the call fails
         */
        T run() throws IOException;
    }

    /**
     * Runs {@code call} here on a platform thread, or on a pooled platform thread when the
     * current thread is virtual. If the waiting virtual thread is interrupted, {@code resource}
     * is closed and {@link InterruptedIOException} is thrown (with the interrupt status kept; a
     * failure to close is attached to it as a suppressed exception).
     *
     * @param <T> what the call returns
     * @param call the blocking call
     * @param resource what to close when the waiting virtual thread is interrupted
     * @param what names the operation in error messages, e.g. {@code "reading from /run/x.sock"}
     * @return what the call returned
     * @throws InterruptedIOException if the waiting virtual thread was interrupted
     * @throws IOException if the call fails
     */
    public static <T> T call(Call<T> call, Closeable resource, String what) throws IOException {
        if (!onVirtualThread()) {
            return call.run();
        }
        Future<T> future = PLATFORM_THREADS.submit(call::run);
        try {
            return future.get();
        } catch (ExecutionException failed) {
            throw unwrap(failed, what);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            InterruptedIOException stopped = new InterruptedIOException(what + " was interrupted; the socket was closed");
            stopped.initCause(interrupted);
            try {
                resource.close();
            } catch (IOException closeFailure) {
                stopped.addSuppressed(closeFailure);
            }
            throw stopped;
        }
    }

    /**
     * Runs {@code call} here on a platform thread, or on a pooled platform thread when the
     * current thread is virtual, waiting uninterruptibly (the native call cannot be interrupted;
     * callers unblock it another way) and restoring the interrupt status afterwards.
     *
     * @param <T> what the call returns
     * @param call the blocking call
     * @return what the call returned
     * @throws IOException if the call fails
     */
    public static <T> T callUninterruptibly(Call<T> call) throws IOException {
        if (!onVirtualThread()) {
            return call.run();
        }
        Future<T> future = PLATFORM_THREADS.submit(call::run);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException interrupt) {
                    interrupted = true;
                } catch (ExecutionException failed) {
                    throw unwrap(failed, "a native call");
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@return whether the calling thread is a virtual thread (always false before Java 21)} */

    public static boolean onVirtualThread() {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
        } catch (Throwable unexpected) {
            throw new IllegalStateException("Thread.isVirtual() failed", unexpected);
        }
    }

    /** Rethrows the call's own exception; anything else (not possible for a {@link Call}) is wrapped. */
    private static IOException unwrap(ExecutionException failed, String what) {
        Throwable cause = failed.getCause();
        if (cause instanceof IOException) {
            return (IOException) cause;
        }
        if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        return new IOException(what + " failed: " + cause, cause);
    }

    private static MethodHandle findIsVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException beforeJava21) {
            return null;
        }
    }
}
