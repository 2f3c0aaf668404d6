package dev.localipc.examples.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.StringReader;

/**
 * How the command-line client reads and writes JSON: compact one-line JSON for {@code --json}
 * (one value per line, ready for {@code jq}), indented JSON for people, and strict parsing of
 * the params a user types.
 *
 * <pre>{@code
 * JsonElement params = JsonText.parseParams("{\"text\":\"hi\"}");
 * out.println(JsonText.compact(result));
 * }</pre>
 *
 * <p>Thread-safe.
 */
final class JsonText {
    private static final Gson COMPACT = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
    private static final Gson PRETTY = new GsonBuilder().serializeNulls().disableHtmlEscaping().setPrettyPrinting().create();

    private JsonText() {
    }

    static String compact(Object value) {
        return COMPACT.toJson(value);
    }

    static String pretty(Object value) {
        return PRETTY.toJson(value);
    }

    static <T> T convert(JsonElement json, Class<T> type) {
        return COMPACT.fromJson(json, type);
    }

    static JsonElement tree(Object value) {
        return COMPACT.toJsonTree(value);
    }

    /**
     * Parses the params argument of {@code call} and {@code notify}: one JSON object or array.
     *
     * @throws CliFailure with {@link ExitCodes#USAGE} when it is not
     */
    static JsonElement parseParams(String text) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement value = JsonParser.parseReader(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the JSON value");
            }
            if (!value.isJsonObject() && !value.isJsonArray()) {
                throw new CliFailure(ExitCodes.USAGE, "params " + text + " must be a JSON object or array"
                        + " (JSON-RPC params are structured), for example '{\"text\":\"hi\"}'");
            }
            return value;
        } catch (JsonParseException | java.io.IOException | IllegalStateException malformed) {
            String why = malformed.getMessage() == null ? malformed.toString() : malformed.getMessage();
            throw new CliFailure(ExitCodes.USAGE, "params are not valid JSON (" + why + "): " + text
                    + "; quote them for the shell, for example '{\"text\":\"hi\"}'", malformed);
        }
    }
}
