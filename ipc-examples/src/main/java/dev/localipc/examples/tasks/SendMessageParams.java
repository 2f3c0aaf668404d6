package dev.localipc.examples.tasks;

/**
 * The parameters of {@code SendMessage}.
 *
 * <pre>{@code
 * client.request("SendMessage", new SendMessageParams(taskId, "use tabs"), TaskSummary.class).get();
 * }</pre>
 *
 * @param taskId the task
 * @param text the user's message
 */
public record SendMessageParams(String taskId, String text) {
}
