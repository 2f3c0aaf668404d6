package dev.localipc.core.internal.connection;

import dev.localipc.api.spi.VirtualThreads;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that block on connections: one reader per connection, and a shared pool for
 * draining outbound queues and running ordered handlers.
 *
 * <p>A server's readers come from a pool of its own ({@link #readerPool}): a peer that opens and
 * closes connections as fast as it can (issue 13's torn frames, about 4,000 a second) would
 * otherwise make the server create and destroy a thread for each, which took most of the CPU the
 * accept loop and the good clients needed. A reader thread that finished its connection waits
 * {@value #READER_KEEP_ALIVE_SECONDS} s for the next one.
 *
 * <p>They are daemon platform threads by default. Virtual threads (Java 21+) are used only when
 * {@code -Dlocalipc.virtualThreads=true} ({@link VirtualThreads#requested()}): a blocking socket read on a virtual thread goes
 * through the transport's poller (junixsocket's parks the thread until the socket is ready),
 * which adds a hand-off to every message, and we saw readers under load that were never woken
 * again on a two-core machine. Platform threads cost memory per connection (about one stack
 * each) but give the lowest latency and no such risk.
 */
public final class WorkerThreads {
    private static final boolean VIRTUAL = VirtualThreads.requested();
    private static final Executor SHARED = cachedPool("localipc-worker-", 30);

    private WorkerThreads() {
    }

    /** The JVM-wide worker executor. Tasks must not assume a particular thread. */
    public static Executor shared() {
        return SHARED;
    }

    static final int READER_KEEP_ALIVE_SECONDS = 5;

    /** A reader thread of its own for each connection, named {@code prefix + n} (a client has one connection at a time). */
    public static Executor readerPerConnection(String prefix) {
        ThreadFactory factory = threads(prefix);
        return task -> factory.newThread(task).start();
    }

    /**
     * Reader threads named {@code prefix + n} for a server's connections: platform threads are
     * kept {@value #READER_KEEP_ALIVE_SECONDS} s after their connection ends, for the next one;
     * virtual threads are not kept (they cost nothing to start). {@code shutdown()} lets the idle
     * ones go at once.
     */
    public static ExecutorService readerPool(String prefix) {
        return cachedPool(prefix, READER_KEEP_ALIVE_SECONDS);
    }

    /** Virtual threads if requested, else daemon platform threads, named {@code prefix + n}. */
    private static ThreadFactory threads(String prefix) {
        return VIRTUAL ? VirtualThreads.factory(prefix) : VirtualThreads.platformFactory(prefix);
    }

    /** A thread per task, a platform thread kept {@code keepAliveSeconds} for the next task (a virtual one is not kept). */
    private static ExecutorService cachedPool(String prefix, int keepAliveSeconds) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, VIRTUAL ? 0 : keepAliveSeconds, TimeUnit.SECONDS,
                new SynchronousQueue<>(), threads(prefix));
    }
}
