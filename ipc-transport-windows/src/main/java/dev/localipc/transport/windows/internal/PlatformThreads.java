package dev.localipc.transport.windows.internal;

import dev.localipc.api.spi.VirtualThreads;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs blocking native calls on platform threads. A virtual thread blocked in a native call
 * (WaitForMultipleObjects through JNA) pins its carrier thread: a few connections waiting for
 * data would take every carrier and stall all virtual threads of the JVM. ImpersonateNamedPipeClient
 * and RevertToSelf must also run on one OS thread. So when the caller is a virtual thread, the
 * call runs on a cached daemon platform thread while the virtual thread parks (which frees its
 * carrier); a platform caller runs it directly.
 *
 * <pre>{@code
 * int signaled = PlatformThreads.call(() -> api.waitForMultipleObjects(events, false, INFINITE));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class PlatformThreads {
    private static final MethodHandle IS_VIRTUAL = findIsVirtual();
    private static final ExecutorService POOL =
            Executors.newCachedThreadPool(VirtualThreads.platformFactory("localipc-pipe-wait-"));

    private PlatformThreads() {
    }

    /** A native call that may fail with an exception. */
    @FunctionalInterface
    public interface NativeCall<T> {
        /** Makes the call. */
        T call() throws IOException;
    }

    /**
     * Runs {@code work} on a platform thread and returns its result. Waits uninterruptibly (the
     * native call cannot be interrupted; callers unblock it with an event) and restores the
     * interrupt status afterwards.
     */
    public static <T> T call(NativeCall<T> work) throws IOException {
        if (!onVirtualThread()) {
            return work.call();
        }
        Callable<T> task = work::call;
        Future<T> result = POOL.submit(task);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException interrupt) {
                    interrupted = true;
                } catch (ExecutionException failed) {
                    Throwable cause = failed.getCause();
                    if (cause instanceof IOException) {
                        throw (IOException) cause;
                    }
                    if (cause instanceof RuntimeException) {
                        throw (RuntimeException) cause;
                    }
                    if (cause instanceof Error) {
                        throw (Error) cause;
                    }
                    throw new IOException("a native call failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the calling thread is a virtual thread (always false before Java 21). */
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

    private static MethodHandle findIsVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException notJava21) {
            return null;
        }
    }
}
