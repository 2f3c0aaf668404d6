package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * How often a task used one tool, and how often that failed: a value of {@link ToolUsage}.
 * On the wire: {@code {"attempts":1,"failures":0}}.
 *
 * <pre>{@code
 * ToolAttempts once = new ToolAttempts(1, 0);
 * }</pre>
 *
 * @param attempts how many times the tool was used
 * @param failures how many of those failed
 */
public record ToolAttempts(long attempts, long failures) {
    /** The JSON object. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("attempts", attempts);
        json.addProperty("failures", failures);
        return json;
    }

    /**
     * Reads {@code {attempts, failures}}.
     *
     * @throws RooSchemaException naming the field that is missing or of the wrong type
     */
    public static ToolAttempts parse(JsonElement value, String path) throws RooSchemaException {
        ObjectReader json = ObjectReader.of(value, path);
        return new ToolAttempts(json.wholeNumber("attempts"), json.wholeNumber("failures"));
    }
}
