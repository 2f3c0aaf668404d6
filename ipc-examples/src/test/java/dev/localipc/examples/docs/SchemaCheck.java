package dev.localipc.examples.docs;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against the subset of JSON Schema 2020-12 that docs/schema uses: type,
 * const, enum, required, properties, additionalProperties: false, items, $ref to #/$defs,
 * minimum, maximum, minLength, maxLength, maxItems, pattern. Enough to keep the schema files
 * honest without a validator dependency.
 */
final class SchemaCheck {
    private final JsonObject root;
    private final List<String> errors = new ArrayList<>();

    private SchemaCheck(JsonObject root) {
        this.root = root;
    }

    /** The problems of {@code value} against {@code schema}; empty when it conforms. */
    static List<String> problems(JsonObject schema, JsonElement value) {
        SchemaCheck check = new SchemaCheck(schema);
        check.check(schema, value, "$");
        return check.errors;
    }

    private void check(JsonObject schema, JsonElement value, String path) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").getAsString();
            if (!ref.startsWith("#/$defs/")) {
                errors.add(path + ": unsupported $ref " + ref);
                return;
            }
            check(root.getAsJsonObject("$defs").getAsJsonObject(ref.substring("#/$defs/".length())), value, path);
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            errors.add(path + ": expected type " + schema.get("type") + ", got " + value);
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            errors.add(path + ": expected " + schema.get("const") + ", got " + value);
        }
        if (schema.has("enum") && !schema.getAsJsonArray("enum").contains(value)) {
            errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            double number = value.getAsDouble();
            if (schema.has("minimum") && number < schema.get("minimum").getAsDouble()) {
                errors.add(path + ": " + number + " < minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum") && number > schema.get("maximum").getAsDouble()) {
                errors.add(path + ": " + number + " > maximum " + schema.get("maximum"));
            }
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            String text = value.getAsString();
            if (schema.has("minLength") && text.length() < schema.get("minLength").getAsInt()) {
                errors.add(path + ": shorter than " + schema.get("minLength"));
            }
            if (schema.has("maxLength") && text.length() > schema.get("maxLength").getAsInt()) {
                errors.add(path + ": longer than " + schema.get("maxLength"));
            }
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").getAsString()).matcher(text).find()) {
                errors.add(path + ": \"" + text + "\" does not match " + schema.get("pattern"));
            }
        }
        if (value.isJsonObject()) {
            JsonObject object = value.getAsJsonObject();
            JsonObject properties = schema.has("properties") ? schema.getAsJsonObject("properties") : new JsonObject();
            if (schema.has("required")) {
                for (JsonElement name : schema.getAsJsonArray("required")) {
                    if (!object.has(name.getAsString())) {
                        errors.add(path + ": required property " + name.getAsString() + " is missing");
                    }
                }
            }
            for (Map.Entry<String, JsonElement> member : object.entrySet()) {
                if (properties.has(member.getKey())) {
                    check(properties.getAsJsonObject(member.getKey()), member.getValue(), path + "." + member.getKey());
                } else if (schema.has("additionalProperties") && !schema.get("additionalProperties").getAsBoolean()) {
                    errors.add(path + ": property " + member.getKey() + " is not in the schema");
                }
            }
        }
        if (value.isJsonArray()) {
            JsonArray array = value.getAsJsonArray();
            if (schema.has("maxItems") && array.size() > schema.get("maxItems").getAsInt()) {
                errors.add(path + ": more than " + schema.get("maxItems") + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < array.size(); i++) {
                    check(schema.getAsJsonObject("items"), array.get(i), path + "[" + i + "]");
                }
            }
        }
    }

    private static boolean typeMatches(JsonElement type, JsonElement value) {
        if (type.isJsonArray()) {
            for (JsonElement one : type.getAsJsonArray()) {
                if (typeMatches(one, value)) {
                    return true;
                }
            }
            return false;
        }
        switch (type.getAsString()) {
            case "object":
                return value.isJsonObject();
            case "array":
                return value.isJsonArray();
            case "null":
                return value.isJsonNull();
            case "string":
                return value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
            case "boolean":
                return value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean();
            case "number":
                return value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
            case "integer":
                if (!(value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber())) {
                    return false;
                }
                JsonPrimitive number = value.getAsJsonPrimitive();
                return number.getAsDouble() == Math.rint(number.getAsDouble());
            default:
                throw new IllegalArgumentException("unknown type " + type);
        }
    }
}
