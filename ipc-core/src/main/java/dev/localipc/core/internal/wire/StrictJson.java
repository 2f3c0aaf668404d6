package dev.localipc.core.internal.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses one frame as exactly one strict RFC 8259 JSON value (Gson's {@code JsonParser} is
 * lenient: it accepts single quotes, unquoted names and trailing data, which the protocol does not).
 */
public final class StrictJson {
    private static final TypeAdapter<JsonElement> TREE = Frames.defaultGson().getAdapter(JsonElement.class);
    /** An escaped UTF-16 surrogate (<code>&#92;ud800</code> to <code>&#92;udfff</code>): only then can a string hold a lone one. */
    private static final Pattern ESCAPED_SURROGATE = Pattern.compile("\\\\u[dD][89a-fA-F]");

    private StrictJson() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws JsonParseException with a message saying what is wrong and where
     */
    public static JsonElement parse(String text) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            JsonElement value = TREE.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("unexpected data after the JSON value at " + reader.getPath());
            }
            if (escapesASurrogate(text)) {
                refuseLoneSurrogates(value);
            }
            return value;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new JsonParseException(forPeer(cleanMessage(e.getMessage())), e);
        } catch (StackOverflowError e) {
            throw new JsonParseException("JSON nested too deeply");
        }
    }

    /** Whether {@code text} escapes a UTF-16 surrogate (<code>&#92;ud800</code> to <code>&#92;udfff</code>): only then can a string hold a lone one. */
    static boolean escapesASurrogate(String text) {
        return text.indexOf("\\u") >= 0 && ESCAPED_SURROGATE.matcher(text).find();
    }

    /**
     * Refuses a string (value or name) with an unpaired UTF-16 surrogate, which an escape such as
     * <code>"&#92;ud800"</code> can produce: it is no Unicode text, cannot be written as UTF-8, and would
     * otherwise come back as '?'. Walks the tree without recursion (it may be deeply nested).
     */
    private static void refuseLoneSurrogates(JsonElement root) {
        ArrayDeque<JsonElement> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonElement element = pending.pop();
            if (element.isJsonArray()) {
                element.getAsJsonArray().forEach(pending::push);
            } else if (element.isJsonObject()) {
                for (Map.Entry<String, JsonElement> member : element.getAsJsonObject().entrySet()) {
                    checkText(member.getKey());
                    pending.push(member.getValue());
                }
            } else if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
                checkText(element.getAsString());
            }
        }
    }

    private static void checkText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new JsonParseException(String.format("a string holds the lone surrogate \\u%04x, which is not Unicode text;"
                        + " escape a character outside the BMP as a surrogate pair", (int) c));
            }
        }
    }

    /** A message for the peer: no advice about Gson's API, no JSON path. */
    private static String forPeer(String message) {
        String text = message.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
        int path = text.lastIndexOf(" path $");
        return path > 0 ? text.substring(0, path) : text;
    }

    /** Gson's message without its trailing "See https://..." troubleshooting link. */
    static String cleanMessage(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        int see = message.indexOf("\nSee ");
        return see >= 0 ? message.substring(0, see) : message;
    }
}
