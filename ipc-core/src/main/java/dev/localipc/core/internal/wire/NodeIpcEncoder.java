package dev.localipc.core.internal.wire;

import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonIOException;
import com.google.gson.JsonObject;
import java.io.IOException;

/**
 * Encodes node-ipc frames: a notification {@code method(params)} is
 * {@code {"type":"method","data":params}} then a form feed, as node-ipc 12 writes them (with
 * {@code {}} for absent data, as node-ipc sends). node-ipc has no requests, answers or topics:
 * those are refused with the reason; an error to the peer is nothing (node-ipc has no error
 * frame: a refused connection is just closed, and the reason logged).
 *
 * <pre>{@code
 * byte[] frame = new NodeIpcEncoder(gson).notificationFrame("message", data);   // {"type":"message","data":{...}}\f
 * }</pre>
 *
 * <p>Thread-safe.
 */
final class NodeIpcEncoder implements MessageEncoder {
    private static final byte[] NOTHING = {};

    private final Gson gson;

    NodeIpcEncoder(Gson gson) {
        this.gson = gson.newBuilder().setFormattingStyle(FormattingStyle.COMPACT)
                .registerTypeAdapterFactory(new MapKeys()).create();
    }

    @Override
    public Gson gson() {
        return gson;
    }

    @Override
    public Utf8FrameWriter request(long id, String method, Object params) {
        throw new UnsupportedOperationException("cannot send the request " + method + ": node-ipc has no requests"
                + " (no ids, no answers); send a notification instead");
    }

    @Override
    public Utf8FrameWriter notification(String method, Object params) {
        Utf8FrameWriter out = Utf8FrameWriter.forThisThread();
        try {
            out.append("{\"type\":");
            Frames.defaultGson().toJson(method, out);
            out.append(",\"data\":");
            Object data = params != null ? params : new JsonObject();
            if (data instanceof JsonElement element) {
                gson.toJson(element, gson.newJsonWriter(out));
            } else {
                gson.toJson(data, data.getClass(), gson.newJsonWriter(out));
            }
            return out.append('}').append('\f');
        } catch (IOException e) {
            out.release();
            throw new JsonIOException(e);
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
    }

    @Override
    public byte[] result(JsonElement id, Object result) {
        throw new UnsupportedOperationException("node-ipc has no answers");
    }

    @Override
    public byte[] error(JsonElement id, int code, String message, JsonElement data) {
        return NOTHING;
    }

    @Override
    public EventFrame event(String topic, Object data) {
        throw new UnsupportedOperationException("cannot publish to topic " + topic + ": node-ipc has no topics;"
                + " broadcast a notification instead");
    }

    @Override
    public byte[] batch(Iterable<byte[]> answers) {
        throw new UnsupportedOperationException("node-ipc has no batches");
    }
}
