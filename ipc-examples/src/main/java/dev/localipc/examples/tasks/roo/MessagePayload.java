package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * The one element of a {@code message} event's payload: which task, created or updated, and the
 * message. On the wire: {@code {"taskId":"84d7…","action":"created","message":{...}}}.
 *
 * <pre>{@code
 * RooTaskEvent event = RooTaskEvent.message(new MessagePayload(taskId, MessageAction.CREATED,
 *         ClineMessage.say(ts, ClineSay.TEXT, "hello")));
 * }</pre>
 *
 * @param taskId the task's id
 * @param action created or updated
 * @param message the message
 */
public record MessagePayload(String taskId, MessageAction action, ClineMessage message) {
    /** All three are required. */
    public MessagePayload {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(message, "message");
    }

    /** The JSON object: taskId, action, message. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("taskId", taskId);
        json.addProperty("action", action.wire());
        json.add("message", message.toJson());
        return json;
    }

    /**
     * Reads {@code {taskId, action, message}}.
     *
     * @throws RooSchemaException naming the field that is missing or wrong
     */
    public static MessagePayload parse(JsonElement value, String path) throws RooSchemaException {
        ObjectReader json = ObjectReader.of(value, path);
        return new MessagePayload(json.string("taskId"),
                WireName.parse(MessageAction.class, json.required("action"), json.at("action")),
                ClineMessage.parse(json.required("message"), json.at("message")));
    }
}
