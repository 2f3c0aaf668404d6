package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.Map;

/**
 * The payload tuple of each kind of Roo task event ({@code rooCodeEventsSchema} of
 * {@code @roo-code/types} 1.115.0): its exact length and what each element is. zod's
 * {@code z.tuple} is strict, so one element too many or too few rejects the whole event.
 */
enum PayloadShape {
    /** {@code [taskId]}. */
    TASK_ID(1),
    /** {@code [parentTaskId, childTaskId]}. */
    TWO_TASK_IDS(2),
    /** {@code [parentTaskId, childTaskId, summary]}. */
    DELEGATION_COMPLETED(3),
    /** {@code [{taskId, action, message}]}. */
    MESSAGE(1),
    /** {@code [taskId, mode]}. */
    TASK_MODE(2),
    /** {@code [taskId, [{timestamp, id, text, images?}...]]}. */
    QUEUED_MESSAGES(2),
    /** {@code [taskId, toolName, error]}. */
    TOOL_FAILED(3),
    /** {@code [taskId, TokenUsage, ToolUsage]}. */
    TOKEN_USAGE(3),
    /** {@code [taskId, TokenUsage, ToolUsage, {isSubtask}]}. */
    COMPLETED(4),
    /** {@code [[{name, source, filePath?, description?, argumentHint?}...]]}. */
    COMMANDS(1),
    /** {@code [[{slug, name}...]]}. */
    MODES(1),
    /** {@code [{modelId: ModelInfo}]}. */
    MODELS(1),
    /** No payload at all (evalPass, evalFail), and a numeric taskId. */
    NONE(0),
    /** In Roo's event name enum but not in {@code taskEventSchema}: Roo's client drops every such event. */
    NOT_IN_SCHEMA(0);

    private final int length;

    PayloadShape(int length) {
        this.length = length;
    }

    /** The tuple's length (0 for NONE and NOT_IN_SCHEMA). */
    int length() {
        return length;
    }

    /**
     * Checks a payload (null when the event has none) against this shape.
     *
     * @param eventName the event's wire name, for messages
     * @throws RooSchemaException naming the first element that does not fit
     */
    void check(String eventName, JsonElement payload, String path) throws RooSchemaException {
        if (this == NOT_IN_SCHEMA) {
            throw new RooSchemaException("", "\"" + eventName + "\" is a RooCodeEventName but not in taskEventSchema"
                    + " (@roo-code/types 1.115.0): Roo's client drops it");
        }
        if (this == NONE) {
            if (payload != null) {
                throw new RooSchemaException(path, eventName + " has no payload; got " + ObjectReader.describe(payload));
            }
            return;
        }
        JsonArray tuple = ObjectReader.array(payload, path);
        if (tuple.size() != length) {
            throw new RooSchemaException(path, eventName + " takes a tuple of exactly " + length + " element"
                    + (length == 1 ? "" : "s") + "; got " + tuple.size());
        }
        String first = path + "[0]";
        switch (this) {
            case TASK_ID:
                ObjectReader.string(tuple.get(0), first);
                break;
            case TWO_TASK_IDS:
            case TASK_MODE:
                ObjectReader.string(tuple.get(0), first);
                ObjectReader.string(tuple.get(1), path + "[1]");
                break;
            case DELEGATION_COMPLETED:
                for (int i = 0; i < 3; i++) {
                    ObjectReader.string(tuple.get(i), path + "[" + i + "]");
                }
                break;
            case MESSAGE:
                MessagePayload.parse(tuple.get(0), first);
                break;
            case QUEUED_MESSAGES:
                ObjectReader.string(tuple.get(0), first);
                JsonArray queued = ObjectReader.array(tuple.get(1), path + "[1]");
                for (int i = 0; i < queued.size(); i++) {
                    ObjectReader entry = ObjectReader.of(queued.get(i), path + "[1][" + i + "]");
                    entry.number("timestamp");
                    entry.string("id");
                    entry.string("text");
                    entry.optionalStrings("images");
                }
                break;
            case TOOL_FAILED:
                ObjectReader.string(tuple.get(0), first);
                WireName.parse(ToolName.class, tuple.get(1), path + "[1]");
                ObjectReader.string(tuple.get(2), path + "[2]");
                break;
            case TOKEN_USAGE:
            case COMPLETED:
                ObjectReader.string(tuple.get(0), first);
                TokenUsage.parse(tuple.get(1), path + "[1]");
                ToolUsage.parse(tuple.get(2), path + "[2]");
                if (this == COMPLETED) {
                    ObjectReader.of(tuple.get(3), path + "[3]").bool("isSubtask");
                }
                break;
            case COMMANDS:
                JsonArray commands = ObjectReader.array(tuple.get(0), first);
                for (int i = 0; i < commands.size(); i++) {
                    SlashCommandInfo.parse(commands.get(i), first + "[" + i + "]");
                }
                break;
            case MODES:
                JsonArray modes = ObjectReader.array(tuple.get(0), first);
                for (int i = 0; i < modes.size(); i++) {
                    ModeInfo.parse(modes.get(i), first + "[" + i + "]");
                }
                break;
            case MODELS:
                for (Map.Entry<String, JsonElement> model : ObjectReader.object(tuple.get(0), first).entrySet()) {
                    ModelInfo.parse(model.getValue(), first + "." + model.getKey());
                }
                break;
            default:
                throw new IllegalStateException("no check for " + this);
        }
    }
}
