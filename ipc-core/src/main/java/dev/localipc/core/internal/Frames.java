package dev.localipc.core.internal;

import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import dev.localipc.core.ClientInfo;
import java.nio.charset.StandardCharsets;

/**
 * Encodes JSON-RPC 2.0 messages as frames: compact JSON (no raw newline can appear) in UTF-8,
 * terminated by one {@code \n}.
 *
 * <p>Thread-safe (Gson is).
 */
public final class Frames {
    private static final Gson PLAIN = new GsonBuilder().disableHtmlEscaping()
            .registerTypeAdapter(ClientInfo.class, new ClientInfoAdapter().nullSafe()).create();

    /** The initial capacity of a frame's text: most frames fit, so the builder does not grow. */
    private static final int TYPICAL_FRAME = 256;

    private final Gson gson;

    /** Encodes with {@code gson}, forced to compact output so that a frame is always one line. */
    public Frames(Gson gson) {
        this.gson = gson.newBuilder().setFormattingStyle(FormattingStyle.COMPACT)
                .registerTypeAdapter(ClientInfo.class, new ClientInfoAdapter().nullSafe()).create();
    }

    /** The Gson used for params, results and event data. */
    public Gson gson() {
        return gson;
    }

    /** The default Gson: no HTML escaping, compact. */
    public static Gson defaultGson() {
        return PLAIN;
    }

    /** A request frame; {@code params} null means no params member. */
    public byte[] request(long id, String method, Object params) {
        StringBuilder json = new StringBuilder(TYPICAL_FRAME).append("{\"jsonrpc\":\"2.0\",\"id\":").append(id).append(",\"method\":");
        appendString(json, method);
        appendParams(json, params);
        return line(json.append('}'));
    }

    /** A notification frame; {@code params} null means no params member. */
    public byte[] notification(String method, Object params) {
        StringBuilder json = new StringBuilder(TYPICAL_FRAME).append("{\"jsonrpc\":\"2.0\",\"method\":");
        appendString(json, method);
        appendParams(json, params);
        return line(json.append('}'));
    }

    /** The JSON text (no newline) of a success response. */
    public String result(JsonElement id, Object result) {
        StringBuilder json = new StringBuilder(64).append("{\"jsonrpc\":\"2.0\",\"id\":");
        appendId(json, id);
        json.append(",\"result\":");
        if (result instanceof JsonElement) {
            gson.toJson((JsonElement) result, json);
        } else {
            gson.toJson(result, json);
        }
        return json.append('}').toString();
    }

    /** The JSON text (no newline) of an error response; {@code id} null is the JSON null. */
    public static String error(JsonElement id, int code, String message, JsonElement data) {
        StringBuilder json = new StringBuilder(96).append("{\"jsonrpc\":\"2.0\",\"id\":");
        appendId(json, id);
        json.append(",\"error\":{\"code\":").append(code).append(",\"message\":");
        PLAIN.toJson(message, json);
        if (data != null && !data.isJsonNull()) {
            json.append(",\"data\":");
            PLAIN.toJson(data, json);
        }
        return json.append("}}").toString();
    }

    /** An error frame with {@code "id":null}, for errors about the connection rather than one request. */
    public static byte[] connectionError(int code, String message) {
        return line(error(null, code, message, null));
    }

    /** An error frame answering the request {@code id}. */
    public static byte[] errorFrame(JsonElement id, int code, String message, JsonElement data) {
        return line(error(id, code, message, data));
    }

    /** {@code json} plus the terminating newline, in UTF-8. */
    public static byte[] line(CharSequence json) {
        int length = json.length();
        StringBuilder text = json instanceof StringBuilder ? (StringBuilder) json : new StringBuilder(length + 1).append(json);
        text.append('\n');
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Serializes {@code value} once, for reuse in many frames (event data). */
    public String toJson(Object value) {
        if (value instanceof JsonElement) {
            return gson.toJson((JsonElement) value);
        }
        return gson.toJson(value);
    }

    /**
     * Appends {@code text} as a JSON string: as is between quotes when it is printable ASCII with
     * no quote or backslash (a method name), which is exactly what Gson would write; else by Gson.
     */
    private static void appendString(StringBuilder json, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                PLAIN.toJson(text, json);
                return;
            }
        }
        json.append('"').append(text).append('"');
    }

    private void appendParams(StringBuilder json, Object params) {
        if (params != null) {
            json.append(",\"params\":");
            if (params instanceof JsonElement) {
                gson.toJson((JsonElement) params, json);
            } else {
                gson.toJson(params, json);
            }
        }
    }

    private static void appendId(StringBuilder json, JsonElement id) {
        if (id == null || id.isJsonNull()) {
            json.append("null");
        } else {
            PLAIN.toJson(id, json);
        }
    }
}
