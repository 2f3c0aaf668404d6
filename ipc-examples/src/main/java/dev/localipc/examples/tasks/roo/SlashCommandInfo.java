package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.localipc.examples.json.Nullable;
import java.util.Objects;

/**
 * One command of a {@code commandsResponse} (what Roo lists are its slash commands):
 * {@code {"name":"init","source":"built-in","description":"..."}}.
 *
 * <pre>{@code
 * new SlashCommandInfo("StartNewTask", CommandSource.BUILT_IN, null, "creates a task and starts it", null);
 * }</pre>
 *
 * @param name the command's name
 * @param source where it comes from
 * @param filePath the file that defines it, or null (left out)
 * @param description what it does, or null (left out)
 * @param argumentHint a hint for its argument, or null (left out)
 */
public record SlashCommandInfo(String name, CommandSource source, @Nullable String filePath, @Nullable String description,
                               @Nullable String argumentHint) {
    /** Name and source are required. */
    public SlashCommandInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }

    /** The JSON object, null fields left out. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("name", name);
        json.addProperty("source", source.wire());
        if (filePath != null) {
            json.addProperty("filePath", filePath);
        }
        if (description != null) {
            json.addProperty("description", description);
        }
        if (argumentHint != null) {
            json.addProperty("argumentHint", argumentHint);
        }
        return json;
    }

    /**
     * Reads one command entry.
     *
     * @throws RooSchemaException naming the field that is missing or wrong
     */
    public static SlashCommandInfo parse(JsonElement value, String path) throws RooSchemaException {
        ObjectReader json = ObjectReader.of(value, path);
        return new SlashCommandInfo(json.string("name"),
                WireName.parse(CommandSource.class, json.required("source"), json.at("source")),
                json.optionalString("filePath"), json.optionalString("description"), json.optionalString("argumentHint"));
    }
}
