package dev.localipc.examples.tasks;

/**
 * A task command that cannot be carried out: the task does not exist, or its status does not
 * allow the command. The IPC server answers it as an application error with {@link #code()}.
 *
 * <pre>{@code
 * try {
 *     runner.cancel(taskId, clientId);
 * } catch (TaskException e) {
 *     System.err.println(e.code() + " " + e.getMessage());
 * }
 * }</pre>
 */
public final class TaskException extends Exception {
    /** No task has the given id. */
    public static final int UNKNOWN_TASK = 2001;
    /** The task's status does not allow the command. */
    public static final int NOT_ALLOWED = 2002;
    /** The task's file could not be read or written. */
    public static final int STORAGE = 2003;

    private static final long serialVersionUID = 1L;

    private final int code;

    TaskException(int code, String message) {
        super(message);
        this.code = code;
    }

    TaskException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The application error code: {@link #UNKNOWN_TASK}, {@link #NOT_ALLOWED} or {@link #STORAGE}. */
    public int code() {
        return code;
    }
}
