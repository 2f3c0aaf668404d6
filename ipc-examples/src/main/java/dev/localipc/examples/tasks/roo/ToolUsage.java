package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A task's tool use, element 2 of {@code taskTokenUsageUpdated} and {@code taskCompleted}: a map
 * whose keys can only be Roo's {@link ToolName}s (an unknown key makes Roo's client drop the
 * event). On the wire: {@code {"attempt_completion":{"attempts":1,"failures":0}}}; {@code {}} when
 * no tool was used.
 *
 * <pre>{@code
 * ToolUsage usage = ToolUsage.none().with(ToolName.ATTEMPT_COMPLETION, new ToolAttempts(1, 0));
 * }</pre>
 *
 * @param tools the tools used, in {@link ToolName} order; unmodifiable
 */
public record ToolUsage(Map<ToolName, ToolAttempts> tools) {
    /** Copies the map (in ToolName order), so the value stays immutable. */
    public ToolUsage {
        EnumMap<ToolName, ToolAttempts> copy = new EnumMap<>(ToolName.class);
        copy.putAll(tools);
        tools = Collections.unmodifiableMap(copy);
    }

    /** No tool used: {@code {}}. */
    public static ToolUsage none() {
        return new ToolUsage(Map.of());
    }

    /** This usage with {@code tool}'s entry set to {@code attempts}. */
    public ToolUsage with(ToolName tool, ToolAttempts attempts) {
        EnumMap<ToolName, ToolAttempts> copy = new EnumMap<>(ToolName.class);
        copy.putAll(tools);
        copy.put(tool, attempts);
        return new ToolUsage(copy);
    }

    /** The JSON object, keys in ToolName order. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        tools.forEach((tool, attempts) -> json.add(tool.wire(), attempts.toJson()));
        return json;
    }

    /**
     * Reads a tool usage as Roo's {@code toolUsageSchema} does.
     *
     * @throws RooSchemaException if a key is not a ToolName or a value is not {@code {attempts, failures}}
     */
    public static ToolUsage parse(JsonElement value, String path) throws RooSchemaException {
        ObjectReader json = ObjectReader.of(value, path);
        EnumMap<ToolName, ToolAttempts> tools = new EnumMap<>(ToolName.class);
        for (Map.Entry<String, JsonElement> entry : json.object().entrySet()) {
            String at = json.at(entry.getKey());
            tools.put(WireName.parse(ToolName.class, new JsonPrimitive(entry.getKey()), at),
                    ToolAttempts.parse(entry.getValue(), at));
        }
        return new ToolUsage(tools);
    }
}
