package dev.localipc.core.internal;

import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonIOException;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import dev.localipc.core.ClientInfo;
import java.io.IOException;
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

    private static final byte[] REQUEST_START = ascii("{\"jsonrpc\":\"2.0\",\"id\":");
    private static final byte[] NOTIFICATION_START = ascii("{\"jsonrpc\":\"2.0\",\"method\":");
    private static final byte[] RESPONSE_START = REQUEST_START;
    private static final byte[] METHOD_MEMBER = ascii(",\"method\":");
    private static final byte[] PARAMS_MEMBER = ascii(",\"params\":");
    private static final byte[] RESULT_MEMBER = ascii(",\"result\":");
    private static final byte[] NULL = ascii("null");

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
        return encodeRequest(id, method, params).toByteArray();
    }

    /**
     * A request frame in this thread's writer (no copy): send its {@code array()} up to its
     * {@code length()}, then {@code release()} it.
     */
    Utf8FrameWriter encodeRequest(long id, String method, Object params) {
        return encodeCall(true, id, method, params);
    }

    /** A notification frame; {@code params} null means no params member. */
    public byte[] notification(String method, Object params) {
        return encodeNotification(method, params).toByteArray();
    }

    /** A notification frame in this thread's writer, as {@link #encodeRequest}. */
    Utf8FrameWriter encodeNotification(String method, Object params) {
        return encodeCall(false, 0, method, params);
    }

    private Utf8FrameWriter encodeCall(boolean request, long id, String method, Object params) {
        Utf8FrameWriter out = Utf8FrameWriter.forThisThread();
        try {
            if (request) {
                out.appendBytes(REQUEST_START).appendDecimal(id).appendBytes(METHOD_MEMBER);
            } else {
                out.appendBytes(NOTIFICATION_START);
            }
            appendString(out, method);
            appendParams(out, params);
            return out.append('}').append('\n');
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
    }

    /** The JSON text (no newline) of a success response. */
    public String result(JsonElement id, Object result) {
        byte[] frame = resultFrame(id, result);
        return new String(frame, 0, frame.length - 1, StandardCharsets.UTF_8);
    }

    /** The frame of a success response. */
    public byte[] resultFrame(JsonElement id, Object result) {
        Utf8FrameWriter out = Utf8FrameWriter.forThisThread();
        try {
            out.appendBytes(RESPONSE_START);
            appendId(out, id);
            out.appendBytes(RESULT_MEMBER);
            writeJson(out, result);
            return out.append('}').append('\n').toByteArray();
        } finally {
            out.release();
        }
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
    private static void appendString(Utf8FrameWriter out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                PLAIN.toJson(text, out);
                return;
            }
        }
        out.append('"').append(text).append('"');
    }

    private void appendParams(Utf8FrameWriter out, Object params) {
        if (params != null) {
            out.appendBytes(PARAMS_MEMBER);
            writeJson(out, params);
        }
    }

    /** Writes {@code value} as Gson's {@code toJson(value, appendable)} would, straight into {@code out}. */
    private void writeJson(Utf8FrameWriter out, Object value) {
        try {
            if (value instanceof JsonElement) {
                gson.toJson((JsonElement) value, gson.newJsonWriter(out));
            } else if (value == null) {
                gson.toJson(JsonNull.INSTANCE, gson.newJsonWriter(out));
            } else {
                gson.toJson(value, value.getClass(), gson.newJsonWriter(out));
            }
        } catch (IOException e) {
            throw new JsonIOException(e);
        }
    }

    private static void appendId(Utf8FrameWriter out, JsonElement id) {
        if (id == null || id.isJsonNull()) {
            out.appendBytes(NULL);
        } else if (id instanceof JsonPrimitive && ((JsonPrimitive) id).isNumber() && ((JsonPrimitive) id).getAsNumber() instanceof Long) {
            out.appendDecimal(id.getAsLong());
        } else {
            PLAIN.toJson(id, out);
        }
    }

    private static void appendId(StringBuilder json, JsonElement id) {
        if (id == null || id.isJsonNull()) {
            json.append("null");
        } else {
            PLAIN.toJson(id, json);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
