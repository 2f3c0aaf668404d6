package dev.localipc.transport.unix.internal;

import dev.localipc.api.spi.VirtualThreads;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs junixsocket's blocking calls (accept, connect, read, write) that come from a virtual
 * thread on a platform thread, while the virtual thread parks and frees its carrier.
 *
 * <p>Why: junixsocket 2.11.1 serves blocking calls of virtual threads with a naive poller, a
 * work-stealing pool of one thread per CPU in which each waiting socket holds a thread until it
 * is ready. With as many idle connections as CPUs, every other socket operation of every
 * virtual thread starves (reproduced on 2 CPUs: the third idle reader stops all accepts). On a
 * platform thread junixsocket blocks in the kernel instead, which costs a thread per waiting
 * call but never starves anyone. Calls from platform threads run directly.
 *
 * <pre>{@code
 * int n = BlockingIo.call(() -> in.read(buffer, 0, buffer.length), socket, "reading from " + path);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class BlockingIo {
    private static final Logger LOG = LoggerFactory.getLogger(BlockingIo.class);
    private static final MethodHandle IS_VIRTUAL = findIsVirtual();
    private static final ExecutorService PLATFORM_THREADS =
            Executors.newCachedThreadPool(VirtualThreads.platformFactory("localipc-unix-io-"));

    private BlockingIo() {
    }

    /** A blocking socket operation. */
    @FunctionalInterface
    public interface Call<T> {
        /** Performs the operation. */
        T run() throws IOException;
    }

    /**
     * Runs {@code call} here on a platform thread, or on a pooled platform thread when the
     * current thread is virtual. If the waiting virtual thread is interrupted, {@code socket} is
     * closed (as junixsocket does for an interrupted platform thread) and
     * {@link InterruptedIOException} is thrown.
     */
    public static <T> T call(Call<T> call, Closeable socket, String what) throws IOException {
        if (!isVirtual(Thread.currentThread())) {
            return call.run();
        }
        Future<T> future = PLATFORM_THREADS.submit(call::run);
        try {
            return future.get();
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
            throw new IOException(what + " failed: " + cause, cause);
        } catch (InterruptedException interrupted) {
            try {
                socket.close();
            } catch (IOException closeFailure) {
                LOG.debug("closing the socket after an interrupt while {} failed", what, closeFailure);
            }
            Thread.currentThread().interrupt();
            InterruptedIOException stopped = new InterruptedIOException(what + " was interrupted; the socket was closed");
            stopped.initCause(interrupted);
            throw stopped;
        }
    }

    /** Whether {@code thread} is a virtual thread (never on Java 17-20). */
    static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable unexpected) {
            throw new IllegalStateException("Thread.isVirtual() failed", unexpected);
        }
    }

    private static MethodHandle findIsVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException beforeJava21) {
            return null;
        }
    }
}
