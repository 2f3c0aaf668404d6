package dev.localipc.examples.tasks.roo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.localipc.examples.json.Nullable;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of one JSON object the way a zod {@code z.object} checks them: required
 * fields must be there with the right JSON type, optional ones may be absent but not
 * {@code null}, unknown keys are ignored (zod strips them). Every error names the field's path.
 * Not thread-safe; one per parse.
 */
final class ObjectReader {
    private final JsonObject object;
    private final String path;

    private ObjectReader(JsonObject object, String path) {
        this.object = object;
        this.path = path;
    }

    /** @throws RooSchemaException if {@code value} is not a JSON object */
    static ObjectReader of(@Nullable JsonElement value, String path) throws RooSchemaException {
        return new ObjectReader(object(value, path), path);
    }

    /** The object itself. */
    JsonObject object() {
        return object;
    }

    /** The path of a field of this object. */
    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Whether the field is present (with any value, null included). */
    boolean has(String key) {
        return object.has(key);
    }

    String string(String key) throws RooSchemaException {
        return string(required(key), at(key));
    }

    @Nullable String optionalString(String key) throws RooSchemaException {
        return object.has(key) ? string(object.get(key), at(key)) : null;
    }

    double number(String key) throws RooSchemaException {
        return number(required(key), at(key));
    }

    long wholeNumber(String key) throws RooSchemaException {
        return wholeNumber(required(key), at(key));
    }

    @Nullable Long optionalWholeNumber(String key) throws RooSchemaException {
        return object.has(key) ? wholeNumber(object.get(key), at(key)) : null;
    }

    boolean bool(String key) throws RooSchemaException {
        return bool(required(key), at(key));
    }

    @Nullable Boolean optionalBool(String key) throws RooSchemaException {
        return object.has(key) ? bool(object.get(key), at(key)) : null;
    }

    @Nullable List<String> optionalStrings(String key) throws RooSchemaException {
        return object.has(key) ? strings(object.get(key), at(key)) : null;
    }

    JsonElement required(String key) throws RooSchemaException {
        JsonElement value = object.get(key);
        if (value == null) {
            throw new RooSchemaException(at(key), "required, but missing");
        }
        return value;
    }

    static JsonObject object(@Nullable JsonElement value, String path) throws RooSchemaException {
        if (value == null || !value.isJsonObject()) {
            throw new RooSchemaException(path, "expected an object, got " + describe(value));
        }
        return value.getAsJsonObject();
    }

    static JsonArray array(@Nullable JsonElement value, String path) throws RooSchemaException {
        if (value == null || !value.isJsonArray()) {
            throw new RooSchemaException(path, "expected an array, got " + describe(value));
        }
        return value.getAsJsonArray();
    }

    static String string(@Nullable JsonElement value, String path) throws RooSchemaException {
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new RooSchemaException(path, "expected a string, got " + describe(value));
        }
        return value.getAsString();
    }

    static double number(@Nullable JsonElement value, String path) throws RooSchemaException {
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new RooSchemaException(path, "expected a number, got " + describe(value));
        }
        double number = value.getAsDouble();
        if (!Double.isFinite(number)) {
            throw new RooSchemaException(path, "expected a finite number, got " + value);
        }
        return number;
    }

    /** A number that must be whole (token counts, timestamps, pids): stricter than zod's z.number(). */
    static long wholeNumber(@Nullable JsonElement value, String path) throws RooSchemaException {
        double number = number(value, path);
        if (number != Math.rint(number) || Math.abs(number) > 9_007_199_254_740_991d) {
            throw new RooSchemaException(path, "expected a whole number (at most 2^53 - 1), got " + value);
        }
        return (long) number;
    }

    static boolean bool(@Nullable JsonElement value, String path) throws RooSchemaException {
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw new RooSchemaException(path, "expected a boolean, got " + describe(value));
        }
        return value.getAsBoolean();
    }

    static List<String> strings(@Nullable JsonElement value, String path) throws RooSchemaException {
        JsonArray array = array(value, path);
        List<String> list = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            list.add(string(array.get(i), path + "[" + i + "]"));
        }
        return List.copyOf(list);
    }

    /** "a string \"x\"", "null", "a number 5", "an array", "nothing"... for error messages. */
    static String describe(@Nullable JsonElement value) {
        if (value == null) {
            return "nothing";
        }
        if (value.isJsonNull()) {
            return "null";
        }
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonArray()) {
            return "an array of " + value.getAsJsonArray().size();
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        String text = primitive.toString();
        text = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        return (primitive.isString() ? "a string " : primitive.isNumber() ? "a number " : "a boolean ") + text;
    }
}
