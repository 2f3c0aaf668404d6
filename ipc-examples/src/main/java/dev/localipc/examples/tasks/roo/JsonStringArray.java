package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonArray;
import java.util.List;

/** A list of strings (images, mostly) as the JSON array Roo's schemas have for {@code z.array(z.string())}. */
final class JsonStringArray {
    private JsonStringArray() {
    }

    static JsonArray of(List<String> strings) {
        JsonArray array = new JsonArray();
        strings.forEach(array::add);
        return array;
    }
}
