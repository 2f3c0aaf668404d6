package dev.localipc.examples.tasks;

/**
 * Where a task is in its life. A task is also open or closed ({@link TaskSnapshot#closed()}),
 * independently of its status: closing a task is like closing its tab.
 *
 * <pre>{@code
 * if (snapshot.status().isResumable()) {
 *     runner.resume(snapshot.taskId(), clientId);
 * }
 * }</pre>
 */
public enum TaskStatus {
    /** Accepted, not started yet. */
    CREATED,
    /** The simulated agent streams its messages. */
    RUNNING,
    /** Interrupted: the server stopped while the task ran; ResumeTask continues it. */
    PAUSED,
    /** Every step is done. Final. */
    COMPLETED,
    /** Cancelled by a client, or the agent gave up; ResumeTask continues it. */
    ABORTED;

    /** Whether ResumeTask may continue a task in this status. */
    public boolean isResumable() {
        return this == PAUSED || this == ABORTED;
    }
}
