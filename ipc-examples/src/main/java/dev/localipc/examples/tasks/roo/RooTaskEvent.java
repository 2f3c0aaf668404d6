package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.localipc.examples.json.Nullable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Roo task event: the {@code data} of an {@link IpcMessage} of type TaskEvent. On the wire:
 * {@code {"eventName":"taskStarted","payload":["84d78c42-…"]}}. The payload is the event's
 * positional arguments, a tuple of exactly the length and element types its name takes
 * ({@link RooEventName}); every instance has been checked against it, so each one is an event
 * Roo's client accepts.
 *
 * <pre>{@code
 * RooTaskEvent started = RooTaskEvent.taskStarted(taskId);
 * RooTaskEvent done = RooTaskEvent.taskCompleted(taskId, usage, ToolUsage.none(), false);
 * server.broadcast(IpcMessage.taskEvent(done).toJson());
 * }</pre>
 *
 * @param name the event
 * @param payload the tuple (a copy is returned), or null for evalPass / evalFail
 * @param taskId the optional numeric task id of Roo's schema (the evals' id; required for evalPass / evalFail), or null
 */
public record RooTaskEvent(RooEventName name, @Nullable JsonArray payload, @Nullable Long taskId) {
    /**
     * Checks the payload against the name's tuple and copies it.
     *
     * @throws IllegalArgumentException with the {@link RooSchemaException}'s message if it does not fit
     */
    public RooTaskEvent {
        Objects.requireNonNull(name, "name");
        try {
            name.shape().check(name.wire(), payload, "payload");
        } catch (RooSchemaException invalid) {
            throw new IllegalArgumentException("not a " + name.wire() + " event Roo's client accepts: " + invalid.getMessage(), invalid);
        }
        if (name.shape() == PayloadShape.NONE && taskId == null) {
            throw new IllegalArgumentException(name.wire() + " needs a numeric taskId");
        }
        payload = payload == null ? null : payload.deepCopy();
    }

    @Override
    public @Nullable JsonArray payload() {
        return payload == null ? null : payload.deepCopy();
    }

    private static RooTaskEvent of(RooEventName name, JsonElement... elements) {
        JsonArray payload = new JsonArray();
        for (JsonElement element : elements) {
            payload.add(element);
        }
        return new RooTaskEvent(name, payload, null);
    }

    private static JsonElement string(String value) {
        return new JsonPrimitive(Objects.requireNonNull(value, "task id"));
    }

    /**
     * An event whose payload is just {@code [taskId]}: TASK_CREATED, TASK_STARTED, TASK_ABORTED,
     * TASK_RESUMABLE, TASK_PAUSED...
     *
     * @throws IllegalArgumentException if {@code name} takes another payload
     */
    public static RooTaskEvent forTask(RooEventName name, String taskId) {
        if (name.shape() != PayloadShape.TASK_ID) {
            throw new IllegalArgumentException(name.wire() + " does not take [taskId]");
        }
        return of(name, string(taskId));
    }

    /** {@code taskCreated [taskId]}. */
    public static RooTaskEvent taskCreated(String taskId) {
        return forTask(RooEventName.TASK_CREATED, taskId);
    }

    /** {@code taskStarted [taskId]}. */
    public static RooTaskEvent taskStarted(String taskId) {
        return forTask(RooEventName.TASK_STARTED, taskId);
    }

    /** {@code taskAborted [taskId]}. */
    public static RooTaskEvent taskAborted(String taskId) {
        return forTask(RooEventName.TASK_ABORTED, taskId);
    }

    /** {@code message [{taskId, action, message}]}. */
    public static RooTaskEvent message(MessagePayload message) {
        return of(RooEventName.MESSAGE, message.toJson());
    }

    /** {@code taskTokenUsageUpdated [taskId, usage, tools]}. */
    public static RooTaskEvent taskTokenUsageUpdated(String taskId, TokenUsage usage, ToolUsage tools) {
        return of(RooEventName.TASK_TOKEN_USAGE_UPDATED, string(taskId), usage.toJson(), tools.toJson());
    }

