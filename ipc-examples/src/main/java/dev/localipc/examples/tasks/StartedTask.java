package dev.localipc.examples.tasks;

/**
 * The answer to {@code StartNewTask}.
 *
 * <pre>{@code
 * String taskId = client.request("StartNewTask", new StartNewTask("hi", null, null, null), StartedTask.class)
 *         .get().taskId();
 * }</pre>
 *
 * @param taskId the new task's id
 */
public record StartedTask(String taskId) {
}
