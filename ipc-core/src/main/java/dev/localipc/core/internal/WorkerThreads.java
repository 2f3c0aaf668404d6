package dev.localipc.core.internal;

import dev.localipc.api.spi.VirtualThreads;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executor for short-lived connection work (draining an outbound queue, running handlers in
 * order): a new virtual thread per task on Java 21+, otherwise a cached pool of daemon platform
 * threads (creating a platform thread per burst would cost more than the burst).
 */
public final class WorkerThreads {
    private static final Executor SHARED = create();

    private WorkerThreads() {
    }

    /** The JVM-wide worker executor. Tasks must not assume a particular thread. */
    public static Executor shared() {
        return SHARED;
    }

    private static Executor create() {
        if (VirtualThreads.available()) {
            java.util.concurrent.ThreadFactory factory = VirtualThreads.factory("localipc-worker-");
            return task -> factory.newThread(task).start();
        }
        ExecutorService pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), VirtualThreads.platformFactory("localipc-worker-"));
        return pool;
    }
}
