package dev.localipc.core.internal.connection;

import dev.localipc.api.spi.VirtualThreads;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * One daemon timer thread for the whole JVM: heartbeat ticks, handshake timeouts, session expiry.
 * Tasks must be short and never block (hand blocking work to {@link WorkerThreads}).
 */
public final class SharedScheduler {
    private static final ScheduledExecutorService TIMER = create();

    private SharedScheduler() {
    }

    /** The shared timer. */
    public static ScheduledExecutorService get() {
        return TIMER;
    }

    private static ScheduledExecutorService create() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, VirtualThreads.platformFactory("localipc-timer-"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return timer;
    }
}
