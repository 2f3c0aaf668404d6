package dev.localipc.examples.tasks;

/**
 * The parameters of {@code CancelTask}, {@code CloseTask}, {@code ResumeTask} and {@code GetTask}.
 *
 * <pre>{@code
 * client.request("CancelTask", new TaskIdParams(taskId), TaskSummary.class).get();
 * }</pre>
 *
 * @param taskId the task, as StartNewTask returned it
 */
public record TaskIdParams(String taskId) {
}
