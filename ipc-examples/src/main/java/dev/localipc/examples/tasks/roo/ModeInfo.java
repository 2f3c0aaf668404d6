package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * One mode of a {@code modesResponse}: {@code {"slug":"code","name":"Code"}}.
 *
 * <pre>{@code
 * RooTaskEvent answer = RooTaskEvent.modesResponse(List.of(new ModeInfo("code", "Code")));
 * }</pre>
 *
 * @param slug the mode's id (what {@code configuration.mode} names)
 * @param name its display name
 */
public record ModeInfo(String slug, String name) {
    /** Both are required. */
    public ModeInfo {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(name, "name");
    }

    /** The JSON object. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("slug", slug);
        json.addProperty("name", name);
        return json;
    }

    /**
     * Reads {@code {slug, name}}.
     *
     * @throws RooSchemaException naming the field that is missing or not a string
     */
    public static ModeInfo parse(JsonElement value, String path) throws RooSchemaException {
        ObjectReader json = ObjectReader.of(value, path);
        return new ModeInfo(json.string("slug"), json.string("name"));
    }
}
