package dev.localipc.core.internal.connection;

import dev.localipc.api.spi.VirtualThreads;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that block on connections: one reader per connection, and a shared pool for
 * draining outbound queues and running ordered handlers.
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
    private static final Executor SHARED = create();

    private WorkerThreads() {
    }

    /** The JVM-wide worker executor. Tasks must not assume a particular thread. */
    public static Executor shared() {
        return SHARED;
    }

    /** A factory for connection reader threads named {@code prefix + n}. */
    public static ThreadFactory readers(String prefix) {
        return VIRTUAL ? VirtualThreads.factory(prefix) : VirtualThreads.platformFactory(prefix);
    }

    private static Executor create() {
        if (VIRTUAL) {
            ThreadFactory factory = VirtualThreads.factory("localipc-worker-");
            return task -> factory.newThread(task).start();
        }
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                VirtualThreads.platformFactory("localipc-worker-"));
    }
}