    /** {@code taskCompleted [taskId, usage, tools, {isSubtask}]}: four elements. */
    public static RooTaskEvent taskCompleted(String taskId, TokenUsage usage, ToolUsage tools, boolean isSubtask) {
        JsonObject subtask = new JsonObject();
        subtask.addProperty("isSubtask", isSubtask);
        return of(RooEventName.TASK_COMPLETED, string(taskId), usage.toJson(), tools.toJson(), subtask);
    }

    /** {@code taskToolFailed [taskId, tool, error]}. */
    public static RooTaskEvent taskToolFailed(String taskId, ToolName tool, String error) {
        return of(RooEventName.TASK_TOOL_FAILED, string(taskId), string(tool.wire()), string(error));
    }

    /** {@code commandsResponse [[command...]]}. */
    public static RooTaskEvent commandsResponse(List<SlashCommandInfo> commands) {
        JsonArray list = new JsonArray();
        commands.forEach(command -> list.add(command.toJson()));
        return of(RooEventName.COMMANDS_RESPONSE, list);
    }

    /** {@code modesResponse [[{slug, name}...]]}. */
    public static RooTaskEvent modesResponse(List<ModeInfo> modes) {
        JsonArray list = new JsonArray();
        modes.forEach(mode -> list.add(mode.toJson()));
        return of(RooEventName.MODES_RESPONSE, list);
    }

    /** {@code modelsResponse [{modelId: info...}]}. */
    public static RooTaskEvent modelsResponse(Map<String, ModelInfo> models) {
        JsonObject record = new JsonObject();
        models.forEach((id, info) -> record.add(id, info.toJson()));
        return of(RooEventName.MODELS_RESPONSE, record);
    }

    /** The id of the task the event is about (payload[0], or the message's taskId), if it is about one. */
    public Optional<String> aboutTask() {
        if (name.isAboutOneTask()) {
            return Optional.of(payload.get(0).getAsString());
        }
        if (name == RooEventName.MESSAGE) {
            return Optional.of(payload.get(0).getAsJsonObject().get("taskId").getAsString());
        }
        return Optional.empty();
    }

    /** The message of a {@code message} event. */
    public Optional<MessagePayload> message() {
        if (name != RooEventName.MESSAGE) {
            return Optional.empty();
        }
        try {
            return Optional.of(MessagePayload.parse(payload.get(0), "payload[0]"));
        } catch (RooSchemaException checkedInConstructor) {
            throw new IllegalStateException(checkedInConstructor);
        }
    }

    /** The token usage of {@code taskTokenUsageUpdated} and {@code taskCompleted}. */
    public Optional<TokenUsage> tokenUsage() {
        if (name != RooEventName.TASK_TOKEN_USAGE_UPDATED && name != RooEventName.TASK_COMPLETED) {
            return Optional.empty();
        }
        try {
            return Optional.of(TokenUsage.parse(payload.get(1), "payload[1]"));
        } catch (RooSchemaException checkedInConstructor) {
            throw new IllegalStateException(checkedInConstructor);
        }
    }

    /** The JSON object: eventName, payload (when there is one), taskId (when set). */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("eventName", name.wire());
        if (payload != null) {
            json.add("payload", payload.deepCopy());
        }
        if (taskId != null) {
            json.addProperty("taskId", taskId);
        }
        return json;
    }

    /**
     * Reads a task event as Roo's {@code taskEventSchema} does.
     *
     * @throws RooSchemaException if the name is unknown or not in the schema, the payload does not
     *     fit the name's tuple, or {@code taskId} is not a (whole) number
     */
    public static RooTaskEvent parse(JsonElement value, String path) throws RooSchemaException {
        ObjectReader json = ObjectReader.of(value, path);
        RooEventName name = WireName.parse(RooEventName.class, json.required("eventName"), json.at("eventName"));
        JsonElement payload = json.object().get("payload");
        try {
            name.shape().check(name.wire(), payload, json.at("payload"));
        } catch (RooSchemaException invalid) {
            throw invalid.path().isEmpty() ? new RooSchemaException(json.at("eventName"), invalid.problem()) : invalid;
        }
        Long taskId = name.shape() == PayloadShape.NONE ? (Long) json.wholeNumber("taskId") : json.optionalWholeNumber("taskId");
        return new RooTaskEvent(name, payload == null ? null : payload.getAsJsonArray(), taskId);
    }
}
