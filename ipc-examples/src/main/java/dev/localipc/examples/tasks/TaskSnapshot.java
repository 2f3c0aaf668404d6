package dev.localipc.examples.tasks;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * Everything about one task: what {@code GetTask} answers and what the task's file in the data
 * directory holds ({@code <taskId>.json}). JSON schema: {@code docs/schema/tasks.task.json}.
 *
 * <pre>{@code
 * TaskSnapshot task = client.request("GetTask", Map.of("taskId", id), TaskSnapshot.class).get();
 * task.messages().forEach(m -> System.out.println(m.text()));
 * }</pre>
 *
 * @param formatVersion the file format, {@value TaskStore#FORMAT_VERSION}
 * @param taskId the task's id (a UUID)
 * @param text what the task should do
 * @param images image data given with the task
 * @param configuration the configuration given with the task
 * @param newTab the {@code newTab} flag given with the task
 * @param status where the task is
 * @param closed whether the task was closed
 * @param steps how many steps the agent takes
 * @param stepMs milliseconds between steps
 * @param abortAtStep the step at which the agent gives up (once), or 0
 * @param progress how many steps are done
 * @param reason why the status last changed, in words
 * @param createdBy the client id that started the task
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds
 * @param messages the task's history, oldest first
 */
public record TaskSnapshot(int formatVersion, String taskId, String text, List<String> images, JsonObject configuration,
                           boolean newTab, TaskStatus status, boolean closed, int steps, long stepMs, int abortAtStep,
                           int progress, String reason, String createdBy, long createdAt, long updatedAt,
                           List<TaskMessage> messages) {
    /** Copies the lists so the snapshot stays immutable. */
    public TaskSnapshot {
        images = images == null ? List.of() : List.copyOf(images);
        configuration = configuration == null ? new JsonObject() : configuration.deepCopy();
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /** A copy of the configuration (JsonObject is mutable). */
    @Override
    public JsonObject configuration() {
        return configuration.deepCopy();
    }

    /** The task without its history, as {@code GetTasks} lists it. */
    public TaskSummary summary() {
        return new TaskSummary(taskId, text, status, closed, progress, steps, messages.size(), updatedAt);
    }
}
