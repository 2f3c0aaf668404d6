package dev.localipc.examples.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** Where Gson says the error is: "at line 1 column 3". */
    private static final Pattern POSITION = Pattern.compile("at line (\\d+) column (\\d+)");

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
     * @throws CliFailure with {@link ExitCodes#USAGE} when it is not, saying what is wrong with it
     */
    static JsonElement parseParams(String text) {
        if (text.isBlank()) {
            throw new CliFailure(ExitCodes.USAGE, "params are empty: leave them out, or give a JSON object or array,"
                    + " for example '{\"text\":\"hi\"}'");
        }
        JsonElement value;
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            value = JsonParser.parseReader(reader);
        } catch (JsonParseException | IllegalStateException malformed) {
            throw notJson(text, whatIsWrong(text, malformed), malformed);
        }
        boolean more;
        try {
            more = reader.peek() != JsonToken.END_DOCUMENT;
        } catch (IOException | IllegalStateException | JsonParseException trailing) {
            more = true;
        }
        if (more) {
            throw notJson(text, "there is more text after the first JSON value", null);
        }
        if (!value.isJsonObject() && !value.isJsonArray()) {
            throw new CliFailure(ExitCodes.USAGE, "params " + text + " must be a JSON object or array"
                    + " (JSON-RPC params are structured), for example '{\"text\":\"hi\"}'");
        }
        return value;
    }

    private static CliFailure notJson(String text, String whatIsWrong, Exception cause) {
        return new CliFailure(ExitCodes.USAGE, "params " + text + " are not valid JSON: " + whatIsWrong
                + "; give one JSON object or array, quoted for the shell, for example '{\"text\":\"hi\"}'", cause);
    }

    /**
     * What is wrong with {@code text}, in the user's terms: Gson's message gives the kind of error
     * and where, but its advice is for programmers (setStrictness, a troubleshooting URL).
     */
    private static String whatIsWrong(String text, Exception malformed) {
        String message = malformed.getMessage() == null ? "" : malformed.getMessage();
        Matcher position = POSITION.matcher(message);
        String near = position.find() && "1".equals(position.group(1)) ? " near character " + position.group(2) : "";
        if (message.contains("End of input")) {
            return "it ends too early: a closing }, ] or \" is missing";
        }
        if (message.contains("Unterminated string")) {
            return "a string is not closed: a \" is missing" + near;
        }
        if (message.contains("Unterminated object")) {
            return "expected , or }" + near;
        }
        if (message.contains("Unterminated array")) {
            return "expected , or ]" + near;
        }
        if (message.contains("Expected ':'")) {
            return "expected : after a name" + near;
        }
        if (message.contains("Expected name")) {
            return "expected a name in double quotes" + near + " (no comma before })";
        }
        if (message.contains("Invalid escape sequence")) {
            return "a string has an invalid escape sequence" + near + " (write a backslash as \\\\)";
        }
        if (message.contains("Unescaped control characters")) {
            return "a string holds a tab, newline or other control character" + near + " (write it as \\t, \\n, ...)";
        }
        if (text.indexOf('\'') >= 0 && text.indexOf('"') < 0) {
            return "JSON needs double quotes, not single quotes";
        }
        return "unexpected text" + near + " (names and strings need double quotes)";
    }
}
