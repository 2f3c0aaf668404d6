package dev.localipc.core.internal.connection;

import dev.localipc.core.internal.wire.PendingCall;
import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The future of one outgoing request. Cancelling it forgets the request (a late response is
 * logged and dropped). Blocking on it from the reader thread of its own connection would
 * deadlock, so {@link #get()} and {@link #join()} throw there instead.
 */
final class CallFuture<T> extends CompletableFuture<T> implements PendingCall {
    final Connection link;
    final long id;
    final String method;
    final Type resultType;
    final long deadlineNanos;
    /** Runs with the result on the reader thread before the future completes; null if none. */
    private final Consumer<T> onReader;

    CallFuture(Connection link, long id, String method, Type resultType, long deadlineNanos, Consumer<T> onReader) {
        this.link = link;
        this.id = id;
        this.method = method;
        this.resultType = resultType;
        this.deadlineNanos = deadlineNanos;
        this.onReader = onReader;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public Type resultType() {
        return resultType;
    }

    /** Completes with the answer's result (already bound to {@link #resultType}), on the reader thread. */
    @SuppressWarnings("unchecked")
    void succeed(Object result) {
        T value = (T) result;
        if (onReader != null) {
            try {
                onReader.accept(value);
            } catch (RuntimeException e) {
                completeExceptionally(e);
                return;
            }
        }
        complete(value);
    }

    /** Fails with the answer's error. */
    void fail(Throwable error) {
        completeExceptionally(error);
    }

    /** The connection the request went out on. */
    Connection connection() {
        return link;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        link.forget(id);
        return super.cancel(mayInterruptIfRunning);
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        checkNotReaderThread();
        spinBriefly();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        checkNotReaderThread();
        spinBriefly();
        return super.get(timeout, unit);
    }

    @Override
    public T join() {
        checkNotReaderThread();
        spinBriefly();
        return super.join();
    }

    /**
     * With {@code -Dlocalipc.spinWait=true}: a local round trip takes tens of microseconds, and
     * waiting that long without parking saves the wake-up of a parked thread. Off by default: on a
     * busy two-core machine the spinning thread takes the core the reader needs (measured: p50
     * and p90 worse).
     */
    private void spinBriefly() {
        if (!SPIN || isDone()) {
            return;
        }
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (!isDone() && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
    }

    private static final boolean SPIN = Runtime.getRuntime().availableProcessors() > 1
            && Boolean.getBoolean("localipc.spinWait");
    private static final long SPIN_NANOS = 50_000;

    private void checkNotReaderThread() {
        if (!isDone() && link.isReaderThread()) {
            throw new IllegalStateException("waiting for the response to " + method + " on the reader thread of "
                    + link.peerName() + " would deadlock: the response can only be read by this thread."
                    + " Use thenAccept/whenComplete instead, or choose HandlerThreading.ORDERED_WORKER");
        }
    }
}
