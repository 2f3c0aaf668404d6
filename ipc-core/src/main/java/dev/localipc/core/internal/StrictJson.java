package dev.localipc.core.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;

/**
 * Parses one frame as exactly one strict RFC 8259 JSON value (Gson's {@code JsonParser} is
 * lenient: it accepts single quotes, unquoted names and trailing data, which the protocol does not).
 */
public final class StrictJson {
    private static final TypeAdapter<JsonElement> TREE = Frames.defaultGson().getAdapter(JsonElement.class);

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
            return value;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new JsonParseException(forPeer(cleanMessage(e.getMessage())), e);
        } catch (StackOverflowError e) {
            throw new JsonParseException("JSON nested too deeply");
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
