package dev.localipc.examples.tasks;

import dev.localipc.examples.json.Nullable;

/**
 * A task lifecycle event, sent to every client as the notification {@code TaskEvent} and
 * published on topic {@code tasks}. JSON schema: {@code docs/schema/tasks.event.json}.
 *
 * <pre>{@code
 * client = IpcClient.builder(Endpoint.of("localipc", "tasks"))
 *         .onNotification("TaskEvent", TaskEvent.class, (ctx, event) -> System.out.println(event))
 *         .connect();
 * }</pre>
 *
 * @param type what happened
 * @param taskId the task it happened to
 * @param timestamp epoch milliseconds
 * @param status the task's status after the event
 * @param message the new message, for {@link TaskEventType#Message} only
 * @param reason why, for {@code TaskAborted}, {@code TaskPaused}, {@code TaskResumed} and {@code TaskClosed}
 */
public record TaskEvent(TaskEventType type, String taskId, long timestamp, TaskStatus status, @Nullable TaskMessage message,
                        @Nullable String reason) {
}
