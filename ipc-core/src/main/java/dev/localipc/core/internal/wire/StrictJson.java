package dev.localipc.core.internal.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
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
                refuseLoneSurrogates(text);
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
     * Refuses an escaped UTF-16 surrogate that is not half of an escaped pair (<code>"&#92;ud800"</code>):
     * the string would be no Unicode text, could not be written as UTF-8, and would otherwise come
     * back as '?'. Scans the escapes of the text, not the tree: a value that a later duplicate
     * member replaces is refused too, as the frame decoder refuses it. {@code text} is valid JSON,
     * so a backslash is always an escape inside a string.
     */
    private static void refuseLoneSurrogates(String text) {
        for (int i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i)) {
            if (text.charAt(i + 1) != 'u') {
                i += 2;
                continue;
            }
            char c = (char) Integer.parseInt(text, i + 2, i + 6, 16);
            i += 6;
            if (Character.isHighSurrogate(c) && text.startsWith("\\u", i)
                    && Character.isLowSurrogate((char) Integer.parseInt(text, i + 2, i + 6, 16))) {
                i += 6;
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
