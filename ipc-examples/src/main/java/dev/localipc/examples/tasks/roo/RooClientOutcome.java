package dev.localipc.examples.tasks.roo;

/**
 * How a {@link RooClientSession} ended, with the exit code issue 16 asks of
 * {@code localipc task --wire node-ipc} (0 completed, 1 aborted, another code otherwise) and
 * that the test kit's clients use.
 *
 * <pre>{@code
 * System.exit(step.outcome().exitCode());
 * }</pre>
 */
public enum RooClientOutcome {
    /** The followed task sent taskCompleted (or, for a queries-only plan, every query was answered). */
    COMPLETED(0),
    /** The followed task sent taskAborted. */
    ABORTED(1),
    /** A frame Roo's client would drop, ignore or crash on arrived (a strict session ends on it). */
    BAD_FRAME(2),
    /** The server closed the connection before the task ended. */
    DISCONNECTED(3),
    /** A query got no answer before the task ended. */
    QUERY_UNANSWERED(5);

    private final int exitCode;

    RooClientOutcome(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code for this outcome. */
    public int exitCode() {
        return exitCode;
    }
}
