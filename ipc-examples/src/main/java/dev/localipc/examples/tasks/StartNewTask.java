package dev.localipc.examples.tasks;

import com.google.gson.JsonObject;
import dev.localipc.examples.json.Nullable;
import java.util.List;

/**
 * The parameters of the {@code StartNewTask} request. Only {@code text} is required.
 * The task runner reads three keys of {@code configuration}: {@code steps} (1..1000, how many
 * messages the agent streams), {@code stepMs} (10..60000, the pause between them) and
 * {@code abortAtStep} (the agent gives up at that step); every other key is kept as given.
 *
 * <pre>{@code
 * String taskId = client.request("StartNewTask",
 *         new StartNewTask("Refactor this function", List.of(), null, false), String.class).get();
 * }</pre>
 *
 * @param text what the task should do
 * @param images optional image data (for example data URIs); kept with the task
 * @param configuration optional settings
 * @param newTab whether a UI should open the task in a new tab; kept with the task
 */
public record StartNewTask(String text, @Nullable List<String> images, @Nullable JsonObject configuration,
                           @Nullable Boolean newTab) {
}
