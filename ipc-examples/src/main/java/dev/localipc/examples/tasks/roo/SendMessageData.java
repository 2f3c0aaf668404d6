package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.localipc.examples.json.Nullable;
import java.util.List;

/**
 * The data of a {@code SendMessage} command: {@code {"text":"...","images":[...]}}, both optional.
 * It goes to the server's current task (Roo's command names no task).
 *
 * <pre>{@code
 * TaskCommand command = TaskCommand.sendMessage(new SendMessageData("Also update the docs", null));
 * }</pre>
 *
 * @param text the message, or null (left out)
 * @param images image data, or null (left out)
 */
public record SendMessageData(@Nullable String text, @Nullable List<String> images) {
    /** Copies the images. */
    public SendMessageData {
        images = images == null ? null : List.copyOf(images);
    }

    /** The JSON object, null fields left out. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        if (text != null) {
            json.addProperty("text", text);
        }
        if (images != null) {
            json.add("images", JsonStringArray.of(images));
        }
        return json;
    }

    /**
     * Reads {@code {text?, images?}}.
     *
     * @throws RooSchemaException if it is not an object, or a field has the wrong type
     */
    public static SendMessageData parse(JsonElement value, String path) throws RooSchemaException {
        ObjectReader json = ObjectReader.of(value, path);
        return new SendMessageData(json.optionalString("text"), json.optionalStrings("images"));
    }
}
