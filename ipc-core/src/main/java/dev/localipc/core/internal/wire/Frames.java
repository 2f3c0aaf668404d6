package dev.localipc.core.internal.wire;

import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonIOException;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonWriter;
import dev.localipc.core.ClientInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes JSON-RPC 2.0 messages as frames: compact JSON (no raw newline can appear) in UTF-8,
 * terminated by one {@code \n}, members in the order {@link MessageDecoder} reads fastest.
 *
 * <pre>{@code
 * Frames frames = new Frames(gson);
 * byte[] answer = frames.result(new JsonPrimitive(7), 5);   // {"jsonrpc":"2.0","id":7,"result":5}\n
 * }</pre>
 *
 * <p>Thread-safe (Gson is).
 */
public final class Frames implements MessageEncoder {
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
    private final GsonAdapters adapters;

    /** Encodes with {@code gson}, forced to compact output so that a frame is always one line. */
    public Frames(Gson gson) {
        this.gson = gson.newBuilder().setFormattingStyle(FormattingStyle.COMPACT)
                .registerTypeAdapter(ClientInfo.class, new ClientInfoAdapter().nullSafe())
                .registerTypeAdapterFactory(new MapKeys()).create();
        this.adapters = new GsonAdapters(this.gson);
    }

    @Override
    public Gson gson() {
        return gson;
    }

    /** The default Gson: no HTML escaping, compact. */
    public static Gson defaultGson() {
        return PLAIN;
    }

    @Override
    public Utf8FrameWriter request(long id, String method, Object params) {
        return encodeCall(true, id, method, params);
    }

    @Override
    public Utf8FrameWriter notification(String method, Object params) {
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
            if (params != null) {
                out.appendBytes(PARAMS_MEMBER);
                writeJson(out, params);
            }
            return out.append('}').append('\n');
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
    }

    @Override
    public byte[] result(JsonElement id, Object result) {
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

    @Override
    public byte[] error(JsonElement id, int code, String message, JsonElement data) {
        return errorFrame(id, code, message, data);
    }

    /** An error frame ({@link #error}) without an encoder at hand: the same bytes. */
    public static byte[] errorFrame(JsonElement id, int code, String message, JsonElement data) {
        StringBuilder json = new StringBuilder(96).append("{\"jsonrpc\":\"2.0\",\"id\":");
        if (id == null || id.isJsonNull()) {
            json.append("null");
        } else {
            PLAIN.toJson(id, json);
        }
        json.append(",\"error\":{\"code\":").append(code).append(",\"message\":");
        PLAIN.toJson(message, json);
        if (data != null && !data.isJsonNull()) {
            json.append(",\"data\":");
            PLAIN.toJson(data, json);
        }
        return json.append("}}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An error frame with {@code "id":null}, for errors about the connection rather than one request. */
    public static byte[] connectionError(int code, String message) {
        return errorFrame(null, code, message, null);
    }

    @Override
    public EventFrame event(String topic, Object data) {
        return new EventFrame(topic, value(data));
    }

    @Override
    public byte[] batch(Iterable<byte[]> answers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (byte[] answer : answers) {
            if (out.size() > 1) {
                out.write(',');
            }
            out.write(answer, 0, answer.length - 1);
        }
        out.write(']');
        out.write('\n');
        return out.toByteArray();
    }

    /** Serializes {@code value} once, for reuse in many frames (event data). */
    private String value(Object value) {
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

    /** Writes {@code value} as Gson's {@code toJson(value, appendable)} would, straight into {@code out}. */
    private void writeJson(Utf8FrameWriter out, Object value) {
        try {
            if (value instanceof JsonElement) {
                gson.toJson((JsonElement) value, gson.newJsonWriter(out));
            } else if (value == null) {
                gson.toJson(JsonNull.INSTANCE, gson.newJsonWriter(out));
            } else {
                JsonWriter writer = gson.newJsonWriter(out);
                if (writer.getStrictness() == Strictness.LEGACY_STRICT) {
                    writer.setStrictness(Strictness.LENIENT); // what Gson.toJson(Object, Type, JsonWriter) does
                }
                adapters.get(value.getClass()).write(writer, value);
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

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
