package dev.localipc.examples.tasks;

/**
 * One line of {@code GetTasks}: a task without its history.
 *
 * <pre>{@code
 * TaskSummary[] tasks = client.request("GetTasks", null, TaskSummary[].class).get();
 * }</pre>
 *
 * @param taskId the task's id
 * @param text what the task should do
 * @param status where the task is
 * @param closed whether the task was closed
 * @param progress steps done
 * @param steps steps in all
 * @param messageCount how many messages the history holds
 * @param updatedAt epoch milliseconds of the last change
 */
public record TaskSummary(String taskId, String text, TaskStatus status, boolean closed, int progress, int steps,
                          int messageCount, long updatedAt) {
}
