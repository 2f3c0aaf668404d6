package dev.localipc.examples.tasks;

/**
 * The kinds of {@link TaskEvent}. Names are the wire values of {@code TaskEvent.type}.
 *
 * <pre>{@code
 * if (event.type() == TaskEventType.TaskCompleted) { done.countDown(); }
 * }</pre>
 */
public enum TaskEventType {
    /** StartNewTask accepted the task. */
    TaskCreated,
    /** The agent began working on it. */
    TaskStarted,
    /** A message was added to the task's history (the agent's streamed output, or a user's message). */
    Message,
    /** The task was interrupted because the server is stopping. */
    TaskPaused,
    /** ResumeTask continued a paused or aborted task. */
    TaskResumed,
    /** The agent finished every step. */
    TaskCompleted,
    /** A client cancelled the task, or the agent gave up. */
    TaskAborted,
    /** The task was closed (its tab, in an IDE). */
    TaskClosed
}
