package dev.localipc.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Platform callers run in place; virtual callers hand the call to a platform thread and park. */
class BlockingCallsTest {

    @Test
    void platformCallerRunsTheCallOnItsOwnThread() throws Exception {
        Thread caller = Thread.currentThread();
        assertFalse(BlockingCalls.onVirtualThread());
        assertSame(caller, BlockingCalls.call(Thread::currentThread, () -> { }, "testing"));
        assertSame(caller, BlockingCalls.callUninterruptibly(Thread::currentThread));
    }

    @Test
    void theCallsOwnIoExceptionComesBackAsItIs() throws Exception {
        IOException failure = new IOException("disk on fire");
        assertSame(failure, assertThrows(IOException.class,
                () -> BlockingCalls.call(() -> { throw failure; }, () -> { }, "testing")));
        AtomicReference<Throwable> fromVirtual = new AtomicReference<>();
        runVirtual(() -> {
            try {
                BlockingCalls.callUninterruptibly(() -> { throw failure; });
            } catch (IOException expected) {
                fromVirtual.set(expected);
            }
        });
        if (VirtualThreads.available()) {
            assertSame(failure, fromVirtual.get());
        }
    }

    @Test
    void virtualCallerRunsTheCallOnAPlatformThread() throws Exception {
        assumeTrue(VirtualThreads.available(), "needs virtual threads (Java 21+)");
        AtomicReference<Boolean> onVirtual = new AtomicReference<>();
        AtomicReference<String> runner = new AtomicReference<>();
        runVirtual(() -> {
            try {
                onVirtual.set(BlockingCalls.onVirtualThread());
                runner.set(BlockingCalls.call(() -> Thread.currentThread().getName(), () -> { }, "testing"));
            } catch (IOException unexpected) {
                throw new AssertionError(unexpected);
            }
        });
        assertTrue(onVirtual.get());
        assertTrue(runner.get().startsWith("localipc-blocking-"), runner.get());
    }

    @Test
    void interruptingAVirtualCallerClosesTheResource() throws Exception {
        assumeTrue(VirtualThreads.available(), "needs virtual threads (Java 21+)");
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = VirtualThreads.factory("caller-").newThread(() -> {
            try {
                BlockingCalls.call(() -> {
                    blocked.countDown();
                    try {
                        closed.await(1, TimeUnit.MINUTES);
                    } catch (InterruptedException unexpected) {
                        throw new AssertionError(unexpected);
                    }
                    return null;
                }, closed::countDown, "reading from /tmp/x.sock");
            } catch (Throwable expected) {
                thrown.set(expected);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        assertTrue(blocked.await(1, TimeUnit.MINUTES));
        caller.interrupt();
        caller.join(TimeUnit.MINUTES.toMillis(1));
        assertEquals(0, closed.getCount(), "the resource was closed");
        assertTrue(thrown.get() instanceof InterruptedIOException, String.valueOf(thrown.get()));
        assertEquals("reading from /tmp/x.sock was interrupted; the socket was closed", thrown.get().getMessage());
        assertTrue(stillInterrupted.get(), "the interrupt status is kept");
    }

    @Test
    void uninterruptibleCallFinishesAndKeepsTheInterrupt() throws Exception {
        assumeTrue(VirtualThreads.available(), "needs virtual threads (Java 21+)");
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> result = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = VirtualThreads.factory("caller-").newThread(() -> {
            try {
                result.set(BlockingCalls.callUninterruptibly(() -> {
                    blocked.countDown();
                    try {
                        release.await(1, TimeUnit.MINUTES);
                    } catch (InterruptedException unexpected) {
                        throw new AssertionError(unexpected);
                    }
                    return "done";
                }));
            } catch (IOException unexpected) {
                throw new AssertionError(unexpected);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertTrue(blocked.await(1, TimeUnit.MINUTES));
        caller.interrupt();
        release.countDown();
        caller.join(TimeUnit.MINUTES.toMillis(1));
        assertEquals("done", result.get());
        assertTrue(stillInterrupted.get(), "the interrupt status is restored");
    }

    private static void runVirtual(Runnable task) throws InterruptedException {
        if (!VirtualThreads.available()) {
            return;
        }
        Thread thread = VirtualThreads.factory("test-").newThread(task);
        thread.start();
        thread.join(TimeUnit.MINUTES.toMillis(1));
        assertFalse(thread.isAlive(), "the virtual thread finished");
    }
}
